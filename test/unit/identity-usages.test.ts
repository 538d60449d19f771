/**
 * What the identity doctor reads from a project (pure): managed-identity calls and their targets,
 * what each call needs, service principals, and Azure RBAC matching with the built-in roles.
 */
import * as assert from 'assert';
import { needsFor } from '../../src/core/identity/needs';
import { builtInRole, grants, leastPrivilegedRole, matchesOperation, roleGrants } from '../../src/core/identity/roles';
import { identityUsages, targetOfHost } from '../../src/core/identity/usages';
import { virtualProject } from './helpers/virtualProject';

const j = (v: unknown) => JSON.stringify(v, null, 2);
const http = (uri: string, authentication: unknown, method = 'GET') => ({ type: 'Http', inputs: { method, uri, authentication }, runAfter: {} });
const wf = (actions: Record<string, unknown>, triggers: Record<string, unknown> = { manual: { type: 'Request', kind: 'Http' } }) => j({ definition: { triggers, actions }, kind: 'Stateful' });
const UA = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared';

describe('identity: usages from a project', () => {
  const project = virtualProject({
    'host.json': '{}',
    'connections.json': j({
      serviceProviderConnections: {
        bus: { parameterValues: { fullyQualifiedNamespace: 'sb-orders.servicebus.windows.net', authProvider: { Type: 'ManagedServiceIdentity', Identity: UA } }, serviceProvider: { id: '/serviceProviders/serviceBus' } },
        hub: { parameterValues: { fullyQualifiedNamespace: '@appsetting(\'HUB_NS\')', authProvider: { Type: 'ManagedServiceIdentity' } }, serviceProvider: { id: '/serviceProviders/eventHub' } },
        keyed: { parameterValues: { connectionString: "@appsetting('SB')" }, serviceProvider: { id: '/serviceProviders/serviceBus' } },
      },
      managedApiConnections: {
        kv: { api: { id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault' }, connection: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/kv' }, connectionRuntimeUrl: 'https://x.azure-apihub.net/apim/keyvault/1/', authentication: { type: 'ManagedServiceIdentity' } },
      },
    }),
    'parameters.json': j({ vaultHost: { type: 'String', value: 'https://contoso-kv.vault.azure.net' } }),
    'local.settings.json': j({ Values: { HUB_NS: 'eh-telemetry.servicebus.windows.net', PARTNER_SECRET: 'Xq7-not-a-real-secret', TENANT: 'c0ffee00-0000-4000-8000-000000000000' } }),
    'orders/workflow.json': wf({
      Read_secret: http("@{parameters('vaultHost')}/secrets/api-key?api-version=7.4", { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' }),
      Write_blob: http('https://contosoarchive.blob.core.windows.net/archive/@{utcNow()}.json', { type: 'ManagedServiceIdentity', audience: 'https://storage.azure.com/', identity: UA }, 'PUT'),
      List_runs: http('https://management.azure.com/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Logic/workflows/wf1/runs?api-version=2019-05-01', { type: 'ManagedServiceIdentity' }),
      Dynamic_host: http("https://@{parameters('account')}.blob.core.windows.net/x", { type: 'ManagedServiceIdentity', audience: 'https://storage.azure.com/' }),
      Own_api: http('https://api.contoso.com/orders', { type: 'ManagedServiceIdentity', audience: 'api://orders' }),
      Partner: http('https://partner.example.com/api', { type: 'ActiveDirectoryOAuth', tenant: "@appsetting('TENANT')", audience: 'api://partner', clientId: 'a99a0001-0000-4000-8000-000000000001', secret: "@appsetting('PARTNER_SECRET')" }),
      Send: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'bus', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' } }, runAfter: {} },
      Keyed_send: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'keyed', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' } }, runAfter: {} },
      Get_secret: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: 'kv' } }, method: 'get', path: "/secrets/@{encodeURIComponent('db-password')}/value" }, runAfter: {} },
    }, { Events: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'hub', operationId: 'receiveEvents', serviceProviderId: '/serviceProviders/eventHub' } } } }),
  });
  const u = identityUsages(project);
  const byAction = (name: string) => u.msi.find((x) => x.site.action === name);

  it('finds HTTP, built-in and managed connector calls with the managed identity, and which identity each uses', () => {
    assert.deepStrictEqual(u.msi.map((x) => `${x.via} ${x.site.label}`).sort(), [
      'http orders / Dynamic_host',
      'http orders / List_runs',
      'http orders / Read_secret',
      'http orders / Write_blob',
      'managedApi orders / Get_secret',
      'serviceProvider orders / Events',
      'serviceProvider orders / Send',
    ]);
    assert.deepStrictEqual(byAction('Write_blob')!.identity, { kind: 'user', resourceId: UA });
    assert.deepStrictEqual(byAction('Read_secret')!.identity, { kind: 'system' });
    assert.deepStrictEqual(byAction('Send')!.identity, { kind: 'user', resourceId: UA });
    assert.ok(!byAction('Own_api'), 'an API of your own: no Azure role decides');
    assert.ok(!byAction('Keyed_send'), 'a connection string connection does not use the identity');
  });

  it('targets from the host (through parameters.json and local.settings.json) or the Resource Manager path', () => {
    assert.deepStrictEqual([byAction('Read_secret')!.target?.service, byAction('Read_secret')!.target?.name], ['keyVault', 'contoso-kv']);
    assert.deepStrictEqual([byAction('Write_blob')!.target?.service, byAction('Write_blob')!.target?.name, byAction('Write_blob')!.target?.storageKind], ['storage', 'contosoarchive', 'blob']);
    assert.strictEqual(byAction('List_runs')!.target?.resourceId, '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Logic/workflows/wf1');
    assert.strictEqual(byAction('Events')!.target?.service, 'eventHubs', 'the built-in connector tells Event Hubs from Service Bus');
    assert.strictEqual(byAction('Events')!.target?.name, 'eh-telemetry');
    assert.strictEqual(byAction('Send')!.target?.service, 'serviceBus');
    assert.match(byAction('Dynamic_host')!.unresolved!, /host is built at run time \(a Storage account\)/);
    assert.strictEqual(byAction('Get_secret')!.connection?.api, 'keyvault');
  });

  it('what each call needs: data actions, Resource Manager actions, access-policy permissions', () => {
    const need = (name: string, service = byAction(name)!.target!.service) => needsFor(service, byAction(name)!.request, byAction(name)!.target?.storageKind);
    assert.deepStrictEqual(need('Read_secret')!.needs, [{ dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' }]);
    assert.deepStrictEqual(need('Read_secret')!.accessPolicy, { collection: 'secrets', permission: 'get' });
    assert.deepStrictEqual(need('Write_blob')!.needs, [{ dataAction: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write' }]);
    assert.deepStrictEqual(need('List_runs')!.needs, [{ action: 'Microsoft.Logic/workflows/runs/read' }]);
    assert.deepStrictEqual(need('Send')!.needs, [{ dataAction: 'Microsoft.ServiceBus/namespaces/messages/send/action' }]);
    assert.deepStrictEqual(need('Events')!.needs, [{ dataAction: 'Microsoft.EventHub/namespaces/messages/receive/action' }]);
    assert.deepStrictEqual(need('Get_secret', 'keyVault')!.needs, [{ dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' }]);
    assert.deepStrictEqual(needsFor('keyVault', { method: 'GET', path: '/secrets' })!.accessPolicy, { collection: 'secrets', permission: 'list' });
    assert.deepStrictEqual(needsFor('resourceManager', { method: 'POST', path: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/w/triggers/manual/run' })!.needs, [{ action: 'Microsoft.Logic/workflows/triggers/run/action' }]);
    assert.strictEqual(needsFor('keyVault', { method: 'PATCH', path: '/certificates/x' }), undefined, 'what cannot be told gives no need');
  });

  it('service principals: the client id, the tenant and the local secret\'s first characters (Graph\'s hint)', () => {
    assert.deepStrictEqual(
      u.servicePrincipals.map((s) => ({ label: s.site.label, clientId: s.clientId, tenant: s.tenant, type: s.credentialType, hint: s.localSecretHint })),
      [{ label: 'orders / Partner', clientId: 'a99a0001-0000-4000-8000-000000000001', tenant: 'c0ffee00-0000-4000-8000-000000000000', type: 'secret', hint: 'Xq7' }],
    );
  });

  it('hosts of each service and cloud', () => {
    assert.deepStrictEqual(targetOfHost('kv-x.vault.usgovcloudapi.net'), { service: 'keyVault', host: 'kv-x.vault.usgovcloudapi.net', cloud: 'AzureUSGovernment', name: 'kv-x' });
    assert.strictEqual(targetOfHost('acct.queue.core.chinacloudapi.cn')?.storageKind, 'queue');
    assert.strictEqual(targetOfHost('db.documents.azure.com')?.service, 'cosmosDb');
    assert.strictEqual(targetOfHost('srv.database.windows.net')?.service, 'sql');
    assert.strictEqual(targetOfHost('ns.servicebus.windows.net')?.maybeEventHubs, true);
    assert.strictEqual(targetOfHost('example.com'), undefined);
  });
});

describe('identity: Azure RBAC matching and the least-privilege role', () => {
  it('wildcards anywhere, case-insensitive; notDataActions subtract; actions never grant data actions', () => {
    assert.ok(matchesOperation('Microsoft.ServiceBus/*/send/action', 'Microsoft.ServiceBus/namespaces/messages/send/action'));
    assert.ok(matchesOperation('*/read', 'microsoft.logic/workflows/runs/read'));
    assert.ok(!matchesOperation('Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/setSecret/action'));
    const custom = { dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: ['Microsoft.KeyVault/vaults/secrets/setSecret/action'] };
    assert.ok(grants(custom, { dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' }));
    assert.ok(!grants(custom, { dataAction: 'Microsoft.KeyVault/vaults/secrets/setSecret/action' }));
    assert.ok(!roleGrants([builtInRole('Owner')!.permissions], { dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' }), 'Owner reads no secret');
    assert.ok(roleGrants([builtInRole('Contributor')!.permissions], { action: 'Microsoft.Logic/workflows/write' }));
    assert.ok(!roleGrants([builtInRole('Contributor')!.permissions], { action: 'Microsoft.Authorization/roleAssignments/write' }));
  });

  it('picks the least-privilege built-in role that grants every need', () => {
    const kv = (a: string) => ({ dataAction: `Microsoft.KeyVault/vaults/secrets/${a}` });
    assert.strictEqual(leastPrivilegedRole('keyVault', [kv('getSecret/action')])?.name, 'Key Vault Secrets User');
    assert.strictEqual(leastPrivilegedRole('keyVault', [kv('readMetadata/action')])?.name, 'Key Vault Reader');
    assert.strictEqual(leastPrivilegedRole('keyVault', [kv('getSecret/action'), kv('setSecret/action')])?.name, 'Key Vault Secrets Officer');
    const blob = (a: string) => ({ dataAction: `Microsoft.Storage/storageAccounts/blobServices/containers/blobs/${a}` });
    assert.strictEqual(leastPrivilegedRole('storage', [blob('read')])?.name, 'Storage Blob Data Reader');
    assert.strictEqual(leastPrivilegedRole('storage', [blob('read'), blob('write')])?.name, 'Storage Blob Data Contributor');
    assert.strictEqual(leastPrivilegedRole('serviceBus', [{ dataAction: 'Microsoft.ServiceBus/namespaces/messages/receive/action' }])?.name, 'Azure Service Bus Data Receiver');
    assert.strictEqual(leastPrivilegedRole('serviceBus', [{ dataAction: 'Microsoft.ServiceBus/namespaces/messages/send/action' }, { dataAction: 'Microsoft.ServiceBus/namespaces/messages/receive/action' }])?.name, 'Azure Service Bus Data Owner');
    assert.strictEqual(leastPrivilegedRole('resourceManager', [{ action: 'Microsoft.Logic/workflows/runs/read' }])?.name, 'Reader');
    assert.strictEqual(leastPrivilegedRole('resourceManager', [{ action: 'Microsoft.Logic/workflows/write' }])?.name, 'Logic App Contributor');
  });
});

/**
 * The identity and credentials doctor against the emulator: one section per check (present,
 * missing, inherited from a parent scope, the Key Vault access-policy model, refused calls,
 * expiring and expired credentials, a disabled or deleted user, another tenant), Microsoft Graph's
 * endpoint and token, and Grant Access.
 */
import * as assert from 'assert';
import * as path from 'path';
import { createAzureClient, staticTokenCredential, type AzureClient } from '../../src/core/azure';
import { createGraphClient, GRAPH_ENDPOINTS, resolveGraphEndpoint, type GraphClient } from '../../src/core/azure/graph';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { diagnoseIdentity, type IdentityCheck, type IdentityDiagnoseInput, type IdentityReport } from '../../src/core/identity/doctor';
import { executeGrant, planGrant } from '../../src/core/identity/grant';
import { identityToMarkdown } from '../../src/core/identity/render';
import { loadProject, type Project } from '../../src/core/project';
import { DEFAULT_TOKEN, FIXTURE, graphError, startEmulator, type Emulator, type RoleAssignmentFixture } from '../emulator';
import { virtualProject } from './helpers/virtualProject';

const SAMPLES = path.resolve(__dirname, '../../samples');
const j = (v: unknown) => JSON.stringify(v, null, 2);
const I = FIXTURE.identity;
const SITE = FIXTURE.site;
const PID = FIXTURE.sitePrincipalId;

function samplesProject(): Project {
  return loadProject(discoverOnDisk([SAMPLES]).find((l) => l.kind === 'standard')!, readText);
}

/** A Standard project with HTTP actions using the managed identity. */
function httpProject(actions: Record<string, { uri: string; method?: string; audience?: string; identity?: string; headers?: Record<string, string> }>, extra: Record<string, string> = {}): Project {
  const wf = {
    definition: {
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: Object.fromEntries(
        Object.entries(actions).map(([name, a]) => [name, { type: 'Http', inputs: { method: a.method ?? 'GET', uri: a.uri, ...(a.headers ? { headers: a.headers } : {}), authentication: { type: 'ManagedServiceIdentity', ...(a.audience ? { audience: a.audience } : {}), ...(a.identity ? { identity: a.identity } : {}) } }, runAfter: {} }]),
      ),
    },
    kind: 'Stateful',
  };
  return virtualProject({ 'host.json': '{}', 'connections.json': '{}', 'wf/workflow.json': j(wf), ...extra });
}

const KV_GET = { uri: 'https://contoso-kv.vault.azure.net/secrets/api-key?api-version=7.4', audience: 'https://vault.azure.net' };

describe('identity doctor against the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let client: AzureClient;
  let graph: GraphClient;

  beforeEach(async () => {
    emu = await startEmulator();
    const credential = staticTokenCredential(DEFAULT_TOKEN);
    client = createAzureClient({ credential, armEndpoint: emu.url, retry: { baseDelayMs: 1, maxRetries: 0, maxThrottleRetries: 0 } });
    graph = createGraphClient({ credential, endpoint: emu.url, retry: { baseDelayMs: 1, maxRetries: 0, maxThrottleRetries: 0 } });
  });
  afterEach(async () => {
    await emu.close();
  });

  const run = (input: Partial<IdentityDiagnoseInput>) => diagnoseIdentity(client, { appId: SITE, graph, ...input });
  const only = (r: IdentityReport, id: IdentityCheck['id']) => r.checks.filter((c) => c.id === id);
  const about = (r: IdentityReport, id: IdentityCheck['id'], text: RegExp) => {
    const c = r.checks.find((x) => x.id === id && text.test(`${x.title} ${x.detail}`));
    assert.ok(c, `no ${id} check matching ${text}; checks:\n${r.checks.map((x) => `${x.id} [${x.severity}] ${x.title}: ${x.detail}`).join('\n')}`);
    return c;
  };

  describe('samples/ on la-orders-prod', () => {
    it('shows the missing role on the Key Vault the samples read with the managed identity, and the app registration secret expiring within 30 days', async () => {
      const r = await run({ project: samplesProject() });
      assert.strictEqual(r.overall, 'error');
      const kv = about(r, 'role-assignment', /Key Vault contoso-kv/);
      assert.strictEqual(kv.severity, 'error');
      assert.deepStrictEqual(kv.usedBy, ['InvoiceArchive / Get_retention_policy', 'Notify / Get_fallback_webhook']);
      assert.match(kv.detail, /Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action/);
      assert.match(kv.nextStep!, new RegExp(`az role assignment create --assignee-object-id ${PID} --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope ${I.keyVaults.rbac.replace(/[/.]/g, '\\$&')}`));
      assert.deepStrictEqual([kv.grant?.roleName, kv.grant?.scope, kv.grant?.principalId], ['Key Vault Secrets User', I.keyVaults.rbac, PID]);
      const secret = about(r, 'credential-expiry', /Contoso Inventory API client/);
      assert.strictEqual(secret.severity, 'warning');
      assert.match(secret.title, /client secret expires in 20 days/);
      assert.match(secret.detail, /matched by its first characters/, 'the secret in local.settings.json is the one judged');
      const soon = r.calendar.find((e) => e.kind === 'client-secret' && e.severity === 'warning');
      assert.ok(soon && soon.daysLeft === I.inventorySecretDays, j(r.calendar));
      assert.ok(r.calendar.some((e) => e.kind === 'connection-key' && e.subject === 'office365' && e.severity === 'error'), 'local connection keys are in the calendar');
      const dates = r.calendar.map((e) => e.date);
      assert.deepStrictEqual(dates, [...dates].sort(), 'one calendar, in date order');
      // The report never holds the local secret.
      assert.ok(!JSON.stringify(r).includes('sample-only-not-a-real-client-secret'));
      assert.ok(!identityToMarkdown(r).includes('sample-only'));
    });
  });

  describe('app-identity', () => {
    it('present: names which identity the actions use', async () => {
      const r = await run({ project: httpProject({ Read: KV_GET }) });
      const c = only(r, 'app-identity')[0]!;
      assert.strictEqual(c.severity, 'ok');
      assert.match(c.detail, new RegExp(`system-assigned \\(principal ${PID}\\).*1 action with system-assigned`));
    });

    it('missing: an error naming the actions that will fail, with the az command and the portal path', async () => {
      delete emu.data.sites[0]!.identity;
      const r = await run({ project: httpProject({ Read: KV_GET, Write: { uri: 'https://contosoarchive.blob.core.windows.net/c/b', method: 'PUT' } }) });
      const c = only(r, 'app-identity')[0]!;
      assert.strictEqual(c.severity, 'error');
      assert.match(c.title, /la-orders-prod has no managed identity/);
      assert.match(c.detail, /"ManagedIdentityCredential authentication unavailable": wf \/ Read, wf \/ Write/);
      assert.match(c.nextStep!, /az webapp identity assign --resource-group rg-logicapp-prod --name la-orders-prod.*Settings → Identity → System assigned/);
      assert.ok(!r.checks.some((x) => x.id === 'role-assignment' && x.severity === 'ok'));
    });

    it('a user-assigned identity the app does not have', async () => {
      const r = await run({ project: httpProject({ Read: { ...KV_GET, identity: I.userAssignedId } }) });
      const c = only(r, 'app-identity')[0]!;
      assert.strictEqual(c.severity, 'error');
      assert.match(c.detail, /use the user-assigned identity id-orders-shared, which is not attached to la-orders-prod/);
    });

    it('a Consumption workflow without an identity: its deployed HTTP action is named', async () => {
      const r = await run({ appId: I.consumptionWorkflow });
      const c = only(r, 'app-identity')[0]!;
      assert.strictEqual(c.severity, 'error');
      assert.match(c.detail, /la-orders-consumption \/ Read_api_key/);
      assert.match(c.detail, /la-orders-consumption \/ Get_db_secret/, 'the action whose $connections connection uses the identity is named too');
      assert.match(c.nextStep!, /az logic workflow identity assign --resource-group rg-logicapp-prod --name la-orders-consumption --system-assigned/);
    });

    it('a Consumption workflow with an identity: its $connections connection that uses it is checked against the connection\'s vault', async () => {
      const wf = emu.data.identity!.resources.find((x) => x.name === 'la-orders-consumption')!;
      wf.identity = { type: 'SystemAssigned', principalId: 'c0ffee00-0000-4000-8000-000000000001', tenantId: FIXTURE.tenantId };
      const r = await run({ appId: I.consumptionWorkflow });
      assert.strictEqual(only(r, 'app-identity')[0]!.severity, 'ok');
      const vault = about(r, 'role-assignment', /kv-orders-prod/);
      assert.strictEqual(vault.severity, 'error', vault.detail);
      assert.deepStrictEqual(vault.usedBy, ['la-orders-consumption / Get_db_secret']);
      assert.match(vault.nextStep!, /az keyvault set-policy --name kv-orders-prod --object-id c0ffee00-0000-4000-8000-000000000001 --secret-permissions get/);
    });

    it('the app cannot be read (403): could not be checked, with the permission', async () => {
      emu.fault({ method: 'GET', path: SITE }, { status: 403 });
      const r = await run({ project: httpProject({ Read: KV_GET }) });
      const c = only(r, 'app-identity')[0]!;
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.nextStep!, /Microsoft\.Web\/sites\/read/);
      assert.ok(!r.checks.some((x) => x.severity === 'ok' && x.id === 'role-assignment'));
    });
  });

  describe('role-assignment', () => {
    it('missing on the resource: error with the least-privilege role; someone else\'s role does not count', async () => {
      const r = await run({ project: httpProject({ Read: KV_GET }) });
      const c = about(r, 'role-assignment', /contoso-kv/);
      assert.strictEqual(c.severity, 'error');
      assert.match(c.detail, /Reader on subscription .* \(inherited\)/, 'the roles it has are named');
      assert.strictEqual(c.grant?.roleName, 'Key Vault Secrets User');
    });

    it('inherited from the resource group: ok, naming the scope', async () => {
      const r = await run({ project: httpProject({ Put: { uri: 'https://contosoarchive.blob.core.windows.net/archive/x.json', method: 'PUT' } }) });
      const c = about(r, 'role-assignment', /contosoarchive/);
      assert.strictEqual(c.severity, 'ok');
      assert.match(c.detail, /Storage Blob Data Contributor on resource group rg-shared-prod \(inherited\)/);
    });

    it('a role on the resource that does not grant the data action: a reader cannot write', async () => {
      const r = await run({ project: httpProject({ Put: { uri: 'https://contosoinvoices.blob.core.windows.net/c/x', method: 'PUT' }, Get: { uri: 'https://contosoinvoices.blob.core.windows.net/c/y' } }) });
      const c = about(r, 'role-assignment', /contosoinvoices/);
      assert.strictEqual(c.severity, 'error');
      assert.match(c.detail, /blobs\/write/);
      assert.match(c.detail, /Storage Blob Data Reader on the resource/);
      assert.strictEqual(c.grant?.roleName, 'Storage Blob Data Contributor', 'the least role for both calls');
    });

    it('a custom role: dataActions minus notDataActions', async () => {
      emu.data.identity!.roleAssignments.push({ name: 'ea00000c-0000-4000-8000-00000000000c', scope: I.keyVaults.rbac, roleDefinition: 'c0570000-0000-4000-8000-000000000001', principalId: PID, principalType: 'ServicePrincipal', createdOn: '2024-01-01T00:00:00Z' });
      const read = await run({ project: httpProject({ Read: KV_GET }) });
      assert.strictEqual(about(read, 'role-assignment', /contoso-kv/).severity, 'ok');
      const write = await run({ project: httpProject({ Write: { uri: 'https://contoso-kv.vault.azure.net/secrets/api-key?api-version=7.4', method: 'PUT' } }) });
      const c = about(write, 'role-assignment', /contoso-kv/);
      assert.strictEqual(c.severity, 'error');
      assert.match(c.detail, /setSecret\/action.*Orders Secrets Reader \(custom\) on the resource/);
      assert.strictEqual(c.grant?.roleName, 'Key Vault Secrets Officer');
    });

    it('a role with a condition: cannot tell, never ok', async () => {
      const a: RoleAssignmentFixture = { name: 'ea00000d-0000-4000-8000-00000000000d', scope: I.keyVaults.rbac, roleDefinition: '4633458b-17de-408a-b874-0445c86b69e6', principalId: PID, principalType: 'ServicePrincipal', condition: "@Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'other'", createdOn: '2024-01-01T00:00:00Z' };
      emu.data.identity!.roleAssignments.push(a);
      const c = about(await run({ project: httpProject({ Read: KV_GET }) }), 'role-assignment', /contoso-kv/);
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.title, /granted only under a condition/);
    });

    it('a Key Vault with access policies: its policies decide (present, and missing)', async () => {
      const ok = await run({ project: httpProject({ Read: { uri: 'https://kv-orders-prod.vault.azure.net/secrets/db?api-version=7.4' }, List: { uri: 'https://kv-orders-prod.vault.azure.net/secrets?api-version=7.4' } }) });
      const c = about(ok, 'role-assignment', /kv-orders-prod/);
      assert.strictEqual(c.severity, 'ok');
      assert.match(c.detail, /access policies, not Azure RBAC.*secrets get, secrets list/);
      const set = await run({ project: httpProject({ Set: { uri: 'https://kv-orders-prod.vault.azure.net/secrets/db?api-version=7.4', method: 'PUT' } }) });
      const s = about(set, 'role-assignment', /kv-orders-prod/);
      assert.strictEqual(s.severity, 'error');
      assert.match(s.detail, /lacks secrets set/);
      assert.match(s.nextStep!, new RegExp(`az keyvault set-policy --name kv-orders-prod --object-id ${PID} --secret-permissions set`));
      assert.strictEqual(s.grant, undefined, 'a role assignment would not help');
      const none = await run({ project: httpProject({ Read: { uri: 'https://kv-fabrikam.vault.azure.net/secrets/x?api-version=7.4' } }) });
      assert.match(about(none, 'role-assignment', /kv-fabrikam/).detail, /no policy admits la-orders-prod \(system-assigned\)/);
    });

    it('a managed connector that calls its service with the managed identity (the samples\' servicebus): the trigger needs receive', async () => {
      const r = await run({ project: samplesProject(), connection: { id: FIXTURE.samples.servicebus, name: 'servicebus' } });
      assert.deepStrictEqual(r.checks.map((c) => `${c.id} ${c.severity}`), ['app-identity ok', 'role-assignment error', 'tenant ok']);
      const c = only(r, 'role-assignment')[0]!;
      assert.match(c.title, /Service Bus namespace sb-contoso-fulfilment: la-orders-prod \(system-assigned\) may not receive messages/);
      assert.strictEqual(c.grant?.roleName, 'Azure Service Bus Data Receiver');
      assert.strictEqual(c.grant?.scope, I.serviceBus.fulfilment);
    });

    describe('Cosmos DB (its own data roles, not Azure RBAC)', () => {
      const COSMOS = 'https://cosmos-orders-prod.documents.azure.com';
      const cosmos = (path: string, method = 'GET', headers?: Record<string, string>) => ({ uri: `${COSMOS}${path}`, method, audience: 'https://cosmos.azure.com', ...(headers ? { headers } : {}) });
      const account = `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups/rg-shared-prod/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-orders-prod`;

      it('Data Reader on the orders database: reading and querying there is ok; someone else\'s Data Contributor on the account does not count', async () => {
        const r = await run({ project: httpProject({ Read: cosmos('/dbs/orders/colls/open/docs/o-1'), Query: cosmos('/dbs/orders/colls/open/docs', 'POST', { 'x-ms-documentdb-isquery': 'True', 'Content-Type': 'application/query+json' }) }) });
        const c = about(r, 'role-assignment', /cosmos-orders-prod/);
        assert.strictEqual(c.severity, 'ok', c.detail);
        assert.match(c.title, /may read items, query items/);
        assert.match(c.detail, /Cosmos DB Built-in Data Reader on dbs\/orders/);
      });

      it('writing, or reading another database: an error with the least-privilege data role and the az cosmosdb command', async () => {
        const write = about(await run({ project: httpProject({ Create: cosmos('/dbs/orders/colls/open/docs', 'POST') }) }), 'role-assignment', /cosmos-orders-prod/);
        assert.strictEqual(write.severity, 'error');
        assert.match(write.detail, /items\/create.*Cosmos DB Built-in Data Reader on dbs\/orders, which does not grant it/);
        assert.match(write.nextStep!, /Cosmos DB Built-in Data Contributor: az cosmosdb sql role assignment create --account-name cosmos-orders-prod --resource-group rg-shared-prod --principal-id \S+ --role-definition-id 00000000-0000-0000-0000-000000000002/);
        assert.strictEqual(write.grant, undefined, 'Grant Access makes Azure roles; a Cosmos DB data role is not one');
        const other = about(await run({ project: httpProject({ Audit: cosmos('/dbs/audit/colls/log/docs/a-1') }) }), 'role-assignment', /cosmos-orders-prod/);
        assert.strictEqual(other.severity, 'error');
        assert.match(other.nextStep!, /Cosmos DB Built-in Data Reader: .*--role-definition-id 00000000-0000-0000-0000-000000000001/);
      });

      it('a database named at run time: cannot tell whether the database-scoped role covers it (warning, never ok)', async () => {
        const project = httpProject({ Read: cosmos("/dbs/@{parameters('db')}/colls/open/docs/o-1") });
        const c = about(await run({ project }), 'role-assignment', /cosmos-orders-prod/);
        assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
        assert.match(c.title, /granted only on some databases or containers/);
      });

      it('an account-wide custom data role; no data role at all', async () => {
        emu.data.identity!.cosmosRoleDefinitions!.push({ account, name: 'c0570000-0000-4000-8000-0000000000c0', roleName: 'Orders Writer', dataActions: ['Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*'] });
        emu.data.identity!.cosmosRoleAssignments!.push({ account, name: 'ec000009-0000-4000-8000-000000000009', scope: '', roleDefinition: 'c0570000-0000-4000-8000-0000000000c0', principalId: PID });
        const ok = about(await run({ project: httpProject({ Create: cosmos('/dbs/audit/colls/log/docs', 'POST') }) }), 'role-assignment', /cosmos-orders-prod/);
        assert.strictEqual(ok.severity, 'ok', ok.detail);
        assert.match(ok.detail, /Orders Writer on the account/);
        emu.data.identity!.cosmosRoleAssignments = [];
        const none = about(await run({ project: httpProject({ Create: cosmos('/dbs/audit/colls/log/docs', 'POST') }) }), 'role-assignment', /cosmos-orders-prod/);
        assert.strictEqual(none.severity, 'error');
        assert.match(none.detail, /no Cosmos DB data role there \(Azure roles do not grant Cosmos DB data\)/);
      });

      it('refused (403 on the data role assignments or definitions): could not be checked, naming the permission, never ok', async () => {
        for (const what of ['sqlRoleAssignments', 'sqlRoleDefinitions']) {
          emu.fault({ method: 'GET', path: new RegExp(`/${what}$`) }, { status: 403 });
          const c = about(await run({ project: httpProject({ Read: cosmos('/dbs/orders/colls/open/docs/o-1') }) }), 'role-assignment', /cosmos-orders-prod/);
          assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true], what);
          assert.match(c.title, /could not be checked/);
          assert.match(c.nextStep!, /sqlRoleAssignments\/read and sqlRoleDefinitions\/read/);
          emu.clearFaults();
        }
      });
    });

    it('refused (403 on role assignments, on role definitions, on the vault): could not be checked, with the permission, never ok', async () => {
      emu.fault({ method: 'GET', path: /\/providers\/Microsoft\.Authorization\/roleAssignments$/ }, { status: 403 });
      const r = await run({ project: httpProject({ Put: { uri: 'https://contosoarchive.blob.core.windows.net/archive/x.json', method: 'PUT' } }) });
      const c = about(r, 'role-assignment', /contosoarchive/);
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.title, /could not be checked/);
      assert.match(c.nextStep!, /Microsoft\.Authorization\/roleAssignments\/read/);
      emu.clearFaults();

      emu.fault({ method: 'GET', path: /\/roleDefinitions\// }, { status: 403 });
      const d = about(await run({ project: httpProject({ Put: { uri: 'https://contosoarchive.blob.core.windows.net/archive/x.json', method: 'PUT' } }) }), 'role-assignment', /contosoarchive/);
      assert.deepStrictEqual([d.severity, d.unchecked], ['warning', true]);
      assert.match(d.nextStep!, /roleDefinitions\/read/);
      emu.clearFaults();

      emu.fault({ method: 'GET', path: I.keyVaults.accessPolicy }, { status: 403 });
      const v = about(await run({ project: httpProject({ Read: { uri: 'https://kv-orders-prod.vault.azure.net/secrets/db' } }) }), 'role-assignment', /kv-orders-prod/);
      assert.deepStrictEqual([v.severity, v.unchecked], ['warning', true]);
      assert.match(v.nextStep!, /Microsoft\.KeyVault\/vaults\/read/);
    });

    it('a target nobody can see (not in any readable subscription): could not be checked', async () => {
      const c = about(await run({ project: httpProject({ Read: { uri: 'https://kv-elsewhere.vault.azure.net/secrets/x' } }) }), 'role-assignment', /kv-elsewhere/);
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.detail, /No Microsoft\.KeyVault\/vaults named kv-elsewhere in the subscriptions you can read/);
    });

    it('Resource Manager calls: actions, inherited Reader', async () => {
      const r = await run({ project: httpProject({ Runs: { uri: `https://management.azure.com${FIXTURE.site}/hostruntime/x?api-version=2022-03-01` } }) });
      const c = about(r, 'role-assignment', /Resource Manager/);
      assert.strictEqual(c.severity, 'ok', c.detail);
      assert.match(c.detail, /Reader on subscription/);
    });

    it('without a Logic App: one line saying what was not checked', async () => {
      const r = await run({ appId: undefined, project: httpProject({ Read: KV_GET }) });
      assert.deepStrictEqual(r.checks.filter((c) => c.id !== 'tenant').map((c) => `${c.id} ${c.severity}`), ['app-identity info', 'role-assignment info']);
      assert.ok(r.checks.every((c) => c.severity !== 'ok' || c.id === 'tenant'));
    });
  });

  describe('credential-expiry', () => {
    const spProject = (clientId: string, extra: Record<string, unknown> = {}) =>
      virtualProject({
        'host.json': '{}',
        'connections.json': '{}',
        'wf/workflow.json': j({ definition: { triggers: {}, actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.contoso.com/x', authentication: { type: 'ActiveDirectoryOAuth', tenant: FIXTURE.tenantId, audience: 'api://x', clientId, secret: "@appsetting('S')", ...extra } } } } } }),
      });

    it('expired: error (AADSTS7000222), with how to renew; a valid certificate is in the calendar', async () => {
      const r = await run({ project: spProject(I.reportsAppId) });
      const c = about(r, 'credential-expiry', /Contoso Reports/);
      assert.strictEqual(c.severity, 'error');
      assert.match(c.title, /client secret expired/);
      assert.match(c.detail, /expired on .* \(5 days ago\).*AADSTS7000222/);
      assert.match(c.nextStep!, /az ad app credential reset --id a99a0002-/);
      assert.ok(r.calendar.some((e) => e.kind === 'certificate' && e.severity === 'ok' && e.daysLeft === 200));
    });

    it('certificates are judged for certificate credentials', async () => {
      const c = about(await run({ project: spProject(I.reportsAppId, { credentialType: 'Certificate', pfx: "@appsetting('PFX')", secret: undefined }) }), 'credential-expiry', /Contoso Reports/);
      assert.deepStrictEqual([c.severity, c.title], ['ok', 'Contoso Reports: certificate valid']);
    });

    it('Graph refuses (403): could not be checked, naming Application.Read.All', async () => {
      emu.fault({ path: /^\/v1\.0\/applications/ }, { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } });
      const c = about(await run({ project: spProject(I.inventoryAppId) }), 'credential-expiry', /a99a0001/);
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.nextStep!, /Application\.Read\.All/);
    });

    it('no Graph token at all: could not be checked, saying why', async () => {
      const r = await diagnoseIdentity(client, { appId: SITE, project: spProject(I.inventoryAppId), graphUnavailable: 'no Microsoft Graph token (test)' });
      const c = only(r, 'credential-expiry')[0]!;
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.detail, /no Microsoft Graph token \(test\)/);
      assert.ok(!emu.requests.some((q) => q.path.startsWith('/v1.0/')), 'nothing was asked of Graph');
    });

    it('service principals of connections: connections.json ActiveDirectoryOAuth, and token:clientId in the connection\'s parameters', async () => {
      const project = virtualProject({
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { reports: { api: { id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/office365' }, connection: { id: FIXTURE.healthy }, connectionRuntimeUrl: 'https://x.azure-apihub.net/apim/office365/1/', authentication: { type: 'ActiveDirectoryOAuth', tenant: FIXTURE.tenantId, audience: 'https://apihub.azure.com', clientId: I.reportsAppId, secret: "@appsetting('S')" } } } }),
        'wf/workflow.json': j({ definition: { triggers: {}, actions: {} } }),
      });
      const c = about(await run({ project }), 'credential-expiry', /Contoso Reports/);
      assert.deepStrictEqual([c.severity, c.usedBy], ['error', ['connection reports']]);
      const conn = emu.data.connections.find((x) => x.name === 'sql-bad-gateway')!;
      conn.parameterValues = { ...conn.parameterValues, 'token:clientId': I.inventoryAppId, 'token:TenantId': FIXTURE.tenantId, 'token:grantType': 'client_credentials' };
      const r = await run({ connection: { id: FIXTURE.badGateway } });
      const sp = about(r, 'credential-expiry', /Contoso Inventory API client/);
      assert.deepStrictEqual([sp.severity, sp.usedBy], ['warning', ['connection sql-bad-gateway']], 'judged by its latest secret (no local hint)');
      assert.match(sp.detail, /The latest of its 2 client secrets/);
    });

    it('an application of another tenant: not visible here (info) and a tenant warning; an unknown one: not found', async () => {
      const r = await run({ project: spProject(I.partnerAppId) });
      assert.strictEqual(about(r, 'credential-expiry', /registered in another tenant/).severity, 'info');
      const t = about(r, 'tenant', /Fabrikam Partner Gateway/);
      assert.strictEqual(t.severity, 'warning');
      assert.match(t.detail, new RegExp(`registered in tenant ${I.otherTenantId}; the app's \\(la-orders-prod\\) is ${FIXTURE.tenantId}`));
      const u = about(await run({ project: spProject(I.unknownAppId) }), 'credential-expiry', /not found/);
      assert.deepStrictEqual([u.severity, u.unchecked], ['warning', true]);
    });
  });

  describe('authorized-user', () => {
    const conn = (id: string) => ({ connection: { id } });

    it('active, disabled, deleted (a verified domain of the tenant) and external users', async () => {
      assert.strictEqual(only(await run(conn(FIXTURE.healthy)), 'authorized-user')[0]!.severity, 'ok');
      const disabled = only(await run(conn(FIXTURE.samples.sharepointonline)), 'authorized-user')[0]!;
      assert.strictEqual(disabled.severity, 'error');
      assert.match(disabled.title, /former\.employee@contoso\.com is disabled/);
      assert.match(disabled.nextStep!, /^Re-authorize as an active user .* or switch to a managed identity\.$/);
      const deleted = only(await run(conn(FIXTURE.forbidden)), 'authorized-user')[0]!;
      assert.deepStrictEqual([deleted.severity, deleted.title], ['error', 'sharepoint-forbidden: intern@contoso.com no longer exists']);
      const external = only(await run(conn(FIXTURE.fabrikamRevoked)), 'authorized-user')[0]!;
      assert.deepStrictEqual([external.severity, external.unchecked], ['info', true]);
      assert.match(external.detail, /not one of contoso\.com, contoso\.onmicrosoft\.com/);
    });

    it('Graph refuses users (403): could not be checked, naming User.Read.All', async () => {
      emu.fault({ path: /^\/v1\.0\/users/ }, { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } });
      const c = only(await run(conn(FIXTURE.samples.sharepointonline)), 'authorized-user')[0]!;
      assert.deepStrictEqual([c.severity, c.unchecked], ['warning', true]);
      assert.match(c.nextStep!, /User\.Read\.All/);
    });
  });

  describe('tenant', () => {
    it('a connection in another tenant than the app: a warning naming both', async () => {
      emu.data.subscriptions.find((s) => s.subscriptionId === FIXTURE.subscriptions.fabrikam)!.tenantId = I.otherTenantId;
      const c = only(await run({ connection: { id: FIXTURE.fabrikamKeyvault } }), 'tenant')[0]!;
      assert.strictEqual(c.severity, 'warning');
      assert.match(c.detail, new RegExp(`tenant ${I.otherTenantId}; the app's \\(la-orders-prod\\) is ${FIXTURE.tenantId}`));
    });

    it('all in the app\'s tenant: ok', async () => {
      const c = only(await run({ connection: { id: FIXTURE.healthy } }), 'tenant')[0]!;
      assert.strictEqual(c.severity, 'ok');
    });
  });

  describe('cost', () => {
    it('grows with the targets, not the calls: 60 calls to one vault read its role assignments once', async () => {
      const actions = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`Read_${i}`, { uri: `https://contoso-kv.vault.azure.net/secrets/s${i}?api-version=7.4` }]));
      const before = emu.requests.length;
      const r = await run({ project: httpProject(actions) });
      const reqs = emu.requests.slice(before);
      assert.strictEqual(about(r, 'role-assignment', /contoso-kv/).usedBy!.length, 60);
      const count = (re: RegExp) => reqs.filter((q) => re.test(q.path)).length;
      assert.strictEqual(count(/roleAssignments$/), 1);
      assert.strictEqual(count(/\/providers\/Microsoft\.ResourceGraph\/resources$/), 1);
      assert.strictEqual(count(/^\/subscriptions$/), 2, 'one listing (two pages)');
      assert.ok(count(/roleDefinitions\//) <= 2, 'one read per role held');
      assert.ok(reqs.length <= 12, `${reqs.length} requests`);
    });
  });

  describe('Microsoft Graph', () => {
    it('the cloud\'s Graph endpoint or loopback only; the same pipeline as Resource Manager; the token only to that origin', async () => {
      assert.strictEqual(resolveGraphEndpoint('AzureUSGovernment'), 'https://graph.microsoft.us');
      assert.strictEqual(resolveGraphEndpoint('AzureChinaCloud'), GRAPH_ENDPOINTS.AzureChinaCloud);
      assert.strictEqual(resolveGraphEndpoint('AzureCloud', 'http://127.0.0.1:9/'), 'http://127.0.0.1:9');
      assert.throws(() => resolveGraphEndpoint('AzureCloud', 'https://graph.evil.example'), /not Microsoft Graph/);
      assert.throws(() => resolveGraphEndpoint('AzureCloud', 'http://graph.microsoft.com'), /not Microsoft Graph/);
      assert.throws(() => resolveGraphEndpoint('AzureUSGovernment', 'https://graph.microsoft.com'), /not Microsoft Graph of AzureUSGovernment/);
      assert.deepStrictEqual(graph.pipelinePolicies(), client.pipelinePolicies());
      const r = await graph.getUser('ops@contoso.com');
      assert.ok(r.ok && r.value.accountEnabled === true);
      const q = emu.requests.find((x) => x.path === '/v1.0/users/ops@contoso.com')!;
      assert.ok(q.tokenOk && q.query.$select?.includes('accountEnabled'));
    });

    it('throttling is retried like Resource Manager\'s (Retry-After)', async () => {
      const g = createGraphClient({ credential: staticTokenCredential(DEFAULT_TOKEN), endpoint: emu.url, retry: { baseDelayMs: 1 } });
      emu.fault({ path: /^\/v1\.0\/organization/ }, { status: 429, retryAfter: 0, times: 2, body: graphErrorBody('TooManyRequests') });
      const r = await g.getOrganization();
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(emu.requests.filter((x) => x.path === '/v1.0/organization').length, 3);
    });
  });

  describe('Grant Access', () => {
    it('plans the least-privilege role from the project, creates it with PUT roleAssignments/{guid}; the check is then ok', async () => {
      const project = samplesProject();
      const planned = await planGrant(client, { appId: SITE, targetId: I.keyVaults.rbac, project });
      assert.ok(planned.ok, JSON.stringify(planned));
      const p = planned.value;
      assert.deepStrictEqual([p.roleName, p.principalId, p.scope, p.principalLabel], ['Key Vault Secrets User', PID, I.keyVaults.rbac, 'la-orders-prod (system-assigned)']);
      assert.match(p.roleReason, /least-privilege built-in role for what the project needs there \(Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action\)/);
      assert.ok(!emu.requests.some((q) => q.method === 'PUT'), 'planning writes nothing');
      const done = await executeGrant(client, p);
      assert.ok(done.ok && !done.value.alreadyExisted, JSON.stringify(done));
      const put = emu.requests.find((q) => q.method === 'PUT')!;
      assert.match(put.path, new RegExp(`^${I.keyVaults.rbac.replace(/[/.]/g, '\\$&')}/providers/Microsoft\\.Authorization/roleAssignments/[0-9a-f-]{36}$`));
      assert.deepStrictEqual(put.body, { properties: { roleDefinitionId: `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`, principalId: PID, principalType: 'ServicePrincipal' } });
      const after = await run({ project });
      assert.strictEqual(about(after, 'role-assignment', /contoso-kv/).severity, 'ok');
      const again = await planGrant(client, { appId: SITE, targetId: I.keyVaults.rbac, project });
      assert.ok(again.ok && again.value.existing, 'the assignment is found the next time');
    });

    it('a named role; an access-policy vault is refused (a role would not help); no identity is refused', async () => {
      const named = await planGrant(client, { appId: SITE, targetId: I.serviceBus.fulfilment, role: 'azure service bus data owner' });
      assert.ok(named.ok && named.value.roleName === 'Azure Service Bus Data Owner');
      const def = await planGrant(client, { appId: SITE, targetId: I.serviceBus.fulfilment });
      assert.ok(def.ok && def.value.roleName === 'Azure Service Bus Data Receiver' && /nothing in the project tells more/.test(def.value.roleReason));
      const ap = await planGrant(client, { appId: SITE, targetId: I.keyVaults.accessPolicy });
      assert.ok(!ap.ok && ap.error.code === 'AccessPolicyVault' && /az keyvault set-policy/.test(ap.error.message));
      delete emu.data.sites[0]!.identity;
      const none = await planGrant(client, { appId: SITE, targetId: I.keyVaults.rbac });
      assert.ok(!none.ok && none.error.code === 'NoManagedIdentity');
    });

    it('creating refused (403): the error, nothing created', async () => {
      emu.fault({ method: 'PUT', path: /roleAssignments/ }, { status: 403 });
      const p = await planGrant(client, { appId: SITE, targetId: I.keyVaults.rbac });
      assert.ok(p.ok);
      const r = await executeGrant(client, p.value);
      assert.ok(!r.ok && r.error.kind === 'forbidden');
    });
  });
});

function graphErrorBody(code: string): unknown {
  const reply = graphError(429, code, 'Too many requests.') as { body: unknown };
  return reply.body;
}

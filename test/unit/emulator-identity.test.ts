/**
 * The emulator's identity world (test/emulator/identity.ts): role assignments and definitions as
 * the Microsoft.Authorization spec describes them, Key Vaults, Resource Graph by type and name,
 * Microsoft Graph (no api-version, accountEnabled only when selected, Graph error bodies), faults.
 */
import * as assert from 'assert';
import * as path from 'path';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { loadProject } from '../../src/core/project';
import { connectionIdOf, defaultData, FIXTURE, startEmulator, type Emulator } from '../emulator';
import { managedConnections } from '../../src/core/connections';

type Json = Record<string, unknown>;
const TOKEN = 'emulator-token';
const I = FIXTURE.identity;

async function call(emu: Emulator, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${emu.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TOKEN}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Json) : {} };
}

describe('ARM emulator: identities, roles, vaults and Microsoft Graph', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });
  const V = '?api-version=2022-04-01';
  const filter = (id: string) => `&$filter=${encodeURIComponent(`principalId eq '${id}'`)}`;

  it('role assignments for a principal at a scope: at, above and below it (RoleAssignments_ListForScope)', async () => {
    const atVault = await call(emu, `${I.keyVaults.rbac}/providers/Microsoft.Authorization/roleAssignments${V}${filter(FIXTURE.sitePrincipalId)}`);
    assert.strictEqual(atVault.status, 200);
    const names = (atVault.body.value as Json[]).map((a) => a.name).sort();
    assert.deepStrictEqual(names, [I.assignments.blobContributorOnSharedGroup, I.assignments.readerOnProd].sort(), 'the group and subscription assignments are above the vault');
    const first = (atVault.body.value as Json[])[0]!;
    assert.strictEqual(first.type, 'Microsoft.Authorization/roleAssignments');
    assert.match((first.properties as Json).roleDefinitionId as string, /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/);
    const atSub = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleAssignments${V}${filter(FIXTURE.sitePrincipalId)}`);
    assert.ok((atSub.body.value as Json[]).some((a) => a.name === I.assignments.senderOnOrdersNamespace), 'below the subscription');
    const atScope = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleAssignments${V}&$filter=atScope()`);
    assert.deepStrictEqual((atScope.body.value as Json[]).map((a) => a.name), [I.assignments.readerOnProd], 'atScope(): at or above only');
    assert.strictEqual((await call(emu, `${I.keyVaults.rbac}/providers/Microsoft.Authorization/roleAssignments${V}&$filter=bogus`)).status, 400);
    assert.strictEqual((await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups/nope/providers/Microsoft.Authorization/roleAssignments${V}`)).status, 404);
    assert.strictEqual((await call(emu, `${I.keyVaults.rbac}/providers/Microsoft.Authorization/roleAssignments`)).status, 400, 'api-version required');
  });

  it('PUT a role assignment: 201, then 409 for the same principal, role and scope; validation', async () => {
    const url = (n: string) => `${I.keyVaults.rbac}/providers/Microsoft.Authorization/roleAssignments/${n}${V}`;
    const body = { properties: { roleDefinitionId: `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`, principalId: FIXTURE.sitePrincipalId, principalType: 'ServicePrincipal' } };
    const created = await call(emu, url('0b000001-0000-4000-8000-000000000001'), { method: 'PUT', body });
    assert.strictEqual(created.status, 201);
    assert.strictEqual((created.body.properties as Json).scope, I.keyVaults.rbac);
    assert.strictEqual((await call(emu, url('0b000002-0000-4000-8000-000000000002'), { method: 'PUT', body })).status, 409);
    assert.strictEqual((await call(emu, url('not-a-guid'), { method: 'PUT', body })).status, 400);
    const unknownRole = await call(emu, url('0b000003-0000-4000-8000-000000000003'), { method: 'PUT', body: { properties: { ...body.properties, roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000' } } });
    assert.deepStrictEqual([unknownRole.status, (unknownRole.body.error as Json).code], [400, 'RoleDefinitionDoesNotExist']);
    assert.strictEqual((await call(emu, url('0b000001-0000-4000-8000-000000000001'))).status, 200);
    assert.strictEqual((await call(emu, url('0b000001-0000-4000-8000-000000000001'), { method: 'DELETE' })).status, 200);
    assert.strictEqual((await call(emu, url('0b000001-0000-4000-8000-000000000001'), { method: 'DELETE' })).status, 204);
  });

  it('role definitions: by id at a scope, by name with $filter', async () => {
    const d = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6${V}`);
    const p = d.body.properties as Json;
    assert.strictEqual(p.roleName, 'Key Vault Secrets User');
    assert.deepStrictEqual((p.permissions as Json[])[0]!.dataActions, ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action']);
    const byName = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Authorization/roleDefinitions${V}&$filter=${encodeURIComponent("roleName eq 'Storage Blob Data Reader'")}`);
    assert.deepStrictEqual((byName.body.value as Json[]).map((x) => x.name), ['2a2b9908-6ea1-4ae2-8e65-a410df84e7d1']);
  });

  it('Key Vaults with RBAC and with access policies; Resource Graph finds resources by type and name', async () => {
    const kv = await call(emu, `${I.keyVaults.accessPolicy}?api-version=2023-07-01`);
    const props = kv.body.properties as Json;
    assert.strictEqual(props.enableRbacAuthorization, false);
    assert.deepStrictEqual((props.accessPolicies as Json[])[0]!.permissions, { keys: [], secrets: ['get', 'list'], certificates: [] });
    assert.strictEqual(((await call(emu, `${I.keyVaults.rbac}?api-version=2023-07-01`)).body.properties as Json).enableRbacAuthorization, true);
    const rg = await call(emu, '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01', { method: 'POST', body: { query: "resources | where type =~ 'microsoft.storage/storageaccounts' and name =~ 'ContosoInvoices'" } });
    assert.deepStrictEqual((rg.body.data as Json[]).map((x) => [x.id, x.type]), [[I.storage.invoices, 'microsoft.storage/storageaccounts']]);
    assert.strictEqual((await call(emu, `${I.userAssignedId}?api-version=2023-01-31`)).status, 200);
  });

  it('Microsoft Graph: no api-version, accountEnabled only when selected, Graph error bodies, faults', async () => {
    const u = await call(emu, '/v1.0/users/former.employee@contoso.com');
    assert.strictEqual(u.status, 200);
    assert.ok(!('accountEnabled' in u.body), 'not among the default properties');
    const sel = await call(emu, '/v1.0/users/former.employee@contoso.com?$select=id,accountEnabled');
    assert.deepStrictEqual(Object.keys(sel.body).sort(), ['@odata.context', 'accountEnabled', 'id']);
    assert.strictEqual(sel.body.accountEnabled, false);
    const missing = await call(emu, `/v1.0/users/${I.users.deleted}`);
    assert.deepStrictEqual([missing.status, (missing.body.error as Json).code], [404, 'Request_ResourceNotFound']);
    const app = await call(emu, `/v1.0/applications(appId='${I.inventoryAppId}')`);
    const creds = app.body.passwordCredentials as Json[];
    assert.deepStrictEqual(creds.map((c) => c.hint), ['sam', 'Xq7']);
    assert.ok(creds.every((c) => c.secretText === null), 'never a secret');
    assert.strictEqual((await call(emu, `/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${I.reportsAppId}'`)}`)).body.value instanceof Array, true);
    const sp = await call(emu, `/v1.0/servicePrincipals(appId='${I.partnerAppId}')`);
    assert.strictEqual(sp.body.appOwnerOrganizationId, I.otherTenantId);
    emu.fault({ path: /^\/v1\.0\/organization$/ }, { status: 403, times: 1 });
    assert.strictEqual((await call(emu, '/v1.0/organization')).status, 403);
    assert.strictEqual((await call(emu, '/v1.0/organization')).status, 200);
    const noToken = await fetch(`${emu.url}/v1.0/organization`);
    assert.strictEqual(noToken.status, 401);
  });
});

describe('samples/ and the emulator share one world', () => {
  it('every managed connection of samples/ exists in the emulator, with the runtime URL the samples hold (https)', () => {
    const project = loadProject(discoverOnDisk([path.resolve(__dirname, '../../samples')]).find((l) => l.kind === 'standard')!, readText);
    const data = defaultData();
    const refs = managedConnections(project).filter((r) => r.id);
    assert.ok(refs.length >= 6, 'the samples name their connections');
    const local = (project.localSettings!.value as { Values: Record<string, string> }).Values;
    for (const r of refs) {
      const c = data.connections.find((x) => connectionIdOf(x).toLowerCase() === r.id!.toLowerCase());
      assert.ok(c, `${r.name}: ${r.id} is in the emulator`);
      const written = typeof r.entry.connectionRuntimeUrl === 'string' ? r.entry.connectionRuntimeUrl : undefined;
      const url = written?.startsWith('@') ? local[`${r.name}-ConnectionRuntimeUrl`] : written;
      if (url) assert.strictEqual(c.connectionRuntimeUrl, url.replace(/^http:/, 'https:'), r.name);
    }
    assert.ok(data.subscriptions.some((s) => s.subscriptionId === local.WORKFLOWS_SUBSCRIPTION_ID && s.tenantId === local.WORKFLOWS_TENANT_ID));
    assert.ok(data.resourceGroups.some((g) => g.name === local.WORKFLOWS_RESOURCE_GROUP_NAME));
  });
});

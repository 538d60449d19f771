/**
 * Connection health across subscriptions (core/azure/check.ts) and who uses a connection
 * (core/azure/usage.ts), against the ARM emulator: every fixture gets the status `connections
 * test` gives it, filters, bounded concurrency, round-robin across subscriptions, cancellation,
 * and the deployed Consumption workflows and Standard apps that name a connection.
 */
import * as assert from 'assert';
import { checkConnections, needsSignIn, roundRobin, testAll } from '../../src/core/azure/check';
import { createAzureClient, type AzureClient } from '../../src/core/azure/client';
import { staticTokenCredential } from '../../src/core/azure/credentials';
import type { ConnectionInfo } from '../../src/core/azure/model';
import { describeUser, findConnectionUsers, referenceOf } from '../../src/core/azure/usage';
import { DEFAULT_TOKEN, defaultData, FIXTURE, FIXTURE_NAMES, largeTenant, siteIdOf, startEmulator, workflowIdOf, type Emulator } from '../emulator';

describe('connections check and usage (core) against the ARM emulator', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let client: AzureClient;
  const make = (maxConcurrent = 8) =>
    createAzureClient({
      credential: staticTokenCredential(DEFAULT_TOKEN),
      armEndpoint: emu.url,
      timeoutMs: 700,
      retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 },
      limits: { maxConcurrent },
    });

  beforeEach(async () => {
    emu = await startEmulator();
    client = make();
  });
  afterEach(async () => emu.close());

  describe('checkConnections', () => {
    it('gives every fixture the status `connections test` gives it, and the expected ones by name', async () => {
      const r = await checkConnections(client);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const report = r.value;
      assert.strictEqual(report.summary.tested, emu.data.connections.length);
      const statusOf = (id: string) => report.connections.find((c) => c.connection.id === id)?.result.status;
      const expected: Record<string, string> = {
        healthy: 'connected',
        expired: 'unauthenticated',
        forbidden: 'forbidden',
        unreachable: 'unreachable',
        // 429 three times, then 200: waited out, never shown.
        throttled: 'connected',
        teamsUnauthenticated: 'unauthenticated',
        badGateway: 'error',
        gatewayTimeout: 'unreachable',
        testRequestsOk: 'connected',
        testRequestsUnauthorized: 'unauthenticated',
        fabrikamRevoked: 'unauthenticated',
        keyvaultV1: 'connected',
      };
      for (const [key, status] of Object.entries(expected)) assert.strictEqual(statusOf((FIXTURE as unknown as Record<string, string>)[key]!), status, key);
      // A test link off the Resource Manager endpoint is never called, as in `connections test`.
      assert.strictEqual(statusOf(FIXTURE.hostile), 'error');
      assert.ok(!emu.requests.some((q) => q.path.includes('steal')));
      // The same words as `connections test`, connection by connection (a fresh emulator: the throttle storm again).
      const fresh = await startEmulator();
      try {
        const other = createAzureClient({ credential: staticTokenCredential(DEFAULT_TOKEN), armEndpoint: fresh.url, timeoutMs: 700, retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 } });
        for (const c of report.connections) {
          const single = await other.testConnection(c.connection.id);
          assert.strictEqual(c.result.status, single.status, c.connection.name);
        }
      } finally {
        await fresh.close();
      }
      const s = report.summary;
      assert.strictEqual(s.reported, s.tested);
      assert.strictEqual(s.connected + s.failing, s.reported);
      assert.strictEqual(Object.values(s.byStatus).reduce((a, b) => a + b, 0), s.reported);
      assert.strictEqual(s.subscriptions, emu.data.subscriptions.length);
      assert.ok(s.byStatus.throttled === 0, 'no throttled result surfaced');
      // Sorted by subscription, resource group, name.
      const keys = report.connections.map((c) => `${c.connection.subscriptionId}/${c.connection.resourceGroup}/${c.connection.name}`.toLowerCase());
      assert.deepStrictEqual(keys, [...keys].sort((a, b) => a.localeCompare(b)));
    });

    it('selects by subscription and resource group; --status filters what is reported, not what is tested', async () => {
      const r = await checkConnections(client, { subscriptionIds: [FIXTURE.subscriptions.contosoProd], resourceGroups: [FIXTURE.resourceGroups.integrationProd.toUpperCase()] });
      assert.ok(r.ok);
      const inGroup = emu.data.connections.filter((c) => c.subscriptionId === FIXTURE.subscriptions.contosoProd && c.resourceGroup === FIXTURE.resourceGroups.integrationProd);
      assert.strictEqual(r.value.summary.tested, inGroup.length);
      assert.ok(r.value.connections.every((c) => c.connection.resourceGroup === FIXTURE.resourceGroups.integrationProd));
      const tests = emu.requests.filter((q) => q.route === 'testConnection').length;
      assert.strictEqual(tests >= inGroup.length - 1, true);

      const only = await checkConnections(client, { subscriptionIds: [FIXTURE.subscriptions.contosoProd], statuses: ['unauthenticated'] });
      assert.ok(only.ok);
      assert.deepStrictEqual(only.value.connections.map((c) => c.connection.name).sort(), [FIXTURE_NAMES.expired, FIXTURE_NAMES.teamsUnauthenticated].sort());
      assert.ok(only.value.summary.tested > only.value.summary.reported);
      assert.strictEqual(only.value.summary.failing, 2);
    });

    it('keeps at most `concurrency` tests in flight and starts them round-robin across subscriptions', async () => {
      emu.close();
      emu = await startEmulator({ data: largeTenant({ subscriptions: 4, connectionsPerSubscription: 12 }), latencyMs: 5 });
      const c2 = make(3);
      const r = await checkConnections(c2, { concurrency: 3 });
      assert.ok(r.ok);
      assert.strictEqual(r.value.summary.tested, 48);
      assert.ok(c2.limiter.peakInFlight <= 3, `peak ${c2.limiter.peakInFlight}`);
      // The first four tests are one per subscription.
      const firstTests = emu.requests.filter((q) => q.route === 'testConnection').slice(0, 4);
      const subs = new Set(firstTests.map((q) => q.path.split('/')[2]));
      assert.strictEqual(subs.size, 4);
      assert.deepStrictEqual(roundRobin(['a1', 'a2', 'b1', 'c1', 'b2'], (s) => s[0]!), [0, 2, 3, 1, 4]);
    });

    it('1,000 connections across 20 subscriptions (the bench times 5,000): every one tested once, none throttled, ARM limits enforced by the emulator', async function () {
      this.timeout(120_000);
      emu.close();
      emu = await startEmulator({ data: largeTenant({ connectionsPerSubscription: 50 }), enforceRateLimits: true });
      const big = createAzureClient({ credential: staticTokenCredential(DEFAULT_TOKEN), armEndpoint: emu.url, timeoutMs: 10_000, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
      let progressed = 0;
      const r = await checkConnections(big, { onProgress: (p) => (progressed = p.done) });
      assert.ok(r.ok);
      assert.strictEqual(r.value.summary.tested, 1000);
      assert.strictEqual(progressed, 1000);
      assert.strictEqual(r.value.summary.byStatus.throttled, 0);
      // Work grows with the input: one test request per connection, and no 429 was needed.
      assert.strictEqual(emu.requests.filter((q) => q.route === 'testConnection').length, 1000);
      assert.strictEqual(emu.requests.filter((q) => q.status === 429).length, 0);
      assert.strictEqual(r.value.summary.byStatus.unauthenticated, 100);
    });

    it('cancelled part-way: what was tested is kept, the rest is not started', async () => {
      emu.close();
      emu = await startEmulator({ data: largeTenant({ subscriptions: 2, connectionsPerSubscription: 30 }), latencyMs: 10 });
      const abort = new AbortController();
      const c2 = make(2);
      const listed = await c2.listConnections();
      assert.ok(listed.ok);
      const run = await testAll(c2, listed.value.connections, {
        concurrency: 2,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.done === 5) abort.abort();
        },
      });
      assert.strictEqual(run.cancelled, true);
      assert.ok(run.checked.length >= 5 && run.checked.length < 10, String(run.checked.length));
      assert.ok(emu.requests.filter((q) => q.route === 'testConnection').length < 12);
    });

    it('a connection listed without test links is read first (as `connections test` reads it)', async () => {
      const listed = await client.listConnections({ subscriptionIds: [FIXTURE.subscriptions.contosoProd] });
      assert.ok(listed.ok);
      const healthy = listed.value.connections.find((c) => c.id === FIXTURE.healthy)!;
      const bare: ConnectionInfo = { ...healthy, testLinks: [], testRequests: [] };
      const run = await testAll(client, [bare]);
      assert.strictEqual(run.checked[0]!.result.status, 'connected');
      assert.ok(emu.requests.some((q) => q.route === 'connection' && q.method === 'GET' && q.path === FIXTURE.healthy));
    });

    it('needsSignIn: unauthenticated, expired, revoked and never-consented connections; not the healthy or broken-gateway ones', async () => {
      const listed = await client.listConnections();
      assert.ok(listed.ok);
      const names = listed.value.connections.filter(needsSignIn).map((c) => c.name).sort();
      for (const key of ['expired', 'teamsUnauthenticated', 'fabrikamRevoked', 'fabrikamConsentMissing', 'customRefreshBroken'] as const) assert.ok(names.includes(FIXTURE_NAMES[key]), key);
      for (const key of ['healthy', 'badGateway', 'keyvaultV1', 'forbidden'] as const) assert.ok(!names.includes(FIXTURE_NAMES[key]), key);
    });
  });

  describe('findConnectionUsers', () => {
    const allSubs = () => emu.data.subscriptions.map((s) => s.subscriptionId);

    it('finds Consumption workflows by $connections and Standard apps by their deployed connections.json', async () => {
      const index = await findConnectionUsers(client, { subscriptionIds: allSubs() });
      assert.deepStrictEqual(index.errors, []);
      // workflows.ts's and the identity world's (a workflow without $connections).
      const identityWorkflows = (emu.data.identity?.resources ?? []).filter((r) => r.type === 'Microsoft.Logic/workflows').length;
      assert.strictEqual(index.scanned.workflows, emu.data.workflows!.length + identityWorkflows);
      assert.strictEqual(index.scanned.apps, emu.data.sites.length);
      // Standard: la-orders-prod names office365-orders as "office365".
      const healthy = index.users(FIXTURE.healthy);
      assert.deepStrictEqual(healthy.map((u) => [u.kind, u.id, u.reference]), [['standard', FIXTURE.site, 'office365']]);
      // Consumption: two workflows, one disabled.
      const kv = index.users(FIXTURE.keyvaultV1.toUpperCase());
      assert.deepStrictEqual(
        kv.map((u) => [u.kind, u.name, u.reference, u.state]),
        [
          ['consumption', 'la-invoice-sync', 'keyvault', 'Enabled'],
          ['consumption', 'la-invoice-sync-old', 'keyvault', 'Disabled'],
        ],
      );
      assert.match(describeUser(kv[1]!), /la-invoice-sync-old \(Consumption, \$connections "keyvault", Disabled\)/);
      // A $connections key other than the connection's name.
      assert.deepStrictEqual(index.users(FIXTURE.customOrders).map((u) => [u.name, u.reference]), [['la-orders-notify', 'contoso-orders']]);
      // A deployed id written with app settings matches by its literal segments.
      const dev = index.users(FIXTURE.devOffice365);
      const notify = siteIdOf({ subscriptionId: FIXTURE.subscriptions.contosoDev, resourceGroup: FIXTURE.resourceGroups.integrationDev, name: 'la-notify-dev' });
      assert.deepStrictEqual(dev.map((u) => [u.kind, u.id, u.reference, u.throughExpression]), [['standard', notify, 'office365', true]]);
      // Nobody: certain, since everything of its subscription was read.
      assert.deepStrictEqual(index.users(FIXTURE.expired), []);
      assert.strictEqual(index.complete(FIXTURE.expired), true);
      // Two Resource Graph queries, one read per Standard app: nothing per connection.
      assert.strictEqual(emu.requests.filter((q) => q.route === 'resourceGraph').length, 2);
      assert.strictEqual(emu.requests.filter((q) => q.route === 'siteConnections').length, emu.data.sites.length);
      const wfQuery = emu.requests.find((q) => q.route === 'resourceGraph' && /logic\/workflows/.test(JSON.stringify(q.body)));
      assert.match(JSON.stringify(wfQuery?.body), /project/);
    });

    it('reads connections.json through the host runtime when workflowsconfiguration fails; an app it cannot read makes its subscription incomplete', async () => {
      emu.fault({ path: /\/workflowsconfiguration\/connections$/ }, { status: 500 });
      const index = await findConnectionUsers(client, { subscriptionIds: allSubs() });
      assert.deepStrictEqual(index.errors, []);
      assert.deepStrictEqual(index.users(FIXTURE.healthy).map((u) => u.name), ['la-orders-prod']);
      assert.ok(emu.requests.some((q) => q.route === 'siteVfsFile' && q.query.relativepath === '1'));
      emu.fault({ path: /\/hostruntime\/admin\/vfs\/connections\.json$/ }, { status: 403 });
      const partial = await findConnectionUsers(client, { subscriptionIds: allSubs() });
      assert.strictEqual(partial.errors.length, 2);
      assert.match(partial.errors.map((e) => e.what).join(', '), /Standard app la-orders-prod/);
      assert.strictEqual(partial.complete(FIXTURE.expired), false, 'la-orders-prod could not be read: its subscription is not complete');
      assert.strictEqual(partial.complete(FIXTURE.fabrikamKeyvault), true);
    });

    it('falls back to Workflows_ListBySubscription when Resource Graph is refused', async () => {
      emu.fault({ path: '/providers/Microsoft.ResourceGraph/resources' }, { status: 403 });
      const index = await findConnectionUsers(client, { subscriptionIds: allSubs() });
      assert.deepStrictEqual(index.users(FIXTURE.fabrikamRevoked).map((u) => u.name), ['la-fabrikam-mailer']);
      assert.ok(emu.requests.some((q) => q.route === 'subscriptionWorkflows'));
      // The Standard apps could not be found: reported, and no subscription is complete.
      assert.deepStrictEqual(index.errors.map((e) => e.what), ['Standard apps']);
      assert.strictEqual(index.complete(FIXTURE.fabrikamRevoked), false);
    });

    it('a connection outside the scanned subscriptions is never called unused', async () => {
      const index = await findConnectionUsers(client, { subscriptionIds: [FIXTURE.subscriptions.fabrikam] });
      assert.strictEqual(index.complete(FIXTURE.expired), false);
      assert.strictEqual(index.complete(FIXTURE.fabrikamKeyvault), true);
    });

    it('referenceOf: literal ids, app-setting patterns, and ids it cannot tell', () => {
      assert.deepStrictEqual(referenceOf('/subscriptions/S/resourceGroups/RG/providers/Microsoft.Web/connections/X/'), { kind: 'literal', id: '/subscriptions/s/resourcegroups/rg/providers/microsoft.web/connections/x' });
      assert.strictEqual(referenceOf("/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/rg/providers/Microsoft.Web/connections/x").kind, 'pattern');
      assert.strictEqual(referenceOf("@appsetting('office365-ConnectionId')").kind, 'unknown');
      assert.strictEqual(referenceOf("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/@{parameters('name')}").kind, 'unknown');
    });

    it('the workflow fixtures exist as ARM resources (Workflows_Get)', async () => {
      const w = defaultData().workflows![0]!;
      const res = await fetch(`${emu.url}${workflowIdOf(w)}?api-version=2019-05-01`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } });
      assert.strictEqual(res.status, 200);
      const body = (await res.json()) as { properties: { parameters: { $connections: { value: Record<string, { connectionId: string }> } } } };
      assert.strictEqual(body.properties.parameters.$connections.value.keyvault!.connectionId, FIXTURE.keyvaultV1);
    });
  });
});

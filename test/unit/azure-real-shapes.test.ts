/**
 * What real Resource Manager answers look like, against the emulator: test links and next pages
 * on a regional host of the same cloud (they get the token; any other origin never does), one
 * api-version for every read of a connection (2016-06-01 answers lack fields), Resource Graph
 * rows of other types, `resultTruncated`, and a failing later page.
 *
 * Regional hosts have no DNS here: a transport under the client's pipeline sends requests for
 * `*.management.azure.com` to the emulator (after the token gate, which runs as in production).
 */
import * as assert from 'assert';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { createAzureClient, type AzureClientOptions } from '../../src/core/azure/client';
import { staticTokenCredential } from '../../src/core/azure/credentials';
import { connectionIdOf, FIXTURE, largeTenant, startEmulator, type Emulator } from '../emulator';

const TOKEN = 'lac-REGIONAL-token-7c1e9d2a-do-not-leak';

/** Requests that reached the transport (so passed the token gate), and whether they carried the token. */
interface Seen {
  url: string;
  bearer: boolean;
}

/** A transport that answers `https://management.azure.com` and its regional hosts from the emulator. */
function armViaEmulator(emu: Emulator, seen: Seen[]): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const u = new URL(request.url);
      seen.push({ url: request.url, bearer: /^Bearer /.test(request.headers.get('authorization') ?? '') });
      if (!/(^|\.)management\.azure\.com$/i.test(u.hostname)) throw new Error(`the test transport does not route ${u.host}`);
      request.url = `${emu.url}${u.pathname}${u.search}`;
      request.allowInsecureConnection = true;
      return inner.sendRequest(request);
    },
  };
}

describe('real Resource Manager shapes', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const seen: Seen[] = [];
  const publicCloud = (over: Partial<AzureClientOptions> = {}) =>
    createAzureClient({ credential: staticTokenCredential(TOKEN), cloud: 'AzureCloud', httpClient: armViaEmulator(emu, seen), timeoutMs: 2000, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...over });

  before(async () => {
    emu = await startEmulator({ token: TOKEN });
  });
  after(() => emu.close());
  afterEach(() => {
    emu.clearFaults();
    seen.length = 0;
  });

  describe('regional Resource Manager hosts of the same cloud', () => {
    it('a test link on a regional host is called with the token (a healthy connection tests connected)', async () => {
      const r = await publicCloud().testConnection(FIXTURE.regional);
      assert.strictEqual(r.status, 'connected', JSON.stringify(r));
      const link = seen.find((s) => s.url.includes('/extensions/proxy/testconnection'));
      assert.ok(link, JSON.stringify(seen));
      assert.ok(link.url.startsWith('https://southcentralus.management.azure.com/'), link.url);
      assert.strictEqual(link.bearer, true);
      const arrived = emu.requests.filter((x) => x.route === 'testConnection').pop()!;
      assert.deepStrictEqual([arrived.hadBearer, arrived.tokenOk], [true, true]);
    });

    it('a test request (dynamicInvoke) on a regional host too', async () => {
      const base = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.regional)!;
      const name = 'regional-test-request-only';
      emu.data.connections.push({ ...base, name, testLinks: null, testRequests: base.testRequests!.map((t) => ({ ...t, requestUri: t.requestUri.replace(FIXTURE.regional, connectionIdOf({ ...base, name })) })) });
      const r = await publicCloud().testConnection(connectionIdOf({ ...base, name }));
      assert.strictEqual(r.status, 'connected', JSON.stringify(r));
      assert.ok(seen.some((s) => s.url.startsWith('https://southcentralus.management.azure.com/') && s.url.includes('/dynamicInvoke') && s.bearer));
    });

    it('any other origin never gets the token, nor the request', async () => {
      const base = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.regional)!;
      const path = `${FIXTURE.regional}/extensions/proxy/testconnection?api-version=2018-07-01-preview`;
      const foreign = [
        `https://evil.example.com${path}`,
        `https://southcentralus.management.azure.com.evil.example.com${path}`,
        `https://southcentralus.management.usgovcloudapi.net${path}`,
        `http://southcentralus.management.azure.com${path}`,
        `https://a.b.management.azure.com${path}`,
        `https://southcentralus.management.azure.com:8443${path}`,
        `https://user@southcentralus.management.azure.com${path}`,
        `https://management.azure.com.evil.example.com${path}`,
      ];
      const client = publicCloud();
      for (const [i, requestUri] of foreign.entries()) {
        const name = `foreign-${i}`;
        emu.data.connections.push({ ...base, name, testLinks: [{ requestUri, method: 'get' }] });
        seen.length = 0;
        const r = await client.testConnection(connectionIdOf({ ...base, name }));
        assert.strictEqual(r.code, 'InsecureTarget', requestUri);
        assert.deepStrictEqual(seen.map((s) => new URL(s.url).host), ['management.azure.com'], `only the GET of the connection went out (${requestUri})`);
      }
    });

    it('with a custom ARM endpoint only that endpoint gets the token: a regional link is refused', async () => {
      const client = createAzureClient({ credential: staticTokenCredential(TOKEN), armEndpoint: emu.url, timeoutMs: 2000 });
      const n = emu.requests.length;
      const r = await client.testConnection(FIXTURE.regional);
      assert.strictEqual(r.code, 'InsecureTarget');
      assert.ok(emu.requests.slice(n).every((x) => x.route === 'connection'));
    });

    it('a nextLink on a regional host is followed with the token', async () => {
      const all = emu.data.subscriptions;
      const skip = Buffer.from('emulator:2').toString('base64url');
      emu.fault({ method: 'GET', path: '/subscriptions' }, { status: 200, times: 1, body: { value: [], nextLink: `https://westeurope.management.azure.com/subscriptions?api-version=2022-12-01&$skiptoken=${skip}` } });
      const r = await publicCloud().listSubscriptions();
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepStrictEqual(r.value.map((x) => x.subscriptionId), all.slice(2).map((x) => x.subscriptionId));
      assert.ok(seen.some((s) => s.url.startsWith('https://westeurope.management.azure.com/subscriptions') && s.bearer));
    });
  });

  describe('one api-version for every read of a connection', () => {
    it('the emulator answers 2016-06-01 with the published spec\'s smaller shape: no authenticatedUser, kind or connectionRuntimeUrl', async () => {
      const get = async (v: string) => (await (await fetch(`${emu.url}${FIXTURE.healthy}?api-version=${v}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { kind?: string; properties: Record<string, unknown> };
      const old = await get('2016-06-01');
      const current = await get('2018-07-01-preview');
      assert.deepStrictEqual([old.kind, old.properties.authenticatedUser, old.properties.connectionRuntimeUrl, old.properties.overallStatus], [undefined, undefined, undefined, undefined]);
      assert.ok(Array.isArray(old.properties.statuses) && Array.isArray(old.properties.testLinks));
      assert.deepStrictEqual([current.kind, current.properties.authenticatedUser], ['V2', { name: 'ops@contoso.com' }]);
    });

    it('GET and the per-subscription list read the same version, so a listed connection has its kind and who authorized it', async () => {
      const client = createAzureClient({ credential: staticTokenCredential(TOKEN), armEndpoint: emu.url, timeoutMs: 2000 });
      const n = emu.requests.length;
      const listed = await client.listConnections({ subscriptionIds: [FIXTURE.subscriptions.contosoProd], source: 'arm' });
      const got = await client.getConnection(FIXTURE.healthy);
      assert.ok(listed.ok && got.ok);
      const fromList = listed.value.connections.find((c) => c.id === FIXTURE.healthy)!;
      assert.deepStrictEqual([fromList.kind, fromList.authenticatedUser, fromList.connectionRuntimeUrl], [got.value.kind, got.value.authenticatedUser, got.value.connectionRuntimeUrl]);
      assert.strictEqual(fromList.authenticatedUser, 'ops@contoso.com');
      const versions = new Set(emu.requests.slice(n).filter((x) => x.route === 'subscriptionConnections' || x.route === 'connection').map((x) => x.query['api-version']));
      assert.deepStrictEqual([...versions], ['2018-07-01-preview']);
    });
  });

  describe('Resource Graph', () => {
    const armClient = (e: Emulator, over: Partial<AzureClientOptions> = {}) =>
      createAzureClient({ credential: staticTokenCredential(TOKEN), armEndpoint: e.url, timeoutMs: 5000, retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 1 }, ...over });
    const RG = { method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources' };

    it('keeps only microsoft.web/connections rows', async () => {
      const row = { id: FIXTURE.healthy, name: 'office365-orders', type: 'microsoft.web/connections', kind: 'V2', properties: { overallStatus: 'Connected' } };
      const site = { id: FIXTURE.site, name: 'la-orders-prod', type: 'microsoft.web/sites', properties: {} };
      emu.fault(RG, { status: 200, times: 1, body: { totalRecords: 2, count: 2, data: [row, site], facets: [], resultTruncated: 'false' } });
      const r = await armClient(emu).listConnections({ subscriptionIds: [FIXTURE.subscriptions.contosoProd], source: 'resource-graph' });
      assert.ok(r.ok);
      assert.deepStrictEqual(r.value.connections.map((c) => c.id), [FIXTURE.healthy]);
    });

    it('resultTruncated: the listing is completed per subscription, and the rows already read are kept', async () => {
      // Resource Graph brings one Fabrikam row and says it truncated; the ARM list of Fabrikam fails.
      const fabrikam = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.fabrikamKeyvault)!;
      const row = { id: FIXTURE.fabrikamKeyvault, name: fabrikam.name, type: 'microsoft.web/connections', kind: 'V2', subscriptionId: fabrikam.subscriptionId, properties: { overallStatus: 'Connected' } };
      emu.fault(RG, { status: 200, times: 1, body: { totalRecords: 20, count: 1, data: [row], facets: [], resultTruncated: 'true' } });
      emu.fault({ method: 'GET', path: `/subscriptions/${FIXTURE.subscriptions.fabrikam}/providers/Microsoft.Web/connections` }, { status: 403 });
      const r = await armClient(emu).listConnections({ subscriptionIds: [FIXTURE.subscriptions.contosoProd, FIXTURE.subscriptions.fabrikam] });
      assert.ok(r.ok);
      assert.strictEqual(r.value.source, 'arm');
      assert.strictEqual(r.value.resourceGraphError?.code, 'ResultTruncated');
      assert.ok(r.value.connections.some((c) => c.id === FIXTURE.fabrikamKeyvault), 'the Resource Graph row of the failing subscription is kept');
      assert.ok(r.value.connections.some((c) => c.id === FIXTURE.healthy));
      assert.deepStrictEqual(r.value.errors.map((e) => e.subscriptionId), [FIXTURE.subscriptions.fabrikam]);
    });

    describe('a tenant of 1,500 connections (two pages of 1,000)', () => {
      let big: Emulator;
      before(async () => {
        big = await startEmulator({ token: TOKEN, data: largeTenant({ subscriptions: 3, connectionsPerSubscription: 500 }) });
      });
      after(() => big.close());
      afterEach(() => big.clearFaults());
      const subs = () => big.data.subscriptions.map((s) => s.subscriptionId);

      it('a later page that fails after the pipeline\'s retries is tried again: nothing falls back, nothing is lost', async () => {
        // One attempt and one pipeline retry of page 2 fail; its own retry succeeds.
        big.fault(RG, { status: 500, skip: 1, times: 2 });
        const n = big.requests.length;
        const r = await armClient(big).listConnections({ subscriptionIds: subs() });
        assert.ok(r.ok);
        assert.strictEqual(r.value.source, 'resource-graph');
        assert.strictEqual(r.value.connections.length, 1500);
        assert.strictEqual(big.requests.slice(n).filter((x) => x.route === 'resourceGraph').length, 4);
        assert.strictEqual(big.requests.slice(n).filter((x) => x.route !== 'resourceGraph').length, 0, 'no per-subscription fallback');
      });

      it('a later page that keeps failing: its first page is kept next to the per-subscription listing', async () => {
        big.fault(RG, { status: 500, skip: 1 });
        const first = big.data.subscriptions[0]!.subscriptionId;
        big.fault({ method: 'GET', path: `/subscriptions/${first}/providers/Microsoft.Web/connections` }, { status: 500 });
        const r = await armClient(big).listConnections({ subscriptionIds: subs() });
        assert.ok(r.ok);
        assert.strictEqual(r.value.source, 'arm');
        assert.strictEqual(new Set(r.value.connections.map((c) => c.id.toLowerCase())).size, 1500, 'the first subscription\'s 500 come from the first Resource Graph page');
        assert.deepStrictEqual(r.value.errors.map((e) => e.subscriptionId), [first]);
      });
    });
  });
});

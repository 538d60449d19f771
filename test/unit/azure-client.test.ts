/**
 * The Azure client against the local ARM emulator (test/emulator): every Test Connection
 * category, every fault, throttling, timeouts, cancellation, refused targets, paging, limits,
 * consent, keys, access policies, diagnosis, and a large tenant. A recognisable token is used
 * throughout and must never appear in any result, error or log line.
 */
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { createAzureClient, type AzureClient, type AzureClientOptions } from '../../src/core/azure/client';
import { staticTokenCredential } from '../../src/core/azure/credentials';
import { diagnoseConnection, toJSON, toMarkdown } from '../../src/core/azure/diagnose';
import type { Result } from '../../src/core/azure/errors';
import { isAllowedExternalUrl } from '../../src/core/azure/links';
import { connectionIdOf, FIXTURE, largeTenant, startEmulator, type Emulator } from '../emulator';

const TOKEN = 'lac-RECOGNISABLE-token-4f9c2d7e-do-not-leak';
const KEY_MARKER = 'connection-keys'; // the emulator's connection keys carry this issuer
const REDIRECT = 'http://127.0.0.1:53999/consent';

describe('azure client against the ARM emulator', function () {
  this.timeout(60_000);

  let emu: Emulator;
  let client: AzureClient;
  const logs: string[] = [];
  /** Everything the client handed back, serialised: scanned for the token at the end. */
  const outputs: string[] = [];
  const keys: string[] = [];

  const record = <T>(value: T): T => {
    outputs.push(JSON.stringify(value));
    return value;
  };
  const make = (over: Partial<AzureClientOptions> = {}) =>
    createAzureClient({
      credential: staticTokenCredential(TOKEN),
      armEndpoint: emu.url,
      tenantId: FIXTURE.tenantId,
      timeoutMs: 1000,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      log: (l) => logs.push(l),
      ...over,
    });
  const value = <T>(r: Result<T>): T => {
    record(r);
    if (!r.ok) assert.fail(`expected ok, got ${r.error.kind}: ${r.error.message}`);
    return r.value;
  };
  const error = <T>(r: Result<T>) => {
    record(r);
    if (r.ok) assert.fail('expected an error');
    return r.error;
  };

  before(async () => {
    emu = await startEmulator({ token: TOKEN });
    client = make();
  });
  afterEach(() => emu.clearFaults());
  after(async () => {
    await emu.close();
  });

  describe('pipeline', () => {
    it('is the SDK pipeline with our retry, limiter, timeout and bearer policies (the SDK bearer removed)', () => {
      const names = client.pipelinePolicies();
      assert.ok(!names.includes('bearerTokenAuthenticationPolicy'));
      assert.ok(!names.includes('defaultRetryPolicy'));
      const order = ['lacTokenPrefetch', 'retryPolicy', 'lacLimiter', 'lacTimeout', 'lacArmBearer'].map((n) => names.indexOf(n));
      assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)), names.join(', '));
      assert.ok(names.includes('userAgentPolicy') && names.includes('setClientRequestIdPolicy'));
    });

    it('refuses an insecure ARM endpoint at construction', () => {
      assert.throws(() => make({ armEndpoint: 'http://arm.contoso.com' }), /loopback/);
      assert.throws(() => make({ armEndpoint: 'https://user@management.azure.com' }));
      assert.strictEqual(make({ armEndpoint: undefined, cloud: 'AzureUSGovernment' }).cloud.armEndpoint, 'https://management.usgovcloudapi.net');
    });
  });

  describe('reads', () => {
    it('lists subscriptions, following nextLink pages', async () => {
      const subs = value(await client.listSubscriptions());
      assert.deepStrictEqual(subs.map((s) => s.subscriptionId).sort(), emu.data.subscriptions.map((s) => s.subscriptionId).sort());
      assert.ok(Object.values(FIXTURE.subscriptions).every((id) => subs.some((s) => s.subscriptionId === id)));
      const pages = emu.requests.filter((r) => r.path === '/subscriptions');
      assert.ok(pages.length >= 2, 'paged');
      assert.ok(pages.every((r) => r.tokenOk && r.query['api-version']));
    });

    it('lists connections across subscriptions with one paged Resource Graph query', async () => {
      const before = emu.requests.length;
      const r = value(await client.listConnections());
      assert.strictEqual(r.source, 'resource-graph');
      assert.strictEqual(r.connections.length, emu.data.connections.length);
      const healthy = r.connections.find((c) => c.id === FIXTURE.healthy)!;
      assert.strictEqual(healthy.kind, 'V2');
      assert.strictEqual(healthy.authenticatedUser, 'ops@contoso.com');
      const graph = emu.requests.slice(before).filter((x) => x.route === 'resourceGraph');
      assert.strictEqual(graph.length, 1);
      assert.match(String((graph[0]!.body as { query: string }).query), /microsoft\.web\/connections/);
    });

    it('falls back to ARM per subscription when Resource Graph fails', async () => {
      emu.fault({ path: '/providers/Microsoft.ResourceGraph/resources' }, { status: 403 });
      const r = value(await client.listConnections());
      assert.strictEqual(r.source, 'arm');
      assert.strictEqual(r.resourceGraphError?.kind, 'forbidden');
      assert.strictEqual(r.connections.length, emu.data.connections.length);
      assert.deepStrictEqual(r.errors, []);
    });

    it('reports a subscription it cannot list, and lists the others', async () => {
      emu.fault({ path: '/providers/Microsoft.ResourceGraph/resources' }, { status: 500 });
      emu.fault({ path: `/subscriptions/${FIXTURE.subscriptions.fabrikam}/providers/Microsoft.Web/connections` }, { status: 403 });
      const r = value(await client.listConnections());
      assert.strictEqual(r.source, 'arm');
      assert.strictEqual(r.errors.length, 1);
      assert.strictEqual(r.errors[0]!.subscriptionId, FIXTURE.subscriptions.fabrikam);
      assert.strictEqual(r.errors[0]!.error.kind, 'forbidden');
      assert.ok(r.connections.length > 0 && r.connections.every((c) => c.subscriptionId !== FIXTURE.subscriptions.fabrikam));
    });

    it('gets a connection (tolerant parse) and reports not-found / invalid ids', async () => {
      const c = value(await client.getConnection(FIXTURE.expired));
      assert.strictEqual(c.status, 'Error');
      assert.strictEqual(c.statuses[0]!.error!.code, 'Unauthenticated');
      assert.ok(c.connectionRuntimeUrl?.startsWith('https://'));
      assert.strictEqual(c.testLinks.length, 1);
      assert.strictEqual(error(await client.getConnection(FIXTURE.missing)).kind, 'not-found');
      const n = emu.requests.length;
      assert.strictEqual(error(await client.getConnection('https://evil.com/subscriptions/x')).code, 'InvalidResourceId');
      assert.strictEqual(error(await client.getConnection(`${FIXTURE.healthy}/../../x`)).code, 'InvalidResourceId');
      assert.strictEqual(emu.requests.length, n, 'nothing sent for an invalid id');
    });

    it('tells who is signed in from the token claims (an opaque emulator token has none)', async () => {
      assert.strictEqual(error(await client.signedInIdentity()).code, 'NoIdentityClaims');
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = `${b64({ alg: 'none' })}.${b64({ oid: FIXTURE.developerObjectId, tid: FIXTURE.tenantId, upn: 'dev@contoso.com', exp: Date.now() / 1000 + 3600 })}.`;
      const me = value(await make({ credential: staticTokenCredential(jwt) }).signedInIdentity());
      assert.deepStrictEqual(me, { objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId, name: 'dev@contoso.com' });
    });

    it('reads managed APIs (OAuth → needsConsent) and a Standard app\'s managed identity', async () => {
      const c = value(await client.getConnection(FIXTURE.healthy));
      const api = value(await client.getManagedApi(c.api.id!));
      assert.strictEqual(api.needsConsent, true);
      const blob = value(await client.getConnection(FIXTURE.blobKey));
      assert.strictEqual(value(await client.getManagedApi(blob.api.id!)).needsConsent, false);
      const id = value(await client.resolveSiteIdentity(FIXTURE.site));
      assert.strictEqual(id.principalId, FIXTURE.sitePrincipalId);
      assert.strictEqual(id.tenantId, FIXTURE.tenantId);
    });
  });

  describe('test connection: every category', () => {
    const cases: [keyof typeof FIXTURE, string, string?][] = [
      ['healthy', 'connected', 'testLink'],
      ['expired', 'unauthenticated', 'testLink'],
      ['teamsUnauthenticated', 'unauthenticated'],
      ['fabrikamRevoked', 'unauthenticated'],
      ['fabrikamConsentMissing', 'unauthenticated'],
      ['forbidden', 'forbidden'],
      ['unreachable', 'unreachable'],
      ['gatewayTimeout', 'unreachable'],
      ['badGateway', 'error'],
      ['missing', 'not-found'],
      ['testRequestsOk', 'connected', 'testRequest'],
      ['testRequestsUnauthorized', 'unauthenticated', 'testRequest'],
    ];
    for (const [key, status, via] of cases) {
      it(`${key} → ${status}`, async () => {
        const r = record(await client.testConnection(FIXTURE[key] as string));
        assert.strictEqual(r.status, status, `${r.status}: ${r.message} / ${r.explanation}`);
        if (via) assert.strictEqual(r.via, via);
        assert.ok(r.message && r.explanation && r.nextStep);
      });
    }

    it('explains AADSTS codes with their fix and links the portal to re-authorize', async () => {
      const r = record(await client.testConnection(FIXTURE.expired));
      assert.strictEqual(r.aadsts?.[0]?.code, '700082');
      assert.ok(/re-authorize/i.test(r.nextStep));
      const link = r.links?.[0]?.url;
      assert.strictEqual(link, `https://portal.azure.com/#@${FIXTURE.tenantId}/resource${FIXTURE.expired}/edit`);
      assert.ok(isAllowedExternalUrl(link!, client.cloud));
      const revoked = record(await client.testConnection(FIXTURE.fabrikamRevoked));
      assert.strictEqual(revoked.aadsts?.[0]?.code, '50173');
      const consent = record(await client.testConnection(FIXTURE.fabrikamConsentMissing));
      assert.strictEqual(consent.aadsts?.[0]?.code, '65001');
    });

    it('429 on the test link: retried after Retry-After, ends connected', async () => {
      const started = Date.now();
      const r = record(await client.testConnection(FIXTURE.throttled));
      assert.strictEqual(r.status, 'connected');
      assert.ok(Date.now() - started >= 2500, 'honoured Retry-After: 1 three times');
    });

    it('429 after the retries: throttled, with the wait asked', async () => {
      const c = make({ retry: { maxThrottleRetries: 2, baseDelayMs: 5 } });
      emu.fault({ path: /\/extensions\/proxy\/testconnection$/i }, { status: 429, retryAfter: 0 });
      const r = record(await c.testConnection(FIXTURE.healthy));
      assert.strictEqual(r.status, 'throttled');
      assert.strictEqual(r.httpStatus, 429);
      assert.strictEqual(r.retryAfterSeconds, 0);
    });

    it('refuses a hostile testLinks origin: the token never leaves for it', async () => {
      const before = logs.length;
      const r = record(await client.testConnection(FIXTURE.hostile));
      assert.strictEqual(r.status, 'error');
      assert.strictEqual(r.code, 'InsecureTarget');
      assert.ok(r.explanation.includes('not called with your Azure token'));
      assert.ok(!logs.slice(before).some((l) => l.includes('evil.example.com/steal') && /→ \d/.test(l)), 'no request was sent');
    });

    it('refuses look-alike origins on the emulator itself (other host name, port, userinfo)', async () => {
      const port = new URL(emu.url).port;
      const base = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.healthy)!;
      const variants = [
        `http://localhost:${port}${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`,
        `http://127.0.0.1:${Number(port) + 1}${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`,
        `http://127.0.0.1:${port}@evil.example.com${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`,
        `https://127.0.0.1:${port}${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`,
      ];
      for (const [i, requestUri] of variants.entries()) {
        const name = `hostile-variant-${i}`;
        emu.data.connections.push({ ...base, name, testLinks: [{ requestUri, method: 'get' }], accessPolicies: [] });
        const id = connectionIdOf({ ...base, name });
        const n = emu.requests.length;
        const r = record(await client.testConnection(id));
        assert.strictEqual(r.code, 'InsecureTarget', requestUri);
        assert.ok(emu.requests.slice(n).every((x) => x.route === 'connection'), 'only the GET of the connection reached the emulator');
      }
    });

    it('a second (foreign) emulator never receives anything: testLinks or nextLink pointing at it', async () => {
      const foreign = await startEmulator({ token: TOKEN });
      try {
        const base = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.healthy)!;
        const name = 'foreign-testlink';
        emu.data.connections.push({ ...base, name, testLinks: [{ requestUri: `${foreign.url}${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`, method: 'get' }] });
        const r = record(await client.testConnection(connectionIdOf({ ...base, name })));
        assert.strictEqual(r.code, 'InsecureTarget');
        const page = record(await client.collect(`${foreign.url}/subscriptions?api-version=2022-12-01`, (x) => x));
        assert.ok(!page.ok && page.error.kind === 'insecure-target');
        assert.strictEqual(foreign.requests.length, 0, 'the foreign origin got no request (and so no token)');
      } finally {
        await foreign.close();
      }
    });

    it('a nextLink to another origin is not followed', async () => {
      const srv = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: [{ subscriptionId: 'a' }], nextLink: 'https://evil.example.com/next?api-version=1' }));
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      try {
        const c = make({ armEndpoint: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` });
        const r = record(await c.collect('/subscriptions', (x) => x, { apiVersion: '1' }));
        assert.ok(r.ok && r.value.items.length === 1);
        assert.strictEqual(r.ok && r.value.incomplete?.kind, 'insecure-target');
      } finally {
        srv.close();
      }
    });
  });

  describe('faults', () => {
    it('a 429 storm completes without a user-visible failure', async () => {
      // Every list and get answers 429 (Retry-After: 1) for a while.
      emu.fault({ path: /\/providers\/Microsoft\.Web\/connections(\/[^/]+)?$/i, method: 'GET' }, { status: 429, retryAfter: 1, times: 25 });
      const started = Date.now();
      const [list, ...gets] = await Promise.all([
        client.listConnections({ source: 'arm' }),
        ...emu.data.connections.slice(0, 12).map((c) => client.getConnection(connectionIdOf(c))),
      ]);
      const l = value(list!);
      assert.deepStrictEqual(l.errors, []);
      assert.strictEqual(l.connections.length, emu.data.connections.length);
      for (const g of gets) value(g);
      const throttled = emu.requests.filter((r) => r.status === 429).length;
      console.log(`      429 storm: ${throttled} throttled answers absorbed in ${Date.now() - started} ms`);
      assert.ok(throttled >= 25);
    });

    it('Retry-After beyond the limit is not waited for', async () => {
      emu.fault({ path: FIXTURE.healthy }, { status: 429, retryAfter: 3600 });
      const started = Date.now();
      const e = error(await client.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'throttled');
      assert.strictEqual(e.retryAfterSeconds, 3600);
      assert.ok(Date.now() - started < 5000);
    });

    it('5xx is retried, then succeeds; persistent 5xx is a server error', async () => {
      emu.fault({ path: FIXTURE.healthy }, { status: 500, times: 2 });
      value(await client.getConnection(FIXTURE.healthy));
      emu.fault({ path: FIXTURE.healthy }, { status: 503 });
      const e = error(await client.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'server');
      assert.strictEqual(e.status, 503);
      assert.strictEqual(e.code, 'ServiceUnavailable');
    });

    it('401 / 403 / 404 faults become typed errors with the ARM code and message', async () => {
      for (const [status, kind] of [
        [401, 'unauthenticated'],
        [403, 'forbidden'],
        [404, 'not-found'],
      ] as const) {
        emu.fault({ path: FIXTURE.healthy }, { status, times: 1 });
        const e = error(await client.getConnection(FIXTURE.healthy));
        assert.strictEqual(e.kind, kind);
        assert.strictEqual(e.status, status);
        assert.ok(e.code && e.message && e.requestId);
      }
    });

    it('a hang ends at the timeout', async () => {
      emu.fault({ path: FIXTURE.healthy }, { hang: true, times: 1 });
      const started = Date.now();
      const e = error(await client.getConnection(FIXTURE.healthy));
      const took = Date.now() - started;
      assert.strictEqual(e.kind, 'timeout');
      console.log(`      hang ended after ${took} ms (timeout 1000 ms)`);
      assert.ok(took < 5000);
    });

    it('a slow answer past the timeout is a timeout; within it, fine', async () => {
      emu.fault({ path: FIXTURE.healthy }, { delayMs: 1500, times: 1 });
      assert.strictEqual(error(await client.getConnection(FIXTURE.healthy)).kind, 'timeout');
      emu.fault({ path: FIXTURE.healthy }, { delayMs: 100, times: 1 });
      value(await client.getConnection(FIXTURE.healthy));
    });

    it('a malformed body is a bad-response', async () => {
      emu.fault({ path: FIXTURE.healthy }, { malformed: true, times: 1 });
      const e = error(await client.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'bad-response');
    });

    it('an unreachable endpoint is a network error', async () => {
      const srv = http.createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as AddressInfo).port;
      await new Promise<void>((r) => srv.close(() => r()));
      const c = make({ armEndpoint: `http://127.0.0.1:${port}` });
      const e = error(await c.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'network');
      assert.strictEqual(e.code, 'ECONNREFUSED');
    });

    it('a wrong token is unauthenticated, and the message does not carry it', async () => {
      const c = make({ credential: staticTokenCredential('some-other-token-value-123') });
      const e = error(await c.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'unauthenticated');
      assert.strictEqual(e.code, 'AuthenticationFailed');
      const t = record(await c.testConnection(FIXTURE.healthy));
      assert.ok(/sign in to Azure again/i.test(t.nextStep));
    });

    it('a claims challenge (CAE) gets a fresh token with the claims, once', async () => {
      const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
      let calls = 0;
      const srv = http.createServer((req, res) => {
        calls++;
        if (req.headers.authorization === 'Bearer fresh-token-with-claims') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ value: [] }));
          return;
        }
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`,
        });
        res.end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'claims required' } }));
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      try {
        const asked: (string | undefined)[] = [];
        const c = make({
          armEndpoint: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
          credential: {
            getToken: async (_s, o) => {
              asked.push(o?.claims);
              return { token: o?.claims ? 'fresh-token-with-claims' : 'stale-token-0123456789', expiresOnTimestamp: Date.now() + 3600_000 };
            },
          },
        });
        value(await c.listSubscriptions());
        assert.deepStrictEqual(asked, [undefined, claims]);
        assert.strictEqual(calls, 2);
      } finally {
        srv.close();
      }
    });

    it('a slow credential does not count against the request timeout', async () => {
      const c = make({
        credential: {
          getToken: async () => {
            await new Promise((r) => setTimeout(r, 1300));
            return { token: TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
          },
        },
      });
      value(await c.getConnection(FIXTURE.healthy));
    });

    it('a credential that fails is unauthenticated, never a throw', async () => {
      const c = make({
        credential: {
          getToken: async () => {
            throw new Error('AADSTS700082: refresh token expired. Bearer abc.def.ghi-0123456789');
          },
        },
      });
      const e = error(await c.getConnection(FIXTURE.healthy));
      assert.strictEqual(e.kind, 'unauthenticated');
      assert.strictEqual(e.aadsts?.[0]?.code, '700082');
      assert.ok(!e.message.includes('abc.def.ghi'));
    });
  });

  describe('cancellation', () => {
    it('cancel stops a hanging request within 1 s', async () => {
      emu.fault({ path: FIXTURE.healthy }, { hang: true, times: 1 });
      const c = make({ timeoutMs: 30_000 });
      const ac = new AbortController();
      const p = c.getConnection(FIXTURE.healthy, { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      ac.abort();
      const e = error(await p);
      assert.strictEqual(e.kind, 'cancelled');
      assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    });

    it('cancel stops a Retry-After wait and a whole listing within 1 s', async () => {
      emu.fault({ path: /\/providers\/Microsoft\.Web\/connections$/i }, { status: 429, retryAfter: 30 });
      // A client of its own: the 30 s Retry-After holds its subscriptions back (by design).
      const c = make();
      const ac = new AbortController();
      const p = c.listConnections({ source: 'arm', signal: ac.signal });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      ac.abort();
      const e = error(await p);
      assert.strictEqual(e.kind, 'cancelled');
      assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
      const t = record(await c.testConnection(FIXTURE.healthy, { signal: AbortSignal.abort() }));
      assert.strictEqual(t.code, 'Cancelled');
    });

    it('cancel stops requests queued in the limiter', async () => {
      emu.fault({ path: /\/connections\/[^/]+$/i, method: 'GET' }, { delayMs: 2000 });
      const c = make({ timeoutMs: 10_000, limits: { maxConcurrent: 2 } });
      const ac = new AbortController();
      const all = Promise.all(emu.data.connections.map((x) => c.getConnection(connectionIdOf(x), { signal: ac.signal })));
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      ac.abort();
      const results = await all;
      assert.ok(Date.now() - t0 < 1000);
      assert.ok(results.every((r) => !r.ok && r.error.kind === 'cancelled'));
      assert.ok(c.limiter.peakInFlight <= 2);
    });
  });

  describe('limits', () => {
    it('at most 8 requests in flight', async () => {
      const slow = await startEmulator({ token: TOKEN, latencyMs: 30 });
      try {
        const c = make({ armEndpoint: slow.url });
        const ids = slow.data.connections.map(connectionIdOf);
        const rs = await Promise.all([...ids, ...ids].map((id) => c.getConnection(id)));
        rs.forEach((r) => value(r));
        assert.ok(c.limiter.peakInFlight <= 8 && c.limiter.peakInFlight >= 2, String(c.limiter.peakInFlight));
      } finally {
        await slow.close();
      }
    });

    it('requests per second per subscription stay under the limit', async () => {
      const c = make({ limits: { requestsPerSecond: 40, burst: 10 } });
      const id = FIXTURE.healthy;
      const n = emu.requests.length;
      const started = Date.now();
      await Promise.all(Array.from({ length: 50 }, () => c.getConnection(id)));
      const took = Date.now() - started;
      const times = emu.requests.slice(n).map((r) => r.at);
      // Token bucket: burst 10, then 40/s → 50 requests need at least ~1 s.
      assert.ok(took >= 900, `${took} ms`);
      for (const t of times) assert.ok(times.filter((x) => x >= t && x < t + 1000).length <= 10 + 40 + 1);
    });
  });

  describe('writes and keys', () => {
    it('consent: links pass the allowlist; a valid code re-authorizes the connection', async () => {
      const links = value(await client.listConsentLinks(FIXTURE.expired, { redirectUrl: REDIRECT, objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId }));
      assert.strictEqual(links.length, 1);
      assert.ok(links[0]!.allowed && links[0]!.link!.startsWith('https://logic-apis-westeurope.consent.azure-apim.net/'));
      const body = emu.requests.filter((r) => r.route === 'listConsentLinks').pop()!.body as { parameters: { redirectUrl: string }[] };
      assert.strictEqual(body.parameters[0]!.redirectUrl, REDIRECT);
      const bad = error(await client.confirmConsentCode(FIXTURE.expired, { code: 'wrong-code-123', objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId }));
      assert.strictEqual(bad.status, 400);
      assert.ok(!bad.message.includes('wrong-code-123'));
      value(await client.confirmConsentCode(FIXTURE.expired, { code: FIXTURE.validConsentCode, objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId }));
      assert.strictEqual(record(await client.testConnection(FIXTURE.expired)).status, 'connected');
      assert.strictEqual(error(await client.listConsentLinks(FIXTURE.blobKey, { redirectUrl: REDIRECT })).status, 400);
    });

    it('connection keys: validity 7 days, runtime URL, decoded expiry; V1 refused', async () => {
      const k = value(await client.listConnectionKeys(FIXTURE.devOffice365));
      keys.push(k.connectionKey);
      const sent = emu.requests.filter((r) => r.route === 'listConnectionKeys').pop()!;
      assert.deepStrictEqual(sent.body, { validityTimeSpan: '7' });
      assert.ok(k.runtimeUrl?.startsWith('https://'));
      const days = (Date.parse(k.expiresAt!) - Date.now()) / 86400_000;
      assert.ok(days > 6.9 && days <= 7.01, String(days));
      assert.strictEqual(error(await client.listConnectionKeys(FIXTURE.keyvaultV1)).status, 400);
    });

    it('access policies: list, create, then listed', async () => {
      const before = value(await client.listAccessPolicies(FIXTURE.blobMsi));
      assert.ok(!before.some((p) => p.objectId === FIXTURE.sitePrincipalId));
      const created = value(await client.createAccessPolicy(FIXTURE.blobMsi, { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId, name: 'la-orders-prod-msi' }));
      assert.strictEqual(created.objectId, FIXTURE.sitePrincipalId);
      const put = emu.requests.filter((r) => r.route === 'accessPolicy' && r.method === 'PUT').pop()!;
      // The body the official extension sends (ensureAccessPolicyLocalMSI), at its api-version.
      assert.deepStrictEqual(put.body, {
        properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId } } },
      });
      assert.strictEqual(put.query['api-version'], '2016-06-01');
      const after = value(await client.listAccessPolicies(FIXTURE.blobMsi));
      assert.ok(after.some((p) => p.objectId === FIXTURE.sitePrincipalId));
      assert.strictEqual(error(await client.listAccessPolicies(FIXTURE.keyvaultV1)).status, 400);
      const puts = emu.requests.filter((r) => r.method === 'PUT').length;
      const v1 = error(await client.createAccessPolicy(FIXTURE.keyvaultV1, { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId }));
      assert.deepStrictEqual([v1.code, /V1 connections have no access policies/.test(v1.message)], ['V1Connection', true]);
      assert.strictEqual(emu.requests.filter((r) => r.method === 'PUT').length, puts, 'nothing is sent for a V1 connection');
      assert.strictEqual(error(await client.createAccessPolicy(FIXTURE.blobMsi, { objectId: 'not-a-guid', tenantId: FIXTURE.tenantId })).code, 'InvalidIdentity');
    });

    it('delete: deleted, then nothing to delete', async () => {
      const base = emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE.servicebusV1)!;
      emu.data.connections.push({ ...base, name: 'to-delete' });
      const id = connectionIdOf({ ...base, name: 'to-delete' });
      assert.deepStrictEqual(value(await client.deleteConnection(id)), { deleted: true });
      assert.deepStrictEqual(value(await client.deleteConnection(id)), { deleted: false });
    });
  });

  describe('diagnosis', () => {
    it('missing access policy for the app\'s managed identity is an error', async () => {
      const c = make();
      const fresh = await startEmulator({ token: TOKEN });
      try {
        const d = createAzureClient({ credential: staticTokenCredential(TOKEN), armEndpoint: fresh.url, tenantId: FIXTURE.tenantId, timeoutMs: 1000 });
        const report = record(
          await diagnoseConnection(d, {
            connectionId: FIXTURE.blobMsi,
            projectKind: 'standard',
            expectedIdentity: { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId, source: 'managed-identity', description: 'la-orders-prod' },
          }),
        );
        assert.strictEqual(report.overall, 'error');
        const acl = report.checks.find((x) => x.id === 'access-policies')!;
        assert.strictEqual(acl.severity, 'error');
        assert.ok(acl.nextStep!.includes(FIXTURE.sitePrincipalId));
        assert.strictEqual(report.accessPolicies?.covered, false);
        assert.strictEqual(report.consent?.needsConsent, false);
        const md = toMarkdown(report);
        assert.ok(md.includes('No access policy'));
        assert.deepStrictEqual(JSON.parse(toJSON(report)).checks.length, report.checks.length);
      } finally {
        await fresh.close();
      }
      void c;
    });

    it('healthy connection with its identity and a fresh key is ok; V1 in a Standard project is an error', async () => {
      const k = value(await client.listConnectionKeys(FIXTURE.healthy));
      keys.push(k.connectionKey);
      const ok = record(
        await diagnoseConnection(client, {
          connectionId: FIXTURE.healthy,
          projectKind: 'standard',
          expectedIdentity: { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId, source: 'managed-identity' },
          connectionKey: k.connectionKey,
        }),
      );
      assert.strictEqual(ok.overall, 'ok', JSON.stringify(ok.checks));
      assert.strictEqual(ok.connectionKey?.expired, false);
      assert.strictEqual(ok.test?.status, 'connected');
      assert.strictEqual(ok.connection?.authenticatedUser, 'ops@contoso.com');
      assert.ok(!toJSON(ok).includes(k.connectionKey.split('.')[1]!), 'the key itself is not in the report');
      const v1 = record(await diagnoseConnection(client, { connectionId: FIXTURE.keyvaultV1, projectKind: 'standard' }));
      assert.strictEqual(v1.checks.find((x) => x.id === 'kind')?.severity, 'error');
      const expired = record(await diagnoseConnection(client, { connectionId: FIXTURE.fabrikamRevoked, connectionKey: 'not-a-jwt' }));
      assert.strictEqual(expired.test?.status, 'unauthenticated');
      assert.strictEqual(expired.checks.find((x) => x.id === 'connection-key')?.severity, 'warning');
      const missing = record(await diagnoseConnection(client, { connectionId: FIXTURE.missing }));
      assert.strictEqual(missing.checks[0]!.id, 'lookup');
      record(toMarkdown(expired));
    });
  });

  describe('scale', () => {
    it('lists 5,000 connections across 20 subscriptions (prints the time)', async function () {
      this.timeout(120_000);
      const big = await startEmulator({ token: TOKEN, data: largeTenant() });
      try {
        const c = make({ armEndpoint: big.url, timeoutMs: 30_000 });
        let t = Date.now();
        const rg = value(await c.listConnections());
        const rgMs = Date.now() - t;
        assert.strictEqual(rg.source, 'resource-graph');
        assert.strictEqual(rg.connections.length, 5000);
        t = Date.now();
        const arm = value(await c.listConnections({ source: 'arm' }));
        const armMs = Date.now() - t;
        assert.strictEqual(arm.connections.length, 5000);
        assert.deepStrictEqual(arm.errors, []);
        console.log(`      5,000 connections / 20 subscriptions: Resource Graph ${rgMs} ms (${big.requests.filter((r) => r.route === 'resourceGraph').length} pages), ARM fallback ${armMs} ms (${big.requests.filter((r) => r.route === 'subscriptionConnections').length} pages, peak ${c.limiter.peakInFlight} in flight)`);
        outputs.push(JSON.stringify(rg.connections.slice(0, 50)));
      } finally {
        await big.close();
      }
    });
  });

  describe('no token or key anywhere', () => {
    it('the token never appears in results, errors or log lines; keys only in listConnectionKeys results', () => {
      assert.ok(outputs.length > 50);
      assert.ok(logs.length > 50);
      for (const o of outputs) assert.ok(!o.includes(TOKEN), `token in output: ${o.slice(0, 200)}`);
      for (const l of logs) assert.ok(!l.includes(TOKEN), `token in log: ${l}`);
      for (const l of logs) assert.ok(!l.includes(KEY_MARKER) && !keys.some((k) => l.includes(k.split('.')[1]!)), `key in log: ${l}`);
      const nonKeyOutputs = outputs.filter((o) => !o.includes('"connectionKey"'));
      for (const k of keys) for (const o of nonKeyOutputs) assert.ok(!o.includes(k.split('.')[1]!), 'key leaked');
      // Every request to the emulator carried the token, and only the emulator got it.
      assert.ok(emu.requests.every((r) => r.hadBearer));
    });
  });
});

/**
 * The local ARM emulator (test/emulator) over plain fetch: auth, paging, every route's shape,
 * fault injection, Resource Graph, connection keys, a 5,000-connection tenant and `npm run emulator`.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import {
  DEFAULT_TOKEN,
  DEVELOPER_TOKEN,
  defaultData,
  FIXTURE,
  FIXTURE_NAMES,
  HOSTILE_TEST_URI,
  largeTenant,
  MALFORMED_BODY,
  RECORDED_REQUESTS_PATH,
  startEmulator,
  type Emulator,
} from '../emulator';
import { connectionIdOf, siteIdOf } from '../emulator/data';

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` };
const CONN_API = 'api-version=2018-07-01-preview';

type Json = Record<string, unknown>;
interface Res {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

async function call(emu: Emulator | string, pathOrUrl: string, init: RequestInit & { json?: unknown } = {}): Promise<Res> {
  const base = typeof emu === 'string' ? emu : emu.url;
  const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl}`;
  const { json, ...rest } = init;
  const headers: Record<string, string> = { ...AUTH, ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) };
  const r = await fetch(url, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const text = await r.text();
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    /* keep {} */
  }
  return { status: r.status, headers: r.headers, text, body };
}

const post = (emu: Emulator, p: string, json: unknown = {}) => call(emu, p, { method: 'POST', json });

/** Follows `nextLink` to the end; returns every item and the number of pages. */
async function listAll(emu: Emulator, first: string): Promise<{ items: Json[]; pages: number; links: string[] }> {
  const items: Json[] = [];
  const links: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const r = await call(emu, next);
    assert.strictEqual(r.status, 200, r.text);
    items.push(...(r.body.value as Json[]));
    next = r.body.nextLink as string | undefined;
    if (next) links.push(next);
    pages++;
    assert.ok(pages < 10_000, 'paging never ends');
  }
  return { items, pages, links };
}

async function graph(emu: Emulator, body: Json): Promise<Res> {
  return post(emu, '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01', body);
}

const props = (r: Res) => r.body.properties as Json;
const CONNECTIONS_QUERY = "resources | where type =~ 'microsoft.web/connections' | project id, name, type, location, resourceGroup, subscriptionId, kind, properties";

describe('ARM emulator', function () {
  this.timeout(30000);
  let emu: Emulator;

  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('basics', () => {
    it('listens on 127.0.0.1 and closes', async () => {
      assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await call(emu, '/subscriptions?api-version=2022-12-01');
      assert.strictEqual(r.status, 200);
      await emu.close();
      await assert.rejects(fetch(`${emu.url}/subscriptions?api-version=2022-12-01`, { headers: AUTH }));
    });

    it('requires the bearer token (401 AuthenticationFailed) and records requests with the token redacted', async () => {
      const none = await fetch(`${emu.url}/subscriptions?api-version=2022-12-01`);
      assert.strictEqual(none.status, 401);
      assert.strictEqual(none.headers.get('content-type'), 'application/json');
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer /);
      const noneBody = (await none.json()) as { error: { code: string; message: string } };
      assert.strictEqual(noneBody.error.code, 'AuthenticationFailed');
      assert.ok(noneBody.error.message);

      const wrong = await call(emu, '/subscriptions?api-version=2022-12-01', { headers: { authorization: 'Bearer not-the-token' } });
      assert.strictEqual(wrong.status, 401);
      assert.strictEqual((wrong.body.error as Json).code, 'AuthenticationFailed');
      const basic = await call(emu, '/subscriptions?api-version=2022-12-01', { headers: { authorization: `Basic ${DEFAULT_TOKEN}` } });
      assert.strictEqual(basic.status, 401);

      const good = await call(emu, '/subscriptions?api-version=2022-12-01', { headers: { 'x-ms-client-request-id': 'abc' } });
      assert.strictEqual(good.status, 200);

      const [r1, r2, r3, r4] = emu.requests;
      assert.deepStrictEqual([r1!.hadBearer, r1!.tokenOk, r1!.headers.authorization], [false, false, undefined]);
      assert.deepStrictEqual([r2!.hadBearer, r2!.tokenOk, r2!.headers.authorization], [true, false, 'Bearer <redacted>']);
      assert.deepStrictEqual([r3!.hadBearer, r3!.tokenOk, r3!.headers.authorization], [false, false, '<redacted>']);
      assert.deepStrictEqual([r4!.hadBearer, r4!.tokenOk, r4!.headers.authorization], [true, true, 'Bearer <redacted>']);
      assert.deepStrictEqual(r4!.query, { 'api-version': '2022-12-01' });
      assert.strictEqual(r4!.method, 'GET');
      assert.strictEqual(r4!.path, '/subscriptions');
      assert.strictEqual(r4!.route, 'subscriptions');
      assert.strictEqual(r4!.status, 200);
      assert.ok(!JSON.stringify(emu.requests).includes(DEFAULT_TOKEN), 'the token never appears in the record');
    });

    it('takes a custom token', async () => {
      const other = await startEmulator({ token: 's3cret' });
      try {
        assert.strictEqual((await call(other, '/subscriptions?api-version=2022-12-01')).status, 401);
        assert.strictEqual((await call(other, '/subscriptions?api-version=2022-12-01', { headers: { authorization: 'Bearer s3cret' } })).status, 200);
      } finally {
        await other.close();
      }
    });

    it('sends ARM headers on every JSON response', async () => {
      for (const p of ['/subscriptions?api-version=2022-12-01', `${FIXTURE.missing}?${CONN_API}`, '/nowhere?api-version=1']) {
        const r = await call(emu, p);
        assert.strictEqual(r.headers.get('content-type'), 'application/json', p);
        assert.match(r.headers.get('x-ms-request-id') ?? '', /^[0-9a-f-]{36}$/, p);
        assert.match(r.headers.get('x-ms-ratelimit-remaining-subscription-reads') ?? '', /^\d+$/, p);
      }
    });

    it('requires api-version (400 MissingApiVersionParameter), 404 for unknown routes, 405 for wrong methods', async () => {
      const r = await call(emu, '/subscriptions');
      assert.strictEqual(r.status, 400);
      assert.strictEqual((r.body.error as Json).code, 'MissingApiVersionParameter');
      assert.strictEqual((await call(emu, '/providers/Microsoft.Nothing/x?api-version=1')).status, 404);
      assert.strictEqual((await call(emu, `${FIXTURE.healthy}?${CONN_API}`, { method: 'PATCH', json: {} })).status, 405);
    });

    it('matches paths case-insensitively, like ARM', async () => {
      const r = await call(emu, `${FIXTURE.healthy.replace('resourceGroups', 'RESOURCEGROUPS').replace('Microsoft.Web', 'microsoft.web')}?${CONN_API}`);
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.body.id, FIXTURE.healthy);
    });

    it('FIXTURE ids all exist in defaultData()', () => {
      const data = defaultData();
      const ids = new Set(data.connections.map(connectionIdOf));
      for (const key of Object.keys(FIXTURE_NAMES)) {
        assert.ok(ids.has((FIXTURE as unknown as Record<string, string>)[key]!), key);
      }
      assert.ok(!ids.has(FIXTURE.missing));
      assert.ok(data.connections.length >= 25 && data.connections.length <= 35);
      assert.ok(data.connections.some((c) => c.kind === 'V1') && data.connections.some((c) => c.kind === 'V2'));
      assert.notStrictEqual(defaultData().connections, data.connections, 'a fresh copy each time');
    });
  });

  describe('subscriptions, resource groups, connection lists', () => {
    it('GET /subscriptions pages by 2 with absolute nextLinks on the emulator', async () => {
      const first = await call(emu, '/subscriptions?api-version=2022-12-01');
      assert.strictEqual((first.body.value as Json[]).length, 2);
      const all = await listAll(emu, '/subscriptions?api-version=2022-12-01');
      assert.strictEqual(all.pages, 2);
      assert.ok(all.links.every((l) => l.startsWith(`${emu.url}/subscriptions?`) && l.includes('api-version=2022-12-01')));
      assert.deepStrictEqual(
        all.items.map((s) => s.displayName),
        ['Contoso Production', 'Contoso Dev', 'Fabrikam', 'Contoso Integration'],
      );
      const s = all.items[0]!;
      assert.strictEqual(s.id, `/subscriptions/${FIXTURE.subscriptions.contosoProd}`);
      assert.strictEqual(s.subscriptionId, FIXTURE.subscriptions.contosoProd);
      assert.strictEqual(s.state, 'Enabled');
      assert.strictEqual(s.tenantId, FIXTURE.tenantId);
    });

    it('GET /subscriptions/{s} and resource groups (paged), 404s for unknown scopes', async () => {
      const sub = await call(emu, `/subscriptions/${FIXTURE.subscriptions.fabrikam}?api-version=2022-12-01`);
      assert.strictEqual(sub.body.displayName, 'Fabrikam');
      const rgs = await listAll(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups?api-version=2021-04-01`);
      assert.strictEqual(rgs.pages, 2);
      assert.deepStrictEqual(
        rgs.items.map((g) => g.name),
        [FIXTURE.resourceGroups.integrationProd, FIXTURE.resourceGroups.sharedProd, FIXTURE.resourceGroups.logicAppProd],
      );
      assert.strictEqual(rgs.items[0]!.id, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups/${FIXTURE.resourceGroups.integrationProd}`);
      assert.strictEqual(rgs.items[0]!.location, 'westeurope');
      const missingSub = await call(emu, '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups?api-version=2021-04-01');
      assert.strictEqual(missingSub.status, 404);
      assert.strictEqual((missingSub.body.error as Json).code, 'SubscriptionNotFound');
      const missingRg = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups/rg-nope?api-version=2021-04-01`);
      assert.strictEqual((missingRg.body.error as Json).code, 'ResourceGroupNotFound');
    });

    it('lists connections per subscription and per resource group, paging to the end', async () => {
      const small = await startEmulator({ data: defaultData({ pageSize: 3 }) });
      try {
        const prod = FIXTURE.subscriptions.contosoProd;
        const all = await listAll(small, `/subscriptions/${prod}/providers/Microsoft.Web/connections?${CONN_API}`);
        const expected = small.data.connections.filter((c) => c.subscriptionId === prod).map(connectionIdOf);
        assert.deepStrictEqual(all.items.map((c) => c.id), expected);
        assert.strictEqual(all.pages, Math.ceil(expected.length / 3));
        assert.ok(all.links.every((l) => l.startsWith(small.url) && l.includes(CONN_API) && /\$skiptoken=/.test(l)));
        assert.ok(all.items.every((c) => c.type === 'Microsoft.Web/connections' && (c.kind === 'V1' || c.kind === 'V2')));

        const rg = FIXTURE.resourceGroups.sharedProd;
        const inRg = await listAll(small, `/subscriptions/${prod}/resourceGroups/${rg}/providers/Microsoft.Web/connections?${CONN_API}`);
        assert.deepStrictEqual(
          inRg.items.map((c) => c.id),
          small.data.connections.filter((c) => c.resourceGroup === rg).map(connectionIdOf),
        );
        const empty = await call(small, `/subscriptions/${FIXTURE.subscriptions.contosoDev}/resourceGroups/${FIXTURE.resourceGroups.sandboxDev}/providers/Microsoft.Web/connections?${CONN_API}`);
        assert.deepStrictEqual(empty.body, { value: [] });
      } finally {
        await small.close();
      }
    });

    it('default connection page size is 50; $top and a bad $skiptoken', async () => {
      const big = await startEmulator({ data: largeTenant({ subscriptions: 1, connectionsPerSubscription: 120 }) });
      try {
        const sub = big.data.subscriptions[0]!.subscriptionId;
        const p = `/subscriptions/${sub}/providers/Microsoft.Web/connections?${CONN_API}`;
        const first = await call(big, p);
        assert.strictEqual((first.body.value as Json[]).length, 50);
        assert.strictEqual((await listAll(big, p)).pages, 3);
        const top = await call(big, `${p}&$top=7`);
        assert.strictEqual((top.body.value as Json[]).length, 7);
        assert.match(top.body.nextLink as string, /\$top=7/);
        const bad = await call(big, `${p}&$skiptoken=garbage`);
        assert.strictEqual(bad.status, 400);
      } finally {
        await big.close();
      }
    });
  });

  describe('GET / DELETE a connection', () => {
    it('a healthy V2 connection has the ARM shape, a runtime URL and a test link on the emulator', async () => {
      const r = await call(emu, `${FIXTURE.healthy}?${CONN_API}`);
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.body.id, FIXTURE.healthy);
      assert.strictEqual(r.body.name, FIXTURE_NAMES.healthy);
      assert.strictEqual(r.body.type, 'Microsoft.Web/connections');
      assert.strictEqual(r.body.kind, 'V2');
      assert.strictEqual(r.body.location, 'westeurope');
      const p = props(r);
      assert.strictEqual(p.overallStatus, 'Connected');
      assert.strictEqual(p.connectionState, 'Enabled');
      assert.deepStrictEqual(p.statuses, [{ status: 'Connected' }]);
      assert.deepStrictEqual(p.authenticatedUser, { name: 'ops@contoso.com' });
      assert.match(p.createdTime as string, /^\d{4}-/);
      assert.match(p.changedTime as string, /^\d{4}-/);
      assert.ok(p.parameterValues && typeof p.parameterValues === 'object');
      const api = p.api as Json;
      assert.strictEqual(api.name, 'office365');
      assert.strictEqual(api.id, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Web/locations/westeurope/managedApis/office365`);
      assert.ok(api.type && api.displayName && api.iconUri);
      assert.match(p.connectionRuntimeUrl as string, /^https:\/\/[0-9a-f]{16}\.\d{2}\.common\.logic-westeurope\.azure-apihub\.net\/apim\/office365\/[0-9a-f]{32}\/$/);
      assert.deepStrictEqual(p.testLinks, [
        { requestUri: `${emu.url}${FIXTURE.healthy}/extensions/proxy/testconnection?api-version=2016-06-01`, method: 'get' },
      ]);
      assert.strictEqual((await call(emu, `${FIXTURE.healthy}?api-version=2016-06-01`)).status, 200);
    });

    it('regional: test links and test requests on a regional ARM host (real shape), no authenticatedUser', async () => {
      const r = await call(emu, `${FIXTURE.regional}?${CONN_API}`);
      const p = props(r);
      assert.strictEqual(p.authenticatedUser, undefined);
      assert.deepStrictEqual((p.testLinks as Json[]).map((l) => new URL(String(l.requestUri)).origin), ['https://southcentralus.management.azure.com']);
      assert.ok(String((p.testLinks as Json[])[0]!.requestUri).startsWith(`${FIXTURE.regionalArmOrigin}${FIXTURE.regional}/`), 'the explicit :443 of the captured answer');
      assert.ok(String((p.testRequests as Json[])[0]!.requestUri).endsWith('/dynamicInvoke?api-version=2018-07-01-preview'));
    });

    it('DEVELOPER_TOKEN: an unsigned token whose claims name the fixture developer', async () => {
      const dev = await startEmulator({ token: DEVELOPER_TOKEN });
      try {
        const claims = JSON.parse(Buffer.from(DEVELOPER_TOKEN.split('.')[1]!, 'base64url').toString('utf8')) as Json;
        assert.deepStrictEqual([claims.oid, claims.tid, claims.upn], [FIXTURE.developerObjectId, FIXTURE.tenantId, FIXTURE.developerName]);
        assert.strictEqual((await call(dev, '/subscriptions?api-version=2022-12-01', { headers: { authorization: `Bearer ${DEVELOPER_TOKEN}` } })).status, 200);
      } finally {
        await dev.close();
      }
    });

    it('V1 has no connectionRuntimeUrl; error, unauthenticated, testRequests and hostile fixtures', async () => {
      const v1 = props(await call(emu, `${FIXTURE.keyvaultV1}?${CONN_API}`));
      assert.strictEqual(v1.connectionRuntimeUrl, undefined);

      const expired = await call(emu, `${FIXTURE.expired}?${CONN_API}`);
      const e = props(expired);
      assert.strictEqual(e.overallStatus, 'Error');
      const status0 = (e.statuses as Json[])[0]!;
      assert.strictEqual((status0.error as Json).code, 'Unauthenticated');
      assert.match((status0.error as Json).message as string, /^Failed to refresh access token for service: office365\..*AADSTS700082/);

      const teams = props(await call(emu, `${FIXTURE.teamsUnauthenticated}?${CONN_API}`));
      assert.strictEqual(teams.authenticatedUser, undefined);
      assert.strictEqual(teams.overallStatus, 'Error');

      const tr = props(await call(emu, `${FIXTURE.testRequestsOk}?${CONN_API}`));
      assert.deepStrictEqual(tr.testLinks, []);
      const req0 = (tr.testRequests as Json[])[0]!;
      assert.strictEqual(req0.requestUri, `${emu.url}${FIXTURE.testRequestsOk}/dynamicInvoke?api-version=2018-07-01-preview`);
      assert.strictEqual(req0.method, 'POST');
      assert.ok((req0.body as Json).request);

      const hostile = props(await call(emu, `${FIXTURE.hostile}?${CONN_API}`));
      assert.deepStrictEqual(hostile.testLinks, [{ requestUri: HOSTILE_TEST_URI, method: 'get' }]);
    });

    it('404 ResourceNotFound / ResourceGroupNotFound', async () => {
      const r = await call(emu, `${FIXTURE.missing}?${CONN_API}`);
      assert.strictEqual(r.status, 404);
      assert.strictEqual((r.body.error as Json).code, 'ResourceNotFound');
      assert.ok((r.body.error as Json).message);
      const rg = await call(emu, `/subscriptions/${FIXTURE.subscriptions.contosoProd}/resourceGroups/rg-nope/providers/Microsoft.Web/connections/x?${CONN_API}`);
      assert.strictEqual((rg.body.error as Json).code, 'ResourceGroupNotFound');
    });

    it('DELETE answers 200, then the connection is gone (GET 404, DELETE 204)', async () => {
      const del = await call(emu, `${FIXTURE.devOffice365}?${CONN_API}`, { method: 'DELETE' });
      assert.strictEqual(del.status, 200);
      assert.strictEqual((await call(emu, `${FIXTURE.devOffice365}?${CONN_API}`)).status, 404);
      assert.strictEqual((await call(emu, `${FIXTURE.devOffice365}?${CONN_API}`, { method: 'DELETE' })).status, 204);
      assert.ok(!emu.data.connections.some((c) => connectionIdOf(c) === FIXTURE.devOffice365));
    });
  });

  describe('test connection', () => {
    async function testLink(id: string): Promise<string> {
      const links = props(await call(emu, `${id}?${CONN_API}`)).testLinks as { requestUri: string }[];
      return links[0]!.requestUri;
    }

    it('healthy 200; expired 401 with AADSTS700082; forbidden 403; gateways 502 / 504', async () => {
      assert.strictEqual((await call(emu, await testLink(FIXTURE.healthy))).status, 200);
      assert.strictEqual((await call(emu, await testLink(FIXTURE.healthy), { method: 'POST' })).status, 200);

      const expired = await call(emu, await testLink(FIXTURE.expired));
      assert.strictEqual(expired.status, 401);
      assert.match((expired.body.error as Json).message as string, /AADSTS700082: The refresh token has expired due to inactivity/);

      const forbidden = await call(emu, await testLink(FIXTURE.forbidden));
      assert.strictEqual(forbidden.status, 403);
      assert.match((forbidden.body.error as Json).message as string, /Forbidden/);

      assert.strictEqual((await call(emu, await testLink(FIXTURE.badGateway))).status, 502);
      assert.strictEqual((await call(emu, await testLink(FIXTURE.gatewayTimeout))).status, 504);
      const revoked = await call(emu, await testLink(FIXTURE.fabrikamRevoked));
      assert.match((revoked.body.error as Json).message as string, /AADSTS50173/);
    });

    it('unreachable: the test link never answers (the client must time out)', async () => {
      const uri = await testLink(FIXTURE.unreachable);
      const started = Date.now();
      await assert.rejects(fetch(uri, { headers: AUTH, signal: AbortSignal.timeout(300) }), (e: Error) => /AbortError|TimeoutError/.test(e.name));
      assert.ok(Date.now() - started < 5000);
      assert.strictEqual(emu.requests.at(-1)!.status, undefined);
    });

    it('throttled: 429 with Retry-After three times, then 200', async () => {
      const uri = await testLink(FIXTURE.throttled);
      for (let i = 0; i < 3; i++) {
        const r = await call(emu, uri);
        assert.strictEqual(r.status, 429);
        assert.strictEqual(r.headers.get('retry-after'), '1');
        assert.strictEqual((r.body.error as Json).code, 'TooManyRequests');
      }
      assert.strictEqual((await call(emu, uri)).status, 200);
      assert.strictEqual((await call(emu, uri)).status, 200);
    });

    it('dynamicInvoke for testRequests: OK and Unauthorized', async () => {
      const okReq = (props(await call(emu, `${FIXTURE.testRequestsOk}?${CONN_API}`)).testRequests as { requestUri: string; body: unknown }[])[0]!;
      const ok = await call(emu, okReq.requestUri, { method: 'POST', json: okReq.body });
      assert.strictEqual(ok.status, 200);
      assert.strictEqual((ok.body.response as Json).statusCode, 'OK');

      const badReq = (props(await call(emu, `${FIXTURE.testRequestsUnauthorized}?${CONN_API}`)).testRequests as { requestUri: string; body: unknown }[])[0]!;
      const bad = await call(emu, badReq.requestUri, { method: 'POST', json: badReq.body });
      assert.strictEqual(bad.status, 200);
      assert.strictEqual((bad.body.response as Json).statusCode, 'Unauthorized');

      const derived = await post(emu, `${FIXTURE.expired}/dynamicInvoke?${CONN_API}`, { request: { method: 'get', path: '/' } });
      assert.strictEqual((derived.body.response as Json).statusCode, 'Unauthorized');
      assert.strictEqual((await post(emu, `${FIXTURE.healthy}/dynamicInvoke?${CONN_API}`, {})).status, 400);
    });
  });

  describe('consent, keys, access policies', () => {
    it('listConsentLinks for OAuth APIs; 400 for the others', async () => {
      const r = await post(emu, `${FIXTURE.expired}/listConsentLinks?api-version=2016-06-01`, {
        parameters: [{ parameterName: 'token', redirectUrl: 'http://localhost:8080/redirect', objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId }],
      });
      assert.strictEqual(r.status, 200);
      const link = (r.body.value as Json[])[0]!;
      assert.match(link.link as string, /^https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\/login\?/);
      assert.match(link.firstPartyLoginUri as string, /^https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\//);
      assert.strictEqual(link.status, 'Unauthenticated');
      assert.ok(link.displayName);
      const blob = await post(emu, `${FIXTURE.blobMsi}/listConsentLinks?api-version=2016-06-01`, { parameters: [{ parameterName: 'token' }] });
      assert.strictEqual(blob.status, 400);
      assert.ok((blob.body.error as Json).code);
    });

    it("confirmConsentCode: a wrong code is 400; 'valid-code' flips the connection to Connected", async () => {
      const url = `${FIXTURE.expired}/confirmConsentCode?api-version=2016-06-01`;
      assert.strictEqual((await post(emu, url, { code: 'nope', objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId })).status, 400);
      const ok = await post(emu, url, { code: FIXTURE.validConsentCode, objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId });
      assert.strictEqual(ok.status, 200);
      const p = props(await call(emu, `${FIXTURE.expired}?${CONN_API}`));
      assert.strictEqual(p.overallStatus, 'Connected');
      assert.deepStrictEqual(p.statuses, [{ status: 'Connected' }]);
      assert.strictEqual((await call(emu, `${FIXTURE.expired}/extensions/proxy/testconnection?api-version=2016-06-01`)).status, 200);

      const teams = `${FIXTURE.teamsUnauthenticated}/confirmConsentCode?api-version=2016-06-01`;
      assert.strictEqual((await post(emu, teams, { code: 'valid-code' })).status, 200);
      assert.ok((props(await call(emu, `${FIXTURE.teamsUnauthenticated}?${CONN_API}`)).authenticatedUser as Json).name);
    });

    it('listConnectionKeys: an unsigned JWT expiring in 7 days and the runtime URL; V1 is 400', async () => {
      const r = await post(emu, `${FIXTURE.healthy}/listConnectionKeys?${CONN_API}`, { validityTimeSpan: '7' });
      assert.strictEqual(r.status, 200);
      const key = r.body.connectionKey as string;
      const parts = key.split('.');
      assert.strictEqual(parts.length, 3);
      assert.strictEqual(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()).alg, 'none');
      const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { exp: number; iat: number; nbf: number };
      const expected = Date.now() / 1000 + 7 * 86400;
      assert.ok(Math.abs(payload.exp - expected) < 60, `exp ${payload.exp} vs ${expected}`);
      assert.ok(payload.iat <= Date.now() / 1000 + 1 && payload.nbf === payload.iat);
      const runtimeUrl = props(await call(emu, `${FIXTURE.healthy}?${CONN_API}`)).connectionRuntimeUrl;
      assert.deepStrictEqual(r.body.runtimeUrls, [runtimeUrl]);

      const one = await post(emu, `${FIXTURE.healthy}/listConnectionKeys?${CONN_API}`, { validityTimeSpan: '1' });
      const exp1 = JSON.parse(Buffer.from((one.body.connectionKey as string).split('.')[1]!, 'base64url').toString()).exp as number;
      assert.ok(Math.abs(exp1 - (Date.now() / 1000 + 86400)) < 60);

      assert.strictEqual((await post(emu, `${FIXTURE.keyvaultV1}/listConnectionKeys?${CONN_API}`, { validityTimeSpan: '7' })).status, 400);
      assert.strictEqual((await post(emu, `${FIXTURE.healthy}/listConnectionKeys?${CONN_API}`, {})).status, 400);
    });

    it("access policies: the site's identity on one connection, missing on another; PUT creates; V1 is 400", async () => {
      const site = await call(emu, `${FIXTURE.site}?api-version=2023-12-01`);
      const principalId = (site.body.identity as Json).principalId;
      assert.strictEqual(principalId, FIXTURE.sitePrincipalId);

      const policies = async (id: string) => (await call(emu, `${id}/accessPolicies?api-version=2016-06-01`)).body.value as Json[];
      const objectIds = (v: Json[]) => v.map((p) => (((p.properties as Json).principal as Json).identity as Json).objectId);
      const healthy = await policies(FIXTURE.healthy);
      assert.ok(objectIds(healthy).includes(FIXTURE.sitePrincipalId));
      const p0 = healthy[0]!;
      assert.strictEqual(p0.type, 'Microsoft.Web/connections/accessPolicies');
      assert.strictEqual(p0.id, `${FIXTURE.healthy}/accessPolicies/${p0.name}`);
      assert.strictEqual(((p0.properties as Json).principal as Json).type, 'ActiveDirectory');
      assert.ok(!objectIds(await policies(FIXTURE.blobMsi)).includes(FIXTURE.sitePrincipalId));

      const put = (name: string) =>
        call(emu, `${FIXTURE.blobMsi}/accessPolicies/${name}?api-version=2016-06-01`, {
          method: 'PUT',
          json: { location: 'westeurope', properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId } } } },
        });
      assert.strictEqual((await put('la-orders-prod-msi')).status, 201);
      assert.strictEqual((await put('la-orders-prod-msi')).status, 200);
      assert.ok(objectIds(await policies(FIXTURE.blobMsi)).includes(FIXTURE.sitePrincipalId));
      const badPut = await call(emu, `${FIXTURE.blobMsi}/accessPolicies/x?api-version=2016-06-01`, { method: 'PUT', json: { properties: {} } });
      assert.strictEqual(badPut.status, 400);

      assert.strictEqual((await call(emu, `${FIXTURE.keyvaultV1}/accessPolicies?api-version=2016-06-01`)).status, 400);
    });
  });

  describe('managed APIs and Standard logic apps', () => {
    it('OAuth APIs have a token oauthSetting; key / MSI APIs have none; unknown 404', async () => {
      const at = (a: string) => `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Web/locations/westeurope/managedApis/${a}?api-version=2016-06-01`;
      for (const a of ['office365', 'sharepointonline', 'outlook']) {
        const r = await call(emu, at(a));
        assert.strictEqual(r.status, 200);
        const p = props(r);
        assert.strictEqual(p.name, a);
        const token = (p.connectionParameters as Json).token as Json;
        assert.strictEqual(token.type, 'oauthSetting');
        assert.ok((token.oAuthSettings as Json).clientId);
        assert.ok((p.runtimeUrls as string[]).length === 1 && Array.isArray(p.capabilities));
      }
      for (const a of ['azureblob', 'servicebus', 'keyvault']) {
        assert.deepStrictEqual(props(await call(emu, at(a))).connectionParameters, {});
      }
      assert.strictEqual((await call(emu, at('nope'))).status, 404);
    });

    it('GET a site (workflowapp with a system identity) and its deployed connections.json', async () => {
      const site = await call(emu, `${FIXTURE.site}?api-version=2023-12-01`);
      assert.strictEqual(site.body.kind, 'functionapp,workflowapp');
      assert.deepStrictEqual(site.body.identity, { type: 'SystemAssigned', principalId: FIXTURE.sitePrincipalId, tenantId: FIXTURE.tenantId });
      assert.ok(props(site).defaultHostName);
      const cfg = await call(emu, `${FIXTURE.site}/workflowsconfiguration/connections?api-version=2018-11-01`);
      assert.strictEqual(cfg.status, 200);
      const p = props(cfg);
      assert.deepStrictEqual(p.health, { state: 'Healthy' });
      const files = p.files as Record<string, Json>;
      const managed = files['connections.json']!.managedApiConnections as Record<string, Json>;
      assert.strictEqual((managed.office365!.connection as Json).id, FIXTURE.healthy);
      assert.strictEqual((managed.azureblob!.connection as Json).id, FIXTURE.blobMsi);
      assert.strictEqual(managed.office365!.connectionRuntimeUrl, props(await call(emu, `${FIXTURE.healthy}?${CONN_API}`)).connectionRuntimeUrl);
      assert.strictEqual((await call(emu, `${FIXTURE.site}x?api-version=2023-12-01`)).status, 404);
    });
  });

  describe('Resource Graph', () => {
    it('pages connections with $skipToken to the end, rows shaped like ARG', async () => {
      const subs = Object.values(FIXTURE.subscriptions);
      const rows: Json[] = [];
      let skipToken: string | undefined;
      let pages = 0;
      do {
        const r = await graph(emu, { subscriptions: subs, query: CONNECTIONS_QUERY, options: { $top: 5, ...(skipToken ? { $skipToken: skipToken } : {}) } });
        assert.strictEqual(r.status, 200, r.text);
        assert.strictEqual(r.body.totalRecords, emu.data.connections.length);
        assert.strictEqual(r.body.count, (r.body.data as Json[]).length);
        rows.push(...(r.body.data as Json[]));
        skipToken = r.body.$skipToken as string | undefined;
        pages++;
      } while (skipToken);
      assert.strictEqual(pages, Math.ceil(emu.data.connections.length / 5));
      assert.deepStrictEqual(rows.map((x) => x.id), emu.data.connections.map(connectionIdOf));
      const row = rows.find((x) => x.id === FIXTURE.healthy)!;
      assert.strictEqual(row.type, 'microsoft.web/connections');
      assert.strictEqual(row.name, FIXTURE_NAMES.healthy);
      assert.strictEqual(row.kind, 'V2');
      assert.strictEqual(row.location, 'westeurope');
      assert.strictEqual(row.resourceGroup, FIXTURE.resourceGroups.integrationProd);
      assert.strictEqual(row.subscriptionId, FIXTURE.subscriptions.contosoProd);
      assert.strictEqual((row.properties as Json).overallStatus, 'Connected');
    });

    it('filters by subscriptions and type; validates the request', async () => {
      const one = await graph(emu, { subscriptions: [FIXTURE.subscriptions.fabrikam], query: CONNECTIONS_QUERY });
      assert.ok((one.body.data as Json[]).every((x) => x.subscriptionId === FIXTURE.subscriptions.fabrikam));
      assert.strictEqual(one.body.totalRecords, emu.data.connections.filter((c) => c.subscriptionId === FIXTURE.subscriptions.fabrikam).length);
      assert.strictEqual(one.body.$skipToken, undefined);
      const sites = await post(emu, '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { query: "resources | where type =~ 'Microsoft.Web/sites'" });
      assert.deepStrictEqual((sites.body.data as Json[]).map((x) => x.id), emu.data.sites.map(siteIdOf));
      assert.ok((sites.body.data as Json[]).some((x) => x.id === FIXTURE.site));
      assert.strictEqual((await graph(emu, { subscriptions: [] })).status, 400);
      assert.strictEqual((await graph(emu, { query: CONNECTIONS_QUERY, options: { $top: 5000 } })).status, 400);
      assert.strictEqual((await graph(emu, { query: CONNECTIONS_QUERY, options: { $skipToken: 'bogus' } })).status, 400);
    });
  });

  describe('faults', () => {
    const subs = '/subscriptions?api-version=2022-12-01';

    it('status with Retry-After, `times`, then back to normal; default ARM error bodies', async () => {
      emu.fault({ path: '/subscriptions' }, { status: 429, retryAfter: 2, times: 2 });
      for (let i = 0; i < 2; i++) {
        const r = await call(emu, subs);
        assert.strictEqual(r.status, 429);
        assert.strictEqual(r.headers.get('retry-after'), '2');
        assert.strictEqual(r.headers.get('content-type'), 'application/json');
        assert.strictEqual((r.body.error as Json).code, 'TooManyRequests');
      }
      assert.strictEqual((await call(emu, subs)).status, 200);
      assert.deepStrictEqual(
        emu.requests.map((r) => r.fault),
        ['status', 'status', undefined],
      );

      emu.fault({ path: /\/providers\/Microsoft\.Web\/connections\/office365-orders$/i }, { status: 503 });
      for (let i = 0; i < 3; i++) {
        const r = await call(emu, `${FIXTURE.healthy}?${CONN_API}`);
        assert.strictEqual(r.status, 503);
        assert.strictEqual((r.body.error as Json).code, 'ServiceUnavailable');
        assert.strictEqual(r.headers.get('retry-after'), null);
      }
      assert.strictEqual((await call(emu, `${FIXTURE.healthy}/accessPolicies?api-version=2016-06-01`)).status, 200, 'anchored RegExp');
      emu.clearFaults();
      assert.strictEqual((await call(emu, `${FIXTURE.healthy}?${CONN_API}`)).status, 200);
    });

    it('custom bodies, method filters and string paths (case-insensitive)', async () => {
      emu.fault({ method: 'delete', path: FIXTURE.healthy.toLowerCase() }, { status: 409, body: { error: { code: 'Conflict', message: 'in use' } } });
      assert.strictEqual((await call(emu, `${FIXTURE.healthy}?${CONN_API}`)).status, 200);
      const del = await call(emu, `${FIXTURE.healthy}?${CONN_API}`, { method: 'DELETE' });
      assert.strictEqual(del.status, 409);
      assert.deepStrictEqual(del.body, { error: { code: 'Conflict', message: 'in use' } });
      emu.fault({ path: '/subscriptions/' }, { status: 500, times: 1 });
      assert.strictEqual((await call(emu, subs)).status, 500);
    });

    it('skip: a fault on a later matching request only (a later page)', async () => {
      emu.fault({ path: '/subscriptions' }, { status: 500, skip: 1, times: 1 });
      assert.deepStrictEqual([(await call(emu, subs)).status, (await call(emu, subs)).status, (await call(emu, subs)).status], [200, 500, 200]);
    });

    it('GET /_emulator/requests (bearer required, not ARM): what was recorded, by route and method', async () => {
      await call(emu, `${FIXTURE.blobKey}/accessPolicies/dev?api-version=2016-06-01`, { method: 'PUT', json: { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId } } } } });
      assert.strictEqual((await call(emu, RECORDED_REQUESTS_PATH, { headers: { authorization: 'Bearer nope' } })).status, 401);
      const r = await call(emu, `${RECORDED_REQUESTS_PATH}?route=accessPolicy&method=put`);
      const value = r.body.value as { path: string; body: unknown; query: Json; headers: Json }[];
      assert.deepStrictEqual(value.map((x) => [x.path, x.query['api-version'], x.body]), [
        [`${FIXTURE.blobKey}/accessPolicies/dev`, '2016-06-01', { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId } } } }],
      ]);
      assert.strictEqual(value[0]!.headers.authorization, 'Bearer <redacted>');
    });

    it('delay then answers normally', async () => {
      emu.fault({ path: '/subscriptions' }, { delayMs: 300, times: 1 });
      const t0 = Date.now();
      assert.strictEqual((await call(emu, subs)).status, 200);
      assert.ok(Date.now() - t0 >= 280);
      const t1 = Date.now();
      assert.strictEqual((await call(emu, subs)).status, 200);
      assert.ok(Date.now() - t1 < 280);
    });

    it('a delay combines with a later fault', async () => {
      emu.fault({ path: '/subscriptions' }, { delayMs: 100, times: 1 });
      emu.fault({ path: '/subscriptions' }, { status: 503, retryAfter: 1, times: 1 });
      const r = await call(emu, subs);
      assert.strictEqual(r.status, 503);
      assert.strictEqual(r.headers.get('retry-after'), '1');
    });

    it('hang: no answer until the client aborts; close() still returns', async () => {
      emu.fault({ path: '/subscriptions' }, { hang: true, times: 1 });
      await assert.rejects(fetch(`${emu.url}${subs}`, { headers: AUTH, signal: AbortSignal.timeout(200) }), (e: Error) => /AbortError|TimeoutError/.test(e.name));
      assert.strictEqual((await call(emu, subs)).status, 200);

      emu.fault({ path: '/subscriptions' }, { hang: true });
      const pending = fetch(`${emu.url}${subs}`, { headers: AUTH }).then(
        () => 'answered',
        () => 'socket closed',
      );
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      await emu.close();
      assert.ok(Date.now() - t0 < 2000);
      assert.strictEqual(await pending, 'socket closed');
    });

    it('malformed: 200 with a JSON content type and a cut-off body', async () => {
      emu.fault({ path: `${FIXTURE.healthy}` }, { malformed: true, times: 1 });
      const r = await fetch(`${emu.url}${FIXTURE.healthy}?${CONN_API}`, { headers: AUTH });
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.headers.get('content-type'), 'application/json');
      const text = await r.text();
      assert.strictEqual(text, MALFORMED_BODY);
      assert.throws(() => JSON.parse(text), SyntaxError);
    });

    it('latencyMs delays every request', async () => {
      const slow = await startEmulator({ latencyMs: 150 });
      try {
        const t0 = Date.now();
        assert.strictEqual((await call(slow, subs)).status, 200);
        assert.ok(Date.now() - t0 >= 140);
      } finally {
        await slow.close();
      }
    });
  });

  describe('large tenant', () => {
    it('lists 5,000 connections through ARM paging and through Resource Graph', async function () {
      this.timeout(120000);
      const big = await startEmulator({ data: largeTenant({ subscriptions: 20, connectionsPerSubscription: 250 }) });
      try {
        assert.strictEqual(big.data.connections.length, 5000);
        const subs = await listAll(big, '/subscriptions?api-version=2022-12-01');
        assert.strictEqual(subs.items.length, 20);

        const t0 = performance.now();
        const ids = new Set<string>();
        let pages = 0;
        for (const s of subs.items) {
          const r = await listAll(big, `/subscriptions/${s.subscriptionId}/providers/Microsoft.Web/connections?${CONN_API}`);
          pages += r.pages;
          for (const c of r.items) ids.add(c.id as string);
        }
        const armMs = performance.now() - t0;
        assert.strictEqual(ids.size, 5000);
        assert.strictEqual(pages, 20 * 5);

        const t1 = performance.now();
        const rows: Json[] = [];
        let skipToken: string | undefined;
        do {
          const r = await graph(big, { subscriptions: subs.items.map((s) => s.subscriptionId), query: CONNECTIONS_QUERY, options: { $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) } });
          assert.strictEqual(r.status, 200);
          rows.push(...(r.body.data as Json[]));
          skipToken = r.body.$skipToken as string | undefined;
        } while (skipToken);
        const argMs = performance.now() - t1;
        assert.strictEqual(new Set(rows.map((x) => x.id)).size, 5000);
        assert.ok(rows.some((x) => (x.properties as Json).overallStatus === 'Error'));
        assert.ok(rows.some((x) => x.kind === 'V1') && rows.some((x) => x.kind === 'V2'));
        // Informational only: never a timing assert.
        console.log(`      5,000 connections: ARM ${pages} pages in ${armMs.toFixed(0)} ms, Resource Graph 5 pages in ${argMs.toFixed(0)} ms`);
      } finally {
        await big.close();
      }
    });

    it('is deterministic', () => {
      assert.deepStrictEqual(largeTenant({ subscriptions: 2, connectionsPerSubscription: 10 }), largeTenant({ subscriptions: 2, connectionsPerSubscription: 10 }));
    });
  });
});

describe('npm run emulator (test/emulator/main.ts)', function () {
  this.timeout(30000);

  it('prints the URL and the token, serves, and stops on SIGINT', async () => {
    const main = path.resolve(__dirname, '../emulator/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stdout: ${out}; stderr: ${err}`)), 20000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /LAC_ARM_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('LAC_ACCESS_TOKEN')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', () => reject(new Error(`exited early; stderr: ${err}`)));
    });
    assert.match(out, /EMULATOR/);
    assert.match(out, /LAC_ACCESS_TOKEN=emulator-token/);
    const r = await call(url, '/subscriptions?api-version=2022-12-01');
    assert.strictEqual(r.status, 200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    assert.strictEqual(code, 0);
    await assert.rejects(fetch(`${url}/subscriptions?api-version=2022-12-01`, { headers: AUTH }));
  });
});

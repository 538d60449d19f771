/**
 * The emulator's additions for connection health and "who uses this connection": its own consent
 * page (Authorize completes offline), Resource Graph projections, Consumption workflows over ARM,
 * the host runtime's connections.json, ARM throttling on request, and the samples' connections.
 */
import * as assert from 'assert';
import { CONSENT_PAGE_PATH, DEFAULT_TOKEN, FIXTURE, SAMPLES_SUBSCRIPTION, sampleConnectionId, siteIdOf, startEmulator, type Emulator } from '../emulator';
import { projectRow, projection } from '../emulator/graphQuery';

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' };

describe('ARM emulator: consent page, logic apps, projections, throttling', function () {
  this.timeout(30_000);
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => emu.close());

  const post = (path: string, body: unknown) => fetch(`${emu.url}${path}`, { method: 'POST', headers: AUTH, body: JSON.stringify(body) });

  it('consent links lead to the emulator\'s own page with localConsentPage; Allow redirects back with the code, Cancel with an error', async () => {
    const redirectUrl = 'http://127.0.0.1:1234/callback?vscode-reqid=7&vscode-query=state%3Dabc';
    const azureLinks = (await (await post(`${FIXTURE.teamsUnauthenticated}/listConsentLinks?api-version=2016-06-01`, { parameters: [{ parameterName: 'token', redirectUrl }] })).json()) as { value: { link: string }[] };
    assert.match(azureLinks.value[0]!.link, /^https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\/login\?data=/);

    emu.data.localConsentPage = true;
    const links = (await (await post(`${FIXTURE.teamsUnauthenticated}/listConsentLinks?api-version=2016-06-01`, { parameters: [{ parameterName: 'token', redirectUrl }] })).json()) as { value: { link: string; firstPartyLoginUri?: string }[] };
    const link = links.value[0]!.link;
    assert.ok(link.startsWith(`${emu.url}${CONSENT_PAGE_PATH}?data=`), link);
    // A browser opens it: no token.
    const page = await fetch(link);
    assert.strictEqual(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /LOCAL ARM EMULATOR/);
    assert.match(html, /teams-unauthenticated/);
    const allowHref = /id="allow" href="([^"]+)"/.exec(html)![1]!;
    assert.ok(allowHref.startsWith('consent/allow?'), 'relative: it works behind a path prefix');
    const allow = await fetch(new URL(allowHref.replace(/&amp;/g, '&'), link), { redirect: 'manual' });
    assert.strictEqual(allow.status, 302);
    const back = new URL(allow.headers.get('location')!);
    assert.strictEqual(back.origin + back.pathname, 'http://127.0.0.1:1234/callback');
    assert.strictEqual(back.searchParams.get('code'), FIXTURE.validConsentCode);
    assert.strictEqual(back.searchParams.get('vscode-query'), 'state=abc', 'the registered query is kept');
    // The code completes the consent: the connection is connected.
    assert.strictEqual((await post(`${FIXTURE.teamsUnauthenticated}/confirmConsentCode?api-version=2016-06-01`, { code: back.searchParams.get('code') })).status, 200);
    assert.strictEqual(emu.data.connections.find((c) => c.name === 'teams-unauthenticated')!.overallStatus, 'Connected');

    const cancelHref = /id="cancel" href="([^"]+)"/.exec(html)![1]!;
    const cancel = await fetch(new URL(cancelHref.replace(/&amp;/g, '&'), link), { redirect: 'manual' });
    assert.strictEqual(new URL(cancel.headers.get('location')!).searchParams.get('error'), 'access_denied');
    assert.strictEqual((await fetch(`${emu.url}${CONSENT_PAGE_PATH}?data=bogus`)).status, 400);
    // The root lists the sign-ins still waiting (a browser-hosted editor's port proxy drops the link's path and query).
    const again = (await (await post(`${FIXTURE.expired}/listConsentLinks?api-version=2016-06-01`, { parameters: [{ parameterName: 'token', redirectUrl }] })).json()) as { value: { link: string }[] };
    const root = await (await fetch(`${emu.url}/`)).text();
    assert.match(root, /office365-expired/);
    assert.ok(!/teams-unauthenticated/.test(root), 'the answered sign-in is gone');
    const rootAllow = /id="allow" href="([^"]+)"/.exec(root)![1]!;
    assert.ok(rootAllow.startsWith('_emulator/consent/allow?'), rootAllow);
    const viaRoot = await fetch(new URL(rootAllow.replace(/&amp;/g, '&'), `${emu.url}/`), { redirect: 'manual' });
    assert.strictEqual(new URL(viaRoot.headers.get('location')!).searchParams.get('code'), FIXTURE.validConsentCode);
    assert.match(await (await fetch(`${emu.url}/`)).text(), /No sign-in is waiting/);
    assert.ok(again.value[0]!.link.includes('/_emulator/consent?data='));
    // Never a script as the redirect.
    const evil = Buffer.from(JSON.stringify({ connectionId: FIXTURE.healthy, parameterName: 'token', redirectUrl: 'javascript:alert(1)' })).toString('base64url');
    assert.strictEqual((await fetch(`${emu.url}${CONSENT_PAGE_PATH}/allow?data=${evil}`, { redirect: 'manual' })).status, 400);
  });

  it('Resource Graph: `| project` keeps the named columns and paths, as ARG does', async () => {
    const q = "resources | where type =~ 'microsoft.logic/workflows' | project id, name, state = properties.state, connections = properties.parameters['$connections'].value";
    const r = (await (await post('/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01', { query: q })).json()) as { data: Record<string, unknown>[] };
    const identityWorkflows = (emu.data.identity?.resources ?? []).filter((x) => x.type === 'Microsoft.Logic/workflows').length;
    assert.strictEqual(r.data.length, emu.data.workflows!.length + identityWorkflows);
    for (const row of r.data) assert.deepStrictEqual(Object.keys(row), ['id', 'name', 'state', 'connections']);
    assert.ok(r.data.some((row) => row.state === 'Disabled'));
    assert.deepStrictEqual(projection('resources | project properties.state'), [{ name: 'properties_state', path: ['properties', 'state'] }]);
    assert.deepStrictEqual(projectRow('resources', { a: 1 }), { a: 1 });
    assert.deepStrictEqual(projectRow('resources | project x = a.b', { a: {} }), { x: null });
  });

  it('Consumption workflows: Workflows_ListBySubscription; Standard apps: connections.json through the host runtime', async () => {
    const list = (await (await fetch(`${emu.url}/subscriptions/${FIXTURE.subscriptions.contosoDev}/providers/Microsoft.Logic/workflows?api-version=2019-05-01`, { headers: AUTH })).json()) as { value: { name: string; properties: { state: string } }[] };
    assert.deepStrictEqual(list.value.map((w) => w.name).sort(), ['la-invoice-sync', 'la-invoice-sync-old']);
    const file = await fetch(`${emu.url}${FIXTURE.site}/hostruntime/admin/vfs/connections.json?relativepath=1&api-version=2018-11-01`, { headers: AUTH });
    assert.strictEqual(file.status, 200);
    assert.ok(((await file.json()) as { managedApiConnections: object }).managedApiConnections);
    const notify = siteIdOf({ subscriptionId: FIXTURE.subscriptions.contosoDev, resourceGroup: FIXTURE.resourceGroups.integrationDev, name: 'la-notify-dev' });
    const wc = (await (await fetch(`${emu.url}${notify}/workflowsconfiguration/connections?api-version=2018-11-01`, { headers: AUTH })).json()) as { properties: { files: Record<string, { managedApiConnections: Record<string, { connection: { id: string } }> }>; health: { state: string } } };
    assert.match(wc.properties.files['connections.json']!.managedApiConnections.office365!.connection.id, /^\/subscriptions\/@\{appsetting\('WORKFLOWS_SUBSCRIPTION_ID'\)\}\//);
    assert.strictEqual(wc.properties.health.state, 'Healthy');
  });

  it('enforceRateLimits: past its 250-read bucket, a subscription answers 429 with Retry-After', async () => {
    await emu.close();
    emu = await startEmulator({ enforceRateLimits: true });
    const statuses = await Promise.all(Array.from({ length: 600 }, () => fetch(`${emu.url}${FIXTURE.healthy}?api-version=2018-07-01-preview`, { headers: AUTH }).then((r) => [r.status, r.headers.get('retry-after')] as const)));
    const throttled = statuses.filter(([s]) => s === 429);
    assert.ok(throttled.length > 0, String(throttled.length));
    assert.ok(throttled.every(([, ra]) => ra === '1'));
    // Another subscription has its own bucket.
    assert.strictEqual((await fetch(`${emu.url}${FIXTURE.fabrikamKeyvault}?api-version=2018-07-01-preview`, { headers: AUTH })).status, 200);
  });

  it('the samples\' subscription and connections exist (samples/connections.json resolves there)', async () => {
    const res = await fetch(`${emu.url}${sampleConnectionId('office365')}?api-version=2018-07-01-preview`, { headers: AUTH });
    assert.strictEqual(res.status, 200);
    assert.ok(emu.data.subscriptions.some((s) => s.subscriptionId === SAMPLES_SUBSCRIPTION));
  });
});

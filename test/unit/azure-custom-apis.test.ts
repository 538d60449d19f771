/**
 * Custom connectors in Azure against the ARM emulator: listing (Resource Graph and the ARM
 * fallback), reading one, and Diagnose's checklist for a connection made from one (the healthy
 * connector and the one whose refresh URL is the authorization URL).
 */
import * as assert from 'assert';
import { createAzureClient, type AzureClient } from '../../src/core/azure/client';
import { customConnectorChecks, judgeCustomConnector, refreshTokenCheck } from '../../src/core/azure/connectorChecklist';
import { CUSTOM_APIS_QUERY, getCustomApi, listCustomApis, parseCustomApi, parseCustomApiId, withoutSecrets } from '../../src/core/azure/customApis';
import { diagnoseConnection, diagnoseCustomApi, toJSON, toMarkdown } from '../../src/core/azure/diagnose';
import { staticTokenCredential } from '../../src/core/azure/credentials';
import { parseConnection } from '../../src/core/azure/model';
import { FIXTURE, FIXTURE_NAMES, startEmulator, type Emulator } from '../emulator';

describe('azure: custom connectors (Microsoft.Web/customApis)', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let client: AzureClient;
  const subs = Object.values(FIXTURE.subscriptions);

  before(async () => {
    emu = await startEmulator();
    client = createAzureClient({ credential: staticTokenCredential(FIXTURE.token), armEndpoint: emu.url, retry: { baseDelayMs: 1, maxRetries: 1 } });
  });
  afterEach(() => emu.clearFaults());
  after(() => emu.close());

  it('parses ids (any case) and refuses other resource types and dot segments', () => {
    assert.deepStrictEqual(parseCustomApiId(FIXTURE.customApis.healthy.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')), {
      subscriptionId: FIXTURE.subscriptions.contosoProd.toUpperCase(),
      resourceGroup: FIXTURE.resourceGroups.integrationProd.toUpperCase(),
      name: 'CONTOSO-ORDERS',
    });
    assert.strictEqual(parseCustomApiId(FIXTURE.healthy), undefined, 'a connection id');
    assert.strictEqual(parseCustomApiId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/customApis/..'), undefined);
    assert.strictEqual(parseCustomApi({ name: 'x' }), undefined, 'no id: nothing');
  });

  it('lists the custom connectors of the selected subscriptions with one Resource Graph query', async () => {
    emu.requests.length = 0;
    const r = await listCustomApis(client, { subscriptionIds: subs });
    assert.ok(r.ok, JSON.stringify(r));
    assert.strictEqual(r.value.source, 'resource-graph');
    assert.deepStrictEqual(r.value.customApis.map((c) => c.name).sort(), ['contoso-orders', 'fabrikam-tickets']);
    const orders = r.value.customApis.find((c) => c.name === 'contoso-orders')!;
    assert.deepStrictEqual(
      { id: orders.id.toLowerCase(), displayName: orders.displayName, rg: orders.resourceGroup, providers: orders.identityProviders, params: orders.connectionParameters, backend: orders.backendUrl },
      { id: FIXTURE.customApis.healthy.toLowerCase(), displayName: 'Contoso Orders', rg: FIXTURE.resourceGroups.integrationProd.toLowerCase(), providers: ['oauth2'], params: ['token'], backend: 'https://api.contoso.com/orders' },
    );
    const graph = emu.requests.filter((q) => q.path === '/providers/Microsoft.ResourceGraph/resources');
    assert.strictEqual(graph.length, 1);
    assert.strictEqual((graph[0]!.body as { query: string }).query, CUSTOM_APIS_QUERY);
  });

  it('falls back to ARM per subscription when Resource Graph fails', async () => {
    emu.fault({ method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources' }, { status: 403 });
    const r = await listCustomApis(client, { subscriptionIds: subs });
    assert.ok(r.ok);
    assert.strictEqual(r.value.source, 'arm');
    assert.deepStrictEqual(r.value.customApis.map((c) => c.name).sort(), ['contoso-orders', 'fabrikam-tickets']);
    assert.deepStrictEqual(r.value.errors, []);
  });

  it('reads one definition; a missing one is not-found', async () => {
    const r = await getCustomApi(client, FIXTURE.customApis.refreshBroken);
    assert.ok(r.ok);
    assert.strictEqual(r.value.info.displayName, 'Fabrikam Tickets');
    assert.strictEqual((r.value.resource.properties as { connectionParameters: { token: { oAuthSettings: { clientSecret?: string } } } }).connectionParameters.token.oAuthSettings.clientSecret, undefined, 'ARM never returns a client secret');
    const missing = await getCustomApi(client, FIXTURE.customApis.healthy.replace('contoso-orders', 'nope'));
    assert.ok(!missing.ok && missing.error.kind === 'not-found');
    const bad = await getCustomApi(client, FIXTURE.healthy);
    assert.ok(!bad.ok && bad.error.code === 'InvalidResourceId');
  });

  it('judges a definition read from Azure with LAC070–LAC074: the refresh URL mistake, and nothing for the healthy one', async () => {
    const broken = await getCustomApi(client, FIXTURE.customApis.refreshBroken);
    const healthy = await getCustomApi(client, FIXTURE.customApis.healthy);
    assert.ok(broken.ok && healthy.ok);
    const b = judgeCustomConnector(broken.value);
    assert.deepStrictEqual(b.findings.map((f) => `${f.ruleId} ${f.severity}`), ['LAC071 error']);
    assert.strictEqual(b.findings[0]!.fixTitle, 'Use the token URL as the refresh URL');
    assert.strictEqual(b.checklist.find((i) => i.item === 'Refresh URL is the token URL')?.state, 'problem');
    assert.strictEqual(b.checklist.find((i) => i.item === 'Client secret')?.state, 'unknown');
    const h = judgeCustomConnector(healthy.value);
    assert.deepStrictEqual(h.findings, []);
    assert.deepStrictEqual(h.checklist.filter((i) => i.state === 'problem'), []);
    assert.deepStrictEqual(customConnectorChecks(h).map((c) => c.severity), ['ok']);
  });

  it('Diagnose on the connection of the broken connector: the finding, the test (401) and the refresh-token explanation', async () => {
    const report = await diagnoseConnection(client, { connectionId: FIXTURE.customRefreshBroken });
    assert.strictEqual(report.overall, 'error');
    assert.strictEqual(report.customConnector?.name, 'fabrikam-tickets');
    const ids = report.checks.map((c) => `${c.id}:${c.severity}`);
    assert.ok(ids.includes('custom-connector:error'), ids.join());
    assert.ok(ids.includes('test:error'), ids.join());
    const refresh = report.checks.find((c) => c.id === 'refresh-token')!;
    assert.strictEqual(refresh.severity, 'error');
    assert.match(refresh.detail, /agent@fabrikam\.com authorized this connection.*fails after a fixed time.*refresh URL of "token" is the authorization URL/s);
    assert.match(refresh.nextStep ?? '', /Use the token URL as the refresh URL/);
    // Markdown escapes punctuation: compare without the escapes.
    const md = toMarkdown(report).replace(/\\/g, '');
    assert.match(md, /## Custom connector: Fabrikam Tickets \(fabrikam-tickets\)/);
    assert.match(md, /\| ❌ \| Refresh URL is the token URL \| https:\/\/helpdesk\.fabrikam\.com\/oauth\/authorize \(token URL: https:\/\/helpdesk\.fabrikam\.com\/oauth\/token\) \|/);
    assert.match(md, /\| ❔ \| Client secret \|/);
    assert.ok(JSON.parse(toJSON(report)).customConnector.checklist.length > 0);
  });

  it('Diagnose on the connection of the healthy connector: the connector is fine, no refresh-token check', async () => {
    const report = await diagnoseConnection(client, { connectionId: FIXTURE.customOrders });
    assert.strictEqual(report.overall, 'ok', JSON.stringify(report.checks, null, 1));
    assert.ok(report.checks.some((c) => c.id === 'custom-connector' && c.severity === 'ok' && /no problem/.test(c.detail)));
    assert.ok(!report.checks.some((c) => c.id === 'refresh-token'));
    assert.ok(!report.checks.some((c) => c.id === 'consent'), 'no managed API to read');
  });

  it('Diagnose still reports the connection when its custom connector cannot be read', async () => {
    emu.fault({ method: 'GET', path: /customApis\/fabrikam-tickets$/i }, { status: 403 });
    const report = await diagnoseConnection(client, { connectionId: FIXTURE.customRefreshBroken });
    assert.ok(report.checks.some((c) => c.id === 'custom-connector' && c.severity === 'warning' && /could not be read/.test(c.title)));
    assert.ok(report.errors.some((e) => e.step === 'get custom connector' && e.error.kind === 'forbidden'));
    assert.ok(report.checks.some((c) => c.id === 'refresh-token' && c.severity === 'warning'), 'the 401 is still explained, without a cause');
  });

  it('diagnoseCustomApi: the connector, its checklist and the connections made from it', async () => {
    const report = await diagnoseCustomApi(client, { customApiId: FIXTURE.customApis.refreshBroken });
    assert.strictEqual(report.subject, 'custom-connector');
    assert.strictEqual(report.overall, 'error');
    assert.deepStrictEqual(report.connections?.map((c) => `${c.name} ${c.status} ${c.test?.status}`), [`${FIXTURE_NAMES.customRefreshBroken} Error unauthenticated`]);
    assert.ok(report.checks.some((c) => c.id === 'refresh-token' && c.title.startsWith(FIXTURE_NAMES.customRefreshBroken)));
    const md = toMarkdown(report);
    assert.match(md, /^# Custom connector diagnosis: fabrikam-tickets/);
    assert.match(md, /## Connections made from it/);
    const healthy = await diagnoseCustomApi(client, { customApiId: FIXTURE.customApis.healthy, skipTest: true });
    assert.strictEqual(healthy.overall, 'ok', JSON.stringify(healthy.checks, null, 1));
    assert.deepStrictEqual(healthy.connections?.map((c) => c.name), [FIXTURE_NAMES.customOrders]);
    const missing = await diagnoseCustomApi(client, { customApiId: FIXTURE.customApis.healthy.replace('contoso-orders', 'nope') });
    assert.strictEqual(missing.overall, 'error');
    assert.strictEqual(missing.checks[0]!.title, 'Custom connector not found');
  });

  it('refreshTokenCheck: only for an authorized connection whose test answered 401', () => {
    const conn = parseConnection({ id: FIXTURE.customOrders, name: 'c', properties: { authenticatedUser: { name: 'u@contoso.com' }, changedTime: '2025-01-10T10:00:00Z', statuses: [] } })!;
    const t401 = { id: conn.id, status: 'unauthenticated' as const, httpStatus: 401, message: 'Unauthorized', explanation: '', nextStep: '' };
    const now = Date.parse('2025-01-10T12:00:00Z');
    assert.match(refreshTokenCheck(conn, t401, undefined, now)!.detail, /\(2 h ago\)/);
    assert.strictEqual(refreshTokenCheck(conn, { ...t401, status: 'connected', httpStatus: 200 }, undefined, now), undefined);
    assert.strictEqual(refreshTokenCheck({ ...conn, authenticatedUser: undefined }, t401, undefined, now), undefined, 'never authorized: consent, not refresh');
  });

  it('withoutSecrets hides a client secret wherever it is', () => {
    const r = withoutSecrets({ properties: { connectionParameters: { token: { oAuthSettings: { clientSecret: 'abc123def456', ClientSecret: '' } } } } }) as { properties: { connectionParameters: { token: { oAuthSettings: Record<string, string> } } } };
    assert.strictEqual(r.properties.connectionParameters.token.oAuthSettings.clientSecret, '(hidden)');
    assert.strictEqual(r.properties.connectionParameters.token.oAuthSettings.ClientSecret, '');
  });
});

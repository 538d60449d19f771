/** The Azure view's custom connectors (pure model) and what the custom connector commands accept. */
import * as assert from 'assert';
import { parseCustomApi, type CustomApiInfo } from '../../src/core/azure/customApis';
import { parseConnection, type ConnectionInfo } from '../../src/core/azure/model';
import { lintProject } from '../../src/core/engine';
import { toCustomApiTarget } from '../../src/vscode/model/customApiTarget';
import { buildWorkspaceModel } from '../../src/vscode/model/workspaceModel';
import { apiProperties, oauth2 } from './helpers/connectors';
import { ROOT, virtualProjects } from './helpers/virtualProject';
import { buildAzureModel, customApiDescription, customApiTooltip, isCustomApiConnection, isFilterError, parseFilter, type ConnectionFilter } from '../../src/vscode/model/azureModel';

const PROD = 'aaaa0001-0000-4000-8000-000000000001';
const FAB = 'fab00003-0000-4000-8000-000000000003';
const apiId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/customApis/${name}`;

function customApi(sub: string, rg: string, name: string, displayName: string): CustomApiInfo {
  const c = parseCustomApi({
    id: apiId(sub, rg, name),
    name,
    location: 'westeurope',
    properties: { displayName, backendService: { serviceUrl: 'https://api.contoso.com' }, connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'oauth2' } } } },
  });
  assert.ok(c);
  return c;
}

function conn(sub: string, rg: string, name: string, api: { id: string; name: string }, status = 'Connected'): ConnectionInfo {
  const c = parseConnection({ id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`, name, kind: 'V1', properties: { api, overallStatus: status, statuses: [{ status }] } });
  assert.ok(c);
  return c;
}

const filter = (text: string): ConnectionFilter => {
  const f = parseFilter(text);
  assert.ok(f && !isFilterError(f), text);
  return f;
};

const orders = customApi(PROD, 'rg-integration-prod', 'contoso-orders', 'Contoso Orders');
const tickets = customApi(FAB, 'rg-fabrikam', 'fabrikam-tickets', 'Fabrikam Tickets');
const unused = customApi(PROD, 'rg-connectors', 'unused-api', 'Unused');
// A connection in another group than its connector, and a managed one.
const ordersConn = conn(PROD, 'rg-apps', 'orders-oauth', { id: orders.id.toUpperCase(), name: 'contoso-orders' });
const ticketsConn = conn(FAB, 'rg-fabrikam', 'tickets-oauth', { id: tickets.id, name: 'fabrikam-tickets' }, 'Error');
const office = conn(PROD, 'rg-integration-prod', 'office365', { id: `/subscriptions/${PROD}/providers/Microsoft.Web/locations/westeurope/managedApis/office365`, name: 'office365' });

const listing = {
  subscriptions: [
    { subscriptionId: PROD, displayName: 'Contoso Production' },
    { subscriptionId: FAB, displayName: 'Fabrikam' },
  ],
  selected: [PROD, FAB],
  connections: [ordersConn, ticketsConn, office],
  customApis: [unused, tickets, orders],
  errors: [],
};

describe('vscode: the Azure view\'s custom connectors', () => {
  it('puts each custom connector in its resource group with the connections made from it (any group, any id case)', () => {
    const m = buildAzureModel(listing, undefined);
    const prod = m.subscriptions.find((s) => s.label === 'Contoso Production')!;
    assert.deepStrictEqual(prod.groups.map((g) => `${g.name}: ${g.customApis.map((c) => c.info.name).join(',')} | ${g.connections.map((c) => c.name).join(',')}`), [
      'rg-apps:  | orders-oauth',
      'rg-connectors: unused-api | ',
      'rg-integration-prod: contoso-orders | office365',
    ]);
    const ordersModel = prod.groups[2]!.customApis[0]!;
    assert.deepStrictEqual(ordersModel.connections.map((c) => c.name), ['orders-oauth']);
    assert.strictEqual(prod.count, 2, 'the subscription counts connections once');
    assert.strictEqual(m.total, 3);
    assert.strictEqual(customApiDescription(ordersModel), 'custom connector · oauth2 · 1 connection');
    assert.match(customApiTooltip(ordersModel), /\*\*contoso-orders\*\* \(custom connector\)[\s\S]*Display name: Contoso Orders[\s\S]*Signs in with: oauth2/);
  });

  it('a filter keeps a connector when its name matches, or with its matching connections only', () => {
    let m = buildAzureModel(listing, filter('status:error'));
    assert.deepStrictEqual(m.subscriptions.map((s) => s.label), ['Fabrikam']);
    assert.deepStrictEqual(m.subscriptions[0]!.groups[0]!.customApis.map((c) => `${c.info.name}:${c.connections.map((x) => x.name)}`), ['fabrikam-tickets:tickets-oauth']);
    m = buildAzureModel(listing, filter('Unused'));
    assert.deepStrictEqual(m.subscriptions.flatMap((s) => s.groups.flatMap((g) => g.customApis.map((c) => c.info.name))), ['unused-api']);
    assert.strictEqual(m.shown, 0);
    m = buildAzureModel(listing, filter('office365'));
    assert.deepStrictEqual(m.subscriptions.flatMap((s) => s.groups.flatMap((g) => g.customApis)), []);
  });

  it('without custom connectors the model is as before', () => {
    const m = buildAzureModel({ ...listing, customApis: undefined }, undefined);
    assert.ok(m.subscriptions.every((s) => s.groups.every((g) => g.customApis.length === 0)));
  });

  it('tells connections made from a custom connector', () => {
    assert.ok(isCustomApiConnection(ordersConn));
    assert.ok(!isCustomApiConnection(office));
  });

  it('custom connector commands take an id, a node, or (Show Connector Definition) a connection node made from one', () => {
    assert.deepStrictEqual(toCustomApiTarget(orders.id), { customApiId: orders.id, name: 'contoso-orders' });
    assert.deepStrictEqual(toCustomApiTarget({ kind: 'customApi', customApi: { customApiId: orders.id, name: 'Orders' } }), { customApiId: orders.id, name: 'Orders' });
    const node = { kind: 'connection', connection: ordersConn, target: { connectionId: ordersConn.id, name: ordersConn.name } };
    assert.strictEqual(toCustomApiTarget(node), undefined, 'Diagnose on a connection diagnoses the connection');
    assert.strictEqual(toCustomApiTarget(node, { viaConnection: true })?.name, 'contoso-orders');
    assert.strictEqual(toCustomApiTarget({ kind: 'connection', connection: office }, { viaConnection: true }), undefined);
    assert.strictEqual(toCustomApiTarget(ordersConn.id), undefined, 'a connection id');
    assert.strictEqual(toCustomApiTarget(42), undefined);
  });
});

describe('vscode: a custom connector definition in the Workspace view', () => {
  it('is a project of its own, labelled by its folder, with its problems and apiProperties.json to open', () => {
    const projects = virtualProjects({ 'connectors/orders/apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' })) });
    const findings = projects.flatMap((p) => lintProject(p));
    const [m] = buildWorkspaceModel({ projects, folders: [{ name: 'project', path: ROOT }], findings: (f) => findings.filter((x) => x.file === f) });
    assert.ok(m);
    assert.strictEqual(m.label, 'connectors/orders');
    assert.strictEqual(m.kind, 'customConnector');
    assert.strictEqual(m.description, 'Custom connector · 1 problem');
    assert.deepStrictEqual(m.groups, []);
    assert.ok(m.mainFile?.endsWith('apiProperties.json'));
  });
});

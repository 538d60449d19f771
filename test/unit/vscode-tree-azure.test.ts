import * as assert from 'assert';
import { parseConnection, type ConnectionInfo } from '../../src/core/azure/model';
import {
  buildAzureModel,
  connectionDescription,
  connectionTooltip,
  isFilterError,
  lastError,
  locateConnection,
  matchesFilter,
  page,
  PAGE_SIZE,
  parseFilter,
  statusKind,
  type ConnectionFilter,
} from '../../src/vscode/model/azureModel';

const PROD = 'aaaa0001-0000-4000-8000-000000000001';
const DEV = 'aaaa0002-0000-4000-8000-000000000002';
const EMPTY = 'aaaa0003-0000-4000-8000-000000000003';

function conn(sub: string, rg: string, name: string, props: Record<string, unknown> = {}, kind = 'V2'): ConnectionInfo {
  const c = parseConnection({
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`,
    name,
    kind,
    location: 'westeurope',
    properties: { api: { name: 'office365', displayName: 'Office 365 Outlook' }, displayName: name, overallStatus: 'Connected', statuses: [{ status: 'Connected' }], ...props },
  });
  assert.ok(c);
  return c;
}

const filter = (text: string): ConnectionFilter => {
  const f = parseFilter(text);
  assert.ok(f && !isFilterError(f), text);
  return f;
};

const expired = conn(PROD, 'rg-integration-prod', 'office365-expired', {
  displayName: 'former.employee@contoso.com',
  authenticatedUser: 'former.employee@contoso.com',
  overallStatus: 'Error',
  statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: 'Failed to refresh access token. AADSTS700082: The refresh token expired.' } }],
  createdTime: '2024-01-02T09:00:00Z',
});
const healthy = conn(PROD, 'rg-integration-prod', 'office365-orders', { displayName: 'ops@contoso.com' });
const blob = conn(PROD, 'RG-Shared-Prod', 'azureblob-msi', { api: { name: 'azureblob', displayName: 'Azure Blob Storage' } });
const blobSameGroup = conn(PROD, 'rg-shared-prod', 'keyvault-prod', { api: { name: 'keyvault' } });
const devV1 = conn(DEV, 'rg-integration-dev', 'keyvault-v1', { api: { name: 'keyvault' }, overallStatus: 'Unauthenticated', statuses: [] }, 'V1');

const listing = {
  subscriptions: [
    { subscriptionId: PROD, displayName: 'Contoso Production' },
    { subscriptionId: DEV, displayName: 'Contoso Dev' },
    { subscriptionId: EMPTY, displayName: 'Another' },
  ],
  selected: [PROD, DEV, EMPTY],
  connections: [expired, healthy, blob, blobSameGroup, devV1],
  errors: [],
};

describe('vscode tree: the Azure view model', () => {
  it('status kinds: connected, error, unauthenticated, unknown', () => {
    assert.strictEqual(statusKind('Connected'), 'connected');
    assert.strictEqual(statusKind('ready'), 'connected');
    assert.strictEqual(statusKind('Error'), 'error');
    assert.strictEqual(statusKind('Unauthenticated'), 'unauthenticated');
    assert.strictEqual(statusKind('Unknown'), 'unknown');
    assert.strictEqual(statusKind(undefined), 'unknown');
    assert.strictEqual(statusKind(expired.status), 'error', 'an expired token is an Error status');
  });

  it('subscriptions by name → resource groups (case-insensitive, by name) → connections by name', () => {
    const m = buildAzureModel(listing, undefined);
    assert.deepStrictEqual(
      m.subscriptions.map((s) => [s.label, s.description, s.count]),
      [
        ['Another', 'aaaa0003…', 0],
        ['Contoso Dev', 'aaaa0002…', 1],
        ['Contoso Production', 'aaaa0001…', 4],
      ],
    );
    const prod = m.subscriptions[2]!;
    assert.deepStrictEqual(
      prod.groups.map((g) => [g.name, g.connections.map((c) => c.name)]),
      [
        ['rg-integration-prod', ['office365-expired', 'office365-orders']],
        ['RG-Shared-Prod', ['azureblob-msi', 'keyvault-prod']],
      ],
    );
    assert.strictEqual(m.total, 5);
    assert.strictEqual(m.shown, 5);
  });

  it('only the selected subscriptions; one that could not be listed keeps its error', () => {
    const m = buildAzureModel({ ...listing, selected: [DEV], connections: [devV1], errors: [{ subscriptionId: EMPTY, error: { message: 'AuthorizationFailed' } }] }, undefined);
    assert.deepStrictEqual(
      m.subscriptions.map((s) => [s.label, s.error]),
      [
        ['Another', 'AuthorizationFailed'],
        ['Contoso Dev', undefined],
      ],
    );
  });

  it('filter: words of name, display name or API (all of them), status:<kind> (any of them)', () => {
    assert.strictEqual(parseFilter('   '), undefined);
    assert.deepStrictEqual(parseFilter(' Office365   status:ERROR '), { text: 'Office365 status:ERROR', terms: ['office365'], statuses: ['error'] });
    const bad = parseFilter('status:broken');
    assert.ok(isFilterError(bad));
    assert.match(bad.error, /Unknown status "broken".*status:connected, status:error, status:unauthenticated, status:unknown/);

    assert.ok(matchesFilter(expired, filter('former.employee')), 'display name');
    assert.ok(matchesFilter(blob, filter('blob storage')), 'API display name, every word');
    assert.ok(!matchesFilter(blob, filter('blob sql')));
    assert.ok(matchesFilter(expired, filter('status:error')));
    assert.ok(!matchesFilter(healthy, filter('status:error')));
    assert.ok(matchesFilter(healthy, filter('status:error status:connected')));
    assert.ok(matchesFilter(devV1, filter('keyvault status:unauthenticated')));
    assert.ok(matchesFilter(healthy, undefined));
  });

  it('a filter narrows the model and leaves out subscriptions without a match', () => {
    const m = buildAzureModel(listing, filter('status:error'));
    assert.deepStrictEqual(
      m.subscriptions.map((s) => [s.label, s.groups.map((g) => g.connections.map((c) => c.name))]),
      [['Contoso Production', [['office365-expired']]]],
    );
    assert.strictEqual(m.shown, 1);
    assert.strictEqual(m.total, 5);
    assert.strictEqual(buildAzureModel(listing, filter('nothing-like-this')).subscriptions.length, 0);
  });

  it(`pages of ${PAGE_SIZE}: the rest behind "Show more…"`, () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    assert.deepStrictEqual([page(items, PAGE_SIZE).items.length, page(items, PAGE_SIZE).more], [100, 150]);
    assert.deepStrictEqual([page(items, 300).items.length, page(items, 300).more], [250, 0]);
    assert.deepStrictEqual(page(items, 200).items.slice(-1), [199]);
  });

  it('finds where a connection is (any case of its id)', () => {
    const m = buildAzureModel(listing, undefined);
    const at = locateConnection(m, blobSameGroup.id.toUpperCase());
    assert.strictEqual(at?.connection.name, 'keyvault-prod');
    assert.strictEqual(at?.group.name, 'RG-Shared-Prod');
    assert.strictEqual(at?.index, 1);
    assert.strictEqual(locateConnection(m, `/subscriptions/${PROD}/resourceGroups/x/providers/Microsoft.Web/connections/none`), undefined);
  });

  it('description: kind · API · display name · status; tooltip: status, kind, API, user, times, last error', () => {
    assert.strictEqual(connectionDescription(healthy), 'V2 · office365 · ops@contoso.com · Connected');
    assert.strictEqual(connectionDescription(blob), 'V2 · azureblob · Connected', 'the display name when it is the name is left out');
    assert.strictEqual(lastError(expired), 'Unauthenticated: Failed to refresh access token. AADSTS700082: The refresh token expired.');
    const t = connectionTooltip(expired);
    assert.match(t, /^\*\*office365-expired\*\*/);
    assert.match(t, /Status: Error/);
    assert.match(t, /Kind: V2 \(Standard\)/);
    assert.match(t, /API: Office 365 Outlook \(office365\)/);
    assert.match(t, /Authenticated user: former.employee@contoso.com/);
    assert.match(t, /Created: 2024-01-02T09:00:00Z/);
    assert.match(t, /Last error: Unauthenticated: Failed to refresh access token. AADSTS700082/);
    assert.doesNotMatch(connectionTooltip(healthy), /Last error/);
    assert.match(connectionTooltip(conn(PROD, 'rg', 'x_y*z')), /\*\*x\\_y\\\*z\*\*/, 'names are escaped');
  });
});

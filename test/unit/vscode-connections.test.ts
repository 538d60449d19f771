import * as assert from 'assert';
import { parseConsentRedirect } from '../../src/core/azure/links';
import { parseConnection } from '../../src/core/azure/model';
import { azureDocPath, buttonsFor, consentStateOf, redirectUrlOf, severityOf, timeLeft, withoutParameterValues } from '../../src/vscode/model/connectionLogic';
import { azurePickEntries, statusOfFact, workspacePickEntries } from '../../src/vscode/model/pickItems';
import { connId, entry, resource, SUB } from './helpers/azure';
import { j } from './helpers/ruleTester';
import { ROOT, virtualProjects } from './helpers/virtualProject';
import * as path from 'path';

const info = (name: string, status: string, sub = SUB, rg = 'rg-integration') =>
  parseConnection(resource(name, { overallStatus: status }, 'V2', connId(name, sub, rg)))!;

describe('vscode/connections: the connection pick', () => {
  const projects = virtualProjects({
    'zeta/host.json': '{}',
    'zeta/connections.json': j({ managedApiConnections: { mail: entry('office365') } }),
    'alpha/host.json': '{}',
    'alpha/connections.json': j({
      managedApiConnections: {
        blob: entry('azureblob'),
        dynamic: entry('x', {}, "/subscriptions/@{appsetting('NOT_SET')}/resourceGroups/rg/providers/Microsoft.Web/connections/x"),
        files: entry('onedrive'),
      },
    }),
  });
  const folderOf = (root: string) => path.relative(ROOT, root);

  it('workspace entries: resolvable managed connections, projects by folder, entries in file order, with folder and status', () => {
    const status = new Map([[connId('azureblob').toLowerCase(), 'Connected']]);
    const entries = workspacePickEntries(projects, folderOf, (id) => status.get(id.toLowerCase()));
    assert.deepStrictEqual(
      entries.map((e) => [e.label, e.description]),
      [
        ['blob', 'alpha · Connected'],
        ['files', 'alpha'],
        ['mail', 'zeta'],
      ],
    );
    const blob = entries[0]!.target;
    assert.strictEqual(blob.connectionId, connId('azureblob'));
    assert.deepStrictEqual(blob.workspace, {
      projectRoot: path.join(ROOT, 'alpha'),
      connectionsPath: path.join(ROOT, 'alpha', 'connections.json'),
      section: 'managedApiConnections',
      name: 'blob',
    });
  });

  it('Azure entries: name, status · resource group · subscription name; the workspace ones left out; sorted', () => {
    const entries = azurePickEntries(
      [info('zz-last', 'Error'), info('office365', 'Connected'), info('aa-first', 'Connected', 'other-sub', 'rg-other')],
      [{ subscriptionId: SUB.toUpperCase(), displayName: 'Contoso Production' }],
      new Set([connId('office365').toLowerCase()]),
    );
    assert.deepStrictEqual(
      entries.map((e) => [e.group, e.label, e.description]),
      [
        ['azure', 'aa-first', 'Connected · rg-other · other-sub'],
        ['azure', 'zz-last', 'Error · rg-integration · Contoso Production'],
      ],
    );
    assert.deepStrictEqual(entries[1]!.target, { connectionId: connId('zz-last'), name: 'zz-last' });
  });

  it('status from the facts', () => {
    assert.strictEqual(statusOfFact(undefined), undefined);
    assert.strictEqual(statusOfFact({ state: 'found', connection: info('x', 'Error') }), 'Error');
    assert.strictEqual(statusOfFact({ state: 'not-found', code: 'ResourceNotFound', message: 'gone' }), 'not found in Azure');
    assert.strictEqual(statusOfFact({ state: 'error', error: { kind: 'network', message: 'x' } }), 'status unknown');
  });
});

describe('vscode/connections: decisions', () => {
  it('test results: buttons and severity per category', () => {
    assert.deepStrictEqual(buttonsFor('connected'), []);
    assert.deepStrictEqual(buttonsFor('unauthenticated'), ['authorize', 'portal', 'diagnose']);
    assert.deepStrictEqual(buttonsFor('forbidden'), ['authorize', 'portal', 'diagnose']);
    assert.deepStrictEqual(buttonsFor('error'), ['authorize', 'portal', 'diagnose']);
    assert.deepStrictEqual(buttonsFor('unreachable'), ['portal', 'diagnose']);
    assert.deepStrictEqual(buttonsFor('not-found'), ['portal', 'diagnose']);
    assert.deepStrictEqual(
      (['connected', 'unreachable', 'throttled', 'unauthenticated', 'not-found'] as const).map(severityOf),
      ['info', 'warning', 'warning', 'error', 'error'],
    );
  });

  it('consent redirect: only /consent with a well-formed state; the received query reaches parseConsentRedirect unchanged', () => {
    const state = 'AbC_dEf-0123456789xyz';
    const got = { scheme: 'vscode', authority: 'pub.ext', path: '/consent', query: `state=${state}&code=the-code+1`, fragment: '' };
    assert.strictEqual(consentStateOf(got), state);
    assert.strictEqual(consentStateOf({ ...got, path: '/other' }), undefined);
    assert.strictEqual(consentStateOf({ ...got, query: 'state=short' }), undefined);
    assert.strictEqual(consentStateOf({ ...got, query: 'code=x' }), undefined);
    const url = redirectUrlOf(got);
    assert.strictEqual(url, `vscode://pub.ext/consent?state=${state}&code=the-code%2B1`);
    const parsed = parseConsentRedirect(url, `vscode://pub.ext/consent?state=${state}`);
    assert.deepStrictEqual(parsed, { ok: true, code: 'the-code+1' }, 'a + in the code (decoded from %2B by VS Code) stays a +');
    const percent = parseConsentRedirect(redirectUrlOf({ ...got, query: `state=${state}&code=a%41b` }), `vscode://pub.ext/consent?state=${state}`);
    assert.deepStrictEqual(percent, { ok: true, code: 'a%41b' });
    const denied = parseConsentRedirect(redirectUrlOf({ ...got, query: `state=${state}&error=access_denied` }), `vscode://pub.ext/consent?state=${state}`);
    assert.strictEqual(denied.ok, false);
  });

  it('key expiry in words', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.strictEqual(timeLeft('2025-01-08T00:00:00Z', now), 'in 7 days');
    assert.strictEqual(timeLeft('2025-01-01T05:00:00Z', now), 'in 5 hours');
    assert.strictEqual(timeLeft('2024-12-31T00:00:00Z', now), 'already expired');
    assert.strictEqual(timeLeft('not a date', now), '');
  });

  it('document paths per connection, without characters a path cannot hold', () => {
    assert.strictEqual(azureDocPath('diagnosis', { subscriptionId: SUB, resourceGroup: 'rg', name: 'office365' }, 'md'), `/diagnosis/${SUB}/rg/office365.md`);
    assert.strictEqual(azureDocPath('json', { subscriptionId: 's', resourceGroup: 'r g', name: 'a/b#c' }, 'json'), '/json/s/r-g/a-b-c.json');
  });

  it('Show JSON hides parameter values (names kept), leaves the rest', () => {
    const raw = {
      id: connId('kv'),
      name: 'kv',
      properties: {
        displayName: 'kv',
        parameterValues: { accountKey: 'S3cr3t', nested: { password: 'p', n: 1 }, none: null },
        customParameterValues: { apiKey: 'k3y' },
        nonSecretParameterValues: { server: 'sql.example.com' },
        parameterValueSet: { name: 'oauthMI', values: { vaultName: { value: 'kv-prod' } } },
        statuses: [{ status: 'Connected' }],
      },
    };
    const out = withoutParameterValues(raw) as typeof raw;
    assert.deepStrictEqual(out.properties.parameterValues, { accountKey: '[not shown]', nested: { password: '[not shown]', n: '[not shown]' }, none: null });
    assert.deepStrictEqual(out.properties.parameterValueSet, { name: 'oauthMI', values: { vaultName: { value: '[not shown]' } } });
    assert.deepStrictEqual(out.properties.customParameterValues, { apiKey: '[not shown]' });
    assert.deepStrictEqual(out.properties.nonSecretParameterValues, { server: 'sql.example.com' }, 'non-secret values stay');
    assert.deepStrictEqual(out.properties.statuses, raw.properties.statuses);
    assert.strictEqual(raw.properties.parameterValues.accountKey, 'S3cr3t', 'the input is not changed');
    assert.ok(!JSON.stringify(out).includes('S3cr3t') && !JSON.stringify(out).includes('kv-prod'));
  });
});

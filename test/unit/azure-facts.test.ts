import * as assert from 'assert';
import { factFromError, factsFromArm } from '../../src/core/azureFacts';
import { lintProject } from '../../src/core/engine';
import lac010 from '../../src/core/rules/lac010-missing-connection-runtime-url';
import { connId, entry, found, resource, runtimeUrl, SUB } from './helpers/azure';
import { applyFixes, j, lintFiles } from './helpers/ruleTester';
import { virtualProject } from './helpers/virtualProject';
import { connectionIdsOf, connectionKey, managedConnections } from '../../src/core/connections';

describe('azure facts (core)', () => {
  it('resolves connection ids: literal, @{appsetting()} parts, @parameters() + @appsetting(); leaves the rest out', () => {
    const p = virtualProject({
      'host.json': '{}',
      'connections.json': j({
        managedApiConnections: {
          literal: entry('literal'),
          interpolated: entry('x', {}, "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/interp"),
          viaParameters: entry('x', {}, "@parameters('p-id')"),
          unknownSetting: entry('x', {}, "/subscriptions/@{appsetting('NOPE')}/resourceGroups/rg/providers/Microsoft.Web/connections/x"),
          bareCall: entry('x', {}, "/subscriptions/@appsetting('WORKFLOWS_SUBSCRIPTION_ID')/resourceGroups/rg/providers/Microsoft.Web/connections/x"),
          placeholder: entry('x', {}, '/subscriptions/__SUB__/resourceGroups/rg/providers/Microsoft.Web/connections/x'),
          notAConnection: entry('x', {}, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/x`),
          noId: { api: {} },
        },
      }),
      'parameters.json': j({ 'p-id': { type: 'String', value: "@appsetting('P_ID')" } }),
      'local.settings.json': j({ IsEncrypted: false, Values: { WORKFLOWS_SUBSCRIPTION_ID: SUB, WORKFLOWS_RESOURCE_GROUP_NAME: 'rg-x', P_ID: connId('viaparams') + '/' } }),
    });
    const ids = Object.fromEntries(managedConnections(p).map((r) => [r.name, r.id]));
    assert.deepStrictEqual(ids, {
      literal: connId('literal'),
      interpolated: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Web/connections/interp`,
      viaParameters: connId('viaparams'),
      unknownSetting: undefined,
      bareCall: undefined,
      placeholder: undefined,
      notAConnection: undefined,
      noId: undefined,
    });
    assert.deepStrictEqual(connectionIdsOf(p).sort(), [connId('literal'), `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Web/connections/interp`, connId('viaparams')].map(connectionKey).sort());
  });

  it('only ResourceNotFound / ResourceGroupNotFound mean "not found"', () => {
    assert.strictEqual(factFromError({ kind: 'not-found', status: 404, code: 'ResourceNotFound', message: 'x' }).state, 'not-found');
    assert.strictEqual(factFromError({ kind: 'not-found', status: 404, code: 'ResourceGroupNotFound', message: 'x' }).state, 'not-found');
    assert.strictEqual(factFromError({ kind: 'not-found', status: 404, code: 'SubscriptionNotFound', message: 'x' }).state, 'error');
    assert.strictEqual(factFromError({ kind: 'not-found', code: 'InvalidResourceId', message: 'x' }).state, 'error');
    assert.strictEqual(factFromError({ kind: 'forbidden', status: 403, code: 'AuthorizationFailed', message: 'x' }).state, 'error');
    assert.strictEqual(factFromError({ kind: 'network', code: 'ECONNREFUSED', message: 'x' }).state, 'error');
  });

  it('factsFromArm parses like the client (kind, runtime URL, policies), keyed without case', () => {
    const facts = factsFromArm({ connections: { [connId('A')]: found(resource('A', {}, 'v1'), [{ name: 'p', properties: { principal: { identity: { objectId: 'o' } } } }]) } });
    const f = facts.connections.get(connectionKey(connId('a')));
    assert.ok(f && f.state === 'found');
    assert.strictEqual(f.connection.kind, 'V1');
    assert.strictEqual(f.connection.connectionRuntimeUrl, runtimeUrl('office365'));
    assert.deepStrictEqual(f.accessPolicies?.map((p) => p.objectId), ['o']);
  });

  it('Azure rules do not run without includeAzureRules, even with facts', () => {
    const p = virtualProject({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a') } }) });
    const azure = factsFromArm({ connections: { [connId('a')]: { error: { status: 404, code: 'ResourceNotFound', message: 'gone' } } } });
    assert.deepStrictEqual(lintProject(p, {}, { azure }).map((f) => f.ruleId).filter((id) => id >= 'LAC060'), []);
    assert.deepStrictEqual(lintProject(p, {}, { azure, includeAzureRules: true }).map((f) => f.ruleId).filter((id) => id >= 'LAC060'), ['LAC060']);
  });
});

describe('LAC010 with Azure facts: "Use the connection\'s runtime URL from Azure"', () => {
  const URL = runtimeUrl('office365', '7');
  const { connectionRuntimeUrl: _drop, ...noUrl } = entry('a');
  const files = { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: noUrl } }) };

  it('without facts: one fix that adds the app-setting reference, not preferred (the URL is still missing)', () => {
    const [f] = lintFiles(files, lac010);
    assert.deepStrictEqual(f!.fixes().map((x) => [x.title, !!x.preferred]), [["Add \"connectionRuntimeUrl\": \"@appsetting('a-connectionRuntimeUrl')\"", false]]);
  });

  it('with facts that know the URL: a second fix that writes it, the preferred one', () => {
    const [f] = lintFiles(files, lac010, undefined, { connections: { [connId('a')]: found(resource('a', { connectionRuntimeUrl: URL })) } });
    const fixes = f!.fixes();
    assert.deepStrictEqual(fixes.map((x) => [x.title, !!x.preferred]), [
      ["Add \"connectionRuntimeUrl\": \"@appsetting('a-connectionRuntimeUrl')\"", false],
      ["Use the connection's runtime URL from Azure", true],
    ]);
    const out = applyFixes(files, [f!], (x) => x.fixes()[1]);
    assert.strictEqual(out['connections.json'], j({ managedApiConnections: { a: { ...noUrl, connectionRuntimeUrl: URL } } }));
  });

  it('with facts that do not know it (not found, V1, error): only the first fix', () => {
    for (const answer of [{ error: { status: 404, code: 'ResourceNotFound', message: 'x' } }, found(resource('a', { connectionRuntimeUrl: undefined }, 'V1'))]) {
      const [f] = lintFiles(files, lac010, undefined, { connections: { [connId('a')]: answer } });
      assert.strictEqual(f!.fixes().length, 1);
    }
  });
});

import * as assert from 'assert';
import rule from '../../src/core/rules/lac010-missing-connection-runtime-url';
import { applyFixes, j, lintFiles, ruleTester } from './helpers/ruleTester';

const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  api: { id: `/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/${name}` },
  connection: { id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/${name}` },
  authentication: { type: 'ManagedServiceIdentity' },
  ...extra,
});

ruleTester(rule, {
  valid: [
    { name: 'literal URL', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a', { connectionRuntimeUrl: 'https://x.azure-apihub.net/apim/a/1' }) } }) } },
    { name: 'app setting', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a', { connectionRuntimeUrl: "@appsetting('a-connectionRuntimeUrl')" }) } }) } },
    { name: 'parameter', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a', { connectionRuntimeUrl: "@parameters('a-ConnectionRuntimeUrl')" }) } }) } },
    { name: 'member written in another case', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a', { ConnectionRuntimeURL: 'https://x' }) } }) } },
    { name: 'misplaced inside connectionProperties is LAC011', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a', { connectionProperties: { connectionRuntimeUrl: 'https://x' } }) } }) } },
    { name: 'other sections need none', files: { 'host.json': '{}', 'connections.json': j({ serviceProviderConnections: { sb: { serviceProvider: { id: '/serviceProviders/serviceBus' } } }, managedApiConnections: {} }) } },
    { name: 'non-object entries are LAC002', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: 'x', b: null } }) } },
  ],
  invalid: [
    {
      name: 'no local.settings.json: only connections.json changes',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { office365: entry('office365') } }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/office365', message: 'has no "connectionRuntimeUrl"' }],
      output: {
        'connections.json': j({ managedApiConnections: { office365: { ...entry('office365'), connectionRuntimeUrl: "@appsetting('office365-connectionRuntimeUrl')" } } }),
      },
    },
    {
      name: 'adds the app setting to local.settings.json, keeping its comments',
      files: {
        'host.json': '{}',
        'connections.json': '{\n  // managed connections\n  "managedApiConnections": {\n    "a": {\n      "api": { "id": "x" }\n    },\n    "b": {\n      "connectionRuntimeUrl": "https://x"\n    }\n  }\n}',
        'local.settings.json': '{\n  "IsEncrypted": false,\n  "Values": {\n    // runtime\n    "FUNCTIONS_WORKER_RUNTIME": "node"\n  }\n}',
      },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a' }],
      output: {
        // jsonc-parser lays out the member it inserts after; everything else stays as written.
        'connections.json': '{\n  // managed connections\n  "managedApiConnections": {\n    "a": {\n      "api": { "id": "x" },\n      "connectionRuntimeUrl": "@appsetting(\'a-connectionRuntimeUrl\')"\n    },\n    "b": {\n      "connectionRuntimeUrl": "https://x"\n    }\n  }\n}',
        'local.settings.json': '{\n  "IsEncrypted": false,\n  "Values": {\n    // runtime\n    "FUNCTIONS_WORKER_RUNTIME": "node",\n    "a-connectionRuntimeUrl": ""\n  }\n}',
      },
    },
    {
      name: 'creates Values and escapes quotes',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { "o'neil": entry('x') } }),
        'local.settings.json': j({ IsEncrypted: false }),
      },
      errors: [{ file: 'connections.json', pointer: "/managedApiConnections/o'neil" }],
      output: {
        'connections.json': j({ managedApiConnections: { "o'neil": { ...entry('x'), connectionRuntimeUrl: "@appsetting('o''neil-connectionRuntimeUrl')" } } }),
        'local.settings.json': j({ IsEncrypted: false, Values: { "o'neil-connectionRuntimeUrl": '' } }),
      },
    },
    {
      name: 'two entries fixed in one pass',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { a: entry('a'), b: entry('b') } }),
        'local.settings.json': j({ Values: { X: '1' } }),
      },
      errors: [
        { file: 'connections.json', pointer: '/managedApiConnections/a' },
        { file: 'connections.json', pointer: '/managedApiConnections/b' },
      ],
      output: {
        'connections.json': j({
          managedApiConnections: {
            a: { ...entry('a'), connectionRuntimeUrl: "@appsetting('a-connectionRuntimeUrl')" },
            b: { ...entry('b'), connectionRuntimeUrl: "@appsetting('b-connectionRuntimeUrl')" },
          },
        }),
        'local.settings.json': j({ Values: { X: '1', 'b-connectionRuntimeUrl': '', 'a-connectionRuntimeUrl': '' } }),
      },
    },
    {
      name: 'setting already in local.settings.json is left alone',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { a: entry('a') } }),
        'local.settings.json': j({ Values: { 'a-connectionRuntimeUrl': 'https://x' } }),
      },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a' }],
      output: { 'connections.json': j({ managedApiConnections: { a: { ...entry('a'), connectionRuntimeUrl: "@appsetting('a-connectionRuntimeUrl')" } } }) },
    },
  ],
});

describe('LAC010 docs examples and fixes', () => {
  it('bad triggers, good does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
  it('offline, the fix carries two file edits when local.settings.json exists, and is not preferred: the URL is still missing', () => {
    const [f] = lintFiles({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a') } }), 'local.settings.json': j({ Values: {} }) }, rule);
    const [fx] = f.fixes();
    assert.strictEqual(fx.preferred, false);
    assert.strictEqual(fx.edits.length, 2);
    assert.match(fx.title, /and an empty app setting to fill in/);
  });

  it('after the offline fix, the empty setting is still reported (LAC031): the problem is not silenced', () => {
    const files = { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: entry('a') } }), 'local.settings.json': j({ Values: {} }), 'W/workflow.json': j({ definition: { actions: {}, triggers: {} }, kind: 'Stateful' }) };
    const [f] = lintFiles(files, rule);
    const after = applyFixes(files, [f], (x) => x.fixes()[0]);
    const left = lintFiles(after).filter((x) => x.ruleId === 'LAC031' || x.ruleId === 'LAC010');
    assert.deepStrictEqual(left.map((x) => [x.ruleId, x.severity, x.pointer]), [['LAC031', 'warning', '/managedApiConnections/a/connectionRuntimeUrl']]);
    assert.match(left[0].message, /"a-connectionRuntimeUrl" is empty in local.settings.json/);
  });
});

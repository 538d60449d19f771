import * as assert from 'assert';
import rule from '../../src/core/rules/lac032-undefined-parameter';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const sql = (value: string) => j({ serviceProviderConnections: { sql: { parameterValues: { connectionString: value }, serviceProvider: { id: '/serviceProviders/sql' } } } });
const param = (value: unknown, type = 'String') => ({ type, value });
const workflow = (definition: Record<string, unknown>) => j({ definition: { actions: {}, triggers: {}, ...definition }, kind: 'Stateful' });
const http = (uri: string) => ({ HTTP: { type: 'Http', inputs: { method: 'GET', uri } } });
const managed = (extra: Record<string, unknown>) => j({ managedApiConnections: { office365: { api: { id: '/subscriptions/s/providers/Microsoft.Web/locations/w/managedApis/office365' }, ...extra } } });

ruleTester(rule, {
  valid: [
    {
      name: 'defined in parameters.json (names compare case-insensitively)',
      files: { 'host.json': '{}', 'connections.json': sql("@parameters('sql_connectionString')"), 'parameters.json': j({ SQL_ConnectionString: param("@appsetting('x')") }) },
    },
    {
      name: 'workflow expressions and the workflow’s own definition.parameters',
      files: {
        'host.json': '{}',
        'parameters.json': j({ HostUrl: param('https://x') }),
        'wf/workflow.json': workflow({ parameters: { local: { type: 'String', defaultValue: 'a' } }, actions: http("@{parameters('HostUrl')}/@{parameters('local')}") }),
      },
    },
    {
      name: '$connections, dynamic names, text and bare calls in workflows are not references',
      files: {
        'host.json': '{}',
        'parameters.json': '{}',
        'wf/workflow.json': workflow({ actions: { A: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['x']['connectionId']" } }, path: "@{parameters(variables('n'))}", body: "parameters('graph_uri')/v1.0 and /x/@parameters('y')" } } } }),
      },
    },
    {
      name: 'Consumption templates and lone workflows are not checked',
      files: { 'workflow.json': workflow({ actions: http("@parameters('nope')") }) },
    },
    {
      name: 'a parameters.json with syntax errors tells nothing',
      files: { 'host.json': '{}', 'connections.json': sql("@parameters('x')"), 'parameters.json': '{ "x": ' },
    },
  ],
  invalid: [
    {
      name: 'the ai-rag-demo mistake: only an app setting exists; the fix adds the parameter from it',
      files: {
        'host.json': '{}',
        'connections.json': sql("@parameters('sql_connectionString')"),
        'parameters.json': j({ sql_table_name: param('') }),
        'local.settings.json': j({ IsEncrypted: false, Values: { sql_connectionString: '' } }),
      },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/sql/parameterValues/connectionString', severity: 'error', message: "did you mean @appsetting('sql_connectionString')?" }],
      output: { 'parameters.json': j({ sql_table_name: param(''), sql_connectionString: param("@appsetting('sql_connectionString')") }) },
    },
    {
      name: 'the alternative fix references the app setting directly',
      fixTitle: /^Use @appsetting/,
      files: {
        'host.json': '{}',
        'connections.json': sql("@parameters('sql_connectionString')"),
        'parameters.json': '{}',
        'local.settings.json': j({ Values: { sql_connectionString: '' } }),
      },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/sql/parameterValues/connectionString' }],
      output: { 'connections.json': sql("@appsetting('sql_connectionString')") },
    },
    {
      name: 'no parameters.json at all: every reference is an error; the fix creates the file',
      files: { 'host.json': '{}', 'connections.json': managed({ authentication: "@parameters('office365-Authentication')" }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/office365/authentication', message: 'the project has no parameters.json' }],
      output: { 'parameters.json': j({ 'office365-Authentication': param({}, 'Object') }) + '\n' },
    },
    {
      name: 'a near-miss name: the first fix uses the existing parameter',
      files: { 'host.json': '{}', 'wf/workflow.json': workflow({ actions: http("@{parameters('HostURl2')}/x") }), 'parameters.json': j({ HostUrl: param('https://x') }) },
      errors: [{ file: 'wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/uri', message: 'Did you mean "HostUrl"?' }],
      output: { 'wf/workflow.json': workflow({ actions: http("@{parameters('HostUrl')}/x") }) },
    },
    {
      name: 'interpolated and bare references in connections.json, references in parameters.json values',
      files: {
        'host.json': '{}',
        'connections.json': managed({ connection: { id: "/subscriptions/@parameters('SubscriptionId')/resourceGroups/@{parameters('rg')}/x" } }),
        'parameters.json': j({ SubscriptionId: param('s'), other: param("@parameters('missing')") }),
      },
      errors: [
        { file: 'connections.json', pointer: '/managedApiConnections/office365/connection/id', message: '"rg"' },
        { file: 'parameters.json', pointer: '/other/value', message: '"missing"' },
      ],
    },
  ],
});

describe('LAC032 spans and docs', () => {
  it('points at the parameter name', () => {
    const text = sql("@parameters('sql_connectionString')");
    const [f] = lintFiles({ 'host.json': '{}', 'connections.json': text, 'parameters.json': '{}' }, rule);
    assert.strictEqual(text.slice(f.offset, f.offset + f.length), 'sql_connectionString');
  });

  it('the docs examples behave as documented', () => {
    const companion = (code: string) => /\/\/ parameters\.json: (.*)$/m.exec(code)![1];
    const { bad, good } = rule.meta.docs;
    assert.strictEqual(lintFiles({ 'host.json': '{}', [bad.file]: bad.code, 'parameters.json': companion(bad.code) }, rule).length, 1);
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', [good.file]: good.code, 'parameters.json': companion(good.code) }, rule), []);
  });
});

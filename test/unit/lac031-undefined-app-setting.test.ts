import * as assert from 'assert';
import rule from '../../src/core/rules/lac031-undefined-app-setting';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const sb = (value: string) => j({ serviceProviderConnections: { serviceBus: { parameterValues: { connectionString: value }, serviceProvider: { id: '/serviceProviders/serviceBus' } } } });
const settings = (values: Record<string, string>) => j({ IsEncrypted: false, Values: values });
const workflow = (definition: Record<string, unknown>) => j({ definition: { $schema: 'x', actions: {}, triggers: {}, ...definition }, kind: 'Stateful' });
const http = (uri: string) => ({ HTTP: { type: 'Http', inputs: { method: 'GET', uri } } });

ruleTester(rule, {
  valid: [
    {
      name: 'filled values are not judged (text, numbers, a value that mentions a token mid-text is still text)',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('sb')"), 'local.settings.json': j({ Values: { sb: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=abc' } }) },
    },
    {
      name: 'defined in local.settings.json (case-insensitive)',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('serviceBus_connectionString')"), 'local.settings.json': settings({ SERVICEBUS_CONNECTIONSTRING: 'x' }) },
    },
    {
      name: 'interpolated, in parameters.json and in workflows',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { a: { api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/x" } } } }),
        'parameters.json': j({ url: { type: 'String', value: "@appsetting('API_URL')" } }),
        'wf/workflow.json': workflow({ actions: http("@{appsetting('API_URL')}/orders") }),
        'local.settings.json': settings({ WORKFLOWS_SUBSCRIPTION_ID: 's', API_URL: 'https://x' }),
      },
    },
    {
      name: 'platform settings are not reported without local.settings.json',
      files: { 'host.json': '{}', 'wf/workflow.json': workflow({ actions: http("@{appsetting('WEBSITE_SITE_NAME')}") }) },
    },
    {
      name: 'text that is not an expression, a bare call in a workflow, string literals',
      files: {
        'host.json': '{}',
        'wf/workflow.json': workflow({ actions: http("appsetting('A') /x/@appsetting('B') @{concat('appsetting(''C'')')}") }),
        'local.settings.json': settings({}),
      },
    },
    {
      name: 'lone workflows and ARM templates are not checked',
      files: { 'workflow.json': workflow({ actions: http("@appsetting('X')") }) },
    },
    {
      name: 'a local.settings.json that does not parse tells nothing',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('X')"), 'local.settings.json': '{ "Values": ' },
    },
    {
      name: 'empty names are LAC033',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('')"), 'local.settings.json': settings({}) },
    },
  ],
  invalid: [
    {
      name: 'defined but empty (the official extension pre-fills referenced settings with "")',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('serviceBus_connectionString')"), 'local.settings.json': settings({ serviceBus_connectionString: '' }) },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', severity: 'warning', message: /"serviceBus_connectionString" is empty in local.settings.json/ }],
    },
    {
      name: 'defined as a placeholder: <...>, a to-do marker, a pipeline token (names compared case-insensitively)',
      files: {
        'host.json': '{}',
        'connections.json': sb("@appsetting('sb')"),
        'parameters.json': j({ a: { type: 'String', value: "@appsetting('A')" }, b: { type: 'String', value: "@appsetting('B')" } }),
        'local.settings.json': settings({ SB: '<your connection string>', A: 'TODO: fill in', B: '#{ServiceBus.Key}#' }),
      },
      errors: [
        { file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', message: /"SB" is a placeholder \("<your connection string>"\)/ },
        { file: 'parameters.json', pointer: '/a/value', message: /"A" is a placeholder/ },
        { file: 'parameters.json', pointer: '/b/value', message: /"B" is a placeholder/ },
      ],
    },
    {
      name: 'missing from local.settings.json: warning, fix adds it',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('serviceBus_connectionString')"), 'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node' }) },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', severity: 'warning', message: 'App setting "serviceBus_connectionString" is not in local.settings.json Values' }],
      output: { 'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node', serviceBus_connectionString: '' }) },
    },
    {
      name: 'no local.settings.json: info, fix creates it',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('serviceBus_connectionString')") },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', severity: 'info', message: 'there is no local.settings.json' }],
      output: { 'local.settings.json': settings({ serviceBus_connectionString: '' }) + '\n' },
    },
    {
      name: 'a near-miss name: the first fix uses the existing setting',
      files: { 'host.json': '{}', 'connections.json': sb("@appsetting('serviceBus_conectionString')"), 'local.settings.json': settings({ serviceBus_connectionString: 'x' }) },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', message: 'Did you mean "serviceBus_connectionString"?' }],
      output: { 'connections.json': sb("@appsetting('serviceBus_connectionString')") },
    },
    {
      name: 'WORKFLOWS_* settings are needed locally; each reference is reported',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { a: { api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/a" } } } }),
        'local.settings.json': settings({ WORKFLOWS_LOCATION_NAME: 'westeurope' }),
      },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/api/id', severity: 'warning', message: '"WORKFLOWS_SUBSCRIPTION_ID"' }],
    },
    {
      name: 'a platform setting missing from local.settings.json is info',
      files: { 'host.json': '{}', 'wf/workflow.json': workflow({ actions: http("https://@{appsetting('WEBSITE_HOSTNAME')}/api") }), 'local.settings.json': settings({}) },
      errors: [{ file: 'wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/uri', severity: 'info', message: 'App Service provides "WEBSITE_HOSTNAME" in Azure' }],
    },
    {
      name: 'parameters.json values and workflow expressions, bare in parameters.json',
      files: {
        'host.json': '{}',
        'parameters.json': j({ a: { type: 'String', value: "@appsetting('A')" }, b: { type: 'Object', value: { url: "https://x/@appsetting('B')" } } }),
        'wf/workflow.json': workflow({ actions: http("@{toLower(appsetting('C'))}") }),
        'local.settings.json': settings({}),
      },
      errors: [
        { file: 'parameters.json', pointer: '/a/value', message: '"A"' },
        { file: 'parameters.json', pointer: '/b/value/url', message: '"B"' },
        { file: 'wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/uri', message: '"C"' },
      ],
    },
    {
      name: 'workflows under a workflows/ folder and in Values-less local.settings.json',
      files: { 'host.json': '{}', 'workflows/wf/workflow.json': workflow({ actions: http("@appsetting('A')") }), 'local.settings.json': j({ IsEncrypted: false }) },
      errors: [{ file: 'workflows/wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/uri', severity: 'warning' }],
      output: { 'local.settings.json': j({ IsEncrypted: false, Values: { A: '' } }) },
    },
  ],
});

describe('LAC031 spans and docs', () => {
  it('points at the name inside the string, or at the whole value when escapes come first', () => {
    const text = sb("@appsetting('serviceBus_connectionString')");
    const [f] = lintFiles({ 'host.json': '{}', 'connections.json': text, 'local.settings.json': settings({}) }, rule);
    assert.strictEqual(text.slice(f.offset, f.offset + f.length), 'serviceBus_connectionString');
    const escaped = sb("\"q\" @{appsetting('X')}");
    const [g] = lintFiles({ 'host.json': '{}', 'connections.json': escaped, 'local.settings.json': settings({}) }, rule);
    assert.strictEqual(escaped.slice(g.offset, g.offset + g.length), JSON.stringify("\"q\" @{appsetting('X')}"));
  });

  it('the docs examples behave as documented', () => {
    const companion = (code: string) => /\/\/ local\.settings\.json: (.*)$/m.exec(code)![1];
    const { bad, good } = rule.meta.docs;
    assert.strictEqual(lintFiles({ 'host.json': '{}', [bad.file]: bad.code, 'local.settings.json': companion(bad.code) }, rule).length, 1);
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', [good.file]: good.code, 'local.settings.json': companion(good.code) }, rule), []);
  });
});

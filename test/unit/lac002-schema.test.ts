import * as assert from 'assert';
import rule from '../../src/core/rules/lac002-schema';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const SUB = "@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}";
const deep = (n: number) => '{"x":'.repeat(n) + '1' + '}'.repeat(n);
const managed = (name: string, extra: Record<string, unknown> = {}) => ({
  api: { id: `/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/${name}` },
  connection: { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/${name}` },
  connectionRuntimeUrl: `@appsetting('${name}-connectionRuntimeUrl')`,
  authentication: { type: 'ManagedServiceIdentity' },
  ...extra,
});

ruleTester(rule, {
  valid: [
    { name: 'empty object', files: { 'host.json': '{}', 'connections.json': '{}' } },
    {
      name: 'all five sections with real shapes',
      files: {
        'host.json': '{}',
        'connections.json': j({
          $schema: './connections.schema.json',
          managedApiConnections: { office365: managed('office365', { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', audience: 'https://graph.microsoft.com' } }, displayName: "@appsetting('NAME')" }) },
          serviceProviderConnections: {
            serviceBus: { parameterValues: { fullyQualifiedNamespace: "@appsetting('sb')", authProvider: { Type: 'ManagedServiceIdentity' } }, parameterSetName: 'ManagedServiceIdentity', serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'sb' },
          },
          functionConnections: {
            fn: { function: { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/f` }, triggerUrl: "@appsetting('FN_URL')", authentication: { type: 'QueryString', name: 'Code', value: "@appsetting('FN_KEY')" }, displayName: 'fn' },
          },
          apiManagementConnections: { apim: { apiId: "@appsetting('apiId')", baseUrl: "@appsetting('baseUrl')", subscriptionKey: "@appsetting('key')", displayName: 'apim' } },
          agentConnections: { agent: { displayName: 'AOAI', authentication: { type: 'ManagedServiceIdentity' }, endpoint: "@appsetting('ep')", resourceId: "@appsetting('rid')", type: 'model' } },
        }),
      },
    },
    {
      name: 'objects written as expressions or placeholders',
      files: {
        'host.json': '{}',
        'connections.json': j({
          managedApiConnections: {
            outlook: managed('outlook', { authentication: "@parameters('outlook-Authentication')", connectionProperties: '#{connectionProperties}#' }),
          },
          serviceProviderConnections: { sp: { serviceProvider: { id: '#{serviceProviderId}#' }, parameterValues: "@parameters('sp-values')" } },
        }),
      },
    },
    {
      name: 'missing connectionRuntimeUrl and authentication are other rules',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { api: { id: 'x' }, connection: { id: 'y' } } } }) },
    },
    {
      name: 'members named in another case count as present',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { API: { ID: 'x' }, Connection: { Id: 'y' } } } }) },
    },
    {
      name: 'comments and extra members inside entries',
      files: { 'host.json': '{}', 'connections.json': '{\n  // managed\n  "managedApiConnections": {\n    "a": { "api": { "id": "x", "name": "a" }, "connection": { "id": "y" }, "extra": true }\n  }\n}' },
    },
    {
      name: '10,000 levels inside parameterValues',
      files: { 'host.json': '{}', 'connections.json': `{"serviceProviderConnections": {"sb": {"serviceProvider": {"id": "/serviceProviders/serviceBus"}, "parameterValues": ${deep(10000)}}}}` },
    },
    { name: 'syntax errors are LAC001', files: { 'host.json': '{}', 'connections.json': '{ "managedApiConnection": ' } },
    { name: 'other files are not validated', files: { 'host.json': '{"managedApiConnection": 1}', 'parameters.json': '{"serviceProviderConnections": 3}' } },
  ],
  invalid: [
    {
      name: 'misspelt section',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnection: { a: managed('a') } }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnection', severity: 'error', message: 'Unknown section "managedApiConnection" — did you mean "managedApiConnections"?' }],
    },
    {
      name: 'section in another case is a warning',
      files: { 'host.json': '{}', 'connections.json': j({ ServiceProviderConnections: {} }) },
      errors: [{ pointer: '/ServiceProviderConnections', severity: 'warning', message: 'spelt "serviceProviderConnections"' }],
    },
    {
      name: 'unrelated section is a warning',
      files: { 'host.json': '{}', 'connections.json': j({ comments: 'x' }) },
      errors: [{ pointer: '/comments', severity: 'warning', message: 'Unknown section "comments"' }],
    },
    {
      name: 'missing api.id and connection',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { api: {}, connectionRuntimeUrl: 'https://x' } } }) },
      errors: [
        { pointer: '/managedApiConnections/a/api', message: '"api.id" is missing: the resource id of the managed API' },
        { pointer: '/managedApiConnections/a', message: '"connection" is missing' },
      ],
    },
    {
      name: 'missing serviceProvider.id, function members, apim members',
      files: {
        'host.json': '{}',
        'connections.json': j({
          serviceProviderConnections: { sb: { serviceProvider: {}, parameterValues: {} }, blob: { parameterValues: {} } },
          functionConnections: { fn: { function: {} } },
          apiManagementConnections: { apim: {} },
        }),
      },
      errors: [
        { pointer: '/serviceProviderConnections/sb/serviceProvider', message: '"serviceProvider.id" is missing' },
        { pointer: '/serviceProviderConnections/blob', message: '"serviceProvider" is missing' },
        { pointer: '/functionConnections/fn/function', message: '"function.id" is missing' },
        { pointer: '/functionConnections/fn', message: '"triggerUrl" is missing' },
        { pointer: '/apiManagementConnections/apim', message: '"apiId" is missing' },
        { pointer: '/apiManagementConnections/apim', message: '"baseUrl" is missing' },
      ],
    },
    {
      name: 'wrong types',
      files: {
        'host.json': '{}',
        'connections.json': j({
          managedApiConnections: { a: managed('a', { connectionRuntimeUrl: 42, api: { id: ['x'] }, authentication: 'Raw' }), b: 'office365' },
          serviceProviderConnections: [],
          agentConnections: { agent: { endpoint: {} } },
        }),
      },
      errors: [
        { pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: '"connectionRuntimeUrl" must be a string.' },
        { pointer: '/managedApiConnections/a/api/id', message: '"api.id" must be a string.' },
        { pointer: '/managedApiConnections/a/authentication', message: /must be an object, or an expression .*found the text "Raw"/ },
        { pointer: '/managedApiConnections/b', message: 'Connection "b" must be an object' },
        { pointer: '/serviceProviderConnections', message: 'must be an object keyed by connection name' },
        { pointer: '/agentConnections/agent/endpoint', message: 'must be a string' },
      ],
    },
    {
      name: 'serviceProvider.id not /serviceProviders/<name>',
      files: { 'host.json': '{}', 'connections.json': j({ serviceProviderConnections: { sb: { serviceProvider: { id: 'serviceBus' } } } }) },
      errors: [{ pointer: '/serviceProviderConnections/sb/serviceProvider/id', message: 'must be "/serviceProviders/<name>"' }],
    },
    {
      name: '10,000 levels under a misspelt section',
      files: { 'host.json': '{}', 'connections.json': `{"functionConnection": ${deep(10000)}}` },
      errors: [{ pointer: '/functionConnection', message: 'did you mean "functionConnections"' }],
    },
    {
      name: 'not an object at all',
      files: { 'host.json': '{}', 'connections.json': '[]' },
      errors: [{ pointer: '', message: 'must be a JSON object' }],
    },
  ],
});

describe('LAC002 docs examples', () => {
  it('bad triggers, good does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
});

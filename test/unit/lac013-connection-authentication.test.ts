import * as assert from 'assert';
import rule from '../../src/core/rules/lac013-connection-authentication';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const base = { api: { id: 'x' }, connection: { id: 'y' }, connectionRuntimeUrl: 'https://x' };
const managed = (auth: unknown, extra: Record<string, unknown> = {}) => ({
  'host.json': '{}',
  'connections.json': j({ managedApiConnections: { office365: auth === undefined ? { ...base, ...extra } : { ...base, authentication: auth, ...extra } } }),
});
const http = (auth: unknown, type = 'Http') => ({
  'host.json': '{}',
  'wf/workflow.json': j({
    definition: {
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: {
        Scope: { type: 'Scope', actions: { Call: { type, inputs: { method: 'GET', uri: 'https://example.org', authentication: auth } } } },
      },
    },
    kind: 'Stateful',
  }),
});
const P = '/managedApiConnections/office365/authentication';
/** An HTTP action nested in 2,000 scopes. */
function deepWorkflow(n: number, auth: unknown): string {
  let action: Record<string, unknown> = { type: 'Http', inputs: { method: 'GET', uri: 'https://x', authentication: auth } };
  for (let i = 0; i < n; i++) action = { type: 'Scope', actions: { [`S${i}`]: action } };
  return JSON.stringify({ definition: { actions: { Top: action } } });
}
function deepPointer(n: number): string {
  let p = '/definition/actions/Top';
  for (let i = n - 1; i >= 0; i--) p += `/actions/S${i}`;
  return `${p}/inputs/authentication`;
}
const H = '/definition/actions/Scope/actions/Call/inputs/authentication';

ruleTester(rule, {
  valid: [
    { name: 'connection key', files: managed({ type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" }) },
    { name: 'managed identity', files: managed({ type: 'ManagedServiceIdentity' }) },
    { name: 'user-assigned identity', files: managed({ type: 'ManagedServiceIdentity', identity: "@appsetting('UAI_ID')" }) },
    { name: 'type in another case', files: managed({ type: 'managedserviceidentity' }) },
    {
      name: 'ActiveDirectoryOAuth with secret',
      files: managed({ type: 'ActiveDirectoryOAuth', audience: 'https://management.core.windows.net/', credentialType: 'Secret', clientId: "@appsetting('ID')", tenant: "@appsetting('TENANT')", secret: "@appsetting('SECRET')" }),
    },
    { name: 'dynamic type', files: managed({ type: "@appsetting('AUTH_TYPE')" }) },
    { name: 'whole expression without parameters.json', files: managed("@parameters('office365-Authentication')") },
    {
      name: 'parameter holding a valid object',
      files: { ...managed("@parameters('office365-Authentication')"), 'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('k')" } } }) },
    },
    { name: 'literal string is LAC002', files: managed('Raw') },
    { name: 'connectionProperties audience', files: managed({ type: 'ManagedServiceIdentity' }, { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', audience: 'https://storage.azure.com/' } } }) },
    { name: 'other sections are not judged', files: { 'host.json': '{}', 'connections.json': j({ functionConnections: { f: { authentication: { type: 'QueryString', name: 'Code', value: 'x' } } }, agentConnections: { a: { authentication: { type: 'Key' } } } }) } },
    { name: 'HTTP MSI', files: http({ type: 'ManagedServiceIdentity', audience: 'https://storage.azure.com/' }) },
    { name: 'HTTP Basic with expressions', files: http({ type: 'Basic', username: "@parameters('u')", password: "@body('Get_secret')?['value']" }) },
    { name: 'HTTP Basic with an empty password', files: http({ type: 'Basic', username: 'u', password: '' }) },
    { name: 'HTTP certificate', files: http({ type: 'ClientCertificate', pfx: "@parameters('pfx')" }) },
    { name: 'HTTP AAD certificate', files: http({ type: 'ActiveDirectoryOAuth', tenant: 't', audience: 'a', clientId: 'c', credentialType: 'Certificate', pfx: 'p', password: 'w' }) },
    { name: 'HTTP Raw', files: http({ type: 'Raw', value: "@{parameters('token')}" }) },
    { name: 'HTTP None', files: http({ type: 'None' }) },
    { name: 'HTTP placeholder', files: http('#{auth}#') },
    { name: 'authentication of other action types is not HTTP', files: http({ type: 'Whatever' }, 'ApiManagement') },
  ],
  invalid: [
    {
      name: 'missing authentication, with two fixes',
      files: managed(undefined),
      errors: [{ pointer: '/managedApiConnections/office365', message: 'has no "authentication"' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: { type: 'ManagedServiceIdentity' } } } }) },
    },
    {
      name: 'missing authentication, connection key fix',
      files: managed(undefined),
      fixTitle: /connection key/,
      errors: [{ pointer: '/managedApiConnections/office365' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" } } } }) },
    },
    {
      name: 'Raw without scheme: adds "Key"',
      files: managed({ type: 'Raw', parameter: "@appsetting('office365-connectionKey')" }),
      errors: [{ pointer: P, message: 'of type "Raw" has no "scheme"' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: { type: 'Raw', parameter: "@appsetting('office365-connectionKey')", scheme: 'Key' } } } }) },
    },
    {
      name: 'Raw without parameter: adds the key setting',
      files: managed({ type: 'Raw', scheme: 'Key' }),
      errors: [{ pointer: P, message: 'has no "parameter"' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" } } } }) },
    },
    {
      name: 'Raw with the HTTP "value" instead of "parameter"',
      files: managed({ type: 'Raw', scheme: 'Key', value: "@appsetting('k')" }),
      errors: [{ pointer: P, message: 'managed API connections in "parameter"' }],
    },
    {
      name: 'unknown type and missing type',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { ...base, authentication: { type: 'Key' } }, b: { ...base, authentication: { scheme: 'Key' } } } }) },
      errors: [
        { pointer: '/managedApiConnections/a/authentication/type', message: 'unknown type "Key": use one of Raw, ManagedServiceIdentity, ActiveDirectoryOAuth' },
        { pointer: '/managedApiConnections/b/authentication', message: 'has no "type"' },
      ],
    },
    {
      name: 'an HTTP-only type on a managed connection is a warning',
      files: managed({ type: 'Basic', username: 'u', password: 'p' }),
      errors: [{ pointer: `${P}/type`, severity: 'warning', message: 'does not support' }],
    },
    {
      name: 'ActiveDirectoryOAuth without tenant, audience, clientId and secret',
      files: managed({ type: 'ActiveDirectoryOAuth', credentialType: 'Secret', tenant: '' }),
      errors: [
        { pointer: P, message: 'has no "tenant"' },
        { pointer: P, message: 'has no "audience"' },
        { pointer: P, message: 'has no "clientId"' },
        { pointer: P, message: 'has no "secret"' },
      ],
    },
    {
      name: 'identity as an object (real corpus mistake): replaced by its string',
      files: managed({ type: 'ManagedServiceIdentity', identity: { userAssignedIdentity: "@appsetting('USER_ASSIGNED_IDENTITY_RESOURCE_ID')" } }),
      errors: [{ pointer: `${P}/identity`, message: '"identity" must be the resource id (a string) of a user-assigned identity, found an object' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: { type: 'ManagedServiceIdentity', identity: "@appsetting('USER_ASSIGNED_IDENTITY_RESOURCE_ID')" } } } }) },
    },
    {
      name: 'parameter object judged and fixed in parameters.json',
      files: { ...managed("@parameters('office365-Authentication')"), 'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: { type: 'Raw', parameter: "@appsetting('k')" } } }) },
      errors: [{ file: 'parameters.json', pointer: '/office365-Authentication/value', message: '(parameter "office365-Authentication") of type "Raw" has no "scheme"' }],
      output: { 'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: { type: 'Raw', parameter: "@appsetting('k')", scheme: 'Key' } } }) },
    },
    {
      name: 'parameter holding a string',
      files: { ...managed("@parameters('office365-Authentication')"), 'parameters.json': j({ 'office365-Authentication': { type: 'String', value: 'Raw' } }) },
      errors: [{ file: 'parameters.json', pointer: '/office365-Authentication/value', message: 'must be an object with a "type", found the text "Raw"' }],
    },
    {
      name: 'connectionProperties.authentication of an unknown type',
      files: managed({ type: 'ManagedServiceIdentity' }, { connectionProperties: { authentication: { type: 'MSI', audience: 'https://storage.azure.com/' } } }),
      errors: [{ pointer: '/managedApiConnections/office365/connectionProperties/authentication/type', message: 'unknown type "MSI"' }],
    },
    { name: 'HTTP unknown type', files: http({ type: 'OAuth' }), errors: [{ file: 'wf/workflow.json', pointer: `${H}/type`, message: /HTTP action "Call".*unknown type "OAuth"/ }] },
    { name: 'HTTP Basic without password', files: http({ type: 'Basic', username: 'u' }), errors: [{ pointer: H, message: 'has no "password"' }] },
    { name: 'HTTP certificate without pfx', files: http({ type: 'ClientCertificate', password: 'p' }), errors: [{ pointer: H, message: 'has no "pfx"' }] },
    { name: 'HTTP Raw without value', files: http({ type: 'Raw', scheme: 'Bearer' }), errors: [{ pointer: H, message: 'has no "value"' }] },
    {
      name: 'HTTP AAD certificate without pfx and password',
      files: http({ type: 'ActiveDirectoryOAuth', tenant: 't', audience: 'a', clientId: 'c', credentialType: 'Certificate' }),
      errors: [
        { pointer: H, message: 'has no "pfx"' },
        { pointer: H, message: 'has no "password"' },
      ],
    },
    { name: 'HTTP literal string', files: http('ManagedServiceIdentity'), errors: [{ pointer: H, message: 'must be an object with a "type"' }] },
    { name: 'HTTP identity object', files: http({ type: 'ManagedServiceIdentity', identity: { a: 1, b: 2 } }), errors: [{ pointer: `${H}/identity`, message: 'found an object' }] },
    {
      name: 'HTTP action 2,000 scopes deep',
      files: { 'host.json': '{}', 'wf/workflow.json': deepWorkflow(2000, { type: 'Basic', username: 'u' }) },
      errors: [{ file: 'wf/workflow.json', pointer: deepPointer(2000), message: '"password"' }],
    },
    {
      name: 'HTTP webhook subscribe',
      files: {
        'host.json': '{}',
        'wf/workflow.json': j({ definition: { triggers: { hook: { type: 'HttpWebhook', inputs: { subscribe: { method: 'POST', uri: 'https://x', authentication: { type: 'Basic' } }, unsubscribe: {} } } }, actions: {} } }),
      },
      errors: [
        { pointer: '/definition/triggers/hook/inputs/subscribe/authentication', message: /HTTP webhook trigger "hook" \(subscribe\).*"username"/ },
        { pointer: '/definition/triggers/hook/inputs/subscribe/authentication', message: '"password"' },
      ],
    },
  ],
});

describe('LAC013 docs examples', () => {
  it('bad triggers, good does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
});

// ---------------------------------------------------------------------------------------------
// The local authentication mode (WORKFLOWS_AUTHENTICATION_METHOD)
// ---------------------------------------------------------------------------------------------

const MSI_MODE = j({ IsEncrypted: false, Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' } });
const KEY_MODE_TEXT = '{\n  // local runs\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "k"\n  }\n}\n';
const withSettings = (auth: unknown, settings: string | null, extra: Record<string, string> = {}) => ({
  ...managed(auth),
  ...(settings === null ? {} : { 'local.settings.json': settings }),
  ...extra,
});
const MSI_AUTH = { type: 'ManagedServiceIdentity' };
const RAW_KEY = { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" };
const T = `${P}/type`;

ruleTester(rule, {
  valid: [
    { name: 'managed identity in managed-identity mode', files: withSettings(MSI_AUTH, MSI_MODE) },
    { name: 'managed identity, mode in another case', files: withSettings(MSI_AUTH, j({ Values: { workflows_authentication_method: 'MANAGEDSERVICEIDENTITY' } })) },
    { name: 'managed identity, mode unknown (no local.settings.json)', files: withSettings(MSI_AUTH, null) },
    { name: 'managed identity, mode unknown (encrypted local.settings.json)', files: withSettings(MSI_AUTH, j({ IsEncrypted: true, Values: {} })) },
    { name: 'managed identity, mode unknown (an expression)', files: withSettings(MSI_AUTH, j({ Values: { WORKFLOWS_AUTHENTICATION_METHOD: "@appsetting('X')" } })) },
    { name: 'connection key in key mode', files: withSettings(RAW_KEY, KEY_MODE_TEXT) },
    { name: 'connection key in managed-identity mode: the key still authenticates', files: withSettings(RAW_KEY, MSI_MODE) },
    { name: 'connectionProperties.authentication (the target service) is not the local mode\'s business', files: { ...managed(RAW_KEY, { connectionProperties: { authentication: MSI_AUTH } }), 'local.settings.json': KEY_MODE_TEXT } },
  ],
  invalid: [
    {
      name: 'key mode: managed identity fails local runs; fix 1 switches the project to managed-identity mode (comments kept)',
      files: withSettings(MSI_AUTH, KEY_MODE_TEXT),
      errors: [{ file: 'connections.json', pointer: T, severity: 'warning', message: /is the managed identity, but the project runs locally with connection keys \(local\.settings\.json has no WORKFLOWS_AUTHENTICATION_METHOD\): local runs fail with "The API connection reference name office365 has invalid authentication type ManagedServiceIdentity\. Only 'Raw' or 'ActiveDirectoryOAuth' authentication type is allowed in local developer environment"/ }],
      output: { 'local.settings.json': '{\n  // local runs\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "k",\n    "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"\n  }\n}\n' },
    },
    {
      name: 'key mode (another value): fix 2 parameterises authentication the official way, the key setting exists',
      files: withSettings(MSI_AUTH, j({ Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'rawKeys', 'office365-connectionKey': 'k' } }), { 'parameters.json': j({ Other: { type: 'String', value: 'x' } }) }),
      errors: [{ pointer: T, severity: 'warning', message: /WORKFLOWS_AUTHENTICATION_METHOD is "rawKeys" in local\.settings\.json, not "managedServiceIdentity"/ }],
      fixTitle: /^Parameterise "authentication": "@parameters\('office365-Authentication'\)", a connection key for local runs in parameters\.json \(deployments set ManagedServiceIdentity\)$/,
      output: {
        'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: "@parameters('office365-Authentication')" } } }),
        'parameters.json': j({ Other: { type: 'String', value: 'x' }, 'office365-Authentication': { type: 'Object', value: RAW_KEY } }),
      },
    },
    {
      name: 'key mode: parameterising creates parameters.json; the title says why the key is not added',
      files: withSettings(MSI_AUTH, j({ Values: {} })),
      errors: [{ pointer: T }],
      fixTitle: /Parameterise .*\(local\.settings\.json has no "office365-connectionKey" yet: get a key with Refresh Connection Key or lac connections keys refresh\)$/,
      output: {
        'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: "@parameters('office365-Authentication')" } } }),
        'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: RAW_KEY } }) + '\n',
      },
    },
    {
      name: 'key mode, already a parameter holding managed identity: reported in parameters.json; the fix sets the local value there',
      files: withSettings("@parameters('office365-Authentication')", KEY_MODE_TEXT, { 'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: MSI_AUTH } }) }),
      errors: [{ file: 'parameters.json', pointer: '/office365-Authentication/value/type', severity: 'warning', message: /\(parameter "office365-Authentication"\) is the managed identity/ }],
      fixTitle: /^Use a connection key for local runs in parameter "office365-Authentication"/,
      output: { 'parameters.json': j({ 'office365-Authentication': { type: 'Object', value: RAW_KEY } }) },
    },
    {
      name: 'no authentication in key mode: the connection-key fix comes first',
      files: withSettings(undefined, KEY_MODE_TEXT),
      errors: [{ pointer: '/managedApiConnections/office365', message: 'has no "authentication"' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: RAW_KEY } } }) },
    },
    {
      name: 'no authentication in managed-identity mode: the managed-identity fix comes first',
      files: withSettings(undefined, MSI_MODE),
      errors: [{ pointer: '/managedApiConnections/office365', message: 'has no "authentication"' }],
      output: { 'connections.json': j({ managedApiConnections: { office365: { ...base, authentication: MSI_AUTH } } }) },
    },
  ],
});

describe('LAC013 fixes that reference the connection key', () => {
  it('say why the key setting is not added when local.settings.json lacks it, and say nothing when it has it', () => {
    const titles = (settings: string | null) => lintFiles(withSettings({ type: 'Raw', scheme: 'Key' }, settings), rule).flatMap((f) => f.fixes().map((x) => x.title));
    assert.deepStrictEqual(titles(KEY_MODE_TEXT), [`Add "parameter": "@appsetting('office365-connectionKey')"`]);
    assert.deepStrictEqual(titles(j({ Values: {} })), [`Add "parameter": "@appsetting('office365-connectionKey')" (local.settings.json has no "office365-connectionKey" yet: get a key with Refresh Connection Key or lac connections keys refresh)`]);
  });

  it('the switch-mode fix is never preferred (fix-all does not change how the project runs)', () => {
    const [f] = lintFiles(withSettings(MSI_AUTH, KEY_MODE_TEXT), rule);
    assert.ok(f && f.fixes().length === 2 && f.fixes().every((x) => !x.preferred), JSON.stringify(f?.fixes()));
  });
});

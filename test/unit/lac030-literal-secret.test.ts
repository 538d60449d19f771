import * as assert from 'assert';
import rule from '../../src/core/rules/lac030-literal-secret';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

// Fake secrets shaped like real ones (random-looking, right alphabet and length). None is real.
const KEY = 'Zr4Hq9Lm2Vt7Xc1Bn8Kd3Wf6Ps0Gj5Ya2Ue9Io4Rt7Ly1Mh6Nb3Vc8Xz5Qw0Ea2Sd7Fg4Hj9Kl1Pq6Wo3Ie8Ru5Ty2Az+/Bc4Dv7Ef==';
const SB_KEY = 'q8Vd3kZ0pLr7T2mXyB5nW9cH1sJ4fG6aE0uQzR+Ko3M=';
const FUNCTION_KEY = 'Xk3mP9qL2vN7bR4tW8yZ1cF6hJ0sD5gA3eK9uM2nQ7rT4wV8xY1zB6cE0fH5jL3oS==';
const APIM_KEY = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e';
const CLIENT_SECRET = 'Xy7Q~kD3fGh9jK5lMn2pQ7rSt4vW9xYz1Ab6Cd8E';
const SIG = 'Rk2vQ9mZ4xL7pN1bT8wY3cH6jF0sD5gA2eK9uM4nQ7r';
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJhdWQiOiJodHRwczovL2FwaWh1Yi5henVyZS5jb20iLCJleHAiOjE3MTgwMDAwMDAsImlzcyI6Imh0dHBzOi8vbG9naWMtYXBpcy13ZXN0ZXVyb3BlLmF6dXJlLWFwaW0ubmV0LyIsInN1YiI6ImExIn0.Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHlfMTIzNDU2Nzg5MGFiY2RlZg';
const JWT_IO_SAMPLE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END RSA PRIVATE KEY-----';
const EMULATOR = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';

const sbConn = (key: string) => `Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key}`;
const storageConn = (key: string) => `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${key};EndpointSuffix=core.windows.net`;
const sp = (name: string, id: string, parameterValues: Record<string, unknown>) => ({ [name]: { parameterValues, serviceProvider: { id: `/serviceProviders/${id}` } } });
const connections = (sections: Record<string, unknown>) => j(sections);
const settings = (values: Record<string, string>) => j({ IsEncrypted: false, Values: values });
const workflow = (actions: Record<string, unknown>) => j({ definition: { actions, triggers: {} }, kind: 'Stateful' });
const http = (inputs: Record<string, unknown>) => ({ HTTP: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.contoso.com/orders', ...inputs } } });
const std = (files: Record<string, string>) => ({ 'host.json': '{}', ...files });

ruleTester(rule, {
  valid: [
    {
      name: 'references, Key Vault references and interpolated keys',
      files: std({
        'connections.json': connections({
          serviceProviderConnections: {
            ...sp('serviceBus', 'serviceBus', { connectionString: "@appsetting('serviceBus_connectionString')" }),
            ...sp('sb2', 'serviceBus', { connectionString: sbConn("@{appsetting('sb_key')}") }),
            ...sp('blob', 'AzureBlob', { connectionString: "@parameters('blob_connectionString')" }),
          },
          apiManagementConnections: { apim: { apiId: '/x', baseUrl: 'https://x', subscriptionKey: "@appsetting('apim_key')" } },
        }),
        'parameters.json': j({ secret: { type: 'String', value: '@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s/)' } }),
      }),
    },
    {
      name: 'deployment placeholders',
      files: std({
        'connections.json': connections({
          serviceProviderConnections: {
            ...sp('a', 'AzureBlob', { connectionString: storageConn('#{StorageKey}#') }),
            ...sp('b', 'AzureBlob', { connectionString: storageConn('${STORAGE_KEY}') }),
            ...sp('c', 'AzureBlob', { connectionString: storageConn('__StorageKey__') }),
            ...sp('d', 'AzureBlob', { connectionString: storageConn('$(StorageKey)') }),
            ...sp('e', 'AzureBlob', { connectionString: storageConn('<enter-your-key>') }),
          },
        }),
        'parameters.json': j({ clientSecret: { type: 'String', value: '#{ClientSecret}#' }, apiKey: { type: 'String', value: '__ApiKey__' } }),
      }),
    },
    {
      name: 'development storage, the emulator key, empty values and obvious dummies',
      files: std({
        'connections.json': connections({
          serviceProviderConnections: {
            ...sp('a', 'AzureBlob', { connectionString: 'UseDevelopmentStorage=true' }),
            ...sp('b', 'AzureBlob', { connectionString: EMULATOR }),
            ...sp('c', 'AzureBlob', { connectionString: storageConn('') }),
            ...sp('sftp', 'Sftp', { password: 'password', sshPrivateKey: 'xxxxxxxxxxxxxxxxxxxxxxxxxx' }),
          },
        }),
        'parameters.json': j({ clientSecret: { type: 'String', value: 'your-client-secret' }, apiKey: { type: 'String', value: '' }, subscriptionKey: { type: 'String', value: '<subscription-key>' } }),
      }),
    },
    {
      name: 'local.settings.json is where secrets belong: never scanned',
      files: std({ 'local.settings.json': settings({ serviceBus_connectionString: sbConn(SB_KEY), 'office365-connectionKey': JWT, clientSecret: CLIENT_SECRET }) }),
    },
    {
      name: 'secret-looking names with values that are not secrets',
      files: std({
        'wf/workflow.json': workflow({
          Run_code: { type: 'JavaScriptCode', inputs: { code: 'var x = workflowContext.actions.a.outputs; return x.body;' } },
          Compose: { type: 'Compose', inputs: { key: 'customerId', partitionKey: 'orders-2024-eu-west', token: "@{body('Get_token')?['access_token']}", value: 'Ab3dE5fG7hJ9kL1mN3pQ5rS7', rowKey: 'Microsoft.Web/connections' } },
          ...http({ authentication: { type: 'ActiveDirectoryOAuth', tenant: 't', audience: 'https://x', clientId: 'c', secret: '9b2f7c1e-4d3a-4e8b-a6f0-2c5d8e1b7a94' } }),
          Basic: { type: 'Http', inputs: { method: 'GET', uri: 'https://x', authentication: { type: 'Basic', username: 'u', password: "@body('Get_password')?['value']" } } },
          Fn: { type: 'Http', inputs: { method: 'GET', uri: "https://fn.azurewebsites.net/api/f?code=@{appsetting('fn_key')}" } },
          Bearer: { type: 'Http', inputs: { method: 'GET', uri: 'https://x', headers: { Authorization: "Bearer @{body('Get_token')?['access_token']}" } } },
          Sample: { type: 'Compose', inputs: JWT_IO_SAMPLE },
          Codes: { type: 'Compose', inputs: { code: 'CUSTOMER_NOT_FOUND_404_ERROR', key: 'customerOrderNumber2024Q1Batch7', token: '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e' } },
        }),
      }),
    },
    {
      name: 'secure ARM template parameters',
      files: {
        'azuredeploy.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          parameters: { sbConnectionString: { type: 'securestring', defaultValue: sbConn(SB_KEY) } },
          resources: [{ type: 'Microsoft.Logic/workflows', name: 'wf', properties: { definition: { actions: {} } } }],
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'a Service Bus connection string: moved whole into local.settings.json',
      files: std({
        'connections.json': connections({ serviceProviderConnections: sp('serviceBus', 'serviceBus', { connectionString: sbConn(SB_KEY) }) }),
        'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node' }),
      }),
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/connectionString', severity: 'error', message: 'A shared access key in a connection string committed in connections.json' }],
      output: {
        'connections.json': connections({ serviceProviderConnections: sp('serviceBus', 'serviceBus', { connectionString: "@appsetting('serviceBus_connectionString')" }) }),
        'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node', serviceBus_connectionString: sbConn(SB_KEY) }),
      },
    },
    {
      name: 'no local.settings.json: the fix creates it',
      files: std({ 'connections.json': connections({ serviceProviderConnections: sp('AzureBlob', 'AzureBlob', { connectionString: storageConn(KEY) }) }) }),
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/AzureBlob/parameterValues/connectionString', message: 'An account key' }],
      output: {
        'connections.json': connections({ serviceProviderConnections: sp('AzureBlob', 'AzureBlob', { connectionString: "@appsetting('AzureBlob_connectionString')" }) }),
        'local.settings.json': settings({ AzureBlob_connectionString: storageConn(KEY) }) + '\n',
      },
    },
    {
      name: 'a connection key (JWT) in a managed connection: the usual <name>-connectionKey setting',
      files: std({
        'connections.json': connections({ managedApiConnections: { office365: { connectionRuntimeUrl: 'https://x', authentication: { type: 'Raw', scheme: 'Key', parameter: JWT } } } }),
        'local.settings.json': settings({}),
      }),
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/office365/authentication/parameter', message: 'A token (JWT)' }],
      output: {
        'connections.json': connections({ managedApiConnections: { office365: { connectionRuntimeUrl: 'https://x', authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" } } } }),
        'local.settings.json': settings({ 'office365-connectionKey': JWT }),
      },
    },
    {
      name: 'function keys (query string and URL), an API Management key, and a name already taken',
      files: std({
        'connections.json': connections({
          functionConnections: {
            fn: { function: { id: '/x' }, triggerUrl: `https://fn.azurewebsites.net/api/f?code=${FUNCTION_KEY}`, authentication: { type: 'QueryString', name: 'Code', value: FUNCTION_KEY } },
          },
          apiManagementConnections: { apim: { apiId: '/x', baseUrl: 'https://x', subscriptionKey: APIM_KEY } },
        }),
        'local.settings.json': settings({ fn_functionAppKey: 'another' }),
      }),
      errors: [
        { file: 'connections.json', pointer: '/functionConnections/fn/triggerUrl', message: 'A function key in a URL' },
        { file: 'connections.json', pointer: '/functionConnections/fn/authentication/value', message: 'A secret ("value")' },
        { file: 'connections.json', pointer: '/apiManagementConnections/apim/subscriptionKey', message: 'A secret ("subscriptionKey")' },
      ],
      output: {
        'connections.json': connections({
          functionConnections: {
            fn: { function: { id: '/x' }, triggerUrl: "https://fn.azurewebsites.net/api/f?code=@{appsetting('fn_code')}", authentication: { type: 'QueryString', name: 'Code', value: "@appsetting('fn_functionAppKey_2')" } },
          },
          apiManagementConnections: { apim: { apiId: '/x', baseUrl: 'https://x', subscriptionKey: "@appsetting('apim_subscriptionKey')" } },
        }),
        // Plain insertions after the last member: all three settings land (in reverse order of the findings).
        'local.settings.json': settings({ fn_functionAppKey: 'another', apim_subscriptionKey: APIM_KEY, fn_functionAppKey_2: FUNCTION_KEY, fn_code: FUNCTION_KEY }),
      },
    },
    {
      name: 'a private key (PEM) for SFTP',
      files: std({ 'connections.json': connections({ serviceProviderConnections: sp('Sftp', 'Sftp', { sshPrivateKey: PEM }) }), 'local.settings.json': settings({ A: 'b' }) }),
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/Sftp/parameterValues/sshPrivateKey', severity: 'error', message: 'A private key' }],
      output: {
        'connections.json': connections({ serviceProviderConnections: sp('Sftp', 'Sftp', { sshPrivateKey: "@appsetting('Sftp_sshPrivateKey')" }) }),
        'local.settings.json': settings({ A: 'b', Sftp_sshPrivateKey: PEM }),
      },
    },
    {
      name: 'parameters.json: the parameter name names the setting',
      files: std({ 'parameters.json': j({ graphClientSecret: { type: 'String', value: CLIENT_SECRET } }), 'local.settings.json': settings({}) }),
      errors: [{ file: 'parameters.json', pointer: '/graphClientSecret/value', severity: 'error', message: 'A secret ("graphClientSecret")' }],
      output: {
        'parameters.json': j({ graphClientSecret: { type: 'String', value: "@appsetting('graphClientSecret')" } }),
        'local.settings.json': settings({ graphClientSecret: CLIENT_SECRET }),
      },
    },
    {
      name: 'workflow: a bearer JWT header and a strong Basic password',
      files: std({
        'wf/workflow.json': workflow({
          ...http({ headers: { Authorization: `Bearer ${JWT}` } }),
          Call_legacy: { type: 'Http', inputs: { method: 'GET', uri: 'https://x', authentication: { type: 'Basic', username: 'svc', password: 'Tr0ub4dor&3xQz!' } } },
        }),
        'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node' }),
      }),
      errors: [
        { file: 'wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/headers/Authorization', severity: 'error', message: 'A token (JWT)' },
        { file: 'wf/workflow.json', pointer: '/definition/actions/Call_legacy/inputs/authentication/password', severity: 'error', message: 'A password ("password")' },
      ],
      output: {
        'wf/workflow.json': workflow({
          ...http({ headers: { Authorization: "Bearer @{appsetting('HTTP_Authorization')}" } }),
          Call_legacy: { type: 'Http', inputs: { method: 'GET', uri: 'https://x', authentication: { type: 'Basic', username: 'svc', password: "@appsetting('Call_legacy_password')" } } },
        }),
        'local.settings.json': settings({ FUNCTIONS_WORKER_RUNTIME: 'node', Call_legacy_password: 'Tr0ub4dor&3xQz!', HTTP_Authorization: JWT }),
      },
    },
    {
      name: 'weaker evidence is a warning: short passwords, a Basic header, loosely named keys',
      files: std({
        'connections.json': connections({ serviceProviderConnections: sp('sql', 'sql', { connectionString: 'Server=tcp:x.database.windows.net;Database=db;User ID=app;Password=hunter22;' }) }),
        'wf/workflow.json': workflow({
          ...http({ headers: { Authorization: `Basic ${Buffer.from('svc:hunter22').toString('base64')}` } }),
          Compose: { type: 'Compose', inputs: { key: 'sk9Lm2Vt7Xc1Bn8Kd3Wf6Ps0Gj5Ya2U' } },
        }),
      }),
      errors: [
        { file: 'connections.json', pointer: '/serviceProviderConnections/sql/parameterValues/connectionString', severity: 'warning', message: 'A password in a connection string' },
        { file: 'wf/workflow.json', pointer: '/definition/actions/HTTP/inputs/headers/Authorization', severity: 'warning', message: 'Basic authentication password' },
        { file: 'wf/workflow.json', pointer: '/definition/actions/Compose/inputs/key', severity: 'warning', message: 'A secret ("key")' },
      ],
    },
    {
      name: 'a SAS signature in a callback URL and a JWT inside an expression (no fix there)',
      files: std({
        'wf/workflow.json': workflow({
          Call_child: { type: 'Http', inputs: { method: 'POST', uri: `https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}` } },
          Compose: { type: 'Compose', inputs: `@concat('Bearer ', '${JWT}')` },
        }),
        'local.settings.json': settings({}),
      }),
      errors: [
        { file: 'wf/workflow.json', pointer: '/definition/actions/Call_child/inputs/uri', severity: 'error', message: 'A shared access signature in a URL' },
        { file: 'wf/workflow.json', pointer: '/definition/actions/Compose/inputs', severity: 'error', message: 'A token (JWT)' },
      ],
      output: {
        'wf/workflow.json': workflow({
          Call_child: { type: 'Http', inputs: { method: 'POST', uri: "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=@{appsetting('Call_child_sig')}" } },
          Compose: { type: 'Compose', inputs: `@concat('Bearer ', '${JWT}')` },
        }),
        'local.settings.json': settings({ Call_child_sig: SIG }),
      },
    },
    {
      name: 'ARM templates: reported, with no fix (no app settings in Consumption)',
      files: {
        'azuredeploy.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          parameters: { sb: { type: 'string', defaultValue: sbConn(SB_KEY) } },
          resources: [{ type: 'Microsoft.Logic/workflows', name: 'wf', properties: { definition: { actions: {} } } }],
        }),
      },
      errors: [{ file: 'azuredeploy.json', pointer: '/parameters/sb/defaultValue', severity: 'error', message: 'committed in azuredeploy.json' }],
    },
  ],
});

describe('LAC030 fixes and docs', () => {
  it('the fix is preferred, has two file edits, and none is offered for ARM templates', () => {
    const [f] = lintFiles(std({ 'connections.json': connections({ serviceProviderConnections: sp('sb', 'serviceBus', { connectionString: sbConn(SB_KEY) }) }), 'local.settings.json': settings({}) }), rule);
    const [fx] = f.fixes();
    assert.strictEqual(fx.preferred, true);
    assert.strictEqual(fx.edits.length, 2);
  });

  it('reuses a setting that already holds the same secret', () => {
    const files = std({ 'connections.json': connections({ serviceProviderConnections: sp('sb', 'serviceBus', { connectionString: sbConn(SB_KEY) }) }), 'local.settings.json': settings({ sb_connectionString: sbConn(SB_KEY) }) });
    const [fx] = lintFiles(files, rule)[0].fixes();
    assert.strictEqual(fx.edits.length, 1);
  });

  it('the docs examples behave as documented', () => {
    const { bad, good } = rule.meta.docs;
    assert.strictEqual(lintFiles(std({ [bad.file]: bad.code }), rule).length, 1);
    assert.deepStrictEqual(lintFiles(std({ [good.file]: good.code }), rule), []);
  });

  it('a 1 MB workflow is linted quickly', () => {
    const actions: Record<string, unknown> = {};
    for (let i = 0; i < 4000; i++) {
      actions[`Compose_${i}`] = { type: 'Compose', inputs: { id: `item-${i}`, note: 'some text = value; more text', when: "@{utcNow()} @{body('x')?['y']}", url: `https://x/api?page=${i}&size=50` } };
    }
    const text = workflow(actions);
    assert.ok(text.length > 1_000_000);
    lintFiles(std({ 'wf/workflow.json': text }), rule);
    const t0 = performance.now();
    assert.deepStrictEqual(lintFiles(std({ 'wf/workflow.json': text }), rule), []);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `${ms} ms`);
  });
});

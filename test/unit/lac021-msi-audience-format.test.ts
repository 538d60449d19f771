import rule from '../../src/core/rules/lac021-msi-audience-format';
import { j, ruleTester } from './helpers/ruleTester';

const HOST = '{}';
const MSI = 'ManagedServiceIdentity';

const wf = (actions: Record<string, unknown>): string => j({ definition: { actions, triggers: {} }, kind: 'Stateful' });
const http = (uri: unknown, authentication: unknown): Record<string, unknown> => ({ type: 'Http', inputs: { method: 'GET', uri, authentication }, runAfter: {} });
const msi = (audience: unknown): Record<string, unknown> => ({ type: MSI, audience });
const one = (uri: unknown, audience: unknown): Record<string, string> => ({ 'host.json': HOST, 'wf/workflow.json': wf({ Call: http(uri, msi(audience)) }) });
const fixed = (uri: unknown, audience: unknown): Record<string, string> => ({ 'wf/workflow.json': wf({ Call: http(uri, msi(audience)) }) });

const KV = 'https://myvault.vault.azure.net/secrets/db?api-version=7.4';
const BLOB = 'https://contoso.blob.core.windows.net/orders/1.json';
const DYN = "@{parameters('url')}/x";
const AT = '/definition/actions/Call/inputs/authentication/audience';

const managedApi = (api: string, authentication: unknown): Record<string, unknown> => ({
  api: { id: `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/${api}` },
  connection: { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/connections/${api}` },
  connectionRuntimeUrl: `@appsetting('${api}-ConnectionRuntimeUrl')`,
  authentication: { type: MSI },
  connectionProperties: { authentication },
});

ruleTester(rule, {
  valid: [
    { name: 'Key Vault without slash', files: one(KV, 'https://vault.azure.net') },
    { name: 'Key Vault of China without slash', files: one('https://v.vault.azure.cn/secrets/x', 'https://vault.azure.cn') },
    { name: 'resource-wide Storage with slash', files: one(BLOB, 'https://storage.azure.com/') },
    { name: 'storage account URL without slash', files: one(BLOB, 'https://contoso.blob.core.windows.net') },
    { name: 'Graph with and without slash', files: { 'host.json': HOST, 'wf/workflow.json': wf({ A: http('https://graph.microsoft.com/v1.0/me', msi('https://graph.microsoft.com')), B: http('https://graph.microsoft.com/v1.0/me', msi('https://graph.microsoft.com/')) }) } },
    { name: 'Graph app id', files: one('https://graph.microsoft.com/v1.0/users', '00000003-0000-0000-c000-000000000000') },
    { name: 'Resource Manager with and without slash', files: { 'host.json': HOST, 'wf/workflow.json': wf({ A: http(DYN, msi('https://management.azure.com')), B: http(DYN, msi('https://management.azure.com/')) }) } },
    { name: 'SQL with and without slash (not judged)', files: { 'host.json': HOST, 'wf/workflow.json': wf({ A: http(DYN, msi('https://database.windows.net')), B: http(DYN, msi('https://database.windows.net/')) }) } },
    { name: 'Cosmos DB account URL with a slash', files: one('https://acct.documents.azure.com/dbs', 'https://acct.documents.azure.com/') },
    { name: 'Service Bus namespace URL', files: one('https://ns.servicebus.windows.net/q/messages', 'https://ns.servicebus.windows.net') },
    { name: 'custom App ID URIs and app ids', files: { 'host.json': HOST, 'wf/workflow.json': wf({ A: http(DYN, msi('api://sample-audience')), B: http(DYN, msi('https://contoso.onmicrosoft.com/orders')), C: http(DYN, msi('11111111-2222-3333-4444-555555555555')) }) } },
    { name: 'Power BI style audience with a path on an unknown host', files: one(DYN, 'https://analysis.windows.net/powerbi/api') },
    { name: 'expressions and placeholders', files: { 'host.json': HOST, 'wf/workflow.json': wf({ A: http(KV, msi("@parameters('aud')")), B: http(KV, msi('__KV_AUDIENCE__')), C: http(KV, msi('$(kvAudience)')), D: http(KV, msi("@{appsetting('x')}")) }) } },
    { name: 'a service mismatch is LAC020, not this rule', files: one(BLOB, 'https://vault.azure.net/') },
    { name: 'an empty audience is LAC022', files: one(KV, '') },
    { name: 'case is not judged', files: one(KV, 'HTTPS://Vault.Azure.Net') },
    {
      name: 'managed connectors with their usual audiences',
      files: {
        'host.json': HOST,
        'connections.json': j({
          managedApiConnections: {
            keyvault: managedApi('keyvault', msi('https://vault.azure.net')),
            azuremonitorlogs: managedApi('azuremonitorlogs', { additionalAudiences: ['https://api.loganalytics.io'], audience: 'https://management.core.windows.net/', type: MSI }),
          },
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'Key Vault with a trailing slash',
      files: one(KV, 'https://vault.azure.net/'),
      errors: [{ file: 'wf/workflow.json', pointer: AT, severity: 'error', message: 'ends with a slash' }],
      output: fixed(KV, 'https://vault.azure.net'),
    },
    {
      name: 'Key Vault of US Government with a trailing slash, target unknown',
      files: one(DYN, 'https://vault.usgovcloudapi.net/'),
      errors: [{ pointer: AT, severity: 'error' }],
      output: fixed(DYN, 'https://vault.usgovcloudapi.net'),
    },
    {
      name: 'resource-wide Storage without its slash: a warning',
      files: one(DYN, 'https://storage.azure.com'),
      errors: [{ pointer: AT, severity: 'warning', message: 'no trailing slash' }],
      output: fixed(DYN, 'https://storage.azure.com/'),
    },
    {
      name: 'storage account URL with a slash: a warning',
      files: one(BLOB, 'https://contoso.blob.core.windows.net/'),
      errors: [{ pointer: AT, severity: 'warning', message: 'ends with a slash' }],
      output: fixed(BLOB, 'https://contoso.blob.core.windows.net'),
    },
    {
      name: 'missing https://',
      files: one(KV, 'vault.azure.net'),
      errors: [{ pointer: AT, severity: 'error', message: "no 'https://'" }],
      output: fixed(KV, 'https://vault.azure.net'),
    },
    {
      name: 'http:// instead of https://',
      files: one('https://graph.microsoft.com/v1.0/me', 'http://graph.microsoft.com'),
      errors: [{ pointer: AT, severity: 'error', message: 'http://' }],
      output: fixed('https://graph.microsoft.com/v1.0/me', 'https://graph.microsoft.com'),
    },
    {
      name: 'a scope instead of an audience',
      files: one(BLOB, 'https://storage.azure.com/.default'),
      errors: [{ pointer: AT, severity: 'error', message: '/.default' }],
      output: fixed(BLOB, 'https://storage.azure.com/'),
    },
    {
      name: 'a path',
      files: one('https://graph.microsoft.com/v1.0/me', 'https://graph.microsoft.com/v1.0'),
      errors: [{ pointer: AT, severity: 'error', message: 'has a path' }],
      output: fixed('https://graph.microsoft.com/v1.0/me', 'https://graph.microsoft.com'),
    },
    {
      name: 'a query',
      files: one(KV, 'https://vault.azure.net?api-version=7.4'),
      errors: [{ pointer: AT, severity: 'error', message: 'query' }],
      output: fixed(KV, 'https://vault.azure.net'),
    },
    {
      name: 'whitespace',
      files: one(BLOB, ' https://storage.azure.com/ '),
      errors: [{ pointer: AT, severity: 'error', message: 'whitespace' }],
      output: fixed(BLOB, 'https://storage.azure.com/'),
    },
    {
      name: 'near miss of a known audience: a warning',
      files: one(DYN, 'https://vault.azure.com'),
      errors: [{ pointer: AT, severity: 'warning', message: 'did you mean "https://vault.azure.net"' }],
      output: fixed(DYN, 'https://vault.azure.net'),
    },
    {
      name: 'near miss on a known target: the target decides the suggestion',
      files: one('https://v.vault.usgovcloudapi.net/secrets/x', 'https://vault.azure.com'),
      errors: [{ pointer: AT, severity: 'warning', message: 'did you mean "https://vault.usgovcloudapi.net"' }],
      output: fixed('https://v.vault.usgovcloudapi.net/secrets/x', 'https://vault.usgovcloudapi.net'),
    },
    {
      name: "the resource's address instead of its audience: a warning",
      files: one(KV, 'https://myvault.vault.azure.net'),
      errors: [{ pointer: AT, severity: 'warning', message: 'address of a Key Vault resource' }],
      output: fixed(KV, 'https://vault.azure.net'),
    },
    {
      name: 'an expression without its @ (Consumption template)',
      files: {
        'template.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          resources: [{ type: 'Microsoft.Logic/workflows', properties: { definition: { actions: { Call: http("@{parameters('graph_uri')}/v1.0/users", msi("parameters('graph_uri')")) } } } }],
        }),
      },
      errors: [{ file: 'template.json', pointer: '/resources/0/properties/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: "without its leading '@'" }],
      output: {
        'template.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          resources: [{ type: 'Microsoft.Logic/workflows', properties: { definition: { actions: { Call: http("@{parameters('graph_uri')}/v1.0/users", msi("@parameters('graph_uri')")) } } } }],
        }),
      },
    },
    {
      name: 'managed Key Vault connection with a trailing slash',
      files: { 'host.json': HOST, 'connections.json': j({ managedApiConnections: { keyvault: managedApi('keyvault', msi('https://vault.azure.net/')) } }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/keyvault/connectionProperties/authentication/audience', severity: 'error' }],
      output: { 'connections.json': j({ managedApiConnections: { keyvault: managedApi('keyvault', msi('https://vault.azure.net')) } }) },
    },
    {
      name: 'additionalAudiences are checked too',
      files: { 'host.json': HOST, 'connections.json': j({ managedApiConnections: { logs: managedApi('azuremonitorlogs', { type: MSI, audience: 'https://management.core.windows.net/', additionalAudiences: ['api.loganalytics.io'] }) } }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/logs/connectionProperties/authentication/additionalAudiences/0', severity: 'error', message: "no 'https://'" }],
      output: { 'connections.json': j({ managedApiConnections: { logs: managedApi('azuremonitorlogs', { type: MSI, audience: 'https://management.core.windows.net/', additionalAudiences: ['https://api.loganalytics.io'] }) } }) },
    },
    {
      name: 'a parameterised connection authentication: reported in parameters.json',
      files: {
        'host.json': HOST,
        'connections.json': j({ managedApiConnections: { keyvault: managedApi('keyvault', "@parameters('keyvault-Authentication')") } }),
        'parameters.json': j({ 'keyvault-Authentication': { type: 'Object', value: msi('https://vault.azure.net/') } }),
      },
      errors: [{ file: 'parameters.json', pointer: '/keyvault-Authentication/value/audience', severity: 'error' }],
      output: { 'parameters.json': j({ 'keyvault-Authentication': { type: 'Object', value: msi('https://vault.azure.net') } }) },
    },
    {
      name: 'one audience parameter used twice is reported once',
      files: {
        'host.json': HOST,
        'wf/workflow.json': wf({ A: http(KV, msi("@parameters('aud')")), B: http('https://other.vault.azure.net/secrets/y', msi("@parameters('aud')")) }),
        'parameters.json': j({ aud: { type: 'String', value: 'https://vault.azure.net/' } }),
      },
      errors: [{ file: 'parameters.json', pointer: '/aud/value', severity: 'error' }],
      output: { 'parameters.json': j({ aud: { type: 'String', value: 'https://vault.azure.net' } }) },
    },
  ],
});

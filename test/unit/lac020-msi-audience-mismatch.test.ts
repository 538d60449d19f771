import rule from '../../src/core/rules/lac020-msi-audience-mismatch';
import { j, ruleTester } from './helpers/ruleTester';

const HOST = '{}';
const MSI = 'ManagedServiceIdentity';

/** A Standard workflow.json with the given actions. */
const wf = (actions: Record<string, unknown>): string => j({ definition: { actions, triggers: {} }, kind: 'Stateful' });
const http = (uri: unknown, authentication: unknown, type = 'Http'): Record<string, unknown> => ({ type, inputs: { method: 'GET', uri, authentication }, runAfter: {} });
const msi = (audience: unknown): Record<string, unknown> => ({ type: MSI, audience });
const one = (uri: unknown, authentication: unknown): Record<string, string> => ({ 'host.json': HOST, 'wf/workflow.json': wf({ Call: http(uri, authentication) }) });

const KV = 'https://myvault.vault.azure.net/secrets/db?api-version=7.4';
const BLOB = 'https://contoso.blob.core.windows.net/orders/1.json';
const managedApi = (api: string, authentication: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  api: { id: `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/${api}` },
  connection: { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/connections/${api}` },
  connectionRuntimeUrl: `@appsetting('${api}-ConnectionRuntimeUrl')`,
  authentication: { type: MSI },
  connectionProperties: { authentication },
  ...extra,
});

ruleTester(rule, {
  valid: [
    { name: 'Key Vault audience on a Key Vault call', files: one(KV, msi('https://vault.azure.net')) },
    { name: 'resource-wide Storage audience', files: one(BLOB, msi('https://storage.azure.com/')) },
    { name: 'storage account URL of the same account', files: one(BLOB, msi('https://contoso.blob.core.windows.net')) },
    { name: 'storage audience in a sovereign cloud (same value everywhere)', files: one('https://contoso.blob.core.chinacloudapi.cn/c/b', msi('https://storage.azure.com/')) },
    { name: 'classic management audience on Resource Manager', files: one('https://management.azure.com/subscriptions?api-version=2022-12-01', msi('https://management.core.windows.net/')) },
    { name: 'Graph app id on Graph', files: one('https://graph.microsoft.com/v1.0/users', msi('00000003-0000-0000-c000-000000000000')) },
    { name: 'Event Hubs audience on a *.servicebus.windows.net namespace', files: one('https://ns.servicebus.windows.net/hub/messages', msi('https://eventhubs.azure.net')) },
    { name: 'unverified sovereign Service Bus audience: silent', files: one('https://ns.servicebus.usgovcloudapi.net/q/messages', msi('https://servicebus.azure.net')) },
    { name: 'Resource Manager audience on Log Analytics: not documented either way', files: one('https://api.loganalytics.io/v1/workspaces/w/query', msi('https://management.azure.com/')) },
    { name: 'request URI built by an expression: the target is unknown', files: one("@{concat('https://', parameters('vault'), '.vault.azure.net/secrets/x')}", msi('https://management.azure.com/')) },
    { name: 'host from an app setting parameter', files: { ...one("@{parameters('base')}/secrets/x", msi('https://management.azure.com/')), 'parameters.json': j({ base: { type: 'String', value: "@appsetting('VAULT_URL')" } }) } },
    { name: 'custom API with its own audience', files: one('https://orders.azurewebsites.net/api/orders', msi('api://orders-api')) },
    { name: 'audience from an app setting', files: one(KV, msi("@appsetting('KV_AUDIENCE')")) },
    { name: 'audience parameter that is an app setting', files: { ...one(KV, msi("@parameters('aud')")), 'parameters.json': j({ aud: { type: 'String', value: "@appsetting('AUD')" } }) } },
    { name: 'deployment placeholder', files: one(KV, msi('#{KeyVaultAudience}#')) },
    { name: 'placeholder in the request host', files: one('https://#{vault}#.vault.azure.net/secrets/x', msi('https://management.azure.com/')) },
    { name: 'not managed identity', files: one(KV, { type: 'ActiveDirectoryOAuth', audience: 'https://management.azure.com/', tenant: 't', clientId: 'c', secret: "@appsetting('s')" }) },
    { name: 'a Compose holding an HTTP-like object is data', files: { 'host.json': HOST, 'wf/workflow.json': wf({ Compose: { type: 'Compose', inputs: { uri: KV, authentication: msi('https://management.azure.com/') } } }) } },
    {
      name: 'managed connectors with their usual audiences',
      files: {
        'host.json': HOST,
        'connections.json': j({
          managedApiConnections: {
            azureblob: managedApi('azureblob', msi('https://storage.azure.com/')),
            servicebus: managedApi('servicebus', msi('https://servicebus.azure.net')),
            keyvault: managedApi('keyvault', msi('https://vault.azure.net')),
            azureeventgrid: managedApi('azureeventgrid', msi('https://management.core.windows.net/')),
            azuremonitorlogs: managedApi('azuremonitorlogs', { additionalAudiences: ['https://api.loganalytics.io'], audience: 'https://management.core.windows.net/', type: MSI }),
          },
        }),
      },
    },
    { name: 'the cloud setting agrees', files: one("@{parameters('url')}", msi('https://vault.usgovcloudapi.net')), settings: { cloud: 'AzureUSGovernment' } },
  ],
  invalid: [
    {
      name: 'Resource Manager audience on a Key Vault call',
      files: one(KV, msi('https://management.azure.com/')),
      errors: [{ file: 'wf/workflow.json', pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'myvault.vault.azure.net (Key Vault)' }],
      output: { 'wf/workflow.json': wf({ Call: http(KV, msi('https://vault.azure.net')) }) },
    },
    {
      name: 'classic management audience on a Storage call, nested in Scope / Foreach / If / Switch, type HTTP',
      files: {
        'host.json': HOST,
        'wf/workflow.json': wf({
          Scope: {
            type: 'Scope',
            actions: {
              Loop: {
                type: 'Foreach',
                foreach: '@triggerBody()',
                actions: {
                  Check: {
                    type: 'If',
                    expression: true,
                    actions: {},
                    else: { actions: { Pick: { type: 'Switch', expression: 1, cases: { one: { case: 1, actions: { Put: http(BLOB, msi('https://management.core.windows.net/'), 'HTTP') } } }, default: { actions: {} } } } },
                  },
                },
              },
            },
          },
        }),
      },
      errors: [
        {
          pointer: '/definition/actions/Scope/actions/Loop/actions/Check/else/actions/Pick/cases/one/actions/Put/inputs/authentication/audience',
          severity: 'error',
          message: 'is for Azure classic management',
        },
      ],
    },
    {
      name: 'public Key Vault audience on a China vault',
      files: one('https://v.vault.azure.cn/secrets/x', msi('https://vault.azure.net')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'AzureChinaCloud' }],
      output: { 'wf/workflow.json': wf({ Call: http('https://v.vault.azure.cn/secrets/x', msi('https://vault.azure.cn')) }) },
    },
    {
      name: 'US Government Key Vault audience on a public vault',
      files: one(KV, msi('https://vault.usgovcloudapi.net')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'audience of AzureUSGovernment' }],
      output: { 'wf/workflow.json': wf({ Call: http(KV, msi('https://vault.azure.net')) }) },
    },
    {
      name: 'public Graph audience on US Government Graph',
      files: one('https://graph.microsoft.us/v1.0/users', msi('https://graph.microsoft.com')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error' }],
      output: { 'wf/workflow.json': wf({ Call: http('https://graph.microsoft.us/v1.0/users', msi('https://graph.microsoft.us/')) }) },
    },
    {
      name: 'another storage account',
      files: one(BLOB, msi('https://fabrikam.blob.core.windows.net')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'storage account "fabrikam"' }],
      output: { 'wf/workflow.json': wf({ Call: http(BLOB, msi('https://storage.azure.com/')) }) },
    },
    {
      name: 'audience of an unrelated application on Key Vault',
      files: one(KV, msi('https://orders.contoso.com')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'not one Key Vault accepts' }],
      output: { 'wf/workflow.json': wf({ Call: http(KV, msi('https://vault.azure.net')) }) },
    },
    {
      name: 'account name built by an expression: the literal suffix tells the service',
      files: one("https://@{parameters('account')}.blob.core.windows.net/c/@{guid()}", msi('https://vault.azure.net')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'Azure Storage' }],
      output: { 'wf/workflow.json': wf({ Call: http("https://@{parameters('account')}.blob.core.windows.net/c/@{guid()}", msi('https://storage.azure.com/')) }) },
    },
    {
      name: 'literal host with an expression in the path',
      files: one("https://myvault.vault.azure.net/secrets/@{parameters('name')}", msi('https://storage.azure.com/')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error' }],
    },
    {
      name: 'audience parameter: reported and fixed in parameters.json',
      files: { ...one(KV, msi("@parameters('kvAudience')")), 'parameters.json': j({ kvAudience: { type: 'String', value: 'https://management.azure.com/' } }) },
      errors: [{ file: 'parameters.json', pointer: '/kvAudience/value', severity: 'error' }],
      output: { 'parameters.json': j({ kvAudience: { type: 'String', value: 'https://vault.azure.net' } }) },
    },
    {
      name: 'the whole authentication is a parameter',
      files: { ...one(KV, "@parameters('kvAuth')"), 'parameters.json': j({ kvAuth: { type: 'Object', value: msi('https://storage.azure.com/') } }) },
      errors: [{ file: 'parameters.json', pointer: '/kvAuth/value/audience', severity: 'error' }],
      output: { 'parameters.json': j({ kvAuth: { type: 'Object', value: msi('https://vault.azure.net') } }) },
    },
    {
      name: 'request URI from a parameter with a literal value',
      files: { ...one("@{parameters('vaultUrl')}/secrets/x", msi('https://management.azure.com/')), 'parameters.json': j({ vaultUrl: { type: 'String', value: 'https://myvault.vault.azure.net' } }) },
      errors: [{ file: 'wf/workflow.json', pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'Key Vault' }],
    },
    {
      name: 'HTTP webhook subscribe and unsubscribe',
      files: {
        'host.json': HOST,
        'wf/workflow.json': wf({
          Wait: {
            type: 'HttpWebhook',
            inputs: {
              subscribe: { method: 'POST', uri: 'https://ns.servicebus.windows.net/q/messages', authentication: msi('https://management.azure.com/') },
              unsubscribe: { method: 'DELETE', uri: 'https://ns.servicebus.windows.net/q/messages', authentication: msi('https://servicebus.azure.net') },
            },
          },
        }),
      },
      errors: [{ pointer: '/definition/actions/Wait/inputs/subscribe/authentication/audience', severity: 'error', message: 'Service Bus' }],
    },
    {
      name: 'managed Key Vault connector with the Storage audience: a warning',
      files: { 'host.json': HOST, 'connections.json': j({ managedApiConnections: { kv: managedApi('keyvault', msi('https://storage.azure.com/')) } }) },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/kv/connectionProperties/authentication/audience', severity: 'warning', message: 'connection "kv" (keyvault) calls Key Vault' }],
      output: { 'connections.json': j({ managedApiConnections: { kv: managedApi('keyvault', msi('https://vault.azure.net')) } }) },
    },
    {
      name: 'public audience while the cloud setting says US Government (no host tells): a warning',
      files: one("@{parameters('url')}", msi('https://vault.azure.net')),
      settings: { cloud: 'AzureUSGovernment' },
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'warning', message: 'cloud setting is AzureUSGovernment' }],
      output: { 'wf/workflow.json': wf({ Call: http("@{parameters('url')}", msi('https://vault.usgovcloudapi.net')) }) },
    },
    {
      name: 'service mismatch on an unverified sovereign target: error, unverified fix',
      files: one('https://ns.servicebus.usgovcloudapi.net/q/messages', msi('https://vault.usgovcloudapi.net')),
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'unverified value' }],
      output: { 'wf/workflow.json': wf({ Call: http('https://ns.servicebus.usgovcloudapi.net/q/messages', msi('https://servicebus.azure.net')) }) },
    },
    {
      name: 'the fix keeps comments and layout',
      files: {
        'host.json': HOST,
        'wf/workflow.json': '{\n  // get the secret\n  "definition": { "actions": { "Call": { "type": "Http", "inputs": { "uri": "https://v.vault.azure.net/secrets/x",\n    "authentication": { "type": "ManagedServiceIdentity", /* why */ "audience": "https://graph.microsoft.com" } } } } }\n}',
      },
      errors: [{ pointer: '/definition/actions/Call/inputs/authentication/audience', severity: 'error' }],
      output: {
        'wf/workflow.json': '{\n  // get the secret\n  "definition": { "actions": { "Call": { "type": "Http", "inputs": { "uri": "https://v.vault.azure.net/secrets/x",\n    "authentication": { "type": "ManagedServiceIdentity", /* why */ "audience": "https://vault.azure.net" } } } } }\n}',
      },
    },
    {
      name: 'Consumption ARM template',
      files: {
        'template.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          resources: [{ type: 'Microsoft.Logic/workflows', properties: { definition: { actions: { Call: http('https://graph.microsoft.com/v1.0/users', msi('https://management.azure.com/')) } } } }],
        }),
      },
      errors: [{ file: 'template.json', pointer: '/resources/0/properties/definition/actions/Call/inputs/authentication/audience', severity: 'error', message: 'Microsoft Graph' }],
    },
  ],
});

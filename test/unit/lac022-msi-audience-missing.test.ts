import rule from '../../src/core/rules/lac022-msi-audience-missing';
import { j, ruleTester } from './helpers/ruleTester';

const HOST = '{}';
const MSI = 'ManagedServiceIdentity';

const wf = (actions: Record<string, unknown>, triggers: Record<string, unknown> = {}): string => j({ definition: { actions, triggers }, kind: 'Stateful' });
const http = (uri: unknown, authentication: unknown, type = 'Http'): Record<string, unknown> => ({ type, inputs: { method: 'GET', uri, authentication }, runAfter: {} });
const one = (uri: unknown, authentication: unknown): Record<string, string> => ({ 'host.json': HOST, 'wf/workflow.json': wf({ Call: http(uri, authentication) }) });
const fixed = (uri: unknown, authentication: unknown): Record<string, string> => ({ 'wf/workflow.json': wf({ Call: http(uri, authentication) }) });

const KV = 'https://myvault.vault.azure.net/secrets/db?api-version=7.4';
const BLOB = 'https://contoso.blob.core.windows.net/orders/1.json';
const AUTH = '/definition/actions/Call/inputs/authentication';

/** An HTTP action under `depth` nested scopes, written without indentation. */
function deep(depth: number): { text: string; pointer: string } {
  let actions = `{"Call":{"type":"Http","inputs":{"uri":"${BLOB}","authentication":{"type":"${MSI}"}}}}`;
  let pointer = '/Call/inputs/authentication';
  for (let i = depth - 1; i >= 0; i--) {
    actions = `{"S${i}":{"type":"Scope","actions":${actions}}}`;
    pointer = `/S${i}/actions${pointer}`;
  }
  return { text: `{"definition":{"actions":${actions}}}`, pointer: `/definition/actions${pointer}` };
}
const DEEP = deep(5000);

ruleTester(rule, {
  valid: [
    { name: 'audience present', files: one(KV, { type: MSI, audience: 'https://vault.azure.net' }) },
    { name: 'Resource Manager call without audience', files: one('https://management.azure.com/subscriptions?api-version=2022-12-01', { type: MSI }) },
    { name: 'Resource Manager call with the resource id in an expression', files: one("https://management.azure.com@{parameters('workspaceId')}/providers/Microsoft.SecurityInsights/incidents?api-version=2023-02-01", { type: MSI }) },
    { name: 'US Government Resource Manager', files: one('https://management.usgovcloudapi.net/subscriptions?api-version=2022-12-01', { type: MSI }) },
    { name: 'URI built by an expression', files: one("@{parameters('url')}/secrets/x", { type: MSI }) },
    { name: 'unknown host (a custom API may take ARM tokens)', files: one('https://orders.azurewebsites.net/api/x', { type: MSI }) },
    { name: 'Log Analytics: not documented either way', files: one('https://api.loganalytics.io/v1/workspaces/w/query', { type: MSI }) },
    { name: 'audience from an app setting', files: one(KV, { type: MSI, audience: "@appsetting('KV_AUDIENCE')" }) },
    { name: 'authentication from an app setting parameter', files: { ...one(KV, "@parameters('auth')"), 'parameters.json': j({ auth: { type: 'Object', value: "@appsetting('AUTH')" } }) } },
    { name: 'another authentication type', files: one(KV, { type: 'ActiveDirectoryOAuth', tenant: 't', clientId: 'c', secret: "@appsetting('s')" }) },
    { name: 'no authentication', files: one(KV, undefined) },
    {
      name: 'managed API connections never need one here',
      files: {
        'host.json': HOST,
        'connections.json': j({
          managedApiConnections: {
            keyvault: {
              api: { id: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault' },
              connection: { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/connections/keyvault' },
              connectionRuntimeUrl: "@appsetting('keyvault-ConnectionRuntimeUrl')",
              authentication: { type: MSI },
              connectionProperties: { authentication: { type: MSI } },
            },
          },
          agentConnections: { agent: { type: 'model', endpoint: 'https://x.openai.azure.com', resourceId: "@appsetting('agent_ResourceID')", authentication: { type: MSI } } },
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'Storage call without audience',
      files: one(BLOB, { type: MSI }),
      errors: [{ file: 'wf/workflow.json', pointer: AUTH, severity: 'error', message: 'contoso.blob.core.windows.net (Azure Storage)' }],
      output: fixed(BLOB, { type: MSI, audience: 'https://storage.azure.com/' }),
    },
    {
      name: 'US Government Key Vault: the host decides the cloud',
      files: one('https://v.vault.usgovcloudapi.net/secrets/x', { type: 'managedserviceidentity', identity: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id' }),
      errors: [{ pointer: AUTH, severity: 'error', message: 'https://vault.usgovcloudapi.net' }],
      output: fixed('https://v.vault.usgovcloudapi.net/secrets/x', {
        type: 'managedserviceidentity',
        identity: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id',
        audience: 'https://vault.usgovcloudapi.net',
      }),
    },
    {
      name: 'account name from an expression',
      files: one("https://@{parameters('account')}.queue.core.windows.net/q/messages", { type: MSI }),
      errors: [{ pointer: AUTH, severity: 'error' }],
      output: fixed("https://@{parameters('account')}.queue.core.windows.net/q/messages", { type: MSI, audience: 'https://storage.azure.com/' }),
    },
    {
      name: 'empty audience is replaced where it is written',
      files: one('https://graph.microsoft.com/v1.0/users', { type: MSI, audience: '' }),
      errors: [{ pointer: `${AUTH}/audience`, severity: 'error', message: 'empty audience' }],
      output: fixed('https://graph.microsoft.com/v1.0/users', { type: MSI, audience: 'https://graph.microsoft.com' }),
    },
    {
      name: 'unverified sovereign value: still an error (the ARM token surely fails), the fix says so',
      files: one('https://ns.servicebus.chinacloudapi.cn/q/messages', { type: MSI }),
      errors: [{ pointer: AUTH, severity: 'error', message: 'unverified' }],
      output: fixed('https://ns.servicebus.chinacloudapi.cn/q/messages', { type: MSI, audience: 'https://servicebus.azure.net' }),
    },
    {
      name: 'the whole authentication is a parameter: inserted in parameters.json',
      files: { ...one('https://acct.documents.azure.com/dbs/d/colls/c/docs', "@parameters('cosmosAuth')"), 'parameters.json': j({ cosmosAuth: { type: 'Object', value: { type: MSI } } }) },
      errors: [{ file: 'parameters.json', pointer: '/cosmosAuth/value', severity: 'error', message: 'Cosmos DB' }],
      output: { 'parameters.json': j({ cosmosAuth: { type: 'Object', value: { type: MSI, audience: 'https://cosmos.azure.com' } } }) },
    },
    {
      name: 'HTTP trigger and HTTP webhook',
      files: {
        'host.json': HOST,
        'wf/workflow.json': wf(
          {
            Wait: {
              type: 'HttpWebhook',
              inputs: { subscribe: { method: 'POST', uri: 'https://x.openai.azure.com/openai/x', authentication: { type: MSI } }, unsubscribe: { method: 'POST', uri: 'https://x.openai.azure.com/openai/y' } },
            },
          },
          { Poll: { type: 'Http', recurrence: { frequency: 'Minute', interval: 5 }, inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users', authentication: { type: MSI } } } },
        ),
      },
      errors: [
        { pointer: '/definition/actions/Wait/inputs/subscribe/authentication', severity: 'error', message: 'Azure AI services' },
        { pointer: '/definition/triggers/Poll/inputs/authentication', severity: 'error', message: 'Microsoft Graph' },
      ],
    },
    {
      name: 'an action 5,000 scopes deep is still found (iterative walks)',
      files: { 'host.json': HOST, 'wf/workflow.json': DEEP.text },
      errors: [{ pointer: DEEP.pointer, severity: 'error' }],
    },
    {
      name: 'the fix keeps comments and layout',
      files: {
        'host.json': HOST,
        'wf/workflow.json': '{\n  "definition": {\n    "actions": {\n      "Call": {\n        "type": "Http",\n        "inputs": {\n          "uri": "https://v.vault.azure.net/secrets/x",\n          // the app identity\n          "authentication": {\n            "type": "ManagedServiceIdentity"\n          }\n        }\n      }\n    }\n  }\n}',
      },
      errors: [{ pointer: AUTH, severity: 'error' }],
      output: {
        'wf/workflow.json':
          '{\n  "definition": {\n    "actions": {\n      "Call": {\n        "type": "Http",\n        "inputs": {\n          "uri": "https://v.vault.azure.net/secrets/x",\n          // the app identity\n          "authentication": {\n            "type": "ManagedServiceIdentity",\n            "audience": "https://vault.azure.net"\n          }\n        }\n      }\n    }\n  }\n}',
      },
    },
  ],
});

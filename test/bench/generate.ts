/** Generated Logic Apps projects of a given size for the benchmark (deterministic). */

export interface GenOptions {
  /** Target size of the workflow text in bytes. */
  bytes: number;
  /** Plant a finding every `findingsEvery` actions (0 = clean). */
  findingsEvery?: number;
}

export const CONNECTIONS = {
  managedApiConnections: {
    office365: {
      api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },
      connection: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/office365" },
      connectionRuntimeUrl: "@appsetting('office365-connectionRuntimeUrl')",
      authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" },
    },
  },
  serviceProviderConnections: {
    serviceBus: {
      parameterValues: { connectionString: "@appsetting('serviceBus_connectionString')" },
      serviceProvider: { id: '/serviceProviders/serviceBus' },
      displayName: 'serviceBus',
    },
  },
};

export const LOCAL_SETTINGS = {
  IsEncrypted: false,
  Values: {
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    FUNCTIONS_WORKER_RUNTIME: 'node',
    WORKFLOWS_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000',
    WORKFLOWS_RESOURCE_GROUP_NAME: 'rg',
    WORKFLOWS_LOCATION_NAME: 'westeurope',
    'office365-connectionRuntimeUrl': 'https://example.azure-apim.net/apim/office365/abc',
    // Filled in, as in a working project (an empty or placeholder value is a finding: LAC031).
    'office365-connectionKey': 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJleHAiOjQxMDI0NDQ4MDB9.x',
    serviceBus_connectionString: 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=local-dev-only',
  },
};

export const PARAMETERS = { vaultName: { type: 'String', value: 'contoso-kv' } };

function action(i: number, bad: boolean): [string, unknown] {
  switch (i % 4) {
    case 0:
      return [
        `Send_mail_${i}`,
        {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { referenceName: bad ? 'office356' : 'office365' } },
            method: 'post',
            path: '/v2/Mail',
            body: { To: 'ops@contoso.com', Subject: `Order @{triggerBody()?['id']} step ${i}`, Body: '<p>The order was processed.</p>' },
          },
          runAfter: {},
        },
      ];
    case 1:
      return [
        `Send_message_${i}`,
        {
          type: 'ServiceProvider',
          inputs: {
            parameters: { entityName: 'orders', message: { contentData: "@triggerBody()" } },
            serviceProviderConfiguration: { connectionName: bad ? 'servicebus' : 'serviceBus', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' },
          },
          runAfter: {},
        },
      ];
    case 2:
      return [
        `Get_secret_${i}`,
        {
          type: 'Http',
          inputs: {
            method: 'GET',
            uri: "https://@{parameters('vaultName')}.vault.azure.net/secrets/order-key?api-version=7.4",
            authentication: bad ? { type: 'ManagedServiceIdentity' } : { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' },
          },
          runAfter: {},
        },
      ];
    default:
      return [
        `Compose_${i}`,
        { type: 'Compose', inputs: { orderId: "@triggerBody()?['id']", note: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.', index: i }, runAfter: {} },
      ];
  }
}

/** A Stateful workflow.json text (HTTP request trigger) with these actions. */
function workflowText(actions: Record<string, unknown>): string {
  const wf = {
    definition: {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      triggers: { When_a_HTTP_request_is_received: { type: 'Request', kind: 'Http', inputs: {} } },
      actions,
      outputs: {},
    },
    kind: 'Stateful',
  };
  return JSON.stringify(wf, null, 2);
}

/** A workflow.json text of about `bytes` bytes: scopes of 20 actions, each scope nested one level. */
export function generateWorkflow(opts: GenOptions): string {
  const actions: Record<string, unknown> = {};
  let i = 0;
  let size = 300;
  while (size < opts.bytes) {
    const inner: Record<string, unknown> = {};
    for (let k = 0; k < 20; k++, i++) {
      const bad = !!opts.findingsEvery && i % opts.findingsEvery === opts.findingsEvery - 1;
      const [name, a] = action(i, bad);
      inner[name] = a;
    }
    const scope = { type: 'Scope', actions: inner, runAfter: {} };
    actions[`Scope_${i}`] = scope;
    size += JSON.stringify(scope, null, 2).length + 40;
  }
  return workflowText(actions);
}

/** A clean project around a large connections.json: the texts of its files. */
export interface ConnectionsProject {
  connections: string;
  localSettings: string;
  /** Workflow texts by folder name. */
  workflows: Map<string, string>;
}

/** Actions per generated workflow (Logic Apps allows 500), in scopes of SCOPE_SIZE. */
const ACTIONS_PER_WORKFLOW = 250;
const SCOPE_SIZE = 25;

/**
 * A connections.json with `n` service provider entries, in a project where nothing is wrong: each
 * entry's app setting is in local.settings.json and each entry is used by a workflow action
 * (workflows of ACTIONS_PER_WORKFLOW actions), so no rule has anything to say about any of them
 * (an unused or undefined entry would be a finding per entry, and the case would measure
 * reporting rather than checking).
 */
export function generateConnections(n: number): ConnectionsProject {
  const sp: Record<string, unknown> = {};
  const values: Record<string, unknown> = { ...LOCAL_SETTINGS.Values };
  for (let i = 0; i < n; i++) {
    sp[`serviceBus${i}`] = {
      parameterValues: { connectionString: `@appsetting('serviceBus${i}_connectionString')` },
      serviceProvider: { id: '/serviceProviders/serviceBus' },
      displayName: `Service Bus ${i}`,
    };
    values[`serviceBus${i}_connectionString`] = `Endpoint=sb://contoso${i}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=local-dev-only`;
  }
  const connections = JSON.stringify({ managedApiConnections: CONNECTIONS.managedApiConnections, serviceProviderConnections: sp }, null, 2);
  const localSettings = JSON.stringify({ ...LOCAL_SETTINGS, Values: values }, null, 2);

  const workflows = new Map<string, string>();
  const send = (i: number): [string, unknown] => [
    `Send_message_${i}`,
    {
      type: 'ServiceProvider',
      inputs: {
        parameters: { entityName: 'orders', message: { contentData: '@triggerBody()' } },
        serviceProviderConfiguration: { connectionName: `serviceBus${i}`, operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' },
      },
      runAfter: {},
    },
  ];
  for (let w = 0; w * ACTIONS_PER_WORKFLOW < Math.max(n, 1); w++) {
    const actions: Record<string, unknown> = {};
    if (w === 0) actions.Send_mail = action(0, false)[1]; // uses the managed connection
    for (let s = w * ACTIONS_PER_WORKFLOW; s < Math.min(n, (w + 1) * ACTIONS_PER_WORKFLOW); s += SCOPE_SIZE) {
      const inner: Record<string, unknown> = {};
      for (let i = s; i < Math.min(n, s + SCOPE_SIZE, (w + 1) * ACTIONS_PER_WORKFLOW); i++) {
        const [name, a] = send(i);
        inner[name] = a;
      }
      actions[`Scope_${s}`] = { type: 'Scope', actions: inner, runAfter: {} };
    }
    workflows.set(`Send${w}`, workflowText(actions));
  }
  return { connections, localSettings, workflows };
}

/**
 * A workflow of `findings` HTTP actions, each with one fixable LAC021 (a Key Vault audience with
 * a trailing slash), padded to about `bytes`: thousands of findings in one file.
 */
export function generateFindingsWorkflow(bytes: number, findings: number): string {
  const pad = Math.max(0, Math.floor(bytes / findings) - 420);
  const actions: Record<string, unknown> = {};
  for (let i = 0; i < findings; i++) {
    actions[`Read_secret_${i}`] = {
      type: 'Http',
      inputs: {
        method: 'GET',
        uri: `https://kv-${i % 9}.vault.azure.net/secrets/s${i}?api-version=7.4`,
        authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net/' },
        body: { note: 'Lorem ipsum dolor sit amet. '.repeat(Math.ceil(pad / 28)).slice(0, pad) },
      },
      runAfter: {},
    };
  }
  return workflowText(actions);
}

import * as assert from 'assert';
import rule from '../../src/core/rules/lac040-unknown-connection-reference';
import { editDistance, suggestNames } from '../../src/core/names';
import * as tpl from './helpers/templates';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const workflow = (actions: Record<string, unknown>, triggers: Record<string, unknown> = {}): string => j({ definition: { triggers, actions }, kind: 'Stateful' });
const managed = (referenceName: unknown) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName } }, method: 'get', path: '/x' } });
const sp = (connectionName: unknown, serviceProviderId = '/serviceProviders/serviceBus') => ({
  type: 'ServiceProvider',
  inputs: { parameters: {}, serviceProviderConfiguration: { connectionName, operationId: 'sendMessage', serviceProviderId } },
});
const fn = (connectionName: unknown) => ({ type: 'Function', inputs: { function: { connectionName }, method: 'POST' } });
const apim = (connection: unknown) => ({ type: 'ApiManagement', inputs: { apiManagement: { connection }, method: 'get', pathTemplate: { template: '/x' } } });
const agent = (referenceName: unknown) => ({ type: 'Agent', inputs: { parameters: {}, modelConfigurations: { model1: { referenceName } } }, tools: {} });

const managedEntry = { api: { id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/office365' }, connectionRuntimeUrl: 'https://x.azure-apim.net/apim/office365/1' };
const spEntry = { parameterValues: { connectionString: "@appsetting('sb')" }, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'sb' };

const ALL_SECTIONS = j({
  managedApiConnections: { office365: managedEntry },
  serviceProviderConnections: { serviceBus: spEntry },
  functionConnections: { azureFunctionOperation: { function: { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/f/functions/g' }, triggerUrl: 'https://f', displayName: 'f' } },
  apiManagementConnections: { apiManagementOperation: { apiId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/a/apis/b', baseUrl: 'https://a', displayName: 'a' } },
  agentConnections: { agent: { displayName: 'model', type: 'model', endpoint: "@appsetting('e')", authentication: { type: 'ManagedServiceIdentity' } } },
});

ruleTester(rule, {
  valid: [
    {
      name: 'every kind of reference names an entry of its section',
      files: {
        'host.json': '{}',
        'connections.json': ALL_SECTIONS,
        'wf/workflow.json': workflow(
          { A: managed('office365'), B: sp('serviceBus'), C: fn('azureFunctionOperation'), D: apim('apiManagementOperation'), E: agent('agent') },
          { T: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { referenceName: 'office365' } } } } },
        ),
      },
    },
    {
      name: 'referenceName inside an HTTP body or a Compose value is data, not a reference',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: {} }),
        'wf/workflow.json': workflow({
          Http: { type: 'Http', inputs: { method: 'POST', uri: 'https://example.com', body: { host: { connection: { referenceName: 'nope' } } } } },
          Compose: { type: 'Compose', inputs: { referenceName: 'nope', serviceProviderConfiguration: { connectionName: 'nope' } } },
        }),
      },
    },
    {
      name: 'a lone workflow.json (no project root) cannot be checked',
      files: { 'wf/workflow.json': workflow({ A: managed('nope') }) },
    },
    {
      name: 'connections.json with a syntax error: names are not judged (LAC001 reports the file)',
      files: { 'host.json': '{}', 'connections.json': '{ "managedApiConnections": { ', 'wf/workflow.json': workflow({ A: managed('nope') }) },
    },
    {
      name: 'a placeholder name that is also a key of connections.json matches exactly',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { '#{env}#-office365': managedEntry } }),
        'wf/workflow.json': workflow({ A: managed('#{env}#-office365') }),
      },
    },
    {
      name: 'comments and trailing commas in connections.json are fine',
      files: {
        'host.json': '{}',
        'connections.json': '{\n  // managed\n  "managedApiConnections": {\n    "office365": {},\n  },\n}',
        'wf/workflow.json': workflow({ A: managed('office365') }),
      },
    },
    {
      name: 'workflows under workflows/<name>/ belong to the project',
      files: { 'host.json': '{}', 'connections.json': ALL_SECTIONS, 'workflows/wf/workflow.json': workflow({ A: managed('office365') }) },
    },
    {
      name: 'an MCP tool connection found in another section is not judged (its section is not certain)',
      files: {
        'host.json': '{}',
        'connections.json': j({ mcpConnections: { docs: {} } }),
        'wf/workflow.json': workflow({ M: { type: 'McpClientTool', inputs: { connectionReference: { connectionName: 'docs' } } } }),
      },
    },
    {
      name: 'a project without workflows',
      files: { 'host.json': '{}', 'connections.json': ALL_SECTIONS },
    },
  ],
  invalid: [
    {
      name: 'ApiConnection naming a built-in connection (real: Atharva20, mschellig): says which section has it, adds a stub',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: {}, serviceProviderConnections: { serviceBus: spEntry } }),
        'wf/workflow.json': workflow({}, { When: managed('servicebus') }),
      },
      errors: [
        {
          file: 'wf/workflow.json',
          pointer: '/definition/triggers/When/inputs/host/connection/referenceName',
          severity: 'error',
          message: /'servicebus' is not a managed API connection: connections\.json managedApiConnections is empty\. It exists only in serviceProviderConnections \(as 'serviceBus', different case\)/,
        },
      ],
      output: {
        'connections.json': j({
          managedApiConnections: {
            servicebus: {
              api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/servicebus" },
              connection: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/servicebus" },
              connectionRuntimeUrl: "@appsetting('servicebus-connectionRuntimeUrl')",
              authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('servicebus-connectionKey')" },
            },
          },
          serviceProviderConnections: { serviceBus: spEntry },
        }),
      },
    },
    {
      name: 'a typo: renamed to the closest existing name, in a nested If else branch',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { office365: managedEntry, sharepointonline: managedEntry } }),
        'wf/workflow.json': workflow({ Cond: { type: 'If', expression: {}, actions: {}, else: { actions: { Send: managed('office365-1') } } } }),
      },
      errors: [{ pointer: '/definition/actions/Cond/else/actions/Send/inputs/host/connection/referenceName', message: "Did you mean 'office365'?" }],
      output: { 'wf/workflow.json': workflow({ Cond: { type: 'If', expression: {}, actions: {}, else: { actions: { Send: managed('office365') } } } }) },
    },
    {
      name: 'the section does not exist at all',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { office365: managedEntry } }), 'wf/workflow.json': workflow({ S: sp('serviceBus') }) },
      errors: [{ pointer: '/definition/actions/S/inputs/serviceProviderConfiguration/connectionName', message: 'connections.json serviceProviderConnections does not exist.' }],
      output: {
        'connections.json': j({
          managedApiConnections: { office365: managedEntry },
          serviceProviderConnections: { serviceBus: { parameterValues: {}, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'serviceBus' } },
        }),
      },
    },
    {
      name: 'a case mismatch is a warning with a preferred fix',
      files: { 'host.json': '{}', 'connections.json': j({ serviceProviderConnections: { serviceBus: spEntry } }), 'wf/workflow.json': workflow({ S: sp('ServiceBus') }) },
      errors: [{ pointer: '/definition/actions/S/inputs/serviceProviderConfiguration/connectionName', severity: 'warning', message: "differs only in case from the built-in (service provider) connection 'serviceBus'" }],
      output: { 'wf/workflow.json': workflow({ S: sp('serviceBus') }) },
    },
    {
      name: 'a null entry: replaced with a stub',
      files: { 'host.json': '{}', 'connections.json': '{\n  "serviceProviderConnections": {\n    "serviceBus": null\n  }\n}', 'wf/workflow.json': workflow({ S: sp('serviceBus', '/serviceProviders/AzureBlob') }) },
      errors: [{ pointer: '/definition/actions/S/inputs/serviceProviderConfiguration/connectionName', message: "'serviceBus' is null in connections.json serviceProviderConnections" }],
      output: { 'connections.json': j({ serviceProviderConnections: { serviceBus: { parameterValues: {}, serviceProvider: { id: '/serviceProviders/AzureBlob' }, displayName: 'serviceBus' } } }) },
    },
    {
      name: 'a non-string reference and an empty one',
      files: { 'host.json': '{}', 'connections.json': ALL_SECTIONS, 'wf/workflow.json': workflow({ A: managed(null), B: managed(7), C: fn('') }) },
      errors: [
        { pointer: '/definition/actions/A/inputs/host/connection/referenceName', message: '`referenceName` must be the name of a managed API connection (a key of managedApiConnections in connections.json), but it is null.' },
        { pointer: '/definition/actions/B/inputs/host/connection/referenceName', message: 'but it is the number 7' },
        { pointer: '/definition/actions/C/inputs/function/connectionName', message: 'but it is an empty string' },
      ],
    },
    {
      name: 'deployment placeholders are not judged, only noted (real: mbraekman)',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { azureloganalyticsdatacollector: managedEntry } }),
        'wf/workflow.json': workflow({ A: managed('#{Azure.Resource.LogicAppStandard.Service}#-con-log-analytics'), B: sp('${prefix}-sb'), C: fn('__fn__'), D: apim('$(apim)') }),
      },
      errors: [
        { pointer: '/definition/actions/A/inputs/host/connection/referenceName', severity: 'info', message: 'cannot be checked' },
        { pointer: '/definition/actions/B/inputs/serviceProviderConfiguration/connectionName', severity: 'info' },
        { pointer: '/definition/actions/C/inputs/function/connectionName', severity: 'info' },
        { pointer: '/definition/actions/D/inputs/apiManagement/connection', severity: 'info' },
      ],
    },
    {
      name: 'an expression as the name is not judged either',
      files: { 'host.json': '{}', 'connections.json': ALL_SECTIONS, 'wf/workflow.json': workflow({ A: managed("@parameters('conn')") }) },
      errors: [{ pointer: '/definition/actions/A/inputs/host/connection/referenceName', severity: 'info' }],
    },
    {
      name: 'host.json but no connections.json: the fix creates it',
      files: { 'host.json': '{}', 'wf/workflow.json': workflow({ A: agent('agent') }) },
      errors: [{ pointer: '/definition/actions/A/inputs/modelConfigurations/model1/referenceName', message: 'no connections.json' }],
      output: {
        'connections.json':
          j({
            agentConnections: {
              agent: { displayName: 'agent', type: 'model', endpoint: "@appsetting('agent-endpoint')", resourceId: "@appsetting('agent-resourceId')", authentication: { type: 'ManagedServiceIdentity' } },
            },
          }) + '\n',
      },
    },
    {
      name: 'function, API Management and agent references',
      files: { 'host.json': '{}', 'connections.json': ALL_SECTIONS, 'wf/workflow.json': workflow({ F: fn('azureFunctionOperation-1'), P: apim('apim'), G: agent('agent2') }) },
      errors: [
        { pointer: '/definition/actions/F/inputs/function/connectionName', message: "Did you mean 'azureFunctionOperation'?" },
        { pointer: '/definition/actions/P/inputs/apiManagement/connection', message: "is not an API Management connection: connections.json apiManagementConnections has 'apiManagementOperation' but no 'apim'. Did you mean 'apiManagementOperation'?" },
        { pointer: '/definition/actions/G/inputs/modelConfigurations/model1/referenceName', message: "Did you mean 'agent'?" },
      ],
      output: { 'wf/workflow.json': workflow({ F: fn('azureFunctionOperation'), P: apim('apiManagementOperation'), G: agent('agent') }) },
    },
    {
      name: 'every reference is reported where it is, triggers included',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: {} }),
        'wf/workflow.json': workflow({ Loop: { type: 'Foreach', foreach: '@x', actions: { A: managed('eventhubs') } }, B: managed('eventhubs') }, { T: managed('eventhubs') }),
      },
      errors: [
        { pointer: '/definition/triggers/T/inputs/host/connection/referenceName' },
        { pointer: '/definition/actions/Loop/actions/A/inputs/host/connection/referenceName' },
        { pointer: '/definition/actions/B/inputs/host/connection/referenceName' },
      ],
    },
    {
      name: 'an MCP tool connection found nowhere',
      files: {
        'host.json': '{}',
        'connections.json': j({ serviceProviderConnections: {} }),
        'wf/workflow.json': workflow({ M: { type: 'McpClientTool', inputs: { connectionReference: { connectionName: 'docs' } } } }),
      },
      errors: [{ pointer: '/definition/actions/M/inputs/connectionReference/connectionName' }],
    },
  ],
});

describe('LAC040 fixes and helpers', () => {
  it('offers up to three rename candidates, closest first and preferred only when unambiguous', () => {
    const files = {
      'host.json': '{}',
      'connections.json': j({ managedApiConnections: { office365: {}, 'office365-2': {}, office365users: {}, 'office365-3': {}, sharepointonline: {} } }),
      'wf/workflow.json': workflow({ A: managed('office365-1') }),
    };
    const [f] = lintFiles(files, rule);
    const fixes = f.fixes();
    assert.deepStrictEqual(
      fixes.map((x) => `${x.title}${x.preferred ? ' *' : ''}`),
      ["Change to 'office365-2'", "Change to 'office365-3'", "Change to 'office365'", "Add a stub 'office365-1' to managedApiConnections in connections.json"],
    );
  });

  it('prefers a single close candidate', () => {
    const files = { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { office365: {}, sharepointonline: {} } }), 'wf/workflow.json': workflow({ A: managed('ofice365') }) };
    const [f] = lintFiles(files, rule);
    assert.deepStrictEqual(f.fixes().map((x) => [x.title, !!x.preferred]), [
      ["Change to 'office365'", true],
      ["Add a stub 'ofice365' to managedApiConnections in connections.json", false],
    ]);
  });

  it('editDistance counts insertions, deletions, substitutions and transpositions, ignoring case', () => {
    assert.strictEqual(editDistance('servicebus', 'serviceBus'), 0);
    assert.strictEqual(editDistance('office365', 'office365-1'), 2);
    assert.strictEqual(editDistance('sevricebus', 'servicebus'), 1);
    assert.strictEqual(editDistance('', 'abc'), 3);
    assert.strictEqual(editDistance('kitten', 'sitting'), 3);
  });

  it('suggestNames keeps far names out and takes containment into account', () => {
    assert.deepStrictEqual(suggestNames('eventhubs', ['azureblob', 'sql']), []);
    assert.deepStrictEqual(suggestNames('blob', ['azureblob']).map((s) => s.name), ['azureblob']);
    assert.strictEqual(suggestNames('blob', ['azureblob'])[0].preferred, false);
  });

  it('documents examples that trigger (bad) and do not trigger (good)', () => {
    const { bad, good } = rule.meta.docs;
    const connections = j({ managedApiConnections: {}, serviceProviderConnections: { serviceBus: spEntry } });
    const badFindings = lintFiles({ 'host.json': '{}', 'connections.json': connections, [bad.file]: bad.code }, rule);
    assert.ok(badFindings.some((f) => f.severity === 'error'), 'bad example triggers');
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', 'connections.json': connections, [good.file]: good.code }, rule), []);
    assert.ok(rule.meta.description.length > 20 && !rule.meta.description.includes('\n'));
  });
});

// Logic Apps templates (gallery format): references are checked against the manifest's connections.
ruleTester(rule, {
  valid: [
    {
      name: 'references declared in the manifest with a kind that fits (the gallery shape)',
      files: tpl.template(
        { 'openai_#workflowname#': { connectorId: '/serviceProviders/openai', kind: 'inapp' }, 'office365_#workflowname#': { connectorId: tpl.MANAGED('office365'), kind: 'shared' } },
        { Chat: tpl.serviceProvider('openai_#workflowname#'), Mail: tpl.apiConnection('office365_#workflowname#') },
      ),
    },
    {
      name: 'a kind without a connector id, or the other way round, is enough',
      files: tpl.template({ 'a_#workflowname#': { kind: 'shared' }, 'b_#workflowname#': { connectorId: '/serviceProviders/serviceBus' } }, { A: tpl.apiConnection('a_#workflowname#'), B: tpl.serviceProvider('b_#workflowname#', '/serviceProviders/serviceBus') }),
    },
    {
      name: 'connections in array form without names: cannot tell',
      files: tpl.template([{ connectorId: '/serviceProviders/azureaisearch', kind: 'inapp' }], { Search: tpl.serviceProvider('azureaisearch_#workflowname#', '/serviceProviders/azureaisearch') }),
    },
    {
      name: 'array form with names',
      files: tpl.template([{ name: 'office365', connectorId: '/providers/Microsoft.Web/locations/westus/managedApis/office365', kind: 'shared' }], { Mail: tpl.apiConnection('office365') }),
    },
    { name: 'a manifest with syntax errors tells nothing', files: { 'default/manifest.json': '{ "connections": {', 'default/workflow.json': tpl.templateWorkflow({ Mail: tpl.apiConnection('x') }) } },
  ],
  invalid: [
    {
      name: 'a reference the manifest does not declare (without the suffix): fixed to the suffixed name',
      files: tpl.template({ 'serviceBus_#workflowname#': { connectorId: '/serviceProviders/serviceBus', kind: 'inapp' } }, { Send: tpl.serviceProvider('serviceBus', '/serviceProviders/serviceBus') }),
      errors: [{ file: 'default/workflow.json', pointer: '/actions/Send/inputs/serviceProviderConfiguration/connectionName', message: /'serviceBus' is not a connection of this template.*did you mean 'serviceBus_#workflowname#'/ }],
      output: { 'default/workflow.json': tpl.templateWorkflow({ Send: tpl.serviceProvider('serviceBus_#workflowname#', '/serviceProviders/serviceBus') }) },
    },
    {
      name: 'a name the manifest does not have at all, in a manifest with no connections',
      files: tpl.template({}, { Mail: tpl.apiConnection('office365') }),
      errors: [{ pointer: '/actions/Mail/inputs/host/connection/referenceName', message: /manifest\.json declares no connections/ }],
    },
    {
      name: 'an ApiConnection action naming a built-in (inapp) connection',
      files: tpl.template({ 'office365_#workflowname#': { connectorId: '/serviceProviders/office365', kind: 'inapp' } }, { Send: tpl.apiConnection('office365_#workflowname#') }),
      errors: [{ pointer: '/actions/Send/inputs/host/connection/referenceName', message: /declared in manifest\.json with kind "inapp", connectorId "\/serviceProviders\/office365".*needs kind "shared" or "custom"/ }],
    },
    {
      name: 'an ApiConnection action naming a shared connection whose connectorId is a built-in one',
      files: tpl.template({ 'office365_#workflowname#': { connectorId: '/serviceProviders/office365', kind: 'shared' } }, { Send: tpl.apiConnection('office365_#workflowname#') }),
      errors: [{ pointer: '/actions/Send/inputs/host/connection/referenceName', message: /needs kind "shared" or "custom"/ }],
    },
    {
      name: 'a ServiceProvider action naming a managed API connection declared inapp',
      files: tpl.template({ 'servicebus_#workflowname#': { connectorId: '/providers/Microsoft.Web/locations/westus/managedApis/servicebus', kind: 'inapp' } }, { Send: tpl.serviceProvider('servicebus_#workflowname#', '/serviceProviders/serviceBus') }),
      errors: [{ pointer: '/actions/Send/inputs/serviceProviderConfiguration/connectionName', message: /needs kind "inapp"/ }],
    },
    {
      name: 'a workflow manifest one folder up serves the workflow below it',
      files: { 'manifest.json': tpl.workflowManifest({ 'office365_#workflowname#': { name: 'office365', connectorId: 'not-absolute' } }), 'Child/workflow.json': j({ definition: { $schema: tpl.WDL, triggers: {}, actions: { UseConnection: tpl.apiConnection('office365') } }, kind: 'Stateful' }) },
      errors: [{ file: 'Child/workflow.json', pointer: '/definition/actions/UseConnection/inputs/host/connection/referenceName', message: /declares 'office365_#workflowname#' but not 'office365'/ }],
    },
    {
      name: 'a null connection in the manifest',
      files: { 'manifest.json': tpl.workflowManifest({ office365: null }), 'Main/workflow.json': j({ definition: { $schema: tpl.WDL, triggers: {}, actions: { Send_mail: tpl.apiConnection('office365') } }, kind: 'Stateful' }) },
      errors: [{ file: 'Main/workflow.json', pointer: '/definition/actions/Send_mail/inputs/host/connection/referenceName', message: /is null in manifest\.json "connections"/ }],
    },
    {
      name: 'a wrapped workflow.json in a template folder is read the same way',
      files: {
        'child/manifest.json': tpl.workflowManifest([]),
        'child/workflow.json': j({ definition: { $schema: tpl.WDL, contentVersion: '1.0.0.0', triggers: {}, actions: { Use_Connection: tpl.apiConnection('office365') } }, kind: 'Stateful' }),
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { office365: { api: { id: '/providers/Microsoft.Web/locations/westus/managedApis/office365' } } } }),
      },
      errors: [{ file: 'child/workflow.json', pointer: '/definition/actions/Use_Connection/inputs/host/connection/referenceName', message: /not a connection of this template/ }],
    },
  ],
});

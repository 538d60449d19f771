import * as assert from 'assert';
import rule from '../../src/core/rules/lac041-unused-connection';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const workflow = (actions: Record<string, unknown>): string => j({ definition: { triggers: {}, actions }, kind: 'Stateful' });
const managed = (referenceName: unknown) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName } }, method: 'get', path: '/x' } });
const sp = (connectionName: unknown) => ({ type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName, operationId: 'op', serviceProviderId: '/serviceProviders/serviceBus' } } });

const CONNECTIONS = j({
  managedApiConnections: { office365: { connectionRuntimeUrl: 'https://x' } },
  serviceProviderConnections: { serviceBus: { serviceProvider: { id: '/serviceProviders/serviceBus' } } },
});

ruleTester(rule, {
  valid: [
    {
      name: 'every entry is used, by different workflows',
      files: { 'host.json': '{}', 'connections.json': CONNECTIONS, 'a/workflow.json': workflow({ A: managed('office365') }), 'b/workflow.json': workflow({ B: sp('serviceBus') }) },
    },
    {
      name: 'a Codeful project (no workflow.json at all) cannot tell (real: codeful-recommendcoffee)',
      files: { 'host.json': '{}', 'connections.json': CONNECTIONS },
    },
    {
      name: 'a connections.json fragment without host.json or workflows (real: kyos workflow-joiner)',
      files: { 'connections.json': CONNECTIONS },
    },
    {
      name: 'a placeholder name could be any entry of its section (real: mbraekman)',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { azureloganalyticsdatacollector: {} } }),
        'a/workflow.json': workflow({ A: managed('#{Azure.Resource.LogicAppStandard.Service}#-con-log-analytics') }),
      },
    },
    {
      name: 'a name used in another section or in another case counts as used (LAC040 reports the reference)',
      files: { 'host.json': '{}', 'connections.json': CONNECTIONS, 'a/workflow.json': workflow({ A: managed('servicebus'), B: sp('Office365') }) },
    },
    {
      name: 'a workflow that does not parse could use anything',
      files: { 'host.json': '{}', 'connections.json': CONNECTIONS, 'a/workflow.json': workflow({ A: managed('office365') }), 'b/workflow.json': '{ "definition": ' },
    },
    {
      name: 'empty sections and unknown sections',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: {}, somethingElse: { x: {} } }), 'a/workflow.json': workflow({}) },
    },
  ],
  invalid: [
    {
      name: 'an unused entry is a faded hint; the fix removes it and keeps comments',
      files: {
        'host.json': '{}',
        'connections.json': '{\n  // the connections\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" }\n    },\n    "serviceBusConnectionString": {\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" }\n    }\n  }\n}\n',
        'a/workflow.json': workflow({ B: sp('serviceBus') }),
      },
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBusConnectionString', severity: 'hint', message: "The connection 'serviceBusConnectionString' (serviceProviderConnections) is not used by any workflow of this project." }],
      output: { 'connections.json': '{\n  // the connections\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" }\n    }\n  }\n}\n' },
    },
    {
      name: 'a referenceName in an HTTP body is data: the entry is still unused',
      files: {
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { office365: {} } }),
        'a/workflow.json': workflow({ Http: { type: 'Http', inputs: { method: 'POST', uri: 'https://x', body: { host: { connection: { referenceName: 'office365' } } } } } }),
      },
      errors: [{ pointer: '/managedApiConnections/office365' }],
    },
    {
      name: 'every section is checked (real: grnisha office365 next to office365-1)',
      files: {
        'host.json': '{}',
        'connections.json': j({
          managedApiConnections: { office365: {}, 'office365-1': {} },
          functionConnections: { fn: {} },
          apiManagementConnections: { apim: {} },
          agentConnections: { agent: {} },
        }),
        'a/workflow.json': workflow({ A: managed('office365-1') }),
      },
      errors: [
        { pointer: '/managedApiConnections/office365' },
        { pointer: '/functionConnections/fn' },
        { pointer: '/apiManagementConnections/apim' },
        { pointer: '/agentConnections/agent' },
      ],
    },
    {
      name: 'a null entry nobody uses',
      files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { old: null } }), 'a/workflow.json': workflow({}) },
      errors: [{ pointer: '/managedApiConnections/old' }],
      output: { 'connections.json': '{\n  "managedApiConnections": {}\n}' },
    },
  ],
});

describe('LAC041 details', () => {
  it('marks findings as unnecessary and squiggles the entry name', () => {
    const files = { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { old: {} } }), 'a/workflow.json': workflow({}) };
    const [f] = lintFiles(files, rule);
    assert.deepStrictEqual(f.tags, ['unnecessary']);
    assert.strictEqual(files['connections.json'].slice(f.offset, f.offset + f.length), '"old"');
    assert.strictEqual(f.fixes()[0].preferred, false, 'removing an entry is never applied on its own');
  });

  it('documents examples that trigger (bad) and do not trigger (good)', () => {
    const { bad, good } = rule.meta.docs;
    const wf = workflow({ S: sp('serviceBus') });
    assert.strictEqual(lintFiles({ 'host.json': '{}', 'a/workflow.json': wf, [bad.file]: bad.code }, rule).length, 1);
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', 'a/workflow.json': wf, [good.file]: good.code }, rule), []);
  });
});

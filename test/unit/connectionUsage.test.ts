import * as assert from 'assert';
import { connId, entry, SUB } from './helpers/azure';
import { j } from './helpers/ruleTester';
import { rel, virtualProjects } from './helpers/virtualProject';
import { entriesFor, usesOf, workflowName } from '../../src/core/connections';

const apiAction = (ref: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName: ref } }, method: 'get', path: '/x' } });
const workflow = (actions: Record<string, unknown>) => j({ definition: { triggers: {}, actions }, kind: 'Stateful' });

describe('core/connectionUsage: where a connection is used in the workspace', () => {
  const projects = virtualProjects({
    'a/host.json': '{}',
    'a/connections.json': j({
      managedApiConnections: {
        orders: entry('office365', {}, "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/office365"),
        other: entry('other'),
      },
      serviceProviderConnections: { orders: { serviceProvider: { id: '/serviceProviders/serviceBus' }, parameterValues: {} } },
    }),
    'a/local.settings.json': j({ IsEncrypted: false, Values: { WORKFLOWS_SUBSCRIPTION_ID: SUB } }),
    'a/send/workflow.json': workflow({
      send: apiAction('orders'),
      scope: { type: 'Scope', actions: { again: apiAction('orders'), unrelated: apiAction('other') } },
    }),
    'a/receive/workflow.json': workflow({ sp: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName: 'orders', operationId: 'x', serviceProviderId: '/serviceProviders/serviceBus' } } } }),
    'a/unused/workflow.json': workflow({ other: apiAction('other') }),
    'b/host.json': '{}',
    'b/connections.json': j({ managedApiConnections: { mail: entry('OFFICE365') } }),
  });

  it('finds the entries whose resolved id is the connection (any case, trailing slash)', () => {
    const found = entriesFor(projects, connId('office365').toUpperCase() + '/');
    assert.deepStrictEqual(
      found.map((f) => [rel(f.project.root), f.entry.name]),
      [
        ['a', 'orders'],
        ['b', 'mail'],
      ],
    );
    assert.deepStrictEqual(entriesFor(projects, connId('nowhere')), []);
  });

  it('lists the workflows referencing each entry (managed connections only), with their reference counts', () => {
    const uses = usesOf(projects, connId('office365'));
    assert.deepStrictEqual(
      uses.map((u) => ({ project: rel(u.project.root), entry: u.entry.name, workflows: u.workflows.map((w) => [w.workflow, rel(w.file), w.references]) })),
      [
        { project: 'a', entry: 'orders', workflows: [['send', 'a/send/workflow.json', 2]] },
        { project: 'b', entry: 'mail', workflows: [] },
      ],
    );
    const other = usesOf(projects, connId('other'));
    assert.deepStrictEqual(other[0]!.workflows.map((w) => w.workflow).sort(), ['send', 'unused']);
  });

  it('names workflows by their folder in Standard projects, else by file', () => {
    const [a] = projects;
    assert.strictEqual(workflowName(a!, a!.workflows[0]!.path), rel(a!.workflows[0]!.path).split('/')[1]);
    assert.strictEqual(workflowName({ ...a!, kind: 'armTemplate' }, '/x/template.json'), 'template.json');
  });
});

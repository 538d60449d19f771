import * as assert from 'assert';
import { connectionIndex, connectionUsage, consumptionWorkflows, managedConnections, resolveIdValue } from '../../src/core/connections';
import { JsonFile } from '../../src/core/json/jsonFile';
import { closestName, editDistance, suggestNames } from '../../src/core/names';
import { connId, entry, SUB } from './helpers/azure';
import { j } from './helpers/ruleTester';
import { virtualProject } from './helpers/virtualProject';

const api = (ref: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName: ref } }, method: 'get', path: '/x' } });

describe('core/connections: the one connection model', () => {
  const project = virtualProject({
    'host.json': '{}',
    'connections.json': j({
      managedApiConnections: { office365: entry('office365'), Blob: entry('blob'), broken: null },
      serviceProviderConnections: { serviceBus: { serviceProvider: { id: '/serviceProviders/serviceBus' }, parameterValues: {} } },
      comments: { servicebus: 'not a section' },
    }),
    'parameters.json': j({ conn: { type: 'Object', value: { id: "/subscriptions/@{appsetting('SUB')}/resourceGroups/@{parameters('rg')}/providers/Microsoft.Web/connections/viaParam" } }, rg: { type: 'String', value: 'rg-p' } }),
    'local.settings.json': j({ IsEncrypted: false, Values: { sub: SUB } }),
    'a/workflow.json': j({ definition: { actions: { one: api('office365'), two: api('office365'), three: api('blob') } }, kind: 'Stateful' }),
  });
  const index = connectionIndex(project.connections);

  it('indexes the entries of every section by (section, name): exactly, in any case, and elsewhere', () => {
    assert.deepStrictEqual(index.entries.map((e) => `${e.section}/${e.name}`), ['managedApiConnections/office365', 'managedApiConnections/Blob', 'managedApiConnections/broken', 'serviceProviderConnections/serviceBus']);
    assert.strictEqual(index.get('managedApiConnections', 'broken')?.value, null, 'a null entry is an entry');
    assert.strictEqual(index.get('managedApiConnections', 'blob'), undefined);
    assert.deepStrictEqual(index.namesAnyCase('managedApiConnections', 'blob'), ['Blob']);
    assert.deepStrictEqual(index.elsewhere('managedApiConnections', 'SERVICEBUS'), { section: 'serviceProviderConnections', name: 'serviceBus' });
    assert.strictEqual(index.hasSection('functionConnections'), false);
    assert.strictEqual(connectionIndex(project.connections), index, 'read once per parsed file');
  });

  it('knows which actions use which entry', () => {
    const usage = connectionUsage(project);
    assert.deepStrictEqual(usage.of('managedApiConnections', 'office365').map((u) => u.reference.action.name), ['one', 'two']);
    assert.deepStrictEqual(usage.of('managedApiConnections', 'Blob'), []);
    assert.strictEqual(usage.all.length, 3);
  });

  it('resolves connection.id through a parameter object, app settings in any case and @{parameters()} parts', () => {
    const p = virtualProject({
      'host.json': '{}',
      'connections.json': j({ managedApiConnections: { viaParam: { ...entry('x'), connection: "@parameters('conn')" } } }),
      'parameters.json': j({ conn: { type: 'Object', value: { id: "/subscriptions/@{appsetting('SUB')}/resourceGroups/@{parameters('rg')}/providers/Microsoft.Web/connections/viaParam" } }, rg: { type: 'String', value: 'rg-p' } }),
      'local.settings.json': j({ IsEncrypted: false, Values: { sub: SUB } }),
    });
    const [ref] = managedConnections(p);
    assert.strictEqual(ref!.id, connId('viaParam', SUB, 'rg-p'));
    assert.strictEqual(ref!.file, p.parameters, 'where the id is written');
    assert.deepStrictEqual(ref!.path, ['conn', 'value', 'id']);
  });

  it('says why an id does not resolve', () => {
    const src = { localSettings: new JsonFile('/p/local.settings.json', 'localSettings', j({ Values: { E: '', X: "@appsetting('Y')" } })) };
    const why = (raw: unknown, bare = false) => {
      const r = resolveIdValue(src, raw, { bareCalls: bare });
      return r.ok ? `ok ${r.value} ${r.connectionId}` : r.reason;
    };
    assert.strictEqual(why(undefined), 'it has no connection.id');
    assert.strictEqual(why("/subscriptions/@{appsetting('NOPE')}/x"), 'its connection.id cannot be resolved: app setting NOPE is not in local.settings.json');
    assert.strictEqual(why("@appsetting('E')"), 'its connection.id cannot be resolved: app setting E is empty in local.settings.json');
    assert.strictEqual(why("@appsetting('X')"), 'its connection.id cannot be resolved: app setting X in local.settings.json is not a literal value');
    assert.strictEqual(why('/subscriptions/__SUB__/resourceGroups/rg/providers/Microsoft.Web/connections/c'), 'its connection.id holds a deployment placeholder');
    assert.strictEqual(why("/subscriptions/@appsetting('E')/x"), 'its connection.id cannot be resolved: it holds an expression that cannot be resolved locally');
    assert.strictEqual(why(connId('c') + '/'), `ok ${connId('c')} true`);
    assert.strictEqual(why(`/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365`).endsWith('false'), true);
  });

  it('reads the $connections of a Consumption template once, with the actions naming its keys', () => {
    const file = new JsonFile(
      '/p/azuredeploy.json',
      'armTemplate',
      j({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [
          {
            type: 'Microsoft.Logic/workflows',
            name: 'orders',
            properties: {
              definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, actions: { send: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } } } } } },
              parameters: { $connections: { value: { office365: { connectionId: connId('office365') } } } },
            },
          },
        ],
      }),
    );
    const [wf] = consumptionWorkflows(file);
    assert.strictEqual(wf!.name, 'orders');
    assert.ok(typeof wf!.connections !== 'string');
    assert.deepStrictEqual(Object.keys((wf!.connections as { entries: object }).entries), ['office365']);
    assert.deepStrictEqual(wf!.references.map((r) => r.exact), [{ key: 'office365', prop: 'connectionId' }]);
    assert.strictEqual(consumptionWorkflows(file), consumptionWorkflows(file));
  });
});

describe('core/names: one edit distance, one "did you mean"', () => {
  it('counts transpositions, ignores case, and stops early past a limit', () => {
    assert.strictEqual(editDistance('sevricebus', 'serviceBus'), 1);
    assert.strictEqual(editDistance('kitten', 'sitting'), 3);
    assert.strictEqual(editDistance('kitten', 'sitting', 1), 2, 'max + 1 when over the limit');
    assert.strictEqual(editDistance('a', 'abcdefgh', 3), 4);
  });

  it('suggests a few close names; gives one closest name only when it is unambiguous', () => {
    assert.deepStrictEqual(suggestNames('office356', ['office365', 'sql']).map((s) => [s.name, s.preferred]), [['office365', true]]);
    assert.strictEqual(closestName('service_bus_connection', ['serviceBusConnection', 'other']), 'serviceBusConnection');
    assert.strictEqual(closestName('abcd', ['abce', 'abcf']), undefined, 'a tie names nobody');
  });
});

import * as assert from 'assert';
import * as path from 'path';
import { parseConnection, type ConnectionInfo } from '../../src/core/azure/model';
import { lintProject } from '../../src/core/engine';
import type { Project } from '../../src/core/project';
import type { Finding } from '../../src/core/types';
import {
  azureStatusOf,
  buildWorkspaceModel,
  findingsWithin,
  projectLabel,
  type ConnectionModel,
  type ProjectModel,
  type WorkspaceAzureStatus,
} from '../../src/vscode/model/workspaceModel';
import { connId, entry, SUB } from './helpers/azure';
import { ROOT, virtualProject, virtualProjects } from './helpers/virtualProject';

const json = (v: unknown) => JSON.stringify(v, null, 2);

const apiConnection = (ref: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName: ref } }, method: 'get', path: '/' }, runAfter: {} });

const FILES: Record<string, string> = {
  'host.json': json({ version: '2.0' }),
  'local.settings.json': json({ IsEncrypted: false, Values: { RG: 'rg-integration', WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity', 'office365-local-connectionKey': 'key', 'blob-key': 'k' } }),
  'connections.json': json({
    managedApiConnections: {
      office365: entry('office365', {}, `/subscriptions/${SUB}/resourceGroups/@{appsetting('RG')}/providers/Microsoft.Web/connections/office365`),
      'office365-local': entry('office365-local', { authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-local-connectionKey')" } }),
      unresolved: entry('unresolved', {}, "@parameters('nowhere')"),
    },
    serviceProviderConnections: {
      serviceBus: { parameterValues: { connectionString: "@appsetting('sb')" }, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'orders bus' },
    },
    functionConnections: {},
  }),
  'orders/workflow.json': json({
    definition: {
      triggers: { When_a_message_arrives: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName: 'serviceBus', operationId: 'receive', serviceProviderId: '/serviceProviders/serviceBus' } } } },
      actions: {
        Send_mail: apiConnection('office365'),
        Scope: { type: 'Scope', actions: { Send_again: apiConnection('office365'), Send_local: apiConnection('office365-local') } },
      },
    },
    kind: 'Stateful',
  }),
  'notify/workflow.json': json({ definition: { triggers: {}, actions: { Notify: apiConnection('office365') } }, kind: 'Stateful' }),
};

function model(files: Record<string, string>, opts: { findings?: Finding[]; azure?: (id: string) => WorkspaceAzureStatus | undefined; projects?: Project[] } = {}): ProjectModel[] {
  const projects = opts.projects ?? virtualProjects(files);
  const findings = opts.findings ?? projects.flatMap((p) => lintProject(p));
  return buildWorkspaceModel({
    projects,
    folders: [{ name: 'project', path: ROOT }],
    findings: (f) => findings.filter((x) => x.file === f),
    ...(opts.azure ? { azureStatus: opts.azure } : {}),
  });
}

function connection(m: ProjectModel[], name: string): ConnectionModel {
  const c = m.flatMap((p) => p.groups.flatMap((g) => g.connections)).find((x) => x.name === name);
  assert.ok(c, name);
  return c;
}

const info = (status: string): ConnectionInfo => parseConnection({ id: connId('office365'), name: 'office365', kind: 'V2', properties: { overallStatus: status } })!;

describe('vscode tree: the Workspace view model', () => {
  it('a project → its non-empty connection groups in kind order → connections with what they connect to', () => {
    const [p] = model(FILES);
    assert.ok(p);
    assert.strictEqual(p.label, 'project', 'the workspace folder itself');
    assert.match(p.description, /^Standard/);
    assert.deepStrictEqual(
      p.groups.map((g) => [g.label, g.connections.map((c) => [c.name, c.detail])]),
      [
        [
          'Managed API connections',
          [
            ['office365', 'office365'],
            ['office365-local', 'office365'],
            ['unresolved', 'office365'],
          ],
        ],
        ['Built-in connections', [['serviceBus', 'serviceBus (orders bus)']]],
      ],
    );
  });

  it('the workflows using a connection → their actions (nested ones too), triggers marked', () => {
    const m = model(FILES);
    const o = connection(m, 'office365');
    assert.deepStrictEqual(
      o.workflows.map((w) => [w.name, w.actions.map((a) => a.name)]),
      [
        ['notify', ['Notify']],
        ['orders', ['Send_mail', 'Send_again']],
      ],
    );
    const sendAgain = o.workflows[1]!.actions[1]!;
    assert.deepStrictEqual(sendAgain.path, ['definition', 'actions', 'Scope', 'actions', 'Send_again']);
    assert.strictEqual(sendAgain.file, path.join(ROOT, 'orders/workflow.json'));
    const sb = connection(m, 'serviceBus');
    assert.deepStrictEqual(
      sb.workflows.flatMap((w) => w.actions.map((a) => [a.name, a.isTrigger])),
      [['When_a_message_arrives', true]],
    );
    assert.deepStrictEqual(connection(m, 'unresolved').workflows, [], 'unused');
  });

  it('context values: workspaceEntry; resolved when connection.id resolves; localKey for Raw authentication with a key setting', () => {
    const m = model(FILES);
    const o = connection(m, 'office365');
    assert.strictEqual(o.contextValue, 'workspaceEntry resolved');
    assert.strictEqual(o.connectionId, connId('office365'), 'resolved through local.settings.json');
    const local = connection(m, 'office365-local');
    assert.strictEqual(local.contextValue, 'workspaceEntry resolved localKey');
    assert.strictEqual(local.localKeySetting, 'office365-local-connectionKey');
    assert.strictEqual(connection(m, 'unresolved').contextValue, 'workspaceEntry');
    assert.strictEqual(connection(m, 'serviceBus').contextValue, 'workspaceEntry');

    // Raw without authentication.parameter: the conventional <name>-connectionKey, only when it exists.
    const raw = (settings: Record<string, string>) =>
      connection(
        model({
          'local.settings.json': json({ Values: settings }),
          'connections.json': json({ managedApiConnections: { blob: entry('blob', { authentication: { type: 'Raw', scheme: 'Key' } }) } }),
        }),
        'blob',
      );
    assert.strictEqual(raw({ 'BLOB-connectionKey': 'k' }).localKeySetting, 'BLOB-connectionKey', 'app settings are case-insensitive');
    assert.strictEqual(raw({}).contextValue, 'workspaceEntry resolved');
  });

  it('problems: connections.json findings inside an entry count for that entry only; action findings for the action', () => {
    const files = {
      ...FILES,
      'connections.json': FILES['connections.json']!.replace('"connectionRuntimeUrl"', '"connectionRuntimeUrl": "https://x.example/",\n      "connectionRuntimeUrl"'),
      // A trailing comma inside the Notify action (LAC001: its text lies inside the action).
      'notify/workflow.json': json({ definition: { triggers: {}, actions: { Notify: apiConnection('office365'), Missing: apiConnection('nope') } }, kind: 'Stateful' }).replace('"path": "/"', '"path": "/",'),
    };
    const m = model(files);
    const o = connection(m, 'office365');
    assert.deepStrictEqual([o.problems.errors, o.problems.messages.map((x) => x.slice(0, 6))], [1, ['LAC003']]);
    assert.strictEqual(o.description, 'office365 · 1 problem');
    assert.strictEqual(connection(m, 'office365-local').problems.messages.length, 0, 'not the next entry');
    const notify = o.workflows.find((w) => w.name === 'notify')!;
    assert.deepStrictEqual(notify.actions[0]!.problems.messages.map((x) => x.slice(0, 6)), ['LAC001']);
    assert.deepStrictEqual(notify.problems.messages.map((x) => x.slice(0, 6)), ['LAC001']);
    const orders = o.workflows.find((w) => w.name === 'orders')!;
    assert.strictEqual(orders.problems.messages.length, 0);
    // LAC040 on the reference to "nope" belongs to no connection; the project counts everything.
    const all = virtualProjects(files).flatMap((x) => lintProject(x));
    assert.ok(all.some((f) => f.ruleId === 'LAC040'));
    const [p] = m;
    assert.strictEqual(p!.problems.errors + p!.problems.warnings + p!.problems.infos, all.length);
    assert.strictEqual(p!.description, `Standard · local auth: managed identity · ${all.length} problems`);
    assert.deepStrictEqual(p!.localAuth, { mode: 'msi', label: 'managed identity', reason: 'WORKFLOWS_AUTHENTICATION_METHOD is "managedServiceIdentity" in local.settings.json' });
    const managed = p!.groups[0]!;
    assert.strictEqual(managed.problems.errors, managed.connections.reduce((n, c) => n + c.problems.errors, 0), 'a group adds up its connections');
  });

  it('the project node shows the local authentication mode: keys without the setting, unknown without local.settings.json', () => {
    const keys = model({ ...FILES, 'local.settings.json': json({ Values: {} }) })[0]!;
    assert.deepStrictEqual([keys.localAuth?.mode, keys.description.startsWith('Standard · local auth: connection keys')], ['keys', true]);
    const { ['local.settings.json']: _omit, ...withoutSettings } = FILES;
    const unknown = model(withoutSettings)[0]!;
    assert.deepStrictEqual([unknown.localAuth?.mode, unknown.localAuth?.reason], ['unknown', 'there is no local.settings.json (it is usually not committed)']);
  });

  it('findings by position: a finding whose pointer is elsewhere but whose text lies inside the entry', () => {
    const p = virtualProject(FILES);
    const file = p.connections!;
    const at = file.text.indexOf('"office365-local"');
    const f = { ruleId: 'LAC999', pointer: '', offset: at + 3, length: 2, severity: 'warning', message: 'x', file: file.path } as unknown as Finding;
    assert.deepStrictEqual(findingsWithin([f], file, ['managedApiConnections', 'office365-local']), [f]);
    assert.deepStrictEqual(findingsWithin([f], file, ['managedApiConnections', 'office365']), []);
    const byPointer = { ...f, offset: 0, pointer: '/managedApiConnections/office365/api/id' } as Finding;
    assert.deepStrictEqual(findingsWithin([byPointer], file, ['managedApiConnections', 'office365']), [byPointer]);
    assert.deepStrictEqual(findingsWithin([byPointer], file, ['managedApiConnections', 'office365-']), [], 'a pointer prefix is a whole segment');
  });

  it('Azure status of resolved managed connections: the fact, else the Azure listing; "not found in Azure" for a 404', () => {
    assert.deepStrictEqual(azureStatusOf({ state: 'not-found', code: 'ResourceNotFound', message: 'gone' }, info('Connected')), { kind: 'not-found', label: 'not found in Azure' });
    assert.strictEqual(azureStatusOf({ state: 'found', connection: info('Error') }, info('Connected'))?.kind, 'error', 'the fact wins');
    assert.strictEqual(azureStatusOf(undefined, info('Connected'))?.label, 'Connected');
    assert.strictEqual(azureStatusOf({ state: 'error', error: { kind: 'network', message: 'x' } }, undefined), undefined);

    const asked: string[] = [];
    const m = model(FILES, {
      azure: (id) => {
        asked.push(id);
        return azureStatusOf({ state: 'found', connection: info('Error') }, undefined);
      },
    });
    assert.deepStrictEqual(asked.sort(), [connId('office365'), connId('office365-local')], 'only resolved ids are looked up');
    const o = connection(m, 'office365');
    assert.strictEqual(o.azure?.kind, 'error');
    assert.strictEqual(o.description, 'office365 · Error');
  });

  it('labels: relative to the workspace folder (its name when it is the folder; prefixed in a multi-root workspace)', () => {
    const p = { kind: 'standard', root: path.join(ROOT, 'apps', 'orders'), hasHost: true, workflows: [] } as Project;
    assert.strictEqual(projectLabel(p, [{ name: 'project', path: ROOT }]), 'apps/orders');
    assert.strictEqual(projectLabel(p, [{ name: 'a', path: path.join(ROOT, 'apps', 'orders') }]), 'a');
    assert.strictEqual(projectLabel(p, [{ name: 'project', path: ROOT }, { name: 'other', path: '/elsewhere' }]), 'project/apps/orders');
    assert.strictEqual(projectLabel(p, [{ name: 'other', path: '/elsewhere' }]), p.root, 'outside: the full path');
  });

  it('Consumption ARM templates: their $connections entries and the actions naming them; anything else: the project alone', () => {
    const template = (value: unknown) =>
      json({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [
          {
            type: 'Microsoft.Logic/workflows',
            name: 'orders-consumption',
            properties: {
              definition: {
                triggers: {},
                actions: { Get_secret: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['keyvault']['connectionId']" } } } } },
              },
              parameters: { $connections: { value } },
            },
          },
        ],
      });
    const simple = {
      keyvault: {
        connectionId: connId('keyvault'),
        connectionName: 'keyvault',
        id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'keyvault')]",
      },
    };
    const [p] = model({ 'deploy/azuredeploy.json': template(simple) });
    assert.ok(p);
    assert.strictEqual(p.kind, 'armTemplate');
    assert.strictEqual(p.label, 'deploy/azuredeploy.json');
    assert.match(p.description, /^ARM template \(Consumption\)/);
    const [g] = p.groups;
    assert.strictEqual(g?.label, '$connections (Consumption)');
    const kv = g!.connections[0]!;
    assert.deepStrictEqual([kv.name, kv.detail, kv.connectionId, kv.contextValue], ['keyvault', 'keyvault', connId('keyvault'), 'consumptionEntry resolved']);
    assert.deepStrictEqual(kv.path, ['resources', 0, 'properties', 'parameters', '$connections', 'value', 'keyvault']);
    assert.deepStrictEqual(
      kv.workflows.map((w) => [w.name, w.actions.map((a) => a.name)]),
      [['orders-consumption', ['Get_secret']]],
    );
    const [dynamic] = model({ 'deploy/azuredeploy.json': template("[parameters('connections')]") });
    assert.deepStrictEqual(dynamic?.groups, []);
  });
});

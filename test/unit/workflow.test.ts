import * as assert from 'assert';
import { lintProject } from '../../src/core/engine';
import { JsonFile } from '../../src/core/json/jsonFile';
import { toPointer } from '../../src/core/json/pointer';
import { walkActions } from '../../src/core/workflow';
import { j } from './helpers/ruleTester';
import { virtualProject } from './helpers/virtualProject';
import { connectionReferences } from '../../src/core/connections';

const wf = (definition: unknown): JsonFile => new JsonFile('/virtual/project/wf/workflow.json', 'workflow', j({ definition, kind: 'Stateful' }));

const apiConnection = (referenceName: unknown) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName } }, method: 'get', path: '/x' } });

/** A chain of `depth` nested Scopes with `leaf` as the only action of the innermost one. */
function deepScopes(depth: number, leaf: Record<string, unknown>): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `{"Scope_${i}":{"type":"Scope","actions":`;
    close += '}}';
  }
  return `{"definition":{"triggers":{},"actions":${open}${JSON.stringify(leaf)}${close}},"kind":"Stateful"}`;
}

describe('workflow walker', () => {
  describe('walkActions', () => {
    it('visits triggers and actions nested in every container, with paths and depths', () => {
      const file = wf({
        triggers: { manual: { type: 'Request', kind: 'Http' } },
        actions: {
          Scope: { type: 'Scope', actions: { InScope: { type: 'Compose', inputs: 1 } } },
          Loop: { type: 'Foreach', foreach: '@x', actions: { InLoop: { type: 'Compose', inputs: 1 } } },
          Until: { type: 'Until', expression: '@true', actions: { InUntil: { type: 'Compose', inputs: 1 } } },
          Cond: { type: 'If', expression: {}, actions: { Then: { type: 'Compose', inputs: 1 } }, else: { actions: { Else: { type: 'Compose', inputs: 1 } } } },
          Sw: {
            type: 'Switch',
            expression: '@x',
            cases: { A: { case: 'a', actions: { CaseA: { type: 'Compose', inputs: 1 } } } },
            default: { actions: { Dflt: { type: 'Compose', inputs: 1 } } },
          },
          Agent: { type: 'Agent', inputs: {}, tools: { Tool1: { actions: { InTool: { type: 'Compose', inputs: 1 } } } } },
        },
      });
      const seen = new Map([...walkActions(file)].map((a) => [a.name, a]));
      const pointers = Object.fromEntries([...seen].map(([n, a]) => [n, toPointer(a.path)]));
      assert.deepStrictEqual(pointers, {
        manual: '/definition/triggers/manual',
        Scope: '/definition/actions/Scope',
        Loop: '/definition/actions/Loop',
        Until: '/definition/actions/Until',
        Cond: '/definition/actions/Cond',
        Sw: '/definition/actions/Sw',
        Agent: '/definition/actions/Agent',
        InScope: '/definition/actions/Scope/actions/InScope',
        InLoop: '/definition/actions/Loop/actions/InLoop',
        InUntil: '/definition/actions/Until/actions/InUntil',
        Then: '/definition/actions/Cond/actions/Then',
        Else: '/definition/actions/Cond/else/actions/Else',
        CaseA: '/definition/actions/Sw/cases/A/actions/CaseA',
        Dflt: '/definition/actions/Sw/default/actions/Dflt',
        InTool: '/definition/actions/Agent/tools/Tool1/actions/InTool',
      });
      assert.strictEqual(seen.get('manual')!.isTrigger, true);
      assert.strictEqual(seen.get('manual')!.depth, 1);
      assert.strictEqual(seen.get('Scope')!.isTrigger, false);
      assert.strictEqual(seen.get('Scope')!.depth, 1);
      assert.strictEqual(seen.get('Else')!.depth, 2);
    });

    it('keeps the path when an action node is spread or serialised', () => {
      const file = wf({ actions: { A: { type: 'Scope', actions: { B: { type: 'Compose' } } } } });
      const b = [...walkActions(file)].find((a) => a.name === 'B')!;
      assert.deepStrictEqual({ ...b }.path, ['definition', 'actions', 'A', 'actions', 'B']);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(b)).path, ['definition', 'actions', 'A', 'actions', 'B']);
      assert.strictEqual(b.path, b.path, 'built once');
    });

    it('gives deep actions (past the eager path limit) the same paths, spread included', () => {
      const file = new JsonFile('/virtual/project/wf/workflow.json', 'workflow', deepScopes(100, { Bottom: { type: 'Compose' } }));
      const all = [...walkActions(file)];
      const bottom = all.find((a) => a.name === 'Bottom')!;
      const want: (string | number)[] = ['definition', 'actions'];
      for (let i = 0; i < 100; i++) want.push(`Scope_${i}`, 'actions');
      want.push('Bottom');
      assert.deepStrictEqual(bottom.path, want);
      assert.deepStrictEqual({ ...bottom }.path, want);
      assert.strictEqual(bottom.depth, 101);
      const mid = all.find((a) => a.name === 'Scope_50')!;
      assert.deepStrictEqual(mid.path, want.slice(0, 2 + 50 * 2 + 1));
    });

    it('walks every workflow of an ARM template, nested deployments included', () => {
      const def = (name: string) => ({ actions: { [name]: { type: 'Compose', inputs: 1 } } });
      const template = {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [
          { type: 'Microsoft.Logic/workflows', properties: { definition: def('Outer') } },
          { type: 'Microsoft.Resources/deployments', properties: { template: { resources: [{ type: 'Microsoft.Logic/workflows', properties: { definition: def('Inner') } }] } } },
        ],
      };
      const file = new JsonFile('/virtual/project/t.json', 'armTemplate', j(template));
      const got = [...walkActions(file)].map((a) => toPointer(a.path)).sort();
      assert.deepStrictEqual(got, ['/resources/0/properties/definition/actions/Outer', '/resources/1/properties/template/resources/0/properties/definition/actions/Inner']);
    });

    it('ignores values that are not actions', () => {
      const file = wf({ triggers: { t: 'nope' }, actions: { a: null, b: [1], c: { type: 'Scope', actions: 'x' } } });
      assert.deepStrictEqual([...walkActions(file)].map((a) => a.name), ['c']);
      assert.deepStrictEqual([...walkActions(new JsonFile('/v/w.json', 'workflow', '[]'))], []);
    });

    it('walks a 10,000-deep Scope chain without recursion', () => {
      const file = new JsonFile('/virtual/project/wf/workflow.json', 'workflow', deepScopes(10000, { Bottom: apiConnection('nope') }));
      let count = 0;
      let deepest = 0;
      for (const a of walkActions(file)) {
        count++;
        deepest = Math.max(deepest, a.depth);
      }
      assert.strictEqual(count, 10001);
      assert.strictEqual(deepest, 10001);
      const refs = connectionReferences(file);
      assert.strictEqual(refs.length, 1);
      assert.strictEqual(refs[0].path.length, 2 + 10000 * 2 + 5);
    });
  });

  describe('connectionReferences', () => {
    it('finds each kind of reference, in triggers and nested actions', () => {
      const file = wf({
        triggers: { When: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { referenceName: 'eventgrid' } } } } },
        actions: {
          Managed: apiConnection('office365'),
          Notify: { type: 'ApiConnectionNotification', inputs: { host: { connection: { referenceName: 'office365-1' } } } },
          Scope: {
            type: 'Scope',
            actions: {
              Sp: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName: 'serviceBus', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' } } },
              Fn: { type: 'Function', inputs: { function: { connectionName: 'azureFunctionOperation' } } },
              Apim: { type: 'ApiManagement', inputs: { apiManagement: { connection: 'apiManagementOperation' } } },
              Ag: { type: 'Agent', inputs: { modelConfigurations: { model1: { referenceName: 'agent' }, model2: { referenceName: 'agent2' } } } },
            },
          },
        },
      });
      const got = connectionReferences(file).map((r) => `${r.section} ${String(r.name)} ${toPointer(r.path)}`).sort();
      assert.deepStrictEqual(got, [
        'agentConnections agent /definition/actions/Scope/actions/Ag/inputs/modelConfigurations/model1/referenceName',
        'agentConnections agent2 /definition/actions/Scope/actions/Ag/inputs/modelConfigurations/model2/referenceName',
        'apiManagementConnections apiManagementOperation /definition/actions/Scope/actions/Apim/inputs/apiManagement/connection',
        'functionConnections azureFunctionOperation /definition/actions/Scope/actions/Fn/inputs/function/connectionName',
        'managedApiConnections eventgrid /definition/triggers/When/inputs/host/connection/referenceName',
        'managedApiConnections office365 /definition/actions/Managed/inputs/host/connection/referenceName',
        'managedApiConnections office365-1 /definition/actions/Notify/inputs/host/connection/referenceName',
        'serviceProviderConnections serviceBus /definition/actions/Scope/actions/Sp/inputs/serviceProviderConfiguration/connectionName',
      ]);
    });

    it('compares action types case-insensitively', () => {
      const file = wf({ actions: { A: { type: 'apiconnection', inputs: { host: { connection: { referenceName: 'x' } } } }, B: { type: 'SERVICEPROVIDER', inputs: { serviceProviderConfiguration: { connectionName: 'y' } } } } });
      assert.deepStrictEqual(connectionReferences(file).map((r) => r.name).sort(), ['x', 'y']);
    });

    it('returns non-string names as they are written', () => {
      const file = wf({ actions: { A: apiConnection(null), B: apiConnection(42) } });
      assert.deepStrictEqual(connectionReferences(file).map((r) => r.name).sort(), [42, null]);
    });

    it('does not count data that looks like a reference (HTTP body, Compose, wrong action type)', () => {
      const file = wf({
        actions: {
          Http: { type: 'Http', inputs: { method: 'POST', uri: 'https://example.com', body: { host: { connection: { referenceName: 'inBody' } }, referenceName: 'inBody2' } } },
          Compose: { type: 'Compose', inputs: { host: { connection: { referenceName: 'inCompose' } }, serviceProviderConfiguration: { connectionName: 'alsoData' } } },
          Sp: { type: 'ServiceProvider', inputs: { host: { connection: { referenceName: 'wrongPlace' } }, serviceProviderConfiguration: { connectionName: 'real' } } },
          NoInputs: { type: 'ApiConnection' },
          NoType: { inputs: { host: { connection: { referenceName: 'untyped' } } } },
        },
      });
      assert.deepStrictEqual(connectionReferences(file).map((r) => r.name), ['real']);
    });
  });

  describe('through lintProject', () => {
    it('reports an unknown reference at the bottom of a 10,000-deep Scope chain (no RangeError)', () => {
      const project = virtualProject({
        'host.json': '{"version": "2.0"}',
        'connections.json': j({ managedApiConnections: { office365: { connectionRuntimeUrl: 'https://x.azure-apim.net/apim/office365/1' } } }),
        'Deep/workflow.json': deepScopes(10000, { Bottom: apiConnection('nope') }),
      });
      const findings = lintProject(project, {}, { only: ['LAC040'] });
      assert.strictEqual(findings.length, 1);
      const f = findings[0];
      assert.strictEqual(f.ruleId, 'LAC040');
      assert.strictEqual(f.severity, 'error');
      assert.match(f.message, /'nope'/);
      let pointer = '/definition/actions';
      for (let i = 0; i < 10000; i++) pointer += `/Scope_${i}/actions`;
      assert.strictEqual(f.pointer, `${pointer}/Bottom/inputs/host/connection/referenceName`);
      // The span is the string value "nope" in the text.
      const text = project.workflows[0].text;
      assert.strictEqual(text.slice(f.offset, f.offset + f.length), '"nope"');
      // The fixes can be computed too (jsonc edits on a deep file must not throw either).
      assert.doesNotThrow(() => f.fixes());
    });

    it('lints a 1 MB workflow without building positions when nothing is wrong', () => {
      const actions: Record<string, unknown> = {};
      for (let i = 0; i < 2500; i++) {
        actions[`Action_${i}`] = {
          type: 'Scope',
          actions: { [`Send_${i}`]: apiConnection('office365'), [`Compose_${i}`]: { type: 'Compose', inputs: { text: 'x'.repeat(200) } } },
        };
      }
      const text = j({ definition: { actions }, kind: 'Stateful' });
      assert.ok(text.length > 1_000_000, `${text.length} bytes`);
      const project = virtualProject({
        'host.json': '{}',
        'connections.json': j({ managedApiConnections: { office365: {} } }),
        'Big/workflow.json': text,
      });
      assert.deepStrictEqual(lintProject(project, {}, { only: ['LAC040', 'LAC041'] }), []);
    });
  });
});

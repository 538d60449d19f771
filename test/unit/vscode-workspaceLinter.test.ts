import * as assert from 'assert';
import * as path from 'path';
import type { RunControl } from '../../src/vscode/model/scheduler';
import { WorkspaceLinter, type FileResult, type OpenText } from '../../src/vscode/model/workspaceLinter';

const ROOT = path.resolve('/virtual/ws');
const p = (rel: string) => path.join(ROOT, rel);

const WORKFLOW = '{\n  "definition": {\n    "triggers": {},\n    "actions": {},\n    "outputs": {}\n  },\n  "kind": "Stateful"\n}\n';

function setup(files: Record<string, string>) {
  const disk = new Map(Object.entries(files).map(([k, v]) => [p(k), v]));
  const open = new Map<string, OpenText>();
  const reads: string[] = [];
  const linter = new WorkspaceLinter({
    openText: (f) => open.get(f),
    readDisk: async (f) => {
      reads.push(f);
      return disk.get(f);
    },
    settingsFor: () => ({}),
  });
  const published = new Map<string, FileResult>();
  const errors: unknown[] = [];
  const control = (over: Partial<RunControl> = {}): RunControl => ({ cancelled: false, isStale: () => false, ...over });
  const lint = async (paths?: string[], c = control()) => {
    const layouts = paths ? linter.layoutsFor(paths.map(p)) : linter.allLayouts();
    await linter.lint(
      layouts,
      c,
      (results) => results.forEach((r) => published.set(r.path, r)),
      (_l, e) => errors.push(e),
    );
    assert.deepStrictEqual(errors, []);
  };
  const rules = (rel: string, id = 'LAC001') => (published.get(p(rel))?.findings ?? []).filter((f) => f.ruleId === id).length;
  return { disk, open, reads, linter, published, lint, control, rules };
}

const STANDARD = {
  'host.json': '{"version": "2.0"}',
  'connections.json': '{"managedApiConnections": {}}',
  'parameters.json': '{}',
  'local.settings.json': '{"IsEncrypted": false, "Values": {}}',
  'orders/workflow.json': WORKFLOW,
};

describe('vscode: workspace linter (projects as the unit)', () => {
  it('groups files into projects and lints every file of a project', async () => {
    const t = setup({ ...STANDARD, 'parameters.json': '{"a": {"type": "String", "value": "x"},}' });
    const m = t.linter.replaceAll([...t.disk.keys()]);
    assert.deepStrictEqual(m.dirty.sort(), [...t.disk.keys()].sort());
    assert.strictEqual(t.linter.allLayouts().length, 1);
    await t.lint(['parameters.json']);
    assert.deepStrictEqual([...t.published.keys()].sort(), [...t.disk.keys()].sort(), 'every file of the project gets results (empty clears problems)');
    assert.strictEqual(t.rules('parameters.json'), 1);
    assert.ok(t.published.get(p('connections.json'))!.snapshot, 'snapshots keep the linted text for fixes');
  });

  it('editing one file re-lints its project, re-parsing only that file, from the editor text', async () => {
    const t = setup(STANDARD);
    t.linter.replaceAll([...t.disk.keys()]);
    await t.lint();
    const parsed = t.linter.stats.filesParsed;
    assert.strictEqual(parsed, 5);
    const reads = t.reads.length;
    t.open.set(p('parameters.json'), { text: '{"a": 1,}', version: 7 });
    await t.lint(['parameters.json']);
    assert.strictEqual(t.linter.stats.filesParsed, parsed + 1, 'only the edited file was parsed again');
    assert.strictEqual(t.reads.length, reads, 'disk texts are cached until invalidated');
    assert.strictEqual(t.rules('parameters.json'), 1);
    assert.strictEqual(t.published.get(p('parameters.json'))!.snapshot!.version, 7);
    assert.ok(t.published.has(p('connections.json')), 'connections.json is re-linted with its parameters');
    assert.strictEqual(t.published.get(p('connections.json'))!.snapshot!.version, undefined, 'from disk');
  });

  it('a disk change is read again only after invalidation', async () => {
    const t = setup(STANDARD);
    t.linter.replaceAll([...t.disk.keys()]);
    await t.lint();
    t.disk.set(p('orders/workflow.json'), WORKFLOW.replace('"outputs": {}', '"outputs": {},'));
    await t.lint(['orders/workflow.json']);
    assert.strictEqual(t.rules('orders/workflow.json'), 0);
    t.linter.invalidateDisk(p('orders/workflow.json'));
    await t.lint(['orders/workflow.json']);
    assert.strictEqual(t.rules('orders/workflow.json'), 1);
  });

  it('regroups when files come and go: a workflow leaves its project when the root files go', async () => {
    const t = setup(STANDARD);
    t.linter.replaceAll([...t.disk.keys()]);
    const m = t.linter.remove([p('host.json'), p('connections.json')]);
    assert.deepStrictEqual(m.cleared.sort(), [p('connections.json'), p('host.json'), p('local.settings.json'), p('parameters.json')].sort());
    assert.deepStrictEqual(m.dirty, [p('orders/workflow.json')], 'now a lone workflow');
    assert.strictEqual(t.linter.isLinted(p('parameters.json')), false);
    assert.strictEqual(t.linter.allLayouts()[0].kind, 'workflow');
    const back = t.linter.add([p('host.json')]);
    assert.deepStrictEqual(back.dirty.sort(), [p('host.json'), p('local.settings.json'), p('orders/workflow.json'), p('parameters.json')].sort());
    assert.deepStrictEqual(t.linter.add([p('host.json')]), { dirty: [], cleared: [] }, 'adding a known file changes nothing');
  });

  it('finds the files below a deleted folder', () => {
    const t = setup(STANDARD);
    t.linter.replaceAll([...t.disk.keys()]);
    assert.deepStrictEqual(t.linter.under(p('orders'), path.sep), [p('orders/workflow.json')]);
    assert.deepStrictEqual(t.linter.under(p('ord'), path.sep), []);
  });

  it('skips a project whose file changed again, and stops when cancelled', async () => {
    const t = setup({ ...STANDARD, 'other/lone/workflow.json': WORKFLOW });
    t.linter.replaceAll([...t.disk.keys()]);
    assert.strictEqual(t.linter.allLayouts().length, 2);
    await t.lint(undefined, t.control({ isStale: (f) => f === p('parameters.json') }));
    assert.deepStrictEqual([...t.published.keys()], [p('other/lone/workflow.json')]);
    t.published.clear();
    await t.lint(undefined, t.control({ cancelled: true }));
    assert.strictEqual(t.published.size, 0);
  });

  it('a folder deleted during a run does not drop the other projects from it (layouts rebuilt, projects unchanged)', async () => {
    const t = setup({ 'a/workflow.json': WORKFLOW, 'b/workflow.json': WORKFLOW, 'gone/workflow.json': WORKFLOW });
    t.linter.replaceAll([...t.disk.keys()]);
    const layouts = t.linter.allLayouts();
    let removed = false;
    await t.linter.lint(
      layouts,
      t.control(),
      (results) => {
        results.forEach((r) => t.published.set(r.path, r));
        // After the first project, a folder of the workspace is deleted (the watcher's event).
        if (!removed) {
          removed = true;
          t.linter.remove([p('gone/workflow.json')]);
        }
      },
      (_l, e) => assert.fail(String(e)),
    );
    assert.deepStrictEqual([...t.published.keys()].sort(), [p('a/workflow.json'), p('b/workflow.json')]);
    assert.deepStrictEqual(t.linter.projects().map((x) => path.relative(ROOT, x.root)).sort(), ['a', 'b']);
  });

  it('lints lone workflows and ARM templates, and a file that cannot be read gets no snapshot', async () => {
    const arm = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Logic/workflows",}]}';
    const t = setup({ 'a/workflow.json': WORKFLOW, 'deploy/template.json': arm, 'gone/workflow.json': WORKFLOW });
    t.linter.replaceAll([p('a/workflow.json'), p('deploy/template.json'), p('gone/workflow.json')]);
    t.disk.delete(p('gone/workflow.json'));
    await t.lint();
    assert.strictEqual(t.rules('deploy/template.json'), 1);
    assert.strictEqual(t.published.get(p('gone/workflow.json'))!.snapshot, undefined);
  });

  it('lints a custom connector definition folder on its own: both files, the OpenAPI file joining when it comes', async () => {
    const props = JSON.stringify({ properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'oauth2', clientId: 'x', customParameters: { authorizationUrl: { value: 'https://a.contoso.com/authorize' }, tokenUrl: { value: 'https://a.contoso.com/token' }, refreshUrl: { value: 'https://a.contoso.com/authorize' } } } } }, iconBrandColor: '#fff' } });
    const sw = JSON.stringify({ swagger: '2.0', info: { title: 't', version: '1' }, host: 'a.contoso.com', schemes: ['http'], paths: {} });
    const t = setup({ ...STANDARD, 'connector/apiProperties.json': props, 'connector/apiDefinition.swagger.json': sw });
    t.linter.replaceAll([p('connector/apiProperties.json')]);
    assert.deepStrictEqual(t.linter.allLayouts().map((l) => l.kind), ['customConnector']);
    await t.lint();
    assert.strictEqual(t.rules('connector/apiProperties.json', 'LAC071'), 1, 'the refresh URL mistake');
    const m = t.linter.add([p('connector/apiDefinition.swagger.json')]);
    assert.deepStrictEqual(m.dirty.sort(), [p('connector/apiDefinition.swagger.json'), p('connector/apiProperties.json')]);
    await t.lint(['connector/apiDefinition.swagger.json']);
    assert.strictEqual(t.rules('connector/apiDefinition.swagger.json', 'LAC074'), 1, 'http in schemes');
    assert.strictEqual(t.rules('connector/apiProperties.json', 'LAC071'), 1);
  });
});

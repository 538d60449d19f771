/**
 * `action.yml` (the GitHub Action at the repository root) parsed as YAML: its inputs and outputs,
 * a composite run whose scripts take the inputs only through environment variables, the SARIF
 * upload; its "Run lac" script run with bash against the built CLI (lint on a project, an unknown
 * command); and the README's GitHub Actions and Azure Pipelines examples, which must parse and use
 * only inputs the action has.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  branding?: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The ```yaml blocks of the README section with this heading. */
function yamlBlocks(heading: string): string[] {
  const at = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(at >= 0, `README has a "## ${heading}" section`);
  const end = readme.indexOf('\n## ', at + 4);
  const section = readme.slice(at, end < 0 ? undefined : end);
  return [...section.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('action.yml (GitHub Action)', () => {
  it('names itself, and has the inputs for the command, paths, format and subscription', () => {
    assert.strictEqual(action.name, 'Logic Apps Connections');
    assert.ok(action.description.length > 20);
    assert.ok(action.branding?.icon && action.branding.color);
    for (const k of ['command', 'paths', 'format', 'subscription', 'resource-group', 'auth', 'output', 'upload-sarif', 'fail']) {
      assert.ok(action.inputs[k], `input ${k}`);
      assert.ok(action.inputs[k]!.description.length > 10, `input ${k} is described`);
      assert.notStrictEqual(action.inputs[k]!.required, true, `input ${k} has a default`);
      assert.strictEqual(typeof action.inputs[k]!.default, 'string', `input ${k} default`);
    }
    assert.strictEqual(action.inputs.command!.default, 'lint');
    assert.match(action.inputs.command!.description, /lint[\s\S]*check/);
    assert.match(action.inputs.format!.description, /sarif[\s\S]*junit/);
    assert.deepStrictEqual(Object.keys(action.outputs).sort(), ['exit-code', 'report']);
    for (const o of Object.values(action.outputs)) assert.match(o.value, /^\$\{\{ steps\.lac\.outputs\.[\w-]+ \}\}$/);
  });

  it('runs as a composite: node 20, builds lac, runs it, uploads SARIF, then passes or fails', () => {
    assert.strictEqual(action.runs.using, 'composite');
    const steps = action.runs.steps;
    assert.deepStrictEqual(steps[0]!.uses, 'actions/setup-node@v4');
    assert.strictEqual(String(steps[0]!.with?.['node-version']), '20');
    const build = steps.find((s) => s.name === 'Build lac')!;
    assert.strictEqual(build['working-directory'], '${{ github.action_path }}');
    assert.match(build.run!, /npm ci[\s\S]*node scripts\/build\.mjs/);
    const lac = steps.find((s) => s.id === 'lac')!;
    assert.match(lac.run!, /node "\$LAC_CLI" "\$\{args\[@\]\}"/);
    assert.match(lac.run!, /args=\(lint "\$\{paths\[@\]\}" --format "\$format"\)/);
    assert.match(lac.run!, /args=\(connections check --format "\$format"\)/);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.ok(upload, 'a SARIF upload step');
    assert.match(upload.if!, /always\(\)/);
    assert.match(upload.if!, /inputs\.command == 'lint'/);
    assert.match(upload.if!, /steps\.lac\.outputs\.format == 'sarif'/);
    assert.strictEqual(upload.with?.sarif_file, '${{ steps.lac.outputs.report }}');
    assert.strictEqual(steps[steps.length - 1]!.name, 'Result');
    for (const s of steps) {
      if (s.run) {
        assert.strictEqual(s.shell, 'bash', `${s.name}: a composite run step names its shell`);
        // Inputs never spliced into a script (script injection): only through env.
        assert.ok(!/\$\{\{\s*inputs\./.test(s.run), `${s.name}: no \${{ inputs.* }} inside run`);
      }
    }
    const usedInputs = new Set(JSON.stringify(steps).match(/inputs\.[\w-]+/g)!.map((x) => x.slice('inputs.'.length)));
    for (const k of Object.keys(action.inputs)) assert.ok(usedInputs.has(k), `input ${k} is used`);
    for (const k of usedInputs) assert.ok(action.inputs[k], `input ${k} is declared`);
  });

  describe('the "Run lac" script, run with bash against dist/cli.js', function () {
    this.timeout(60_000);
    const script = action.runs.steps.find((s) => s.id === 'lac')!.run!;
    let dir: string;

    before(() => {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-action-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function runStep(env: Record<string, string>): { code: number | null; out: string; outputs: Record<string, string> } {
      const outputs = path.join(dir, `outputs-${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(outputs, '');
      const r = spawnSync('bash', ['-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH!, GITHUB_OUTPUT: outputs, LAC_CLI: CLI, INPUT_COMMAND: 'lint', INPUT_PATHS: '.', INPUT_FORMAT: '', INPUT_SUBSCRIPTION: '', INPUT_RESOURCE_GROUP: '', INPUT_AUTH: '', INPUT_OUTPUT: '', ...env },
      });
      const parsed = Object.fromEntries(fs.readFileSync(outputs, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      return { code: r.status, out: r.stdout + r.stderr, outputs: parsed };
    }

    it('lint: writes lac.sarif for the paths given (several, separated by spaces); the exit code goes to the outputs', () => {
      fs.cpSync(path.join(ROOT, 'samples'), path.join(dir, 'project'), { recursive: true });
      const lint = runStep({ INPUT_PATHS: 'project' });
      assert.strictEqual(lint.code, 0, lint.out);
      assert.strictEqual(lint.outputs.report, 'lac.sarif');
      assert.strictEqual(lint.outputs.format, 'sarif');
      assert.strictEqual(lint.outputs['exit-code'], '1', 'the samples have errors');
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'lac.sarif'), 'utf8'));
      assert.strictEqual(sarif.version, '2.1.0');
      const all = sarif.runs[0].results.length;
      assert.ok(all > 10);
      const two = runStep({ INPUT_PATHS: 'project/connections.json project/Notify/workflow.json', INPUT_FORMAT: 'json', INPUT_OUTPUT: 'two.json' });
      assert.strictEqual(two.outputs.report, 'two.json');
      const files = new Set((JSON.parse(fs.readFileSync(path.join(dir, 'two.json'), 'utf8')).findings as { file: string }[]).map((f) => f.file));
      assert.deepStrictEqual([...files].sort(), ['project/Notify/workflow.json', 'project/connections.json']);
      const text = runStep({ INPUT_PATHS: 'project', INPUT_FORMAT: 'text' });
      assert.match(text.out, /LAC\d{3}/, 'a text report is printed to the log too');
    });

    it('check without a sign-in: exit 2 in the outputs; an unknown command fails the step', () => {
      const check = runStep({ INPUT_COMMAND: 'check', INPUT_FORMAT: 'junit', INPUT_SUBSCRIPTION: 'aaaa0001-0000-4000-8000-000000000001,x', INPUT_AUTH: 'env' });
      assert.strictEqual(check.outputs.report, 'lac.xml');
      assert.strictEqual(check.outputs['exit-code'], '2');
      const bad = runStep({ INPUT_COMMAND: 'deploy' });
      assert.strictEqual(bad.code, 2);
      assert.match(bad.out, /::error::command must be lint or check/);
    });
  });

  it('README: GitHub Actions and Azure Pipelines examples (lint with SARIF, a scheduled health check) that parse and use the action\'s inputs', () => {
    const gh = yamlBlocks('In pipelines').map((b) => parse(b) as Record<string, unknown>);
    const workflows = gh.filter((w) => w.jobs);
    const pipelines = gh.filter((w) => w.steps || w.stages);
    assert.ok(workflows.length >= 2, 'two GitHub Actions workflows');
    assert.ok(pipelines.length >= 2, 'two Azure Pipelines');
    const uses = workflows.flatMap((w) => Object.values(w.jobs as Record<string, { steps: Step[] }>).flatMap((j) => j.steps)).filter((s) => /^logic-apps-connections\/logic-apps-connections@/.test(s.uses ?? ''));
    assert.ok(uses.some((s) => (s.with?.command ?? 'lint') === 'lint'), 'a lint example');
    assert.ok(uses.some((s) => s.with?.command === 'check'), 'a check example');
    for (const s of uses) for (const k of Object.keys(s.with ?? {})) assert.ok(action.inputs[k], `README uses input ${k}`);
    const scheduled = workflows.find((w) => JSON.stringify(w).includes('schedule'));
    assert.ok(scheduled, 'a scheduled GitHub Actions health check');
    assert.ok(pipelines.some((p) => Array.isArray(p.schedules)), 'a scheduled Azure Pipelines health check');
    assert.ok(pipelines.some((p) => JSON.stringify(p).includes('PublishTestResults')), 'Azure Pipelines publishes the JUnit results');
    assert.ok(pipelines.some((p) => JSON.stringify(p).includes('--format sarif')), 'Azure Pipelines lints with SARIF');
  });
});

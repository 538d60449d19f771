/**
 * Linting stays bounded on any input: a file above the size ceiling is reported, not read; a file
 * with more problems than the per-file ceiling shows that many and one finding counting the rest.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { JsonFile } from '../../src/core/json/jsonFile';
import { MAX_FILE_CHARS, MAX_FINDINGS_PER_FILE } from '../../src/core/limits';
import { groupProjects, loadProject } from '../../src/core/project';
import { lintFiles } from './helpers/ruleTester';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** A workflow with `n` HTTP actions, each with a Key Vault audience ending in a slash (one LAC021 each). */
function workflowWithFindings(n: number): string {
  const actions: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    actions[`Read_${i}`] = {
      type: 'Http',
      inputs: { method: 'GET', uri: `https://kv${i % 7}.vault.azure.net/secrets/s${i}`, authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net/' } },
      runAfter: {},
    };
  }
  return JSON.stringify({ definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', triggers: {}, actions, outputs: {} }, kind: 'Stateful' }, null, 2);
}

describe('lint limits (LAC004)', () => {
  it('a file above the size ceiling gets one info finding and is not parsed', () => {
    const layout = groupProjects(['/p/host.json', '/p/Big/workflow.json'])[0]!;
    const project = loadProject(layout, (f) => (f.endsWith('workflow.json') ? { oversize: MAX_FILE_CHARS + 1 } : '{}'));
    const wf = project.workflows[0]!;
    assert.strictEqual(wf.value, undefined);
    assert.strictEqual(wf.parsed, false);
    const findings = lintProject(project);
    assert.deepStrictEqual(
      findings.map((f) => [f.ruleId, f.severity, path.basename(f.file)]),
      [['LAC004', 'info', 'workflow.json']],
    );
    assert.match(findings[0]!.message, /above the 50\.0 MB .* not linted/);
  });

  it('an in-memory text above the ceiling is not parsed either (an editor buffer)', () => {
    const f = new JsonFile('/p/w/workflow.json', 'workflow', ' '.repeat(MAX_FILE_CHARS + 1));
    assert.strictEqual(f.text, '');
    assert.strictEqual(f.size, MAX_FILE_CHARS + 1);
    assert.deepStrictEqual(f.issues.map((i) => i.kind), ['too-large']);
  });

  it(`a file with more than ${MAX_FINDINGS_PER_FILE} problems shows ${MAX_FINDINGS_PER_FILE} and counts the rest`, () => {
    const findings = lintFiles({ 'host.json': '{}', 'W/workflow.json': workflowWithFindings(MAX_FINDINGS_PER_FILE + 123) });
    const byRule = new Map<string, number>();
    for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    assert.strictEqual(byRule.get('LAC021'), MAX_FINDINGS_PER_FILE);
    const summary = findings.filter((f) => f.ruleId === 'LAC004');
    assert.strictEqual(summary.length, 1);
    assert.strictEqual(summary[0]!.severity, 'warning');
    assert.match(summary[0]!.message, /5,000 problems are shown for this file; 123 more/);
  });

  it('LAC004 can be turned off like any rule', () => {
    const findings = lintFiles({ 'host.json': '{}', 'W/workflow.json': workflowWithFindings(MAX_FINDINGS_PER_FILE + 1) }, undefined, { rules: { LAC004: 'off' } });
    assert.ok(!findings.some((f) => f.ruleId === 'LAC004'));
  });

  it('the CLI reports a file above the ceiling without reading it (a sparse 60 MB file)', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-limits-'));
    try {
      fs.writeFileSync(path.join(dir, 'host.json'), '{}');
      fs.mkdirSync(path.join(dir, 'Big'));
      const big = path.join(dir, 'Big', 'workflow.json');
      fs.writeFileSync(big, '');
      fs.truncateSync(big, 60 * 1024 * 1024);
      const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
      assert.deepStrictEqual(out.findings.map((f) => [f.ruleId, f.severity]), [['LAC004', 'info']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lac lint out of memory', function () {
  this.timeout(120_000);
  it('ends with one line and exit code 2, never a V8 stack dump (a heap far too small for 40 projects)', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-oom-'));
    try {
      // The lint worker's heap is never capped below 64 MB, whatever --max-old-space-size says.
      // 40 × 400 findings peaked right at that cap and sometimes fitted (exit 1 with 9 MB of JSON);
      // 40 × 1,200 needs about three times as much, so it runs out every time.
      const projects = 40;
      const perProject = 1200;
      const wf = workflowWithFindings(perProject);
      for (let i = 0; i < projects; i++) {
        fs.mkdirSync(path.join(dir, `p${i}`, 'W'), { recursive: true });
        fs.writeFileSync(path.join(dir, `p${i}`, 'host.json'), '{}');
        fs.writeFileSync(path.join(dir, `p${i}`, 'W', 'workflow.json'), wf);
      }
      const r = spawnSync(process.execPath, ['--max-old-space-size=24', CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.strictEqual(r.status, 2, `exit ${r.status} (signal ${r.signal}), ${r.stdout.length} characters out, stderr: ${r.stderr.slice(0, 500)}`);
      assert.match(r.stderr, /^lac: out of memory: linting needed more than \d+ MB; lint fewer folders at a time, or give Node more \(NODE_OPTIONS=--max-old-space-size=<MB>\)\n$/);
      // With a normal heap the same folders lint (exit 1: errors found).
      const ok = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.strictEqual(ok.status, 1, ok.stderr);
      assert.strictEqual((JSON.parse(ok.stdout) as { findings: unknown[] }).findings.length, projects * perProject);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findings and fixes cost O(1) each (work counted, not timed)', () => {
  it('lint + fix-all of 4× the findings in one workflow: about 4× the reading work, and no re-parse per fix', () => {
    const { TextLocator } = require('../../src/core/json/locator') as typeof import('../../src/core/json/locator');
    const { planFixAll } = require('../../src/core/fixAll') as typeof import('../../src/core/fixAll');
    const jsonc = require('jsonc-parser') as typeof import('jsonc-parser');
    const work = (n: number): { reads: number; parses: number; fixed: number } => {
      const files = { 'host.json': '{}', 'W/workflow.json': workflowWithFindings(n) };
      let parses = 0;
      const original = jsonc.parseTree;
      (jsonc as { parseTree: typeof original }).parseTree = (...a: Parameters<typeof original>) => {
        parses++;
        return original(...a);
      };
      try {
        TextLocator.work = 0;
        const findings = lintFiles(files);
        const plan = planFixAll(findings);
        return { reads: TextLocator.work, parses, fixed: plan.fixes.length };
      } finally {
        (jsonc as { parseTree: typeof original }).parseTree = original;
      }
    };
    const small = work(500);
    const large = work(2000);
    assert.strictEqual(small.fixed, 500);
    assert.strictEqual(large.fixed, 2000);
    assert.strictEqual(large.parses, 0, 'no fix re-parses the file');
    const ratio = large.reads / small.reads;
    assert.ok(ratio > 3 && ratio < 5, `4× the findings: ${ratio.toFixed(2)}× the reading work`);
  });
});

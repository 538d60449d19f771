/**
 * The built `dist/cli.js` as a process: shebang, exit codes, stdout/stderr, no stack traces.
 * Builds first (scripts/build.mjs, about a second).
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import pkg from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.resolve(__dirname, '../fixtures/cli');

function run(args: string[], cwd = FIXTURES) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LAC_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lac (dist/cli.js)', function () {
  this.timeout(60000);

  before(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });

  it('starts with a node shebang', () => {
    assert.strictEqual(fs.readFileSync(CLI, 'utf8').split('\n', 1)[0], '#!/usr/bin/env node');
  });

  it('prints the version inlined from package.json', () => {
    const r = run(['--version'], ROOT);
    assert.deepStrictEqual(r, { code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('exits 0 on a clean project, 1 with errors', () => {
    const clean = run(['lint', 'clean']);
    assert.strictEqual(clean.code, 0);
    assert.strictEqual(clean.out, 'no problems in 3 files\n');
    const broken = run(['lint', 'broken', '--format', 'json']);
    assert.strictEqual(broken.code, 1);
    const doc = JSON.parse(broken.out);
    assert.ok(doc.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'LAC003' && f.file === 'broken/connections.json'));
  });

  it('exits 2 with one line on stderr, never a stack trace', () => {
    for (const [args, message] of [
      [['lint', 'foo/'], 'lac: no such file or directory: foo/\n'],
      [['lint', '--rule', 'LAC999=off'], 'lac: unknown rule "LAC999" in --rule (see lac rules)\n'],
      [['lint', '-f', 'xml'], 'lac: unknown format "xml" (text, json, sarif)\n'],
    ] as const) {
      const r = run([...args]);
      assert.deepStrictEqual(r, { code: 2, out: '', err: message });
    }
  });
});

/**
 * The fuzzer (`npm run fuzz`, test/fuzz/) in CI: a short seeded run over the samples and fixtures,
 * its determinism, and proof that each of its checks fails when the product misbehaves (a
 * faulty linter injected in place of the rules).
 */
import * as assert from 'assert';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { checkInput, comments, FUZZ_ROOT, type FailureKind } from '../fuzz/check';
import { makeInput, runFuzz } from '../fuzz/fuzz';
import { MUTATION_NAMES } from '../fuzz/mutate';
import { hash32 } from '../fuzz/rng';
import { loadSeeds } from '../fuzz/seeds';
import type { Finding, Fix } from '../../src/core/types';
import type { Project } from '../../src/core/project';

const seeds = loadSeeds({ corpus: false });
/**
 * Failures the fuzzer finds that are still open (kind and rule), each with a pending regression
 * test in fuzz-regressions.test.ts: remove an entry when its fix lands (and un-skip its test).
 */
const KNOWN_OPEN: string[] = [];
const limits = { maxDepth: 200, maxString: 20_000 };

/** A finding of a fake rule on a file of the project, with the given fixes. */
function fake(project: Project, rel: string, fixes: (file: string, text: string) => Fix[], message = 'fake'): Finding[] {
  const file = [project.connections, project.host, project.parameters, project.localSettings, ...project.workflows].find((f) => f && f.path === path.join(FUZZ_ROOT, rel));
  if (!file) return [];
  return [
    {
      ruleId: 'LAC999',
      name: 'fake',
      severity: 'error',
      file: file.path,
      pointer: '',
      range: file.rangeOf(0, 1),
      offset: 0,
      length: 1,
      message,
      fixable: true,
      fixes: () => fixes(file.path, file.text),
      docsUrl: '',
    },
  ];
}

const kinds = (files: Record<string, string>, lint: (p: Project) => Finding[]) => checkInput(files, { lint }).failures.map((f) => f.kind as FailureKind);

describe('fuzzer', function () {
  this.timeout(120_000);

  it('a seeded run checks a fixed number of inputs and finds nothing wrong in them but what is known to be open', () => {
    assert.ok(seeds.length >= 4, `seed projects from samples/ and test/fixtures/: ${seeds.map((s) => s.name).join(', ')}`);
    const report = runFuzz({ seed: 'ci', seeds, inputs: 40, limits });
    assert.strictEqual(report.inputs, 40);
    assert.ok(report.findings > 40, `findings: ${report.findings}`);
    const unexpected = report.distinct.filter((d) => !KNOWN_OPEN.includes(`${d.failure.kind} ${d.failure.rule ?? '-'}`));
    assert.deepStrictEqual(
      unexpected.map((d) => `${d.key} (input ${d.input.index}: ${d.input.applied.join(', ')})`),
      [],
    );
  });

  it('is deterministic per seed and index, and mutates', () => {
    const a = makeInput(seeds, 'ci', 7, limits);
    const b = makeInput(seeds, 'ci', 7, limits);
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(makeInput(seeds, 'ci', 8, limits).files, a.files);
    assert.notDeepStrictEqual(makeInput(seeds, 'other', 7, limits), a);
    const used = new Set(Array.from({ length: 400 }, (_, i) => makeInput(seeds, 'mix', i, limits).applied).flat());
    assert.deepStrictEqual([...used].sort(), [...MUTATION_NAMES].sort(), 'every mutation happens');
  });

  it('makes the same inputs in a worker thread (where npm run fuzz checks them) as here (where --replay does)', async () => {
    const digest = (x: unknown) => hash32(JSON.stringify(x));
    const here = Array.from({ length: 120 }, (_, i) => digest(makeInput(seeds, 'threads', i)));
    const fuzzDir = path.resolve(__dirname, '../fuzz');
    const code = `require('tsx/cjs');
      const { makeInput } = require(${JSON.stringify(path.join(fuzzDir, 'fuzz.ts'))});
      const { loadSeeds } = require(${JSON.stringify(path.join(fuzzDir, 'seeds.ts'))});
      const { hash32 } = require(${JSON.stringify(path.join(fuzzDir, 'rng.ts'))});
      const seeds = loadSeeds({ corpus: false });
      require('worker_threads').parentPort.postMessage(Array.from({ length: 120 }, (_, i) => hash32(JSON.stringify(makeInput(seeds, 'threads', i)))));`;
    const there = await new Promise<number[]>((resolve, reject) => {
      const w = new Worker(code, { eval: true });
      w.once('message', (m: number[]) => void w.terminate().then(() => resolve(m)));
      w.once('error', reject);
    });
    assert.deepStrictEqual(there, here);
  });

  describe('each check fails when the product misbehaves', () => {
    const files = { 'host.json': '{\n  "version": "2.0"\n}\n', 'connections.json': '{\n  // keep me\n  "managedApiConnections": {}\n}\n' };
    const lintWith = (fixes: (file: string, text: string) => Fix[], message?: string) => (p: Project) => fake(p, 'connections.json', fixes, message);

    it('a fix outside its file, or overlapping itself', () => {
      assert.ok(kinds(files, lintWith((file, text) => [{ title: 'x', preferred: false, edits: [{ file, edits: [{ offset: text.length, length: 5, content: '' }] }] }])).includes('fix-outside-file'));
      assert.ok(kinds(files, lintWith(() => [{ title: 'x', edits: [{ file: '/etc/passwd', edits: [{ offset: 0, length: 0, content: 'x' }] }] }])).includes('fix-outside-file'));
      assert.ok(kinds(files, lintWith((file) => [{ title: 'x', edits: [{ file, edits: [{ offset: 2, length: 4, content: 'a' }, { offset: 3, length: 1, content: 'b' }] }] }])).includes('fix-overlap'));
    });

    it('fix-all that breaks the file, loses a comment, or never settles', () => {
      assert.ok(kinds(files, lintWith((file) => [{ title: 'x', preferred: true, edits: [{ file, edits: [{ offset: 0, length: 1, content: '[' }] }] }])).includes('fix-breaks-parse'));
      assert.ok(kinds(files, lintWith((file, text) => [{ title: 'x', preferred: true, edits: [{ file, edits: [{ offset: text.indexOf('//'), length: '// keep me'.length, content: '' }] }] }])).includes('fix-loses-comment'));
      // Each pass appends a space: never a fixed point.
      assert.ok(kinds(files, lintWith((file, text) => [{ title: 'x', preferred: true, edits: [{ file, edits: [{ offset: text.length, length: 0, content: ' ' }] }] }])).includes('fix-not-idempotent'));
      // Each pass toggles: a cycle.
      assert.ok(kinds(files, lintWith((file, text) => [{ title: 'x', preferred: true, edits: [{ file, edits: [{ offset: text.length - 1, length: 1, content: text.endsWith('\n') ? ' ' : '\n' }] }] }])).includes('fix-not-idempotent'));
    });

    it('an exception, a rule that failed, an unprintable message, a slow input', () => {
      assert.ok(kinds(files, () => { throw new Error('boom'); }).includes('exception'));
      assert.ok(kinds(files, lintWith(() => [], 'Rule LAC041 (unused-connection) failed on this project: x. Please report it.')).includes('rule-exception'));
      assert.ok(kinds(files, lintWith(() => [], 'a\nb')).includes('control-char-in-message'));
      const slow = checkInput(files, { budgetMs: 5, lint: () => { const until = performance.now() + 20; while (performance.now() < until); return []; } });
      const failure = slow.failures.find((f) => f.kind === 'slow');
      assert.ok(failure);
      // It says where the time went: the product's lint (the 20 ms spent in it) apart from the rest.
      const m = /^(\d+) ms \(lint (\d+), fixes (\d+), fix-all (\d+)\) > 5 ms$/.exec(failure.message);
      assert.ok(m, failure.message);
      assert.ok(Number(m[2]) >= 20 && Number(m[1]) >= Number(m[2]), failure.message);
    });

    it('the real rules pass the same input', () => {
      assert.deepStrictEqual(checkInput(files).failures, []);
      assert.deepStrictEqual([...comments(files['connections.json'])], [['// keep me', 1]]);
    });
  });
});

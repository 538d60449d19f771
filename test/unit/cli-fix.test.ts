/**
 * One `--fix` pass (src/cli/fix.ts) on synthetic findings: which fixes are taken, how edits
 * merge, what is written (BOM, line endings, created files).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyFixPass, preferredFix } from '../../src/cli/fix';
import type { FileEdit, Finding, Fix } from '../../src/core/types';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-fix-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function finding(fixes: Fix[], fixable = true): Finding {
  return {
    ruleId: 'LAC999',
    name: 'test',
    severity: 'error',
    file: path.join(dir, 'a.json'),
    pointer: '',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offset: 0,
    length: 0,
    message: 'm',
    fixable,
    fixes: () => fixes,
    docsUrl: '',
  };
}

const edit = (file: string, offset: number, length: number, content: string, create?: boolean): FileEdit => ({
  file: path.join(dir, file),
  edits: [{ offset, length, content }],
  ...(create ? { create } : {}),
});
const fix = (edits: FileEdit[], preferred = true): Fix => ({ title: 't', edits, preferred });

/** Write the files, run one pass with the disk as the base text, return the result and the texts. */
function pass(files: Record<string, string>, findings: Finding[]) {
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), t);
  }
  const result = applyFixPass(findings, () => undefined, (f) => path.relative(dir, f));
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined);
  return { result, read };
}

describe('lac --fix pass', () => {
  it('applies only preferred fixes', () => {
    const notPreferred = finding([fix([edit('a.json', 0, 1, 'X')], false)]);
    assert.strictEqual(preferredFix(notPreferred), undefined);
    assert.strictEqual(preferredFix(finding([fix([edit('a.json', 0, 1, 'X')])], false)), undefined, 'not fixable');
    const { result, read } = pass({ 'a.json': 'abc' }, [notPreferred, finding([fix([edit('a.json', 0, 1, 'A')], false), fix([edit('a.json', 2, 1, 'C')])])]);
    assert.strictEqual(read('a.json'), 'abC');
    assert.deepStrictEqual(result, { fixed: 1, written: [path.join(dir, 'a.json')], created: false });
  });

  it('merges fixes per file and skips one that overlaps an edit already taken', () => {
    const { result, read } = pass({ 'a.json': 'abcdef' }, [
      finding([fix([edit('a.json', 0, 2, 'AB')])]),
      finding([fix([edit('a.json', 1, 2, 'xx')])]), // overlaps the first
      finding([fix([edit('a.json', 2, 2, 'CD')])]), // touches the first: fine
      finding([fix([edit('a.json', 6, 0, '!')])]),
      finding([fix([edit('a.json', 6, 0, '?')])]), // a second insertion at one point: order unknown
    ]);
    assert.strictEqual(read('a.json'), 'ABCDef!');
    assert.strictEqual(result.fixed, 3);
  });

  it('applies a fix over several files all or nothing', () => {
    const { result, read } = pass({ 'a.json': 'aaaa', 'b.json': 'bbbb' }, [
      finding([fix([edit('b.json', 0, 1, 'B')])]),
      finding([fix([edit('a.json', 0, 1, 'A'), edit('b.json', 0, 2, 'XX')])]),
    ]);
    assert.strictEqual(read('a.json'), 'aaaa');
    assert.strictEqual(read('b.json'), 'Bbbb');
    assert.strictEqual(result.fixed, 1);
  });

  it('creates files (and their folders) once, never over an existing file', () => {
    const { result, read } = pass({ 'a.json': '{}' }, [
      finding([fix([edit('new/p.json', 0, 0, '{\n  "x": 1\n}\n', true)])]),
      finding([fix([edit('new/p.json', 0, 0, '{}', true)])]),
      finding([fix([edit('a.json', 0, 0, '{}', true)])]),
    ]);
    assert.strictEqual(read('new/p.json'), '{\n  "x": 1\n}\n');
    assert.strictEqual(read('a.json'), '{}');
    assert.deepStrictEqual(result, { fixed: 1, written: [path.join(dir, 'new', 'p.json')], created: true });
  });

  it('keeps the BOM and writes inserted lines with the file line ending', () => {
    const { read } = pass({ 'a.json': '\ufeff{\r\n  "a": 1\r\n}\r\n', 'b.json': '{\n}\n' }, [
      finding([fix([edit('a.json', 11, 0, ',\n  "b": 2')])]),
      finding([fix([edit('b.json', 1, 0, '\r\n  "c": 3')])]),
    ]);
    assert.strictEqual(read('a.json'), '\ufeff{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n');
    assert.strictEqual(read('b.json'), '{\n  "c": 3\n}\n');
  });

  it('skips edits outside the text and writes nothing when nothing changes', () => {
    const { result, read } = pass({ 'a.json': 'abc' }, [finding([fix([edit('a.json', 2, 5, '')])]), finding([fix([edit('a.json', 0, 1, 'a')])]), finding([fix([edit('missing.json', 0, 0, 'x')])])]);
    assert.strictEqual(read('a.json'), 'abc');
    assert.deepStrictEqual(result, { fixed: 0, written: [], created: false });
  });

  it('computes edits on the text the findings were made from', () => {
    fs.writeFileSync(path.join(dir, 'a.json'), 'changed on disk');
    const result = applyFixPass([finding([fix([edit('a.json', 0, 1, 'X')])])], () => 'abc', (f) => f);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'), 'Xbc');
    assert.strictEqual(result.fixed, 1);
  });
});

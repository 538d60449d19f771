import * as assert from 'assert';
import { applyTextEdits } from '../../src/core/json/edits';
import type { FileEdit } from '../../src/core/types';
import { editsOverlap, hasOverlap, planFileEdits } from '../../src/vscode/model/editPlan';
import { hasLoneCarriageReturn, LineIndex } from '../../src/vscode/model/lineIndex';

/** Apply planned edits (line/character) to a text the way an editor does, to check the plan. */
function applyPlanned(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const index = new LineIndex(text);
  return applyTextEdits(
    text,
    edits.map((e) => {
      const start = index.offsetAt(e.range.start);
      return { offset: start, length: index.offsetAt(e.range.end) - start, content: e.newText };
    }),
  );
}

describe('vscode: LineIndex', () => {
  it('maps offsets like VS Code with \\n, \\r\\n and a lone \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    assert.strictEqual(index.lineCount, 4);
    assert.deepStrictEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepStrictEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepStrictEqual(index.positionAt(5), { line: 1, character: 2 }); // at \r
    assert.deepStrictEqual(index.positionAt(6), { line: 1, character: 2 }); // between \r and \n: end of line
    assert.deepStrictEqual(index.positionAt(7), { line: 2, character: 0 });
    assert.deepStrictEqual(index.positionAt(10), { line: 3, character: 0 });
    assert.deepStrictEqual(index.positionAt(999), { line: 3, character: 2 });
    assert.strictEqual(index.offsetAt({ line: 2, character: 1 }), 8);
    assert.strictEqual(index.offsetAt({ line: 1, character: 99 }), 5);
    assert.strictEqual(index.offsetAt({ line: 9, character: 0 }), text.length);
  });

  it('tells when the core line count would differ', () => {
    assert.strictEqual(hasLoneCarriageReturn('a\r\nb\nc'), false);
    assert.strictEqual(hasLoneCarriageReturn('a\rb'), true);
  });
});

describe('vscode: edit plans (core FileEdit → editor ranges)', () => {
  const text = '{\n  "a": 1,\n  "b": 2,\n}\n';

  it('turns offsets into ranges on the linted text', () => {
    const comma = text.lastIndexOf(',');
    const plan = planFileEdits([{ file: '/p/x.json', edits: [{ offset: comma, length: 1, content: '' }] }], () => text);
    assert.ok(plan);
    assert.deepStrictEqual(plan, [{ file: '/p/x.json', create: false, edits: [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, newText: '' }] }]);
    assert.strictEqual(applyPlanned(text, plan[0].edits), '{\n  "a": 1,\n  "b": 2\n}\n');
  });

  it('keeps CRLF texts right', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const comma = crlf.lastIndexOf(',');
    const plan = planFileEdits([{ file: '/p/x.json', edits: [{ offset: comma, length: 1, content: '' }] }], () => crlf)!;
    assert.strictEqual(applyPlanned(crlf, plan[0].edits), '{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n');
  });

  it('merges edits of several files and fixes, sorted', () => {
    const edits: FileEdit[] = [
      { file: '/p/a.json', edits: [{ offset: 5, length: 1, content: 'X' }] },
      { file: '/p/b.json', edits: [{ offset: 0, length: 0, content: '//' }] },
      { file: '/p/a.json', edits: [{ offset: 1, length: 1, content: 'Y' }] },
    ];
    const plan = planFileEdits(edits, () => '0123456789')!;
    assert.deepStrictEqual(
      plan.map((p) => [p.file, p.edits.map((e) => e.range.start.character)]),
      [
        ['/p/a.json', [1, 5]],
        ['/p/b.json', [0]],
      ],
    );
  });

  it('creates a file with the edits applied to an empty text', () => {
    const plan = planFileEdits([{ file: '/p/local.settings.json', create: true, edits: [{ offset: 0, length: 0, content: '{\n  "Values": {}\n}\n' }] }], () => undefined)!;
    assert.deepStrictEqual(plan, [{ file: '/p/local.settings.json', create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '{\n  "Values": {}\n}\n' }] }]);
  });

  it('drops the whole plan when a text is stale, out of range or edits overlap', () => {
    const fe = (offset: number, length: number): FileEdit => ({ file: '/p/a.json', edits: [{ offset, length, content: '' }] });
    assert.strictEqual(planFileEdits([fe(0, 1)], () => undefined), undefined);
    assert.strictEqual(planFileEdits([fe(8, 5)], () => '0123456789'), undefined);
    assert.strictEqual(planFileEdits([fe(2, 3), fe(4, 1)], () => '0123456789'), undefined);
  });

  it('overlap: spans that share text, or two edits at one offset', () => {
    const e = (offset: number, length: number) => ({ offset, length, content: '' });
    assert.strictEqual(editsOverlap(e(0, 2), e(1, 2)), true);
    assert.strictEqual(editsOverlap(e(0, 2), e(2, 2)), false);
    assert.strictEqual(editsOverlap(e(3, 0), e(3, 0)), true);
    assert.strictEqual(editsOverlap(e(3, 0), e(3, 2)), true);
    assert.strictEqual(editsOverlap(e(2, 1), e(3, 0)), false);
    assert.strictEqual(hasOverlap([e(5, 1), e(0, 2), e(2, 2)]), false);
    assert.strictEqual(hasOverlap([e(5, 1), e(0, 2), e(1, 2)]), true);
  });
});

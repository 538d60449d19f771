import * as assert from 'assert';
import { applyTextEdits } from '../../src/core/json/edits';
import type { FileEdit, Finding, Fix } from '../../src/core/types';
import { planFixAll, preferredFix } from '../../src/core/fixAll';
import { lintFiles } from './helpers/ruleTester';
import { rel } from './helpers/virtualProject';

function finding(fixes: Fix[], file = '/p/a.json'): Finding {
  return {
    ruleId: 'LAC999',
    name: 'test',
    severity: 'error',
    file,
    pointer: '',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offset: 0,
    length: 0,
    message: 'm',
    fixable: fixes.length > 0,
    fixes: () => fixes,
    docsUrl: '',
  };
}
const edit = (file: string, offset: number, length: number, content: string, create?: boolean): FileEdit => ({ file, edits: [{ offset, length, content }], create });

describe('vscode: fix all (same semantics as lac lint --fix)', () => {
  it('takes only preferred fixes', () => {
    const plan = planFixAll([
      finding([{ title: 'a', edits: [edit('/p/a.json', 0, 1, 'A')] }]),
      finding([
        { title: 'b', edits: [edit('/p/a.json', 2, 1, 'B')] },
        { title: 'c', edits: [edit('/p/a.json', 4, 1, 'C')], preferred: true },
      ]),
    ]);
    assert.deepStrictEqual(
      plan.fixes.map((f) => f.title),
      ['c'],
    );
    assert.strictEqual(preferredFix(finding([])), undefined);
  });

  it('skips a fix that overlaps one taken before, whole (in any of its files)', () => {
    const plan = planFixAll([
      finding([{ title: '1', edits: [edit('/p/a.json', 0, 3, 'x')], preferred: true }]),
      finding([{ title: '2', edits: [edit('/p/b.json', 0, 0, 'keep?'), edit('/p/a.json', 2, 2, 'y')], preferred: true }]),
      finding([{ title: '3', edits: [edit('/p/a.json', 5, 1, 'z')], preferred: true }]),
    ]);
    assert.deepStrictEqual(
      plan.fixes.map((f) => f.title),
      ['1', '3'],
    );
    assert.strictEqual(plan.skipped, 1);
    assert.deepStrictEqual(plan.edits.map((e) => e.file), ['/p/a.json'], 'nothing of the skipped fix remains');
    assert.strictEqual(applyTextEdits('0123456789', plan.edits[0].edits), 'x34z6789');
  });

  it('merges fixes across files (a fix may edit local.settings.json too)', () => {
    const plan = planFixAll([
      finding([{ title: '1', edits: [edit('/p/connections.json', 0, 1, 'x'), edit('/p/local.settings.json', 3, 0, '"K": ""')], preferred: true }]),
      finding([{ title: '2', edits: [edit('/p/local.settings.json', 7, 0, '"L": ""')], preferred: true }]),
    ]);
    assert.strictEqual(plan.fixes.length, 2);
    assert.deepStrictEqual(
      plan.edits.map((e) => [e.file, e.edits.length]),
      [
        ['/p/connections.json', 1],
        ['/p/local.settings.json', 2],
      ],
    );
  });

  it('creates a file once, never over an existing one, and never edits a file it creates', () => {
    const create = (title: string) => finding([{ title, edits: [edit('/p/local.settings.json', 0, 0, '{}', true)], preferred: true }]);
    const plan = planFixAll([create('1'), create('2'), finding([{ title: '3', edits: [edit('/p/local.settings.json', 0, 0, 'x')], preferred: true }])]);
    assert.deepStrictEqual(
      plan.fixes.map((f) => f.title),
      ['1'],
    );
    assert.strictEqual(plan.edits[0].create, true);
    assert.strictEqual(planFixAll([create('1')], { exists: () => true }).fixes.length, 0);
  });

  it('skips fixes whose file text is stale or too short', () => {
    const f = finding([{ title: '1', edits: [edit('/p/a.json', 8, 4, '')], preferred: true }]);
    assert.strictEqual(planFixAll([f], { textLength: () => undefined }).fixes.length, 0);
    assert.strictEqual(planFixAll([f], { textLength: () => 10 }).fixes.length, 0);
    assert.strictEqual(planFixAll([f], { textLength: () => 12 }).fixes.length, 1);
  });

  it('skips a fix whose own edits overlap', () => {
    const plan = planFixAll([finding([{ title: '1', edits: [edit('/p/a.json', 0, 2, ''), edit('/p/a.json', 1, 2, '')], preferred: true }])]);
    assert.strictEqual(plan.fixes.length, 0);
  });

  it('fixes the real LAC001 and LAC003 findings of a file in one pass', () => {
    const text = '{\n  "kind": "Stateful",\n  "kind": "Stateless",\n  "definition": {"actions": {},},\n}\n';
    // Only these two rules: others (being written) may report more on this minimal workflow.
    const findings = lintFiles({ 'wf/workflow.json': text }).filter((f) => rel(f.file) === 'wf/workflow.json' && ['LAC001', 'LAC003'].includes(f.ruleId));
    assert.deepStrictEqual(findings.map((f) => f.ruleId).sort(), ['LAC001', 'LAC001', 'LAC003']);
    const plan = planFixAll(findings);
    assert.strictEqual(plan.edits.length, 1);
    assert.strictEqual(applyTextEdits(text, plan.edits[0].edits), '{\n  "kind": "Stateless",\n  "definition": {"actions": {}}\n}\n');
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, codeOf, hasRule, lac, problems, ruleDocsUrl, show, uri, waitForProblems } from '../helpers';

describe('diagnostics on the opened workspace', () => {
  before(async () => {
    await lac();
  });

  it('LAC003 duplicate key in connections.json, with range, severity, source and a link to the docs', async () => {
    const u = uri('connections.json');
    const ds = await waitForProblems(u, hasRule('LAC003'), 'LAC003');
    assert.strictEqual(ds.length, 1, show(ds));
    const d = ds[0];
    // The first of the two "connectionRuntimeUrl" keys (line 10 as an editor counts), the key only.
    assert.deepStrictEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [9, 6, 9, 6 + '"connectionRuntimeUrl"'.length],
    );
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.source, DIAGNOSTIC_SOURCE);
    assert.strictEqual(codeOf(d), 'LAC003');
    assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, 'code.target is a Uri');
    assert.strictEqual(d.code.target.toString(true), ruleDocsUrl('LAC003'));
    assert.match(d.message, /connectionRuntimeUrl/);
  });

  it('LAC001 trailing comma in a workflow nobody opened, as a warning', async () => {
    const u = uri('orders/workflow.json');
    const ds = await waitForProblems(u, hasRule('LAC001'), 'LAC001');
    assert.strictEqual(ds.length, 1, show(ds));
    const d = ds[0];
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [24, 39]);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(codeOf(d), 'LAC001');
    assert.strictEqual(typeof d.code === 'object' && d.code.target.toString(true), ruleDocsUrl('LAC001'));
  });

  it('nothing on the clean files', async () => {
    await waitForProblems(uri('connections.json'), hasRule('LAC003'), 'LAC003');
    for (const f of ['notify/workflow.json', 'host.json', 'local.settings.json']) {
      assert.deepStrictEqual(problems(uri(f)).map(codeOf), [], `${f}: ${show(problems(uri(f)))}`);
    }
  });
});

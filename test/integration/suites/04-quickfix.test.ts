import * as assert from 'assert';
import * as vscode from 'vscode';
import { applyAction, closeAll, codeActions, codeOf, hasRule, lacksRule, lac, open, original, restore, settle, uri, waitFor, waitForProblems, writeOnDisk } from '../helpers';

/** Text minus the line holding `needle` (the first one). */
function withoutLine(text: string, needle: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at) + 1;
  return text.slice(0, start) + text.slice(end);
}

/**
 * The code actions at a finding, in the editor (the command needs the document open), once the
 * problems shown are those of the text in the editor: asked once, the way Ctrl+. asks.
 */
async function quickFixFor(u: vscode.Uri, rule: string): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  await open(u);
  await settle();
  const [diagnostic] = (await waitForProblems(u, hasRule(rule), rule)).filter((d) => codeOf(d) === rule);
  return { diagnostic, actions: await codeActions(u, diagnostic.range, vscode.CodeActionKind.QuickFix) };
}

describe('quick fixes', () => {
  before(async () => {
    original('connections.json');
    original('orders/workflow.json');
    await lac();
  });
  afterEach(async () => {
    await closeAll();
    await restore('connections.json', 'orders/workflow.json');
  });

  it('LAC003: "Remove this overridden" removes the earlier key and nothing else', async () => {
    const u = uri('connections.json');
    const before = original('connections.json');
    const { actions } = await quickFixFor(u, 'LAC003');
    const fix = actions.find((a) => /remove/i.test(a.title) && a.kind?.value === 'quickfix');
    assert.ok(fix, `no removal quick fix; offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(fix.isPreferred, true, 'the removal is the preferred fix');
    await applyAction(fix);
    await waitForProblems(u, lacksRule('LAC003'), 'LAC003 gone');
    const doc = await vscode.workspace.openTextDocument(u);
    assert.strictEqual(doc.getText(), withoutLine(before, '"connectionRuntimeUrl"'));
  });

  it('keeps comments and formatting elsewhere in the file', async () => {
    const u = uri('connections.json');
    // Comments, a compact object and odd indentation the fix must not touch.
    const text = original('connections.json')
      .replace('{\n  "managedApiConnections"', '// Office 365 is used by orders and notify.\n{\n  /* managed connectors */ "managedApiConnections"')
      .replace('"authentication": {\n        "type": "ManagedServiceIdentity"\n      },', '"authentication": {"type":"ManagedServiceIdentity"},   // MSI in Azure');
    writeOnDisk('connections.json', text);
    const doc = (await open(u)).document;
    // The editor reloads the file changed on disk; then it is linted again.
    await waitFor('the editor to reload connections.json', () => doc.getText() === text, 10_000);
    const { actions } = await quickFixFor(u, 'LAC003');
    const fix = actions.find((a) => /remove/i.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    await applyAction(fix);
    await waitForProblems(u, lacksRule('LAC003'), 'LAC003 gone');
    assert.strictEqual(doc.getText(), withoutLine(text, '"connectionRuntimeUrl"'));
  });

  it('LAC001: removes the trailing comma only', async () => {
    const u = uri('orders/workflow.json');
    const before = original('orders/workflow.json');
    const { actions } = await quickFixFor(u, 'LAC001');
    const fix = actions.find((a) => /trailing comma/i.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    await applyAction(fix);
    await waitForProblems(u, lacksRule('LAC001'), 'LAC001 gone');
    const doc = await vscode.workspace.openTextDocument(u);
    assert.strictEqual(doc.getText(), before.replace('"Subject": "Order received",', '"Subject": "Order received"'));
  });

  /**
   * Ctrl+. on LAC003 right after an unsaved newline is inserted (before the typing debounce ends)
   * where `at` says, asked where the problem now is (`lines` below where VS Code last showed it):
   * the removal is offered and applies to the edited text.
   */
  async function ctrlDotAfterEdit(at: (doc: vscode.TextDocument) => vscode.Position, lines: number): Promise<void> {
    const u = uri('connections.json');
    const editor = await open(u);
    const [diagnostic] = (await waitForProblems(u, hasRule('LAC003'), 'LAC003')).filter((d) => codeOf(d) === 'LAC003');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(u, at(editor.document), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = editor.document.getText();
    const where = new vscode.Range(diagnostic.range.start.translate(lines), diagnostic.range.end.translate(lines));
    const actions = await codeActions(u, where, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((a) => /remove/i.test(a.title));
    assert.ok(fix, `no removal quick fix right after the edit; offered: ${actions.map((a) => a.title).join(' | ')}`);
    await applyAction(fix);
    await waitForProblems(u, lacksRule('LAC003'), 'LAC003 gone');
    assert.strictEqual(editor.document.getText(), withoutLine(edited, '"connectionRuntimeUrl"'), 'the fix applies to the edited text');
  }

  it('Ctrl+. right after an edit offers the fixes of the edited text, not an empty light bulb', async () => {
    // After the problem: its range stays.
    await ctrlDotAfterEdit((doc) => doc.positionAt(doc.getText().length), 0);
  });

  it('Ctrl+. on a problem an edit above it has moved offers its fixes where it now is', async () => {
    // Above the problem: the problem VS Code holds is one line off until the lint.
    await ctrlDotAfterEdit(() => new vscode.Position(1, 0), 1);
  });

  it('offers "Show documentation" for a finding', async () => {
    const u = uri('connections.json');
    const { actions } = await quickFixFor(u, 'LAC003');
    const docs = actions.find((a) => /documentation/i.test(a.title));
    assert.ok(docs, `no documentation action; offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(docs.command, 'the documentation action runs a command');
    assert.match(docs.title, /LAC003|duplicate-key/, docs.title);
  });
});

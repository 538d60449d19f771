import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { FixAllOutcome } from '../../../src/vscode/commands/fixAll';
import { closeAll, codeActions, file, lacksRule, lac, open, ScriptedInput, setSetting, hasRule, waitFor, waitForProblems, writeOnDisk } from '../helpers';

const BROKEN = `{
  "definition": {
    "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    "contentVersion": "1.0.0.0",
    "triggers": {},
    "actions": {},
    "outputs": {},
  },
  "kind": "Stateful",
  "kind": "Stateless"
}
`;
const FIXED = BROKEN.replace('"outputs": {},', '"outputs": {}').replace('  "kind": "Stateful",\n', '');
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('lac');

/** Make the document dirty without changing what it says, then save it as a user does (Ctrl+S). */
async function touchAndSave(editor: vscode.TextEditor): Promise<void> {
  const end = editor.document.positionAt(editor.document.getText().length);
  await editor.edit((b) => b.insert(end, ' '));
  await editor.edit((b) => b.delete(new vscode.Range(end, end.translate(0, 1))));
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.save');
  await waitFor('the save', () => !editor.document.isDirty, 10_000);
}

describe('fix all', () => {
  before(async () => {
    await lac();
  });
  afterEach(async () => {
    await closeAll();
    await setSetting('editor', 'codeActionsOnSave', undefined);
  });
  after(() => {
    fs.rmSync(file('fixall'), { recursive: true, force: true });
  });

  it('source.fixAll.lac is offered for a file with fixable problems', async () => {
    const u = writeOnDisk('fixall/a/workflow.json', BROKEN);
    await open(u);
    await waitForProblems(u, (ds) => hasRule('LAC001')(ds) && hasRule('LAC003')(ds), 'LAC001 and LAC003');
    const actions = await codeActions(u, new vscode.Range(0, 0, 0, 0), FIX_ALL);
    assert.ok(actions.some((a) => a.kind && FIX_ALL.contains(a.kind)), actions.map((a) => `${a.kind?.value} ${a.title}`).join(' | '));
  });

  it('runs on save when editor.codeActionsOnSave enables source.fixAll.lac', async () => {
    await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.lac': 'explicit' });
    const u = writeOnDisk('fixall/b/workflow.json', BROKEN);
    const editor = await open(u);
    await waitForProblems(u, hasRule('LAC003'), 'LAC003');
    await touchAndSave(editor);
    await waitFor('the fixes on save', () => editor.document.getText() === FIXED, 10_000, () => editor.document.getText());
    assert.strictEqual(fs.readFileSync(u.fsPath, 'utf8'), FIXED, 'what was saved is the fixed text');
    await waitForProblems(u, (ds) => ds.length === 0, 'no problems after save');
  });

  it('leaves the file alone on save when not enabled', async () => {
    const u = writeOnDisk('fixall/c/workflow.json', BROKEN);
    const editor = await open(u);
    await waitForProblems(u, hasRule('LAC003'), 'LAC003');
    await touchAndSave(editor);
    assert.strictEqual(editor.document.getText(), BROKEN);
    assert.strictEqual(fs.readFileSync(u.fsPath, 'utf8'), BROKEN);
  });

  it('"Fix all" command fixes the active file', async () => {
    const u = writeOnDisk('fixall/d/workflow.json', BROKEN);
    const editor = await open(u);
    await waitForProblems(u, hasRule('LAC001'), 'LAC001');
    const scripted = new ScriptedInput();
    (await lac()).testing!.setUserInput(scripted.input);
    try {
      const outcome = await vscode.commands.executeCommand<FixAllOutcome | undefined>('lac.fixAll');
      assert.deepStrictEqual(outcome, { count: 2, files: [u.fsPath], skipped: 0 }, 'what it reports it did');
    } finally {
      (await lac()).testing!.setUserInput(undefined);
    }
    await waitFor('the fixes', () => editor.document.getText() === FIXED, 10_000, () => editor.document.getText());
    await waitForProblems(u, lacksRule('LAC003'), 'LAC003 gone');
    // It says what it did and how to take it back; nothing is saved.
    assert.deepStrictEqual(scripted.messages.map((m) => m.message), ['Fixed 2 problems in workflow.json. Nothing is saved yet: Undo (Ctrl+Z) takes the fixes back.']);
    assert.ok(editor.document.isDirty);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => editor.document.getText() === BROKEN, 10_000, () => editor.document.getText());
  });
});

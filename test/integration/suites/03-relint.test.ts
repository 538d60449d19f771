import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAll, file, hasRule, lacksRule, lac, open, problems, show, waitForProblems, writeOnDisk } from '../helpers';

const CLEAN = `{
  "definition": {
    "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    "contentVersion": "1.0.0.0",
    "triggers": {},
    "actions": {},
    "outputs": {}
  },
  "kind": "Stateless"
}
`;
const TRAILING = CLEAN.replace('"outputs": {}', '"outputs": {},');
const DUPLICATE = CLEAN.replace('"kind": "Stateless"', '"kind": "Stateful",\n  "kind": "Stateless"');

describe('re-linting', () => {
  before(async () => {
    await lac();
  });
  afterEach(async () => {
    await closeAll();
  });
  after(() => {
    for (const d of ['relint-edit', 'relint-disk', 'relint-delete', 'relint-open']) fs.rmSync(file(d), { recursive: true, force: true });
  });

  it('after an edit in the editor (WorkspaceEdit, not saved)', async () => {
    const u = writeOnDisk('relint-edit/workflow.json', CLEAN);
    const editor = await open(u);
    await waitForProblems(u, (ds) => ds.length === 0, 'no problems');
    const edit = new vscode.WorkspaceEdit();
    const at = editor.document.positionAt(CLEAN.indexOf('"outputs": {}') + '"outputs": {}'.length);
    edit.insert(u, at, ',');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(editor.document.isDirty);
    const ds = await waitForProblems(u, hasRule('LAC001'), 'LAC001 after typing a trailing comma');
    assert.strictEqual(ds[0].range.start.line, at.line, show(ds));
    const undo = new vscode.WorkspaceEdit();
    undo.delete(u, new vscode.Range(at, at.translate(0, 1)));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitForProblems(u, lacksRule('LAC001'), 'LAC001 gone after removing the comma');
  });

  it('after another program changes a file on disk', async () => {
    const u = writeOnDisk('relint-disk/workflow.json', CLEAN);
    await waitForProblems(u, (ds) => ds.length === 0, 'no problems');
    fs.writeFileSync(u.fsPath, DUPLICATE);
    await waitForProblems(u, hasRule('LAC003'), 'LAC003 after fs.writeFileSync');
    fs.writeFileSync(u.fsPath, CLEAN);
    await waitForProblems(u, (ds) => ds.length === 0, 'problems gone after fixing it on disk');
  });

  it('after another program changes a file open in the editor', async () => {
    const u = writeOnDisk('relint-open/workflow.json', CLEAN);
    const editor = await open(u);
    fs.writeFileSync(u.fsPath, TRAILING);
    await waitForProblems(u, hasRule('LAC001'), 'LAC001 after the open file changed on disk');
    assert.strictEqual(editor.document.getText(), TRAILING);
  });

  it('after deletion, the problems go away', async () => {
    const u = writeOnDisk('relint-delete/workflow.json', TRAILING);
    await waitForProblems(u, hasRule('LAC001'), 'LAC001');
    fs.rmSync(file('relint-delete'), { recursive: true });
    await waitForProblems(u, (ds) => ds.length === 0, 'no problems for a deleted file');
    assert.deepStrictEqual(problems(u), []);
  });
});

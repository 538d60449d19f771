import * as vscode from 'vscode';
import { JsonFile } from '../../core/json/jsonFile';
import { getAt } from '../../core/json/pointer';
import type { FileKind, JsonPath } from '../../core/types';

/**
 * Open a JSON file with the selection on the key of the member at `path`, read from the text the
 * editor has now (it may have changed since the last lint). Returns the editor, and whether the
 * member still exists (when it does not, its deepest existing parent is selected).
 */
export async function revealJsonPath(file: string, kind: FileKind, path: JsonPath): Promise<{ editor: vscode.TextEditor; found: boolean }> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const text = doc.getText();
  const json = new JsonFile(file, kind, text);
  const found = getAt(json.value, path) !== undefined;
  const span = json.span(path, { key: true });
  const offset = span.offset + (json.hasBom ? 1 : 0);
  const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + span.length));
  const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { editor, found };
}

import * as fs from 'fs';
import * as vscode from 'vscode';
import { minimalTextEdit } from '../../core/localSettings';
import { openDocument } from './workspace';

/** The text of a file now: the editor's when it is open, else the disk's; undefined when missing. */
export function textNow(file: string): string | undefined {
  const doc = openDocument(file);
  if (doc) return doc.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export type WriteResult = { ok: true; unsaved: boolean } | { ok: false; message: string };

/**
 * Replace a file's text with `after`: through the editor when it is open (one minimal edit, so
 * cursors, folding and undo history outside the change stay; saved unless it had unsaved changes),
 * else on disk (created when missing). `after` from an open document has no BOM (the editor keeps
 * the file's own); from the disk it has the file's.
 */
export async function writeText(file: string, after: string): Promise<WriteResult> {
  const doc = openDocument(file);
  if (doc) {
    const wasDirty = doc.isDirty;
    const before = doc.getText();
    const e = minimalTextEdit(before, after.charCodeAt(0) === 0xfeff ? after.slice(1) : after);
    if (e) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, message: 'the editor refused the edit' };
    }
    if (!wasDirty && doc.isDirty && !(await doc.save())) return { ok: true, unsaved: true };
    return { ok: true, unsaved: wasDirty };
  }
  try {
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(after, 'utf8'));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, unsaved: false };
}

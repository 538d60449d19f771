import { existsSync } from 'fs';
import * as vscode from 'vscode';
import type { FileEdit } from '../core/types';
import { planFileEdits, type PlannedFileEdit } from './model/editPlan';

function position(p: { line: number; character: number }): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

/** A planned edit as a WorkspaceEdit; a file to create is created empty and filled by an insert (the user saves). */
export function toWorkspaceEdit(plan: readonly PlannedFileEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const fe of plan) {
    const uri = vscode.Uri.file(fe.file);
    // Neither overwrite nor ignore: if the file appeared meanwhile the edit fails rather than corrupts it.
    if (fe.create) edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
    for (const e of fe.edits) {
      edit.replace(uri, new vscode.Range(position(e.range.start), position(e.range.end)), e.newText);
    }
  }
  return edit;
}

/**
 * Core file edits (of one fix, or of fix-all) as a WorkspaceEdit, possibly across files.
 * `textOf(file)` is the linted text of each file while it is still current; undefined (stale
 * text, or a file to create that exists by now) drops the edit.
 */
export function fileEditsToWorkspaceEdit(fileEdits: readonly FileEdit[], textOf: (file: string) => string | undefined): vscode.WorkspaceEdit | undefined {
  if (fileEdits.some((fe) => fe.create && existsSync(fe.file))) return undefined;
  const plan = planFileEdits(fileEdits, textOf);
  if (!plan || plan.length === 0) return undefined;
  return toWorkspaceEdit(plan);
}

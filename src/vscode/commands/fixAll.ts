import * as vscode from 'vscode';
import * as path from 'path';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** "Fix All Problems in File": every preferred fix of the active file's problems (the user saves). */
export const fixAll: Command = {
  id: COMMANDS.fixAll,
  async run(ctx, arg) {
    const document = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
    if (!document || document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Logic Apps project file to fix its problems.'));
      return;
    }
    if (!ctx.controller.linter.isLinted(document.uri.fsPath)) await ctx.controller.lintNow(document.uri);
    if (!ctx.controller.linter.isLinted(document.uri.fsPath)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This file is not part of a Logic Apps project.'));
      return;
    }
    if (!(await ctx.controller.ensureCurrent(document, 10_000))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The problems of this file are still being updated; try again in a moment.'));
      return;
    }
    const plan = ctx.codeActions.fixAllPlan(document.uri.fsPath);
    if (!plan) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No auto-fixable problems in this file.'));
      return;
    }
    const ok = await vscode.workspace.applyEdit(plan.edit);
    ctx.log.info(`Fix all in ${document.uri.fsPath}: ${ok ? `applied ${plan.count} fix(es) in ${plan.files.join(', ')}` : 'the edit was not applied'}${plan.skipped ? `, ${plan.skipped} overlapping fix(es) left for another pass` : ''}.`);
    if (!ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The fixes could not be applied (the files changed meanwhile?).'));
      return;
    }
    void vscode.window.showInformationMessage(fixAllSummary(plan.count, plan.files, plan.skipped));
  },
};

/**
 * What Fix All did and how to take it back: "Fixed 3 problems in connections.json and
 * local.settings.json. Nothing is saved yet: Undo (Ctrl+Z) takes the fixes back."
 */
export function fixAllSummary(count: number, files: readonly string[], skipped: number): string {
  const names = files.map((f) => path.basename(f));
  const where = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${vscode.l10n.t('and')} ${names[names.length - 1]}`;
  const what = count === 1 ? vscode.l10n.t('Fixed 1 problem in {0}.', where) : vscode.l10n.t('Fixed {0} problems in {1}.', count, where);
  const more = skipped ? ' ' + vscode.l10n.t('{0} more can be fixed by running Fix All again.', skipped) : '';
  return `${what}${more} ${vscode.l10n.t('Nothing is saved yet: Undo (Ctrl+Z) takes the fixes back.')}`;
}

import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
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
    ctx.log.info(`Fix all in ${document.uri.fsPath}: ${ok ? `applied ${plan.count} fix(es)` : 'the edit was not applied'}${plan.skipped ? `, ${plan.skipped} overlapping fix(es) left for another pass` : ''}.`);
    if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('The fixes could not be applied (the files changed meanwhile?).'));
  },
};

import * as vscode from 'vscode';
import * as path from 'path';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/** What Fix All did: the fixes applied, the files they changed, and those left for another pass. */
export interface FixAllOutcome {
  count: number;
  files: string[];
  skipped: number;
}

/**
 * "Fix All Problems in File": every preferred fix of a file's problems (the active editor's, or the
 * file given: the light bulb's "Fix all" runs this with its file), planned only now, applied as one
 * edit, then a message saying what changed and how to undo it. Nothing is saved: the user saves.
 */
export const fixAll: Command = {
  id: COMMANDS.fixAll,
  async run(ctx, arg): Promise<FixAllOutcome | undefined> {
    const document = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
    if (!document || document.uri.scheme !== 'file') {
      void ui().showMessage('info', vscode.l10n.t('Open a Logic Apps project file to fix its problems.'), {});
      return undefined;
    }
    if (!ctx.controller.linter.isLinted(document.uri.fsPath)) await ctx.controller.lintNow(document.uri);
    if (!ctx.controller.linter.isLinted(document.uri.fsPath)) {
      void ui().showMessage('info', vscode.l10n.t('This file is not part of a Logic Apps project.'), {});
      return undefined;
    }
    if (!(await ctx.controller.ensureCurrent(document, 10_000))) {
      void ui().showMessage('info', vscode.l10n.t('The problems of this file are still being updated; try again in a moment.'), {});
      return undefined;
    }
    const plan = ctx.codeActions.fixAllPlan(document.uri.fsPath);
    if (!plan) {
      void ui().showMessage('info', vscode.l10n.t('No auto-fixable problems in this file.'), {});
      return undefined;
    }
    const ok = await vscode.workspace.applyEdit(plan.edit);
    ctx.log.info(`Fix all in ${document.uri.fsPath}: ${ok ? `applied ${plan.count} fix(es) in ${plan.files.join(', ')}` : 'the edit was not applied'}${plan.skipped ? `, ${plan.skipped} overlapping fix(es) left for another pass` : ''}.`);
    if (!ok) {
      void ui().showMessage('warning', vscode.l10n.t('The fixes could not be applied (the files changed meanwhile?).'), {});
      return undefined;
    }
    void ui().showMessage('info', fixAllSummary(plan.count, plan.files, plan.skipped), {});
    return { count: plan.count, files: plan.files, skipped: plan.skipped };
  },
};

/** Counts in the display language's digit grouping ("Fixed 2,000 problems"); the default locale if VS Code's tag is not one Intl knows. */
function countFormat(): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(vscode.env.language);
  } catch {
    return new Intl.NumberFormat();
  }
}

/**
 * What Fix All did and how to take it back: "Fixed 3 problems in connections.json and
 * local.settings.json. Nothing is saved yet: Undo (Ctrl+Z) takes the fixes back."
 */
export function fixAllSummary(count: number, files: readonly string[], skipped: number): string {
  const names = files.map((f) => path.basename(f));
  const where = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${vscode.l10n.t('and')} ${names[names.length - 1]}`;
  const n = countFormat();
  const what = count === 1 ? vscode.l10n.t('Fixed 1 problem in {0}.', where) : vscode.l10n.t('Fixed {0} problems in {1}.', n.format(count), where);
  const more = skipped ? ' ' + vscode.l10n.t('{0} more can be fixed by running Fix All again.', n.format(skipped)) : '';
  return `${what}${more} ${vscode.l10n.t('Nothing is saved yet: Undo (Ctrl+Z) takes the fixes back.')}`;
}

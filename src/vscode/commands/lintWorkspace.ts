import * as vscode from 'vscode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** "Lint Workspace": find every project file again and lint all projects. */
export const lintWorkspace: Command = {
  id: COMMANDS.lintWorkspace,
  async run(ctx) {
    const started = performance.now();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Linting Logic Apps projects') }, () => ctx.controller.lintNow());
    const s = ctx.controller.stats();
    ctx.log.info(`Linted the workspace: ${s.projects} project(s), ${s.files} file(s), ${ctx.diagnostics.totalProblems()} problem(s) in ${Math.round(performance.now() - started)} ms.`);
  },
};

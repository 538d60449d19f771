import * as vscode from 'vscode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** "Sign In to Azure": VS Code's Microsoft account (and tenant); the Azure-aware rules start. */
export const signIn: Command = {
  id: COMMANDS.signIn,
  async run(ctx) {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Logic Apps Connections calls Azure only in trusted workspaces. Trust this workspace first.'));
      return;
    }
    const access = await ctx.azure.auth.signIn();
    if (!access) return;
    void vscode.window.showInformationMessage(vscode.l10n.t('Logic Apps Connections: checking connections with {0} as {1}.', access.source, access.who));
  },
};

import * as vscode from 'vscode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * "Sign Out of Azure": the extension stops using the account (and forgets its facts); the
 * Azure-aware rules stop. The account itself stays in VS Code's Accounts menu, which signs it out.
 */
export const signOut: Command = {
  id: COMMANDS.signOut,
  async run(ctx) {
    const was = ctx.azure.auth.access();
    await ctx.azure.auth.signOut();
    if (was?.mode === 'token') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Logic Apps Connections stopped using LAC_ACCESS_TOKEN until the window reloads.'));
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('Logic Apps Connections no longer uses your Azure account. To sign the account out of VS Code, use the Accounts menu.'));
    }
  },
};

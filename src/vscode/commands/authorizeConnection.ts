import * as vscode from 'vscode';
import { parseConnectionId } from '../../core/azure/model';
import { COMMANDS } from '../ids';
import type { Command } from './types';

/**
 * Internal (code actions of LAC061 call it with a connection id): open the connection's Edit page
 * in the Azure portal, where "Authorize" signs the connection in again; then offer to test it.
 */
export const authorizeConnection: Command = {
  id: COMMANDS.authorizeConnection,
  async run(ctx, arg) {
    const id = typeof arg === 'string' ? arg : undefined;
    const parts = parseConnectionId(id);
    if (!id || !parts) {
      ctx.log.warn(`Authorize connection: "${String(arg)}" is not a connection id.`);
      return;
    }
    const link = ctx.azure.portalLink(id);
    if (!link) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No portal link for connection {0}.', parts.name));
      return;
    }
    ctx.log.info(`Opening the portal to authorize connection ${parts.name}.`);
    const opened = await vscode.env.openExternal(vscode.Uri.parse(link, true));
    if (!opened) return;
    const test = vscode.l10n.t('Test Connection');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('In the portal: Edit API connection → Authorize, sign in, then Save. Then test "{0}" here.', parts.name),
      test,
    );
    if (answer === test) await vscode.commands.executeCommand(COMMANDS.testConnection, id);
  },
};

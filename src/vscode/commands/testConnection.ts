import * as vscode from 'vscode';
import { parseConnectionId } from '../../core/azure/model';
import { COMMANDS } from '../ids';
import type { Command } from './types';

/**
 * Internal (code actions of LAC061 call it with a connection id): test the connection through its
 * test link, say what came back, and fetch its facts again (its problems follow).
 * Returns the result (for tests).
 */
export const testConnection: Command = {
  id: COMMANDS.testConnection,
  async run(ctx, arg) {
    const id = typeof arg === 'string' ? arg : undefined;
    const parts = parseConnectionId(id);
    if (!id || !parts) {
      ctx.log.warn(`Test connection: "${String(arg)}" is not a connection id.`);
      return undefined;
    }
    if (!ctx.azure.auth.access()) {
      const signIn = vscode.l10n.t('Sign In');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Sign in to Azure to test connection "{0}".', parts.name), signIn);
      if (answer === signIn) await vscode.commands.executeCommand(COMMANDS.signIn);
      return undefined;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing connection "{0}"…', parts.name) },
      () => ctx.azure.testConnection(id),
    );
    if (!result) return undefined;
    ctx.log.info(`Test connection ${parts.name}: ${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}.`);
    if (result.status === 'connected') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connection "{0}" works.', parts.name));
    } else {
      const authorize = vscode.l10n.t('Authorize…');
      const text = [result.message, result.explanation, result.nextStep].filter(Boolean).join(' ');
      void vscode.window.showWarningMessage(vscode.l10n.t('Connection "{0}": {1}', parts.name, text), authorize).then((answer) => {
        if (answer === authorize) void vscode.commands.executeCommand(COMMANDS.authorizeConnection, id);
      });
    }
    return result;
  },
};

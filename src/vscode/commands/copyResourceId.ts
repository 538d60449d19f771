import * as vscode from 'vscode';
import { hasId, noConnectionId, resolveTarget } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** Copy Resource ID: the connection's ARM id to the clipboard (a status bar message says so). Returns the id. */
export const copyResourceId: Command = {
  id: COMMANDS.copyResourceId,
  async run(ctx, arg): Promise<string | undefined> {
    const target = await resolveTarget(ctx, arg, { title: vscode.l10n.t('Copy Resource ID') });
    if (!target) return undefined;
    if (!hasId(target)) {
      noConnectionId(target);
      return undefined;
    }
    await vscode.env.clipboard.writeText(target.connectionId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the resource id of "{0}".', target.name), 4000);
    return target.connectionId;
  },
};

import * as vscode from 'vscode';
import { openChecked } from '../connections/external';
import { hasId, noConnectionId, requireTrust, resolveTarget } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * Open in Azure Portal: the connection's Edit API connection page, after the link allowlist; refused
 * in an untrusted workspace like the other Azure commands. Returns whether the browser was opened.
 */
export const openInPortal: Command = {
  id: COMMANDS.openInPortal,
  async run(ctx, arg): Promise<boolean> {
    // Like every Azure command: nothing in an untrusted workspace (its files name the connection).
    if (!requireTrust(ctx, vscode.l10n.t('open connections in the Azure portal'))) return false;
    const target = await resolveTarget(ctx, arg, { title: vscode.l10n.t('Open in Azure Portal') });
    if (!target) return false;
    if (!hasId(target)) {
      noConnectionId(target);
      return false;
    }
    return openChecked(ctx, ctx.azure.portalLink(target.connectionId), vscode.l10n.t('the portal page of "{0}"', target.name));
  },
};

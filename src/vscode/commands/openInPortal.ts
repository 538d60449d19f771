import * as vscode from 'vscode';
import { openChecked } from '../connections/external';
import { hasId, noConnectionId, resolveTarget } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * Open in Azure Portal: the connection's Edit API connection page, after the link allowlist.
 * Returns whether the browser was opened.
 */
export const openInPortal: Command = {
  id: COMMANDS.openInPortal,
  async run(ctx, arg): Promise<boolean> {
    const target = await resolveTarget(ctx, arg, { title: vscode.l10n.t('Open in Azure Portal') });
    if (!target) return false;
    if (!hasId(target)) {
      noConnectionId(target);
      return false;
    }
    return openChecked(ctx, ctx.azure.portalLink(target.connectionId), vscode.l10n.t('the portal page of "{0}"', target.name));
  },
};

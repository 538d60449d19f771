import * as vscode from 'vscode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * "Refresh" (both views' title bars): the Workspace view from the latest lint with the Azure facts of
 * its connections read again, and the Azure view listed again.
 */
export const refresh: Command = {
  id: COMMANDS.refresh,
  async run(ctx) {
    if (!ctx.trees) return;
    const started = performance.now();
    await ctx.activity.run(vscode.l10n.t('Refreshing connections…'), () => ctx.trees!.refresh());
    ctx.log.info(`Refreshed the connection views in ${Math.round(performance.now() - started)} ms.`);
  },
};

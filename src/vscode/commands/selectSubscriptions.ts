import * as vscode from 'vscode';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/**
 * "Select Subscriptions…": which subscriptions the Azure view (and the connection picks) list.
 * Every subscription picked means all of them (new ones included). Returns the ids chosen
 * (undefined: all, or cancelled).
 */
export const selectSubscriptions: Command = {
  id: COMMANDS.selectSubscriptions,
  async run(ctx) {
    if (ctx.azure.state().kind !== 'signed-in') {
      const signIn = vscode.l10n.t('Sign In');
      const answer = await ui().showMessage('info', vscode.l10n.t('Sign in to Azure to choose subscriptions.'), {}, signIn);
      if (answer === signIn) await vscode.commands.executeCommand(COMMANDS.signIn);
      return undefined;
    }
    const all = await ctx.activity.run(vscode.l10n.t('Listing subscriptions…'), () => ctx.catalog.allSubscriptions());
    if (!all.ok) {
      ctx.log.error(`Select subscriptions: ${all.error.message}`);
      void ui().showMessage('error', vscode.l10n.t('Could not list the subscriptions: {0}', all.error.message), {});
      return undefined;
    }
    if (!all.value.length) {
      void ui().showMessage('info', vscode.l10n.t('This account sees no subscription.'), {});
      return undefined;
    }
    const selected = ctx.catalog.selectedSubscriptions()?.map((s) => s.toLowerCase());
    const items = all.value.map((s) => ({
      label: s.displayName ?? s.subscriptionId,
      description: s.subscriptionId,
      ...(s.state && !/^enabled$/i.test(s.state) ? { detail: s.state } : {}),
      picked: !selected || selected.includes(s.subscriptionId.toLowerCase()),
      subscriptionId: s.subscriptionId,
    }));
    const picked = await ui().showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t('Select Subscriptions'),
      placeHolder: vscode.l10n.t('The subscriptions whose API connections are listed'),
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (!picked.length) {
      void ui().showMessage('warning', vscode.l10n.t('Select at least one subscription.'), {});
      return undefined;
    }
    const ids = picked.length === items.length ? undefined : picked.map((p) => p.subscriptionId);
    await ctx.catalog.selectSubscriptions(ids);
    ctx.log.info(ids ? `Azure: listing ${ids.length} of ${items.length} subscription(s).` : `Azure: listing all ${items.length} subscription(s).`);
    return ids;
  },
};

import * as vscode from 'vscode';
import type { ConnectionInfo } from '../../core/azure/model';
import { listScope } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { lastError } from '../model/azureModel';
import { ui } from '../ui';
import type { AuthorizeOutcome } from './authorizeConnection';
import type { Command } from './types';

/** What Authorize Unauthenticated Connections did, connection by connection (returned for tests). */
export interface AuthorizeAllOutcome {
  /** The connections that needed a sign-in, in the order they were offered. */
  offered: string[];
  authorized: string[];
  skipped: string[];
  /** Authorized but the test that followed did not say connected, or the flow stopped. */
  notConnected: string[];
  /** The user stopped before these were offered. */
  notOffered: string[];
}

type Step = vscode.QuickPickItem & { step: 'authorize' | 'skip' | 'stop' };

/**
 * Authorize Unauthenticated Connections…: the checklist after a deployment, in the editor. Every
 * listed connection (of a subscription or resource group of the Azure view) that Azure reports as
 * needing a sign-in is offered in turn: Authorize… runs Authorize Connection on it (consent flow or
 * portal, then a test), Skip goes to the next, Stop (or Escape) ends the walk. A summary follows.
 */
export const authorizeUnauthenticated: Command = {
  id: COMMANDS.authorizeUnauthenticated,
  async run(ctx, arg): Promise<AuthorizeAllOutcome | undefined> {
    const listed = await listScope(ctx, arg, vscode.l10n.t('authorize connections'));
    if (!listed) return undefined;
    const { session: s, where } = listed;
    const byName = (a: ConnectionInfo, b: ConnectionInfo) => (a.resourceGroup ?? '').localeCompare(b.resourceGroup ?? '') || a.name.localeCompare(b.name);
    const todo = listed.connections.filter((c) => s.azure.needsSignIn(c)).sort(byName);
    const outcome: AuthorizeAllOutcome = { offered: [], authorized: [], skipped: [], notConnected: [], notOffered: [] };
    if (!todo.length) {
      void ui().showMessage('info', vscode.l10n.t('No connection in {0} needs a sign-in.', where), {});
      return outcome;
    }
    ctx.log.info(`Authorize unauthenticated connections of ${where}: ${todo.length} need a sign-in.`);
    for (let i = 0; i < todo.length; i++) {
      const c = todo[i]!;
      const why = lastError(c) ?? c.status;
      const items: Step[] = [
        { step: 'authorize', label: vscode.l10n.t('$(key) Authorize "{0}"…', c.name), detail: vscode.l10n.t('Sign in with the consent flow or in the portal, then test it.') },
        { step: 'skip', label: vscode.l10n.t('Skip'), detail: i + 1 < todo.length ? vscode.l10n.t('Go on with "{0}".', todo[i + 1]!.name) : vscode.l10n.t('It was the last one.') },
        { step: 'stop', label: vscode.l10n.t('Stop') },
      ];
      const picked = await ui().showQuickPick(items, {
        title: vscode.l10n.t('Authorize Unauthenticated Connections ({0} of {1})', i + 1, todo.length),
        placeHolder: s.azure.redact(`${c.name} (${c.resourceGroup ?? '?'}): ${why}`).slice(0, 300),
        ignoreFocusOut: true,
      });
      if (!picked || picked.step === 'stop') {
        outcome.notOffered.push(...todo.slice(i).map((x) => x.name));
        break;
      }
      outcome.offered.push(c.name);
      if (picked.step === 'skip') {
        outcome.skipped.push(c.name);
        continue;
      }
      const result = (await vscode.commands.executeCommand<AuthorizeOutcome | undefined>(COMMANDS.authorizeConnection, { target: { connectionId: c.id, name: c.name } })) ?? undefined;
      if (result?.test?.status === 'connected') outcome.authorized.push(c.name);
      else outcome.notConnected.push(c.name);
    }
    const still = [...outcome.notConnected, ...outcome.skipped, ...outcome.notOffered];
    ctx.log.info(`Authorize unauthenticated connections of ${where}: ${outcome.authorized.length} authorized, ${outcome.skipped.length} skipped, ${still.length} still need a sign-in.`);
    const text = still.length
      ? vscode.l10n.t('{0} of {1} connections authorized; still to sign in: {2}.', outcome.authorized.length, todo.length, still.join(', '))
      : vscode.l10n.t('All {0} connections of {1} are authorized.', todo.length, where);
    void ui().showMessage(still.length ? 'warning' : 'info', text, {});
    return outcome;
  },
};

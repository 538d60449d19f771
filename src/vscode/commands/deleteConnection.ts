import * as vscode from 'vscode';
import { toConnectionTarget } from '../model/connectionTarget';
import { folderLabel, hasId, noConnectionId, requireSession } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';
import { usesOf } from '../../core/connections';

/**
 * Delete Connection: only for an explicit connection (a node of the Azure view, an id argument),
 * never from the palette alone and never in an untrusted workspace. A modal warning names the
 * connection and the workspace workflows that still use it; then the resource is deleted and
 * forgotten. Returns whether it was deleted.
 */
export const deleteConnection: Command = {
  id: COMMANDS.deleteConnection,
  async run(ctx, arg): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void ui().showMessage('warning', vscode.l10n.t('Logic Apps Connections deletes connections only in trusted workspaces.'), {});
      return false;
    }
    const target = arg === undefined ? undefined : toConnectionTarget(arg);
    if (!target) {
      if (arg !== undefined) ctx.log.warn('Delete connection: the argument is not a connection; nothing deleted.');
      void ui().showMessage('info', vscode.l10n.t('Delete Connection works on a connection of the Azure view: right-click it there.'), {});
      return false;
    }
    if (!hasId(target)) {
      noConnectionId(target);
      return false;
    }
    const s = requireSession(ctx, vscode.l10n.t('delete connections'));
    if (!s) return false;
    const id = target.connectionId;
    const parts = s.azure.parseConnectionId(id)!;
    const info = ctx.catalog.find(id);
    const listing = ctx.catalog.cached();
    const sub = listing?.state === 'ok' ? listing.subscriptions.find((x) => x.subscriptionId.toLowerCase() === parts.subscriptionId.toLowerCase()) : undefined;

    const uses = usesOf(ctx.controller.projects(), id);
    const lines: string[] = [
      vscode.l10n.t('Resource group: {0} · Subscription: {1}', parts.resourceGroup, sub?.displayName ?? parts.subscriptionId),
    ];
    if (info?.api.name) lines.push(vscode.l10n.t('API: {0} · Status: {1}', info.api.displayName ?? info.api.name, info.status));
    const workflows = uses.flatMap((u) => u.workflows.map((w) => ({ ...w, project: folderLabel(u.project.root), entry: u.entry.name })));
    const entriesOnly = uses.filter((u) => !u.workflows.length);
    if (workflows.length) {
      lines.push('', vscode.l10n.t('Workflows in this workspace that still use it:'));
      for (const w of workflows) lines.push(`• ${w.workflow} (${w.project}, "${w.entry}"${w.references > 1 ? `, ${w.references}×` : ''})`);
    } else {
      lines.push('', vscode.l10n.t('No workflow in this workspace uses it.'));
    }
    if (entriesOnly.length) {
      lines.push(vscode.l10n.t('connections.json entries that point at it: {0}', entriesOnly.map((u) => `"${u.entry.name}" (${folderLabel(u.project.root)})`).join(', ')));
    }
    // The deployed logic apps that name it (Consumption $connections, Standard connections.json).
    const usage = ctx.usage
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Finding who uses "{0}"…', target.name) }, () => ctx.usage!.index())
      : undefined;
    let deployed = 0;
    if (usage?.ok) {
      const users = usage.index.users(id);
      deployed = users.length;
      if (users.length) {
        lines.push('', vscode.l10n.t('Deployed logic apps that use it:'));
        for (const u of users) lines.push(`• ${s.azure.describeUser(u)}`);
      } else if (usage.index.complete(id)) {
        lines.push('', vscode.l10n.t('No deployed logic app uses it (Consumption workflows and Standard apps of the listed subscriptions).'));
      } else {
        lines.push('', vscode.l10n.t('Some deployed logic apps could not be read: it may still be in use.'));
      }
    } else if (usage) {
      lines.push('', vscode.l10n.t('Who uses it in Azure could not be found: {0}', usage.message));
    }
    lines.push('', deployed ? vscode.l10n.t('Those logic apps stop working. This cannot be undone.') : vscode.l10n.t('Workflows in Azure that use it stop working. This cannot be undone.'));
    const del = vscode.l10n.t('Delete');
    const answer = await ui().showMessage('warning', vscode.l10n.t('Delete API connection "{0}"?', target.name), { modal: true, detail: lines.join('\n') }, del);
    if (answer !== del) {
      ctx.log.info(`Delete connection ${target.name}: cancelled.`);
      return false;
    }
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting connection "{0}"…', target.name) }, () =>
      ctx.activity.run(vscode.l10n.t('Deleting {0}…', target.name), () => s.client.deleteConnection(id)),
    );
    if (!r.ok) {
      ctx.log.warn(s.azure.redact(`Delete connection ${target.name}: ${r.error.kind}${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Connection "{0}" was not deleted: {1}', target.name, r.error.message)), {});
      return false;
    }
    ctx.log.info(`Delete connection ${target.name}: ${r.value.deleted ? 'deleted' : 'it did not exist'} (${parts.resourceGroup}).`);
    ctx.catalog.removed(id);
    await ctx.azure.refresh([id]).catch(() => undefined);
    const used = workflows.length ? ' ' + vscode.l10n.t('{0} workflow(s) here still reference it: {1}.', workflows.length, [...new Set(workflows.map((w) => w.workflow))].join(', ')) : '';
    void ui().showMessage(
      r.value.deleted ? 'info' : 'warning',
      (r.value.deleted ? vscode.l10n.t('Deleted connection "{0}".', target.name) : vscode.l10n.t('Connection "{0}" did not exist any more.', target.name)) + used,
      {},
    );
    return r.value.deleted;
  },
};


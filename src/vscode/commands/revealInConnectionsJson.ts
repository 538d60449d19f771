import * as path from 'path';
import * as vscode from 'vscode';
import { toConnectionTarget, type WorkspaceEntryRef } from '../model/connectionTarget';
import { COMMANDS } from '../model/ids';
import { revealJsonPath } from '../tree/reveal';
import { ui } from '../ui';
import type { Command, CommandContext } from './types';
import { connectionKey, managedConnections } from '../../core/connections';

/** The connections.json entries of the workspace whose `connection.id` resolves to `id`. */
function entriesNaming(ctx: CommandContext, id: string): WorkspaceEntryRef[] {
  const key = connectionKey(id);
  const out: WorkspaceEntryRef[] = [];
  for (const p of ctx.controller.projects()) {
    if (!p.connections) continue;
    for (const ref of managedConnections(p)) {
      if (ref.id && connectionKey(ref.id) === key) out.push({ projectRoot: p.root, connectionsPath: p.connections.path, section: 'managedApiConnections', name: ref.name });
    }
  }
  return out;
}

/**
 * "Reveal in connections.json" (a click on a Workspace connection, its context menu): open the
 * project's connections.json with the selection on the entry's key. With a connection id only (an
 * Azure node), the workspace entries naming that connection (a pick when several).
 * Returns whether the entry was found.
 */
export const revealInConnectionsJson: Command = {
  id: COMMANDS.revealInConnectionsJson,
  async run(ctx, arg) {
    const target = toConnectionTarget(arg);
    if (!target) {
      ctx.log.warn('Reveal in connections.json: no connection given.');
      return false;
    }
    let entry = target.workspace;
    if (!entry && target.connectionId) {
      const found = entriesNaming(ctx, target.connectionId);
      if (found.length === 0) {
        void ui().showMessage('info', vscode.l10n.t('No connections.json of this workspace uses connection "{0}".', target.name), {});
        return false;
      }
      if (found.length === 1) entry = found[0];
      else {
        const pick = await ui().showQuickPick(
          found.map((e) => ({ label: e.name, description: vscode.workspace.asRelativePath(e.connectionsPath), entry: e })),
          { title: vscode.l10n.t('Reveal in connections.json'), placeHolder: vscode.l10n.t('Several projects use "{0}"', target.name) },
        );
        entry = pick?.entry;
      }
    }
    if (!entry) return false;
    const { found } = await revealJsonPath(entry.connectionsPath, 'connections', [entry.section, entry.name]);
    if (!found) void ui().showMessage('info', vscode.l10n.t('"{0}" is no longer in {1}.', entry.name, path.basename(entry.connectionsPath)), {});
    return found;
  },
};

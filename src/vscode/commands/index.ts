import * as vscode from 'vscode';
import { describeError } from '../output';
import { addAccessPolicy } from './addAccessPolicy';
import { authorizeConnection } from './authorizeConnection';
import { authorizeUnauthenticated } from './authorizeUnauthenticated';
import { clearConnectionFilter } from './clearConnectionFilter';
import { copyResourceId } from './copyResourceId';
import { deleteConnection } from './deleteConnection';
import { diagnoseConnection } from './diagnoseConnection';
import { diagnoseIdentity } from './diagnoseIdentity';
import { filterConnections } from './filterConnections';
import { fixAll } from './fixAll';
import { grantAccess } from './grantAccess';
import { lintWorkspace } from './lintWorkspace';
import { openInPortal } from './openInPortal';
import { pasteSignInAddress } from './pasteSignInAddress';
import { refresh } from './refresh';
import { refreshConnectionKey } from './refreshConnectionKey';
import { revealInConnectionsJson } from './revealInConnectionsJson';
import { selectSubscriptions } from './selectSubscriptions';
import { showConnectionJson } from './showConnectionJson';
import { showConnectorDefinition } from './showConnectorDefinition';
import { showOutput } from './showOutput';
import { showRuleDocumentation } from './showRuleDocumentation';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { testAllConnections } from './testAllConnections';
import { testConnection } from './testConnection';
import { useConnectionKeysLocally } from './useConnectionKeysLocally';
import { useManagedIdentityLocally } from './useManagedIdentityLocally';
import type { Command, CommandContext } from './types';

/** Every command (ids in `ids.ts` COMMANDS; a unit test checks package.json contributes each). */
export const ALL_COMMANDS: readonly Command[] = [lintWorkspace, showOutput, showRuleDocumentation, fixAll, signIn, signOut, authorizeConnection, testConnection, diagnoseConnection, openInPortal, copyResourceId, showConnectionJson, refreshConnectionKey, deleteConnection, refresh, selectSubscriptions, filterConnections, clearConnectionFilter, revealInConnectionsJson, addAccessPolicy, useManagedIdentityLocally, useConnectionKeysLocally, showConnectorDefinition, diagnoseIdentity, grantAccess, testAllConnections, authorizeUnauthenticated, pasteSignInAddress];

/** Register every command. A failing command logs its error and tells the user; it never throws into VS Code. */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...ALL_COMMANDS.map((c) =>
      vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
        // Telemetry: the command's id, outcome and duration only (never its arguments).
        const started = performance.now();
        try {
          const result = await c.run(ctx, ...args);
          ctx.telemetry?.commandFinished(c.id, 'ok', performance.now() - started, result);
          return result;
        } catch (e) {
          const outcome = ctx.telemetry?.outcomeOf(e) ?? (e instanceof vscode.CancellationError ? 'cancelled' : 'error');
          ctx.telemetry?.commandFinished(c.id, outcome, performance.now() - started);
          if (outcome === 'cancelled') {
            // The user stopped it: nothing failed.
            ctx.log.info(`Command ${c.id} cancelled.`);
            return undefined;
          }
          ctx.log.error(`Command ${c.id} failed: ${describeError(e)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Logic Apps Connections: the command failed. See the output for details.'));
          return undefined;
        }
      }),
    ),
  );
}

export type { Command, CommandContext } from './types';

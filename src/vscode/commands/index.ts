import * as vscode from 'vscode';
import { describeError } from '../output';
import { authorizeConnection } from './authorizeConnection';
import { fixAll } from './fixAll';
import { lintWorkspace } from './lintWorkspace';
import { showOutput } from './showOutput';
import { showRuleDocumentation } from './showRuleDocumentation';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { testConnection } from './testConnection';
import type { Command, CommandContext } from './types';

/** Every command (ids in `ids.ts` COMMANDS; a unit test checks package.json contributes each). */
export const ALL_COMMANDS: readonly Command[] = [lintWorkspace, showOutput, showRuleDocumentation, fixAll, signIn, signOut, authorizeConnection, testConnection];

/** Register every command. A failing command logs its error and tells the user; it never throws into VS Code. */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...ALL_COMMANDS.map((c) =>
      vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
        try {
          return await c.run(ctx, ...args);
        } catch (e) {
          ctx.log.error(`Command ${c.id} failed: ${describeError(e)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Logic Apps Connections: the command failed. See the output for details.'));
          return undefined;
        }
      }),
    ),
  );
}

export type { Command, CommandContext } from './types';

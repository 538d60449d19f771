import * as vscode from 'vscode';
import { sessionAndTarget } from '../connections/pick';
import { reportTest, runTest } from '../connections/runTest';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * Test Connection: the connection from the argument (an id from a code action, a tree node, a code
 * lens target) or a pick (workspace entries, then the account's connections); its test link is
 * called, the category reported with what to do, and its facts fetched again. Returns the
 * TestConnectionResult (undefined when nothing was tested).
 */
export const testConnection: Command = {
  id: COMMANDS.testConnection,
  async run(ctx, arg) {
    const got = await sessionAndTarget(ctx, arg, vscode.l10n.t('test connections'), vscode.l10n.t('Test Connection'));
    if (!got) return undefined;
    const { s, target } = got;
    const result = await runTest(ctx, s, target);
    reportTest(s, target, result);
    return result;
  },
};

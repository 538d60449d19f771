import * as vscode from 'vscode';
import type { TestStatus } from '../../core/azure/test';
import { listScope } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/** What Test All Connections did (returned for tests). */
export interface TestAllOutcome {
  total: number;
  tested: number;
  byStatus: Record<TestStatus, number>;
  cancelled: boolean;
}

const ORDER: readonly TestStatus[] = ['connected', 'unauthenticated', 'forbidden', 'not-found', 'unreachable', 'throttled', 'error'];

/**
 * Test All Connections: every API connection of a subscription or resource group of the Azure
 * view (everything listed from the palette), several at a time within the client's limits, with a
 * cancellable progress notification. Each result is remembered (the view shows when each
 * connection was last tested); the failures go to the output, a summary to a message.
 */
export const testAllConnections: Command = {
  id: COMMANDS.testAllConnections,
  async run(ctx, arg): Promise<TestAllOutcome | undefined> {
    const listed = await listScope(ctx, arg, vscode.l10n.t('test connections'));
    if (!listed) return undefined;
    const { session: s, scope, where, connections } = listed;
    if (!connections.length) {
      void ui().showMessage('info', vscode.l10n.t('There is no API connection in {0}.', where), {});
      return { total: 0, tested: 0, byStatus: Object.fromEntries(ORDER.map((x) => [x, 0])) as Record<TestStatus, number>, cancelled: false };
    }
    const started = Date.now();
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing {0} connections of {1}', connections.length, where), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        return ctx.activity
          .run(vscode.l10n.t('Testing {0} connections…', connections.length), () =>
            s.azure.testAll(s.client, connections, {
              signal: abort.signal,
              ...(s.access.tenantId ? { tenantId: s.access.tenantId } : {}),
              onProgress: (p) => {
                const pct = (p.done / p.total) * 100;
                progress.report({ increment: pct - reported, message: vscode.l10n.t('{0} of {1} · {2} connected', p.done, p.total, p.byStatus.connected) });
                reported = pct;
              },
            }),
          )
          .finally(() => sub.dispose());
      },
    );
    ctx.history?.record(run.checked.map((c) => ({ id: c.connection.id, status: c.result.status, ...(c.result.httpStatus !== undefined ? { httpStatus: c.result.httpStatus } : {}), at: c.testedAt })));
    const byStatus = Object.fromEntries(ORDER.map((x) => [x, 0])) as Record<TestStatus, number>;
    for (const c of run.checked) byStatus[c.result.status]++;
    const failing = run.checked.filter((c) => c.result.status !== 'connected');
    for (const c of failing) ctx.log.info(s.azure.redact(`Test all: ${c.connection.name} (${c.connection.resourceGroup ?? '?'}): ${c.result.status}${c.result.httpStatus ? ` (HTTP ${c.result.httpStatus})` : ''}: ${c.result.explanation}`));
    const counts = ORDER.filter((x) => byStatus[x] > 0).map((x) => `${byStatus[x]} ${x}`).join(', ');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.log.info(`Test all connections of ${where}: ${run.checked.length} of ${connections.length} tested in ${seconds} s${run.cancelled ? ' (cancelled)' : ''}: ${counts || 'none'}.`);
    const text = run.cancelled
      ? vscode.l10n.t('Cancelled after {0} of {1} connections of {2}: {3}.', run.checked.length, connections.length, where, counts || vscode.l10n.t('none tested'))
      : vscode.l10n.t('Tested {0} connections of {1} in {2} s: {3}.', run.checked.length, where, seconds, counts);
    const showOutput = vscode.l10n.t('Show Output');
    const authorize = vscode.l10n.t('Authorize Unauthenticated…');
    const buttons = failing.length ? [...(byStatus.unauthenticated ? [authorize] : []), showOutput] : [];
    void ui()
      .showMessage(failing.length ? 'warning' : 'info', text, {}, ...buttons)
      .then((answer) => {
        if (answer === showOutput) void vscode.commands.executeCommand(COMMANDS.showOutput);
        else if (answer === authorize) void vscode.commands.executeCommand(COMMANDS.authorizeUnauthenticated, scope ? { scope } : undefined);
      });
    return { total: connections.length, tested: run.checked.length, byStatus, cancelled: run.cancelled };
  },
};

import * as vscode from 'vscode';
import type { TestConnectionResult } from '../../core/azure/test';
import type { AzureSession } from '../azure';
import type { CommandContext } from '../commands/types';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import { buttonsFor, severityOf } from '../model/connectionLogic';
import type { ResolvedTarget } from './pick';

/** A progress notification already shown by the caller: the test reports in it instead of opening its own. */
export interface ShownProgress {
  progress: vscode.Progress<{ message?: string }>;
  token: vscode.CancellationToken;
}

/**
 * Test a connection (its test link, else its test request) with a cancellable notification and
 * the status bar activity, log one line, then read the connection again for the Azure view and
 * fetch its facts again (its problems follow). Never throws for Azure failures.
 *
 * `within`: the caller's own progress notification (Authorize's "Completing…"). The workbench
 * toasts at most three new notifications in 800 ms and sends the rest to the notification center
 * unseen, so a flow of several steps reports in one notification and then its result.
 */
export async function runTest(ctx: CommandContext, s: AzureSession, target: ResolvedTarget, within?: ShownProgress): Promise<TestConnectionResult> {
  const id = target.connectionId;
  const started = Date.now();
  const test = (token: vscode.CancellationToken) => {
    const abort = new AbortController();
    if (token.isCancellationRequested) abort.abort();
    const sub = token.onCancellationRequested(() => abort.abort());
    return ctx.activity
      .run(vscode.l10n.t('Testing {0}…', target.name), () =>
        s.client.testConnection(id, { signal: abort.signal, ...(s.access.tenantId ? { tenantId: s.access.tenantId } : {}) }),
      )
      .finally(() => sub.dispose());
  };
  let result: TestConnectionResult;
  if (within) {
    within.progress.report({ message: vscode.l10n.t('testing the connection…') });
    result = await test(within.token);
  } else {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing connection "{0}"…', target.name), cancellable: true },
      (_progress, token) => test(token),
    );
  }
  const ms = Date.now() - started;
  ctx.log.info(
    s.azure.redact(
      `Test connection ${target.name}: ${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus}${result.code ? ` ${result.code}` : ''})` : result.code ? ` (${result.code})` : ''} via ${result.via ?? 'none'} in ${ms} ms.`,
    ),
  );
  if (result.status !== 'connected' && !isCancelled(result)) ctx.log.info(s.azure.redact(`Test connection ${target.name}: the service said: ${result.message}`));
  if (!isCancelled(result)) {
    ctx.history?.record([{ id, status: result.status, ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}), at: Date.now() }]);
    await Promise.allSettled([ctx.catalog.update(id), ctx.azure.refresh([id])]);
  }
  return result;
}

export function isCancelled(r: TestConnectionResult): boolean {
  return r.status === 'error' && r.code === 'Cancelled';
}

/**
 * Tell the user what the test found (not awaited: the buttons act when clicked). Connected is an
 * information message; a slow or throttled answer a warning; the rest an error, with the
 * service's message, what it means and what to do.
 */
export function reportTest(s: AzureSession, target: ResolvedTarget, result: TestConnectionResult): void {
  if (isCancelled(result)) {
    void ui().showMessage('info', vscode.l10n.t('The test of connection "{0}" was cancelled.', target.name), {});
    return;
  }
  if (result.status === 'connected') {
    void ui().showMessage('info', vscode.l10n.t('Connection "{0}" works: {1}', target.name, s.azure.redact(result.message)), {});
    return;
  }
  const labels = {
    authorize: vscode.l10n.t('Authorize…'),
    portal: vscode.l10n.t('Open in Portal'),
    diagnose: vscode.l10n.t('Diagnose'),
  };
  const buttons = buttonsFor(result.status);
  const severity = severityOf(result.status);
  // A notification stays short enough to be read (and shown at all in a small window): the
  // service's own message (trace and correlation ids…) goes to the output when the explanation
  // already names its AADSTS code, and is cut otherwise.
  const service = result.aadsts?.length ? '' : shorten(result.message, 240);
  const text = s.azure.redact(
    vscode.l10n.t('Connection "{0}" — {1}: {2} {3} Next: {4}', target.name, result.status, service, result.explanation, result.nextStep).replace(/ {2,}/g, ' '),
  );
  void ui()
    .showMessage(severity, text, {}, ...buttons.map((b) => labels[b]))
    .then((answer) => {
      const chosen = buttons.find((b) => labels[b] === answer);
      const command =
        chosen === 'authorize' ? COMMANDS.authorizeConnection : chosen === 'portal' ? COMMANDS.openInPortal : chosen === 'diagnose' ? COMMANDS.diagnoseConnection : undefined;
      if (command) void vscode.commands.executeCommand(command, target);
    });
}

/** At most `max` characters, cut at a word with an ellipsis. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return `${(at > max / 2 ? cut.slice(0, at) : cut).trimEnd()}…`;
}

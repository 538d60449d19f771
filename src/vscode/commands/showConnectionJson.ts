import * as vscode from 'vscode';
import { azureDocuments } from '../connections/documents';
import { withoutParameterValues } from '../model/connectionLogic';
import { sessionAndTarget } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/**
 * Show JSON: the connection resource as Azure returns it (GET), parameter values hidden and the
 * rest redacted, as a read-only JSON document (`lac-azure:`). Returns the text shown.
 */
export const showConnectionJson: Command = {
  id: COMMANDS.showConnectionJson,
  async run(ctx, arg): Promise<string | undefined> {
    const got = await sessionAndTarget(ctx, arg, vscode.l10n.t('show connections'), vscode.l10n.t('Show JSON'));
    if (!got) return undefined;
    const { s, target } = got;
    const parts = s.azure.parseConnectionId(target.connectionId)!;
    const r = await ctx.activity.run(vscode.l10n.t('Reading {0}…', target.name), () =>
      s.client.send('GET', s.azure.connectionPath(parts), { apiVersion: s.client.apiVersions.connections }),
    );
    if (!r.ok) {
      ctx.log.warn(s.azure.redact(`Show JSON ${target.name}: ${r.error.kind}${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Connection "{0}" could not be read: {1}', target.name, r.error.message)), {});
      return undefined;
    }
    const text = s.azure.redact(JSON.stringify(s.azure.redactDeep(withoutParameterValues(r.value.body)), null, 2)) + '\n';
    await azureDocuments.show(azureDocuments.uriFor('json', target.connectionId, target.name), text);
    return text;
  },
};

import * as vscode from 'vscode';
import type { AzureSession } from '../azure';
import { toConnectionTarget } from '../model/connectionTarget';
import { azureDocuments } from '../connections/documents';
import { requireSession } from '../connections/pick';
import { toCustomApiTarget, type CustomApiTarget } from '../model/customApiTarget';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command, CommandContext } from './types';

/**
 * Show Connector Definition: a custom connector (`Microsoft.Web/customApis`) as Resource Manager
 * returns it (connection parameters with their OAuth settings, the OpenAPI definition; ARM never
 * returns a client secret, and any secret-looking value is hidden), as a read-only JSON document
 * (`lac-azure:`). Takes a custom connector node or id, a connection made from a custom connector,
 * or asks. Returns the text shown.
 */
export const showConnectorDefinition: Command = {
  id: COMMANDS.showConnectorDefinition,
  async run(ctx, arg): Promise<string | undefined> {
    const s = requireSession(ctx, vscode.l10n.t('show custom connector definitions'));
    if (!s) return undefined;
    const target = await customApiOf(ctx, s, arg);
    if (!target) return undefined;
    const r = await ctx.activity.run(vscode.l10n.t('Reading {0}…', target.name), () => s.azure.getCustomApi(s.client, target.customApiId));
    if (!r.ok) {
      ctx.log.warn(s.azure.redact(`Show Connector Definition ${target.name}: ${r.error.kind}${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Custom connector "{0}" could not be read: {1}', target.name, r.error.message)), {});
      return undefined;
    }
    const text = s.azure.redact(JSON.stringify(s.azure.redactDeep(s.azure.withoutSecrets(r.value.resource)), null, 2)) + '\n';
    await azureDocuments.show(azureDocuments.uriForCustomApi('definition', target.customApiId, target.name), text);
    return text;
  },
};

/**
 * The custom connector of the argument: a custom connector (node or id), or a connection made
 * from one (its `api.id`, from the listing or read from Azure). Without an argument, a pick of
 * the account's custom connectors. Undefined after telling the user why there is none.
 */
async function customApiOf(ctx: CommandContext, s: AzureSession, arg: unknown): Promise<CustomApiTarget | undefined> {
  const direct = toCustomApiTarget(arg, { viaConnection: true });
  if (direct) return direct;
  const conn = arg === undefined ? undefined : toConnectionTarget(arg);
  if (conn?.connectionId) {
    const listed = ctx.catalog.find(conn.connectionId);
    let apiId = listed?.api.id;
    if (!apiId) {
      const r = await ctx.activity.run(vscode.l10n.t('Reading {0}…', conn.name), () => s.client.getConnection(conn.connectionId!));
      apiId = r.ok ? r.value.api.id : undefined;
    }
    const t = toCustomApiTarget(apiId ?? '');
    if (t) return t;
    void ui().showMessage('info', vscode.l10n.t('Connection "{0}" is not made from a custom connector.', conn.name), {});
    return undefined;
  }
  if (arg !== undefined) ctx.log.warn('Show Connector Definition: the argument is not a custom connector or a connection; asking instead.');
  const listing = await ctx.catalog.list();
  const apis = listing.state === 'ok' ? listing.customApis : [];
  const items: (vscode.QuickPickItem & { target?: CustomApiTarget })[] = apis.length
    ? apis.map((a) => ({ label: a.name, description: [a.displayName, a.resourceGroup].filter(Boolean).join(' · '), target: { customApiId: a.id, name: a.name } }))
    : [{ label: vscode.l10n.t('No custom connectors found'), description: vscode.l10n.t('in the selected subscriptions') }];
  const picked = await ui().showQuickPick(
    items,
    { title: vscode.l10n.t('Show Connector Definition'), placeHolder: vscode.l10n.t('Pick a custom connector'), matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.target;
}

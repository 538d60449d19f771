import * as vscode from 'vscode';
import type { AccessPolicy } from '../../core/azure/model';
import { developerPolicyName } from '../../core/localAuth';
import { sessionAndTarget } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/** What Add Access Policy did (returned for tests). */
export interface AddAccessPolicyOutcome {
  connectionId: string;
  added: boolean;
  policy: AccessPolicy;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface WhoItem extends vscode.QuickPickItem {
  who?: { objectId: string; tenantId?: string; name?: string; me: boolean };
}

/**
 * Add Access Policy…: give an identity an access policy on a V2 connection (PUT
 * `{id}/accessPolicies/{name}` with the official extension's body, on the active cloud's Resource
 * Manager endpoint). You (the signed-in identity) or another object id. V1 connections have none:
 * said, nothing sent. Nothing is sent when the identity already has one. Afterwards the
 * connection's facts are read again, so LAC063 goes away.
 */
export const addAccessPolicy: Command = {
  id: COMMANDS.addAccessPolicy,
  async run(ctx, arg): Promise<AddAccessPolicyOutcome | undefined> {
    const got = await sessionAndTarget(ctx, arg, vscode.l10n.t('add access policies'), vscode.l10n.t('Add Access Policy'));
    if (!got) return undefined;
    const { s, target } = got;
    const id = target.connectionId;
    const c = await ctx.activity.run(vscode.l10n.t('Reading {0}…', target.name), () => s.client.getConnection(id));
    if (!c.ok) {
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Connection "{0}" could not be read: {1}', target.name, c.error.message)), {});
      return undefined;
    }
    if (c.value.kind === 'V1') {
      void ui().showMessage('warning', vscode.l10n.t('"{0}" is a V1 connection: V1 connections have no access policies (only V2 connections, which Logic Apps Standard uses, have them).', target.name), {});
      return undefined;
    }
    const me = await s.client.signedInIdentity();
    const items: WhoItem[] = [];
    if (me.ok && me.value.objectId) {
      items.push({
        label: vscode.l10n.t('You'),
        description: `${me.value.name ? `${me.value.name} · ` : ''}${me.value.objectId}`,
        detail: vscode.l10n.t('For local runs in managed-identity mode'),
        who: { objectId: me.value.objectId, ...(me.value.tenantId ? { tenantId: me.value.tenantId } : {}), ...(me.value.name ? { name: me.value.name } : {}), me: true },
      });
    }
    items.push({ label: vscode.l10n.t('Another identity…'), detail: vscode.l10n.t("An object id: a Logic App's managed identity, a colleague") });
    const picked = items.length === 1 ? items[0] : await ui().showQuickPick(items, { title: vscode.l10n.t('Add Access Policy to "{0}"', target.name), placeHolder: vscode.l10n.t('Who may call the connection?'), ignoreFocusOut: true });
    if (!picked) return undefined;
    let who = picked.who;
    if (!who) {
      const objectId = await ui().showInputBox({
        title: vscode.l10n.t('Add Access Policy to "{0}"', target.name),
        prompt: vscode.l10n.t('The object id of the identity (for a Logic App: the principal id of its managed identity)'),
        ignoreFocusOut: true,
        validateInput: (v) => (GUID.test(v.trim()) ? undefined : vscode.l10n.t('An object id is a GUID')),
      });
      if (!objectId) return undefined;
      const tenantId = await ui().showInputBox({
        title: vscode.l10n.t('Add Access Policy to "{0}"', target.name),
        prompt: vscode.l10n.t('Its tenant id'),
        value: (me.ok ? me.value.tenantId : undefined) ?? s.access.tenantId ?? '',
        ignoreFocusOut: true,
        validateInput: (v) => (GUID.test(v.trim()) ? undefined : vscode.l10n.t('A tenant id is a GUID')),
      });
      if (!tenantId) return undefined;
      who = { objectId: objectId.trim(), tenantId: tenantId.trim(), me: false };
    }
    const tenantId = who.tenantId ?? s.access.tenantId;
    if (!tenantId) {
      void ui().showMessage('error', vscode.l10n.t('The tenant of the identity is unknown: sign in to a tenant first.'), {});
      return undefined;
    }
    const whoText = who.me ? vscode.l10n.t('you') : vscode.l10n.t('object id {0}', who.objectId);
    const policies = await ctx.activity.run(vscode.l10n.t('Reading the access policies of {0}…', target.name), () => s.client.listAccessPolicies(id));
    if (policies.ok) {
      const existing = s.azure.policyFor(policies.value, { objectId: who.objectId, tenantId });
      if (existing) {
        void ui().showMessage('info', vscode.l10n.t('"{0}" already has access policy "{1}" for {2}: nothing was sent.', target.name, existing.name, whoText), {});
        return { connectionId: id, added: false, policy: existing };
      }
    }
    const name = who.me ? developerPolicyName(who.objectId, who.name) : who.objectId;
    const r = await ctx.activity.run(vscode.l10n.t('Adding an access policy to {0}…', target.name), () => s.client.createAccessPolicy(id, { objectId: who!.objectId, tenantId, name }, { connection: c.value }));
    if (!r.ok) {
      ctx.log.warn(s.azure.redact(`Add access policy ${target.name}: ${r.error.kind}${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('The access policy was not added to "{0}": {1}', target.name, r.error.message)), {});
      return undefined;
    }
    ctx.log.info(s.azure.redact(`Add access policy ${target.name}: "${r.value.name}" for object id ${who.objectId}.`));
    void ui().showMessage('info', vscode.l10n.t('Added access policy "{0}" for {1} to "{2}".', r.value.name, whoText, target.name), {});
    await ctx.azure.refresh([id]);
    return { connectionId: id, added: true, policy: r.value };
  },
};

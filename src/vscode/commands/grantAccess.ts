import * as vscode from 'vscode';
import type { GrantPlan } from '../../core/azure/index';
import { requireSession } from '../connections/pick';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

const isPlan = (v: unknown): v is GrantPlan => {
  const p = v as Partial<GrantPlan> | undefined;
  return !!p && typeof p.principalId === 'string' && typeof p.scope === 'string' && typeof p.roleDefinitionGuid === 'string' && typeof p.roleName === 'string';
};

/**
 * Grant Access…: from a role-assignment finding (its plan: principal, least-privilege built-in role,
 * scope), shows what will be created and asks (a modal dialog; another role only when picked), then
 * creates the role assignment (PUT Microsoft.Authorization/roleAssignments/{new guid}). Trusted
 * workspaces only (`requireSession`). Returns the role assignment's id, or undefined.
 */
export const grantAccess: Command = {
  id: COMMANDS.grantAccess,
  async run(ctx, arg): Promise<string | undefined> {
    const s = requireSession(ctx, vscode.l10n.t('grant access'));
    if (!s) return undefined;
    const given = isPlan(arg) ? arg : isPlan((arg as { grant?: unknown } | undefined)?.grant) ? (arg as { grant: GrantPlan }).grant : undefined;
    if (!given) {
      void ui().showMessage('info', vscode.l10n.t('Grant Access works on a missing role assignment: run Diagnose Identities and Credentials (or Diagnose Connection) first.'), {});
      return undefined;
    }
    let plan: GrantPlan = { ...given };
    const grant = vscode.l10n.t('Grant');
    const other = vscode.l10n.t('Choose Another Role…');
    for (;;) {
      const detail = [
        vscode.l10n.t('Principal: {0} (object id {1})', plan.principalLabel, plan.principalId),
        vscode.l10n.t('Role: {0}', plan.roleName),
        vscode.l10n.t('Scope: {0}', plan.scope),
        ...(plan.needs.length ? [vscode.l10n.t('Needed there: {0}', plan.needs.join(', '))] : []),
      ].join('\n');
      const answer = await ui().showMessage('warning', vscode.l10n.t('Grant {0} the role {1} on {2}?', plan.principalLabel, plan.roleName, plan.scopeLabel), { modal: true, detail }, grant, other);
      if (answer === grant) break;
      if (answer !== other) return undefined;
      const service = s.azure.BUILT_IN_ROLES.find((r) => r.id === given.roleDefinitionGuid)?.services[0];
      const needs = given.needs;
      const roles = s.azure.BUILT_IN_ROLES.filter((r) => !service || r.services.includes(service));
      const picked = await ui().showQuickPick(
        roles.map((r) => {
          const covers = needs.every((n) => s.azure.grants(r.permissions, isDataNeed(n) ? { dataAction: n } : { action: n }));
          return { label: r.name, description: r.id === given.roleDefinitionGuid ? vscode.l10n.t('least privilege for what is needed') : covers ? vscode.l10n.t('broader than needed') : vscode.l10n.t('does not grant what is needed'), role: r };
        }),
        { title: vscode.l10n.t('Role to grant {0} on {1}', plan.principalLabel, plan.scopeLabel) },
      );
      if (!picked) return undefined;
      plan = { ...plan, roleName: picked.role.name, roleDefinitionGuid: picked.role.id, command: plan.command.replace(/--role "[^"]*"/, `--role "${picked.role.name}"`) };
    }
    const r = await ctx.activity.run(vscode.l10n.t('Granting {0}…', plan.roleName), () => s.azure.executeGrant(s.client, plan));
    if (!r.ok) {
      ctx.log.warn(s.azure.redact(`Grant Access: ${r.error.kind} ${r.error.code ?? ''}: ${r.error.message}`));
      void ui().showMessage(
        'error',
        r.error.kind === 'forbidden'
          ? vscode.l10n.t('Azure refused the role assignment: creating one needs Microsoft.Authorization/roleAssignments/write on {0} (Owner, User Access Administrator or Role Based Access Control Administrator).', plan.scopeLabel)
          : vscode.l10n.t('The role assignment could not be created: {0}', s.azure.redact(r.error.message)),
        {},
      );
      return undefined;
    }
    ctx.log.info(s.azure.redact(`Grant Access: ${plan.roleName} for ${plan.principalLabel} on ${plan.scope}${r.value.alreadyExisted ? ' (existed already)' : ''}.`));
    void ui().showMessage(
      'info',
      r.value.alreadyExisted
        ? vscode.l10n.t('{0} already has {1} on {2}.', plan.principalLabel, plan.roleName, plan.scopeLabel)
        : vscode.l10n.t('Granted {0} the role {1} on {2}. Role assignments can take a few minutes to apply.', plan.principalLabel, plan.roleName, plan.scopeLabel),
      {},
    );
    return r.value.assignment?.id ?? plan.scope;
  },
};

/** Data actions (`…/blobs/read`, `…/send/action` of a data plane) as the doctor writes them: under a resource type's data path. */
function isDataNeed(n: string): boolean {
  return /^Microsoft\.(KeyVault\/vaults\/(secrets|keys|certificates)|Storage\/storageAccounts\/(blob|queue|table|file)Services|ServiceBus\/namespaces\/messages|EventHub\/namespaces\/messages)\//i.test(n);
}

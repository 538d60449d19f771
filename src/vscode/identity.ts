/**
 * What the editor's identity and credentials checks share: which Logic App runs a project (the
 * `lac.azure.logicApp` setting of its folder, else the one picked before, else a pick of the
 * account's Logic Apps), Microsoft Graph from the same sign-in (asking once for its consent), running
 * the doctor (src/core/identity) and offering Grant Access for a missing role.
 */
import * as vscode from 'vscode';
import type { GrantPlan, IdentityCheck, IdentityDiagnoseInput, IdentityReport } from '../core/azure';
import type { Project } from '../core/project';
import type { AzureSession } from './azure';
import type { CommandContext } from './commands/types';
import { COMMANDS, CONFIG_SECTION, LOGIC_APP_SETTING } from './model/ids';
import { ui } from './ui';

const MEMORY_KEY = 'lac.identity.logicApps';
/** The pick's answer "this project is not deployed" (remembered: not asked again). */
const NONE = '';

type Memory = Record<string, string>;

const memory = (ctx: CommandContext): Memory => ctx.extensionContext.workspaceState.get<Memory>(MEMORY_KEY) ?? {};

/** The Logic App of a project, without asking: the setting, else what was picked before (`''`: none). */
export function knownLogicApp(ctx: CommandContext, root: string): string | undefined {
  const setting = vscode.workspace.getConfiguration(CONFIG_SECTION, vscode.Uri.file(root)).get<string>(LOGIC_APP_SETTING);
  if (typeof setting === 'string' && setting.trim()) return setting.trim();
  return memory(ctx)[root];
}

interface AppItem extends vscode.QuickPickItem {
  appId: string;
}

/** The account's Logic Apps (Standard sites and Consumption workflows) with Resource Graph. */
async function listLogicApps(s: AzureSession, signal?: AbortSignal): Promise<AppItem[]> {
  const subs = await s.client.listSubscriptions({ ...(signal ? { signal } : {}) });
  if (!subs.ok) return [];
  const ids = subs.value.filter((x) => !x.state || !/^(disabled|deleted)$/i.test(x.state)).map((x) => x.subscriptionId);
  const names = new Map(subs.value.map((x) => [x.subscriptionId.toLowerCase(), x.displayName ?? x.subscriptionId]));
  const out: AppItem[] = [];
  for (const [type, label] of [
    ['microsoft.web/sites', vscode.l10n.t('Standard')],
    ['microsoft.logic/workflows', vscode.l10n.t('Consumption')],
  ] as const) {
    const r = await s.client.queryResourceGraph(`resources | where type =~ '${type}' | project id, name, kind, resourceGroup, subscriptionId`, ids, { ...(signal ? { signal } : {}) });
    if (!r.ok) continue;
    for (const row of r.value.items) {
      const id = typeof row.id === 'string' ? row.id : undefined;
      if (!id || (type === 'microsoft.web/sites' && typeof row.kind === 'string' && !/workflowapp/i.test(row.kind))) continue;
      out.push({ label: String(row.name ?? id.split('/').pop()), description: `${label} · ${String(row.resourceGroup ?? '')} · ${names.get(String(row.subscriptionId ?? '').toLowerCase()) ?? ''}`, appId: id });
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The Logic App of a project: known (setting, remembered), else asked (remembered for the
 * workspace; the setting `lac.azure.logicApp` of the folder keeps it for everyone).
 * Undefined: none (not deployed, or the user chose not to say).
 */
export async function logicAppFor(ctx: CommandContext, s: AzureSession, root: string, projectLabel: string): Promise<string | undefined> {
  const known = knownLogicApp(ctx, root);
  if (known !== undefined) return known || undefined;
  const none: AppItem = { label: vscode.l10n.t('None: check only what needs no Logic App'), description: vscode.l10n.t('the project is not deployed, or later'), appId: NONE };
  const picked = await ui().showQuickPick(
    listLogicApps(s).then((apps) => [...apps, none]),
    { title: vscode.l10n.t('Which Logic App runs {0}?', projectLabel), placeHolder: vscode.l10n.t('Its managed identity and role assignments are checked (remembered for this workspace; the setting lac.azure.logicApp keeps it in the folder)'), matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  await ctx.extensionContext.workspaceState.update(MEMORY_KEY, { ...memory(ctx), [root]: picked.appId });
  return picked.appId || undefined;
}

/** "Skip" was answered to the Graph sign-in: not asked again until the window reloads. */
let graphDeclined = false;

/** Run the doctor with Microsoft Graph (asking once for its consent when there is no Graph session). */
export async function runIdentityChecks(ctx: CommandContext, s: AzureSession, input: Omit<IdentityDiagnoseInput, 'graph' | 'graphUnavailable'>): Promise<IdentityReport> {
  const signIn = vscode.l10n.t('Sign In to Microsoft Graph');
  const g = await ctx.azure.graphClient(
    graphDeclined
      ? undefined
      : () =>
          ui()
            .showMessage('info', vscode.l10n.t('Checking app registrations\' secrets and the users who authorized connections needs Microsoft Graph (Application.Read.All, User.Read.All). Sign in for it?'), {}, signIn, vscode.l10n.t('Skip'))
            .then((a) => {
              graphDeclined = a !== signIn;
              return a === signIn;
            }),
  );
  if (g.unavailable) ctx.log.info(`Identity checks: Microsoft Graph not used: ${g.unavailable}.`);
  return s.azure.diagnoseIdentity(s.client, {
    ...input,
    ...(g.graph ? { graph: g.graph } : { graphUnavailable: g.unavailable ?? 'Microsoft Graph is not available' }),
    ...(s.access.tenantId ? { tenantId: s.access.tenantId } : {}),
  });
}

/** Offer Grant Access for the missing role assignments of a report (a message with a button). */
export async function offerGrants(checks: readonly Pick<IdentityCheck, 'grant'>[]): Promise<void> {
  const plans = checks.map((c) => c.grant).filter((g): g is GrantPlan => !!g);
  if (!plans.length) return;
  const grant = vscode.l10n.t('Grant Access…');
  const message =
    plans.length === 1
      ? vscode.l10n.t('{0} has no role that lets it reach {1}: calls will fail with 403 Forbidden.', plans[0]!.principalLabel, plans[0]!.scopeLabel)
      : vscode.l10n.t('{0} role assignments are missing: calls will fail with 403 Forbidden.', plans.length);
  const answer = await ui().showMessage('warning', message, {}, grant);
  if (answer !== grant) return;
  let plan: GrantPlan | undefined = plans[0];
  if (plans.length > 1) {
    const picked = await ui().showQuickPick(
      plans.map((p) => ({ label: p.scopeLabel, description: `${p.roleName} → ${p.principalLabel}`, plan: p })),
      { title: vscode.l10n.t('Grant Access'), placeHolder: vscode.l10n.t('Which role assignment?') },
    );
    plan = picked?.plan;
  }
  if (plan) await vscode.commands.executeCommand(COMMANDS.grantAccess, plan);
}

/** The workspace project a command argument names: a folder path, `{projectRoot}` or a tree project node. */
export function projectRootOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { projectRoot?: unknown; model?: { root?: unknown }; workspace?: { projectRoot?: unknown }; target?: { workspace?: { projectRoot?: unknown } } };
  const root = o.projectRoot ?? o.model?.root ?? o.workspace?.projectRoot ?? o.target?.workspace?.projectRoot;
  return typeof root === 'string' ? root : undefined;
}

export type { Project };

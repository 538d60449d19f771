import * as vscode from 'vscode';
import type { DiagnoseInput, DiagnosisReport } from '../../core/azure/diagnose';
import { policyNeedOf } from '../../core/accessIdentity';
import { type AzureIdentity } from '../../core/azureFacts';
import { entryAuth, localAuthMode } from '../../core/localAuth';
import { connectionKeyValue } from '../../core/localSettings';
import type { WorkspaceEntryRef } from '../model/connectionTarget';
import { azureDocuments } from '../connections/documents';
import { requireSession, sessionAndTarget } from '../connections/pick';
import { findProject, settingsNow } from '../connections/workspace';
import { toCustomApiTarget, type CustomApiTarget } from '../model/customApiTarget';
import { COMMANDS } from '../model/ids';
import { knownLogicApp, offerGrants, runIdentityChecks } from '../identity';
import type { Command, CommandContext } from './types';
import { managedConnections } from '../../core/connections';

/**
 * Diagnose Connection: status, kind, who authorized it, a live test, access policies against the
 * identity that calls it locally (for a workspace entry: by its project's local authentication
 * mode; else the signed-in developer), OAuth consent and, for a workspace entry, the expiry of its
 * connection key, as a read-only Markdown report (`lac-azure:`); the identity checks about it (its
 * authorizing user, its tenant and, for a workspace entry whose project names its Logic App, the
 * roles its managed-identity target needs, with Grant Access). A connection made from a custom
 * connector also gets the connector's OAuth checklist. On a custom connector (Azure view), the
 * connector and the connections made from it. Returns the report.
 */
export const diagnoseConnection: Command = {
  id: COMMANDS.diagnoseConnection,
  async run(ctx, arg): Promise<DiagnosisReport | undefined> {
    const custom = toCustomApiTarget(arg);
    if (custom) return diagnoseCustomApi(ctx, custom);
    const got = await sessionAndTarget(ctx, arg, vscode.l10n.t('diagnose connections'), vscode.l10n.t('Diagnose Connection'));
    if (!got) return undefined;
    const { s, target } = got;
    const started = Date.now();
    let cancelled = false;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing connection "{0}"…', target.name), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => {
          cancelled = true;
          abort.abort();
        });
        return ctx.activity
          .run(vscode.l10n.t('Diagnosing {0}…', target.name), async () => {
            const who = await s.client.signedInIdentity({ signal: abort.signal });
            const developer = who.ok && who.value.objectId ? { objectId: who.value.objectId, ...(who.value.tenantId ? { tenantId: who.value.tenantId } : {}), ...(who.value.name ? { name: who.value.name } : {}) } : undefined;
            const local = target.workspace ? workspaceFacts(ctx, target.workspace, developer) : undefined;
            // A workspace entry: the identity its project's local mode uses; else the developer.
            const expectedIdentity = local ? local.expectedIdentity : developer ? s.azure.expectedIdentityOfUser(developer) : undefined;
            if (local?.connectionKey) s.azure.registerSecret(local.connectionKey);
            // Who uses it: the view's index when it covers the connection's subscription, else a lookup there.
            const sub = s.azure.parseConnectionId(target.connectionId)?.subscriptionId.toLowerCase();
            const usage = ctx.usage ? await ctx.usage.index() : undefined;
            const users: Pick<DiagnoseInput, 'usage' | 'findUsers'> =
              usage?.ok && usage.index.subscriptionIds.some((x) => x.toLowerCase() === sub) ? { usage: usage.index } : { findUsers: {} };
            const input: DiagnoseInput = {
              ...users,
              connectionId: target.connectionId,
              signal: abort.signal,
              ...(expectedIdentity ? { expectedIdentity } : {}),
              ...(local?.noIdentityReason ? { noIdentityReason: local.noIdentityReason } : {}),
              ...(s.access.tenantId ? { tenantId: s.access.tenantId } : {}),
              ...(local?.projectKind ? { projectKind: local.projectKind } : {}),
              ...(local?.connectionKey ? { connectionKey: local.connectionKey } : {}),
            };
            const report = await s.azure.diagnoseConnection(s.client, input);
            // Identities and credentials about this connection: its user, its tenant and, with the
            // project's Logic App (lac.azure.logicApp or picked before), the roles its target needs.
            const project = target.workspace ? findProject(ctx.controller.projects(), target.workspace.projectRoot) : undefined;
            const appId = project ? knownLogicApp(ctx, project.root) : undefined;
            const identity = await runIdentityChecks(ctx, s, {
              connection: { id: target.connectionId, ...(target.workspace ? { name: target.workspace.name } : {}) },
              ...(project && project.kind === 'standard' ? { project } : {}),
              ...(appId ? { appId } : {}),
              signal: abort.signal,
            });
            return s.azure.withIdentity(report, identity);
          })
          .finally(() => sub.dispose());
      },
    );
    if (cancelled) {
      ctx.log.info(`Diagnose ${target.name}: cancelled.`);
      return undefined;
    }
    ctx.log.info(s.azure.redact(`Diagnose ${target.name}: ${report.overall} (${report.checks.length} checks, ${report.errors.length} failed steps) in ${Date.now() - started} ms.`));
    const markdown = s.azure.toMarkdown(report);
    await azureDocuments.show(azureDocuments.uriFor('diagnosis', target.connectionId, target.name), markdown);
    void offerGrants(report.checks);
    return report;
  },
};

/** Diagnose a custom connector: its OAuth settings, checklist and the connections made from it. */
async function diagnoseCustomApi(ctx: CommandContext, target: CustomApiTarget): Promise<DiagnosisReport | undefined> {
  const s = requireSession(ctx, vscode.l10n.t('diagnose custom connectors'));
  if (!s) return undefined;
  let cancelled = false;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing custom connector "{0}"…', target.name), cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => {
        cancelled = true;
        abort.abort();
      });
      return ctx.activity
        .run(vscode.l10n.t('Diagnosing {0}…', target.name), () =>
          s.azure.diagnoseCustomApi(s.client, { customApiId: target.customApiId, signal: abort.signal, ...(s.access.tenantId ? { tenantId: s.access.tenantId } : {}) }),
        )
        .finally(() => sub.dispose());
    },
  );
  if (cancelled) return undefined;
  ctx.log.info(s.azure.redact(`Diagnose custom connector ${target.name}: ${report.overall} (${report.checks.length} checks).`));
  await azureDocuments.show(azureDocuments.uriForCustomApi('diagnosis', target.customApiId, target.name), s.azure.toMarkdown(report));
  return report;
}

interface WorkspaceFacts {
  projectKind?: DiagnoseInput['projectKind'];
  connectionKey?: string;
  expectedIdentity?: DiagnoseInput['expectedIdentity'];
  noIdentityReason?: string;
}

/**
 * What the workspace knows of an entry: its project's kind, the connection key of
 * local.settings.json (for entries that may read one), and who calls it locally by the project's
 * local authentication mode (the developer in managed-identity mode, nobody in key mode).
 */
function workspaceFacts(ctx: CommandContext, ref: WorkspaceEntryRef, developer: AzureIdentity | undefined): WorkspaceFacts {
  const project = findProject(ctx.controller.projects(), ref.projectRoot);
  if (!project) return {};
  const entry = ref.section === 'managedApiConnections' ? managedConnections(project).find((r) => r.name === ref.name) : undefined;
  const projectKind = project.kind !== 'customConnector' && project.kind !== 'template' ? { projectKind: project.kind } : {};
  if (!entry) return projectKind;
  const now = settingsNow(project);
  const auth = entryAuth(now, entry.entry);
  const connectionKey = auth.kind === 'msi' || auth.kind === 'oauth' ? undefined : connectionKeyValue(now, entry.name, entry.entry);
  const need = policyNeedOf({ auth, mode: localAuthMode({ kind: project.kind, ...(now.localSettings ? { localSettings: now.localSettings } : {}) }), ...(developer ? { developer } : {}) });
  return {
    ...projectKind,
    ...(connectionKey ? { connectionKey } : {}),
    ...(need.kind === 'identity' ? { expectedIdentity: need.identity } : { noIdentityReason: need.why }),
  };
}

import * as vscode from 'vscode';
import type { IdentityReport } from '../../core/azure/index';
import { folderLabel, requireSession } from '../connections/pick';
import { azureDocuments } from '../connections/documents';
import { findProject } from '../connections/workspace';
import { COMMANDS } from '../model/ids';
import { logicAppFor, offerGrants, projectRootOf, runIdentityChecks } from '../identity';
import { ui } from '../ui';
import type { Command } from './types';

/**
 * Diagnose Identities and Credentials: for a workspace project and the Logic App that runs it, the
 * managed identity, the role assignments each managed-identity call needs, the app registrations'
 * secrets and certificates, the users who authorized its connections and their tenants, with a
 * calendar of what expires, as a read-only Markdown report; then Grant Access for a missing role.
 * Returns the report.
 */
export const diagnoseIdentity: Command = {
  id: COMMANDS.diagnoseIdentity,
  async run(ctx, arg): Promise<IdentityReport | undefined> {
    const s = requireSession(ctx, vscode.l10n.t('check identities and credentials'));
    if (!s) return undefined;
    const projects = ctx.controller.projects().filter((p) => p.kind === 'standard');
    let root = projectRootOf(arg);
    if (!root) {
      if (projects.length === 1) root = projects[0]!.root;
      else {
        const picked = await ui().showQuickPick(
          projects.map((p) => ({ label: folderLabel(p.root), root: p.root })),
          { title: vscode.l10n.t('Diagnose Identities and Credentials'), placeHolder: projects.length ? vscode.l10n.t('Which project?') : vscode.l10n.t('No Logic Apps Standard project in the workspace') },
        );
        root = picked?.root;
      }
    }
    const project = root ? findProject(ctx.controller.projects(), root) : undefined;
    if (!project) return undefined;
    const label = folderLabel(project.root);
    const appId = await logicAppFor(ctx, s, project.root, label);
    let cancelled = false;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking identities and credentials of {0}…', label), cancellable: true },
      (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => {
          cancelled = true;
          abort.abort();
        });
        return ctx.activity
          .run(vscode.l10n.t('Checking identities of {0}…', label), () => runIdentityChecks(ctx, s, { ...(appId ? { appId } : {}), project, signal: abort.signal }))
          .finally(() => sub.dispose());
      },
    );
    if (cancelled) return undefined;
    ctx.log.info(s.azure.redact(`Identity checks of ${label}: ${report.overall} (${report.checks.length} checks, ${report.calendar.length} dates${appId ? `, app ${appId}` : ', no Logic App'}).`));
    const uri = vscode.Uri.from({ scheme: 'lac-azure', path: `/identity/${encodeURIComponent(label || 'project')}.identity.md` });
    await azureDocuments.show(uri, s.azure.identityToMarkdown(report, label));
    void offerGrants(report.checks);
    return report;
  },
};

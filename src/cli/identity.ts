/**
 * The identity and credentials doctor for `lac diagnose` (src/core/identity): the Logic App of
 * `--app`, the project on disk (its workflows, connections, parameters and local settings) and
 * Microsoft Graph (graph.ts).
 */
import type { DiagnosisReport, IdentityReport } from '../core/azure';
import { discoverOnDisk, readText } from '../core/fs';
import { loadProject, type Project } from '../core/project';
import type { AzureSession } from './azure';
import { openGraph } from './graph';

/** The Standard project rooted at `root` (workflows included), as the core reads it. */
export function loadCoreProject(root: string): Project | undefined {
  const layout = discoverOnDisk([root]).find((l) => l.kind === 'standard' && l.root === root) ?? discoverOnDisk([root]).find((l) => l.kind === 'standard');
  return layout ? loadProject(layout, readText) : undefined;
}

export async function identityReportFor(s: AzureSession, input: { appId?: string; projectRoot?: string; connection?: { id: string }; connectionIds?: string[] }): Promise<IdentityReport> {
  const project = input.projectRoot ? loadCoreProject(input.projectRoot) : undefined;
  const g = openGraph(s);
  return s.azure.diagnoseIdentity(s.client, {
    ...(input.appId ? { appId: input.appId } : {}),
    ...(project ? { project } : {}),
    ...(input.connection ? { connection: input.connection } : {}),
    ...(input.connectionIds ? { connectionIds: input.connectionIds } : {}),
    ...(g.graph ? { graph: g.graph } : {}),
    ...(g.unavailable ? { graphUnavailable: g.unavailable } : {}),
    ...(s.opts.tenant ? { tenantId: s.opts.tenant } : {}),
    ...(s.opts.subscriptions.length ? { subscriptionIds: s.opts.subscriptions } : {}),
  });
}

/** A connection's report with the doctor's checks about it (authorized user, tenant, its target's roles). */
export function withIdentity(report: DiagnosisReport, identity: IdentityReport): DiagnosisReport {
  if (!identity.checks.length && !identity.calendar.length) return report;
  report.checks.push(...identity.checks);
  report.identity = { ...(identity.app ? { app: identity.app } : {}), calendar: identity.calendar };
  for (const e of identity.errors) if (!report.errors.some((x) => x.step === e.step)) report.errors.push(e);
  report.overall = report.checks.some((c) => c.severity === 'error') ? 'error' : report.checks.some((c) => c.severity === 'warning') || report.errors.length ? 'warning' : 'ok';
  return report;
}

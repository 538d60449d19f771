/**
 * The identity and credentials doctor for `lac diagnose` (src/core/identity): the Logic App of
 * `--app`, the project on disk (its workflows, connections, parameters and local settings) and
 * Microsoft Graph (graph.ts).
 */
import type { IdentityReport } from '../core/azure';
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

export { withIdentity } from '../core/identity/merge';

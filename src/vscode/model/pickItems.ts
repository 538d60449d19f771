// Pure (no `vscode` import): what the connection pick offers, workspace entries first, then Azure's.
import type { ConnectionFact } from '../../core/azureFacts';
import type { ConnectionInfo, SubscriptionInfo } from '../../core/azure/model';
import type { Project } from '../../core/project';
import type { ConnectionTarget } from './connectionTarget';
import { connectionKey, managedConnections } from '../../core/connections';

export interface PickEntry {
  group: 'workspace' | 'azure';
  label: string;
  description: string;
  target: ConnectionTarget;
}

/** A connection's status for the pick, from the facts the rules use. */
export function statusOfFact(fact: ConnectionFact | undefined): string | undefined {
  if (!fact) return undefined;
  if (fact.state === 'found') return fact.connection.status;
  if (fact.state === 'not-found') return 'not found in Azure';
  return 'status unknown';
}

/**
 * The managed API connections of the workspace's projects whose connection id resolves, in
 * project then file order. `folderOf` names a project's folder (relative to the workspace);
 * `statusOf` gives what Azure said of an id, when known.
 */
export function workspacePickEntries(
  projects: readonly Project[],
  folderOf: (root: string) => string,
  statusOf: (id: string) => string | undefined,
): PickEntry[] {
  const out: PickEntry[] = [];
  const sorted = [...projects].sort((a, b) => folderOf(a.root).localeCompare(folderOf(b.root)));
  for (const project of sorted) {
    for (const ref of managedConnections(project)) {
      if (!ref.id) continue;
      const folder = folderOf(project.root);
      const status = statusOf(ref.id);
      out.push({
        group: 'workspace',
        label: ref.name,
        description: [folder, status].filter(Boolean).join(' · '),
        target: {
          connectionId: ref.id,
          name: ref.name,
          workspace: { projectRoot: project.root, connectionsPath: ref.file.path, section: 'managedApiConnections', name: ref.name },
        },
      });
    }
  }
  return out;
}

/**
 * The account's connections (a catalog listing), by name; `exclude` (connection keys) leaves out
 * the ones already offered as workspace entries.
 */
export function azurePickEntries(connections: readonly ConnectionInfo[], subscriptions: readonly SubscriptionInfo[], exclude: ReadonlySet<string> = new Set()): PickEntry[] {
  const subName = new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName ?? s.subscriptionId]));
  return connections
    .filter((c) => !exclude.has(connectionKey(c.id)))
    .map((c) => {
      const sub = c.subscriptionId ? (subName.get(c.subscriptionId.toLowerCase()) ?? c.subscriptionId) : undefined;
      return {
        group: 'azure' as const,
        label: c.name,
        description: [c.status, c.resourceGroup, sub].filter(Boolean).join(' · '),
        target: { connectionId: c.id, name: c.name },
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label) || a.description.localeCompare(b.description));
}

// Pure (no `vscode` import): what "all connections of …" commands act on (Test All Connections,
// Authorize Unauthenticated Connections): a subscription, a resource group of one, or everything
// listed. A tree node of the Azure view carries one as `scope`.
import type { ConnectionInfo } from '../../core/azure/model';

export interface ConnectionScope {
  subscriptionId?: string;
  /** With `subscriptionId`: one resource group of it. */
  resourceGroup?: string;
  /** For messages: the subscription's or the group's name. */
  label?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The scope of a command argument (`{scope}` of a tree node, or a scope itself); undefined: everything. */
export function toConnectionScope(arg: unknown): ConnectionScope | undefined {
  if (!isObj(arg)) return undefined;
  const s = isObj(arg.scope) ? arg.scope : arg;
  const subscriptionId = str(s.subscriptionId);
  if (!subscriptionId) return undefined;
  const resourceGroup = str(s.resourceGroup);
  const label = str(s.label);
  return { subscriptionId, ...(resourceGroup ? { resourceGroup } : {}), ...(label ? { label } : {}) };
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** The connections inside a scope (all of them without one). */
export function inScope(connections: readonly ConnectionInfo[], scope: ConnectionScope | undefined): ConnectionInfo[] {
  if (!scope?.subscriptionId) return [...connections];
  return connections.filter((c) => lower(c.subscriptionId) === lower(scope.subscriptionId) && (!scope.resourceGroup || lower(c.resourceGroup) === lower(scope.resourceGroup)));
}

/** "resource group rg-x", "subscription Contoso Production", "the listed subscriptions". */
export function scopeLabel(scope: ConnectionScope | undefined): string {
  if (!scope?.subscriptionId) return 'the listed subscriptions';
  if (scope.resourceGroup) return `resource group ${scope.resourceGroup}`;
  return `subscription ${scope.label ?? scope.subscriptionId}`;
}

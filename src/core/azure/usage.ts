/**
 * Who uses an API connection in Azure: the deployed logic apps that name it.
 *
 * - **Consumption workflows** (`Microsoft.Logic/workflows`): the values of their `$connections`
 *   parameter (`{<key>: {connectionId, connectionName, id}}`), read with one Resource Graph query
 *   over `microsoft.logic/workflows` that projects only that parameter
 *   (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language: `project`); when
 *   Resource Graph is refused, Workflows_ListBySubscription per subscription
 *   (azure-rest-api-specs `specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/logic.json`).
 * - **Standard apps** (`Microsoft.Web/sites` of kind `workflowapp`, found with Resource Graph): their
 *   deployed connections.json, read over Resource Manager as the official designer reads it,
 *   `GET {site}/workflowsconfiguration/connections?api-version=2018-11-01` → `properties.files['connections.json']`
 *   (Azure/LogicAppsUX `apps/Standalone/src/designer/app/AzureLogicAppsDesigner/Services/WorkflowAndArtifacts.tsx`),
 *   else the host runtime's file `GET {site}/hostruntime/admin/vfs/connections.json?relativepath=1&api-version=2018-11-01`
 *   (how the same designer reads parameters.json, `laDesigner.tsx`).
 *
 * Deployed Standard projects usually write ids with app settings
 * (`/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/…`): such an id matches by its
 * literal segments and is marked `throughExpression`. An id that is wholly an expression cannot be
 * matched: its app's subscription is then "incomplete", so nothing there is ever called unused.
 *
 * Nothing here throws for Azure failures; what could not be read is in `errors`.
 */
import type { AzureClient } from './client';
import type { AzureError } from './errors';
import { parseConnectionId } from './model';

export interface ConnectionUser {
  kind: 'consumption' | 'standard';
  /** The workflow's or the app's resource id. */
  id: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** The `$connections` key (Consumption) or the connections.json entry (Standard) that names it. */
  reference: string;
  /** Consumption: the workflow's state (`Enabled`, `Disabled`). */
  state?: string;
  /** The deployed id is written with app settings or parameters: it matched by its literal segments. */
  throughExpression?: boolean;
}

export interface UsageError {
  /** The subscription whose users may be missing (undefined: all of them). */
  subscriptionId?: string;
  /** `consumption workflows`, `Standard apps`, or the app whose connections.json could not be read. */
  what: string;
  error: AzureError;
}

export interface UsageIndex {
  subscriptionIds: string[];
  /** Consumption workflows and Standard apps read. */
  scanned: { workflows: number; apps: number };
  errors: UsageError[];
  /** Sorted by kind, then name. */
  users(connectionId: string): ConnectionUser[];
  /**
   * Whether "no user" can be trusted for this connection: its subscription was scanned and nothing
   * there failed to read or named connections only through a whole expression.
   */
  complete(connectionId: string): boolean;
  /** When the index was built (ms since the epoch). */
  builtAt: number;
}

export interface FindUsersOptions {
  /** Subscriptions whose logic apps are read (the connection's own at least). */
  subscriptionIds: string[];
  signal?: AbortSignal;
  now?: () => number;
}

/** api-versions of the calls here, as the sources above use them. */
export const USAGE_API_VERSIONS = { workflows: '2019-05-01', siteFiles: '2018-11-01' } as const;

/** One Resource Graph query: the Consumption workflows and the value of their `$connections`. */
export const WORKFLOWS_QUERY =
  "resources | where type =~ 'microsoft.logic/workflows' | project id, name, subscriptionId, resourceGroup, state = properties.state, connections = properties.parameters['$connections'].value";

/** One Resource Graph query: the Standard logic apps (sites of kind workflowapp). */
export const STANDARD_APPS_QUERY = "resources | where type =~ 'microsoft.web/sites' | where kind contains 'workflowapp' | project id, name, subscriptionId, resourceGroup, kind";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const norm = (id: string) => id.trim().replace(/\/+$/, '').toLowerCase();
const isExpression = (seg: string) => /@|\{|\}|\[|\]|\$\(|__|#\{/.test(seg);

/** Where a deployed reference points: a literal id, a pattern (some segments are expressions), or nothing we can tell. */
type Ref = { kind: 'literal'; id: string } | { kind: 'pattern'; segments: (string | undefined)[] } | { kind: 'unknown' };

export function referenceOf(raw: string): Ref {
  const value = raw.trim();
  if (!value.startsWith('/')) return { kind: 'unknown' };
  const segments = value.replace(/\/+$/, '').split('/');
  if (!segments.some(isExpression)) return { kind: 'literal', id: norm(value) };
  const pattern = segments.map((s) => (isExpression(s) ? undefined : s.toLowerCase()));
  // A pattern must still say which connection: its name and its type segments are literal.
  const n = pattern.length;
  if (n < 9 || pattern[n - 1] === undefined || pattern[n - 2] !== 'connections' || pattern[n - 3] !== 'microsoft.web') return { kind: 'unknown' };
  return { kind: 'pattern', segments: pattern };
}

function patternMatches(pattern: readonly (string | undefined)[], id: string): boolean {
  const segs = norm(id).split('/');
  if (segs.length !== pattern.length) return false;
  return pattern.every((p, i) => p === undefined || p === segs[i]);
}

interface Entry {
  ref: Ref;
  user: ConnectionUser;
}

function subscriptionOfId(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

/** The users of `connections.json` entries of a Standard app (managedApiConnections). */
export function standardReferences(connectionsJson: unknown): { name: string; connectionId: string }[] {
  const managed = obj(obj(connectionsJson)?.managedApiConnections);
  if (!managed) return [];
  const out: { name: string; connectionId: string }[] = [];
  for (const [name, entry] of Object.entries(managed)) {
    const id = str(obj(obj(entry)?.connection)?.id);
    if (id) out.push({ name, connectionId: id });
  }
  return out;
}

/** The entries of a Consumption workflow's `$connections` value. */
export function consumptionReferences(value: unknown): { key: string; connectionId: string }[] {
  const v = obj(value);
  if (!v) return [];
  const out: { key: string; connectionId: string }[] = [];
  for (const [key, entry] of Object.entries(v)) {
    const id = str(obj(entry)?.connectionId);
    if (id) out.push({ key, connectionId: id });
  }
  return out;
}

/** The deployed connections.json of a Standard app, or why it could not be read. */
export async function readDeployedConnections(client: AzureClient, siteId: string, signal?: AbortSignal): Promise<{ ok: true; value: unknown } | { ok: false; error: AzureError }> {
  const base = siteId.replace(/\/+$/, '');
  const wc = await client.send('GET', `${base}/workflowsconfiguration/connections`, { signal, apiVersion: USAGE_API_VERSIONS.siteFiles });
  if (wc.ok) {
    const files = obj(obj(obj(wc.value.body)?.properties)?.files);
    if (files && 'connections.json' in files) {
      const file = files['connections.json'];
      return { ok: true, value: typeof file === 'string' ? parseJson(file) : file };
    }
  } else if (wc.error.kind === 'cancelled') return wc;
  // The host runtime's own copy of the file.
  const vfs = await client.send('GET', `${base}/hostruntime/admin/vfs/connections.json?relativepath=1`, { signal, apiVersion: USAGE_API_VERSIONS.siteFiles });
  if (vfs.ok) return { ok: true, value: vfs.value.body ?? {} };
  // A project without connections.json: 404 on the file means nothing is named.
  if (vfs.error.kind === 'not-found' && wc.ok) return { ok: true, value: {} };
  return { ok: false, error: wc.ok ? vfs.error : wc.error };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** Workflows of a subscription over ARM (when Resource Graph is refused). */
async function listWorkflowsArm(client: AzureClient, subscriptionId: string, signal?: AbortSignal) {
  return client.collect(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Logic/workflows`,
    (raw) => {
      const o = obj(raw);
      const id = str(o?.id);
      if (!o || !id) return undefined;
      const props = obj(o.properties);
      return { id, name: str(o.name), subscriptionId, resourceGroup: parseResourceGroup(id), state: props?.state, connections: obj(obj(props?.parameters)?.$connections)?.value } as Json;
    },
    { signal, apiVersion: USAGE_API_VERSIONS.workflows },
  );
}

function parseResourceGroup(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
}

/**
 * Read the logic apps of the subscriptions and index who names which connection. Resource Graph
 * lists both kinds in two queries; each Standard app costs one read (two when the first fails).
 */
export async function findConnectionUsers(client: AzureClient, options: FindUsersOptions): Promise<UsageIndex> {
  const now = options.now ?? Date.now;
  const subscriptionIds = [...new Set(options.subscriptionIds.map((s) => s.trim()).filter(Boolean))];
  const entries: Entry[] = [];
  const errors: UsageError[] = [];
  const incomplete = new Set<string>();
  const scanned = { workflows: 0, apps: 0 };
  const add = (raw: string, user: ConnectionUser) => {
    const ref = referenceOf(raw);
    if (ref.kind === 'unknown') {
      if (user.subscriptionId) incomplete.add(user.subscriptionId.toLowerCase());
      return;
    }
    entries.push({ ref, user: ref.kind === 'pattern' ? { ...user, throughExpression: true } : user });
  };
  const signal = options.signal;
  if (subscriptionIds.length) {
    const [wf, apps] = await Promise.all([client.queryResourceGraph(WORKFLOWS_QUERY, subscriptionIds, { signal }), client.queryResourceGraph(STANDARD_APPS_QUERY, subscriptionIds, { signal })]);

    // Consumption workflows
    let workflowRows: Json[] = [];
    if (wf.ok) {
      workflowRows = wf.value.items;
      if (wf.value.incomplete) errors.push({ what: 'consumption workflows', error: wf.value.incomplete });
    } else if (wf.error.kind !== 'cancelled') {
      const perSub = await Promise.all(subscriptionIds.map(async (s) => ({ s, r: await listWorkflowsArm(client, s, signal) })));
      for (const { s, r } of perSub) {
        if (!r.ok) errors.push({ subscriptionId: s, what: 'consumption workflows', error: r.error });
        else {
          workflowRows.push(...r.value.items);
          if (r.value.incomplete) errors.push({ subscriptionId: s, what: 'consumption workflows', error: r.value.incomplete });
        }
      }
    } else errors.push({ what: 'consumption workflows', error: wf.error });
    for (const row of workflowRows) {
      const id = str(row.id);
      if (!id || (str(row.type) && !/^microsoft\.logic\/workflows$/i.test(str(row.type)!))) continue;
      scanned.workflows++;
      // A full row (no projection) carries the parameter under properties.
      const props = obj(row.properties);
      const value = 'connections' in row ? row.connections : obj(obj(props?.parameters)?.$connections)?.value;
      const state = str(row.state) ?? str(props?.state);
      const subscriptionId = str(row.subscriptionId) ?? subscriptionOfId(id);
      for (const ref of consumptionReferences(value)) {
        add(ref.connectionId, {
          kind: 'consumption',
          id,
          name: str(row.name) ?? id.slice(id.lastIndexOf('/') + 1),
          ...(subscriptionId ? { subscriptionId } : {}),
          ...(str(row.resourceGroup) ?? parseResourceGroup(id) ? { resourceGroup: str(row.resourceGroup) ?? parseResourceGroup(id) } : {}),
          reference: ref.key,
          ...(state ? { state } : {}),
        });
      }
    }

    // Standard apps
    if (!apps.ok) errors.push({ what: 'Standard apps', error: apps.error });
    else {
      if (apps.value.incomplete) errors.push({ what: 'Standard apps', error: apps.value.incomplete });
      const sites = apps.value.items.filter((r) => str(r.id) && /workflowapp/i.test(str(r.kind) ?? ''));
      const files = await Promise.all(sites.map(async (row) => ({ row, r: await readDeployedConnections(client, str(row.id)!, signal) })));
      for (const { row, r } of files) {
        const id = str(row.id)!;
        const subscriptionId = str(row.subscriptionId) ?? subscriptionOfId(id);
        const name = str(row.name) ?? id.slice(id.lastIndexOf('/') + 1);
        if (!r.ok) {
          errors.push({ ...(subscriptionId ? { subscriptionId } : {}), what: `Standard app ${name}`, error: r.error });
          continue;
        }
        scanned.apps++;
        for (const ref of standardReferences(r.value)) {
          add(ref.connectionId, {
            kind: 'standard',
            id,
            name,
            ...(subscriptionId ? { subscriptionId } : {}),
            ...(str(row.resourceGroup) ?? parseResourceGroup(id) ? { resourceGroup: str(row.resourceGroup) ?? parseResourceGroup(id) } : {}),
            reference: ref.name,
          });
        }
      }
    }
  }
  for (const e of errors) incomplete.add(e.subscriptionId?.toLowerCase() ?? '*');
  const literal = new Map<string, ConnectionUser[]>();
  const patterns: Entry[] = [];
  for (const e of entries) {
    if (e.ref.kind === 'literal') literal.set(e.ref.id, [...(literal.get(e.ref.id) ?? []), e.user]);
    else patterns.push(e);
  }
  const scannedSubs = new Set(subscriptionIds.map((s) => s.toLowerCase()));
  return {
    subscriptionIds,
    scanned,
    errors,
    builtAt: now(),
    users(connectionId: string): ConnectionUser[] {
      const key = norm(connectionId);
      const found = [...(literal.get(key) ?? [])];
      for (const p of patterns) if (p.ref.kind === 'pattern' && patternMatches(p.ref.segments, key)) found.push(p.user);
      // One line per app and reference.
      const seen = new Set<string>();
      return found
        .filter((u) => {
          const k = `${u.kind}|${u.id.toLowerCase()}|${u.reference}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        })
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.reference.localeCompare(b.reference));
    },
    complete(connectionId: string): boolean {
      const sub = parseConnectionId(connectionId)?.subscriptionId.toLowerCase() ?? subscriptionOfId(connectionId);
      if (!sub || !scannedSubs.has(sub)) return false;
      return !incomplete.has('*') && !incomplete.has(sub);
    },
  };
}

/** `la-orders-prod (Standard, entry "office365")`, `la-invoice-sync (Consumption, $connections "sql", Disabled)`. */
export function describeUser(u: ConnectionUser): string {
  const kind = u.kind === 'standard' ? 'Standard' : 'Consumption';
  const ref = u.kind === 'standard' ? `entry "${u.reference}"` : `$connections "${u.reference}"`;
  const extra = [u.state && !/^enabled$/i.test(u.state) ? u.state : undefined, u.throughExpression ? 'id through app settings' : undefined].filter(Boolean);
  return `${u.name} (${kind}, ${ref}${extra.length ? `, ${extra.join(', ')}` : ''})`;
}

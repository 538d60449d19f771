// Pure (no `vscode` import): the Azure view's shape (subscriptions → resource groups → custom
// connectors and API connections), its filter, paging, and the texts of its nodes. `azureTree.ts`
// renders it.
import type { CustomApiInfo } from '../../core/azure/customApis';
import type { ConnectionInfo, SubscriptionInfo } from '../../core/azure/model';
import { connectionKey } from '../../core/connections';

/** How a connection's status is shown (icon and filter `status:<kind>`). */
export type StatusKind = 'connected' | 'error' | 'unauthenticated' | 'unknown';

export const STATUS_KINDS: readonly StatusKind[] = ['connected', 'error', 'unauthenticated', 'unknown'];

/** A resource group shows this many connections, then "Show more…" adds as many again. */
export const PAGE_SIZE = 100;

/** The kind of a status text as ARM reports it (`overallStatus`, else the first `statuses[].status`). */
export function statusKind(status: string | undefined): StatusKind {
  const s = (status ?? '').trim();
  if (/^(connected|ready|ok)$/i.test(s)) return 'connected';
  if (/unauthenticated|unauthorized/i.test(s)) return 'unauthenticated';
  if (/error|fail/i.test(s)) return 'error';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------------------------

export interface ConnectionFilter {
  /** What the user typed (the view's description shows it). */
  text: string;
  /** Words that must all be found (case-insensitive) in the name, display name or API. */
  terms: string[];
  /** `status:<kind>` tokens: any of them (none: every status). */
  statuses: StatusKind[];
}

/**
 * Parse the filter the user typed: words and `status:connected|error|unauthenticated|unknown`.
 * Undefined for an empty text; `{ error }` for a status that does not exist.
 */
export function parseFilter(raw: string): ConnectionFilter | { error: string } | undefined {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  const terms: string[] = [];
  const statuses: StatusKind[] = [];
  for (const token of text.split(' ')) {
    const m = /^status:(.*)$/i.exec(token);
    if (!m) {
      terms.push(token.toLowerCase());
      continue;
    }
    const kind = STATUS_KINDS.find((k) => k === m[1]!.toLowerCase());
    if (!kind) return { error: `Unknown status "${m[1]}": use ${STATUS_KINDS.map((k) => `status:${k}`).join(', ')}.` };
    if (!statuses.includes(kind)) statuses.push(kind);
  }
  return { text, terms, statuses };
}

export function isFilterError(f: ReturnType<typeof parseFilter>): f is { error: string } {
  return !!f && 'error' in f;
}

/** Whether a connection passes the filter (no filter: every connection). */
export function matchesFilter(c: ConnectionInfo, filter: ConnectionFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.statuses.length && !filter.statuses.includes(statusKind(c.status))) return false;
  if (!filter.terms.length) return true;
  const hay = [c.name, c.displayName, c.api.name, c.api.displayName].filter(Boolean).join('\n').toLowerCase();
  return filter.terms.every((t) => hay.includes(t));
}

// ---------------------------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------------------------

export interface AzureGroupModel {
  /** Stable key: subscription id and resource group, lower case. */
  key: string;
  subscriptionId: string;
  name: string;
  /** Sorted by name; filtered. */
  connections: ConnectionInfo[];
  /** The custom connectors (`Microsoft.Web/customApis`) of the group, by name; filtered. */
  customApis: CustomApiModel[];
}

/** A custom connector and the connections made from it (their `api.id` is its id). */
export interface CustomApiModel {
  /** Stable key: its id, lower case. */
  key: string;
  info: CustomApiInfo;
  /** Sorted by name; filtered (any resource group of the listing). */
  connections: ConnectionInfo[];
}

export interface AzureSubscriptionModel {
  key: string;
  subscriptionId: string;
  label: string;
  /** The id, shortened (`aaaa0001…`). */
  description: string;
  groups: AzureGroupModel[];
  /** Connections shown (after the filter). */
  count: number;
  /** The subscription could not be listed. */
  error?: string;
}

export interface AzureModel {
  subscriptions: AzureSubscriptionModel[];
  /** Connections listed, and shown after the filter. */
  total: number;
  shown: number;
}

export interface ListingInput {
  subscriptions: readonly SubscriptionInfo[];
  selected: readonly string[];
  connections: readonly ConnectionInfo[];
  /** Custom connectors of the selected subscriptions (none when they could not be listed). */
  customApis?: readonly CustomApiInfo[];
  errors: readonly { subscriptionId?: string; error: { message: string } }[];
}

const idKey = (id: string | undefined) => (id ?? '').trim().replace(/\/+$/, '').toLowerCase();

/** Whether a custom connector's own name passes the filter's words (a status filter is about connections). */
function customApiMatches(c: CustomApiInfo, filter: ConnectionFilter): boolean {
  if (filter.statuses.length || !filter.terms.length) return false;
  const hay = [c.name, c.displayName].filter(Boolean).join('\n').toLowerCase();
  return filter.terms.every((t) => hay.includes(t));
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) || a.localeCompare(b);

/** Subscriptions (the selected ones, by name) → resource groups → connections (by name), filtered. */
export function buildAzureModel(listing: ListingInput, filter: ConnectionFilter | undefined): AzureModel {
  const subs = new Map<string, AzureSubscriptionModel>();
  const infoOf = (id: string) => listing.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
  const subOf = (id: string): AzureSubscriptionModel => {
    const key = id.toLowerCase();
    let s = subs.get(key);
    if (!s) {
      const info = infoOf(id);
      const subscriptionId = info?.subscriptionId ?? id;
      s = { key, subscriptionId, label: info?.displayName ?? subscriptionId, description: shortId(subscriptionId), groups: [], count: 0 };
      subs.set(key, s);
    }
    return s;
  };
  for (const id of listing.selected) subOf(id);
  for (const e of listing.errors) if (e.subscriptionId) subOf(e.subscriptionId).error = e.error.message;
  const groups = new Map<string, AzureGroupModel>();
  const groupOf = (subId: string, rg: string): AzureGroupModel => {
    const sub = subOf(subId);
    const key = `${sub.key}/${rg.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, subscriptionId: sub.subscriptionId, name: rg, connections: [], customApis: [] };
      groups.set(key, g);
      sub.groups.push(g);
    }
    return g;
  };
  let shown = 0;
  for (const c of listing.connections) {
    if (!matchesFilter(c, filter)) continue;
    groupOf(c.subscriptionId ?? '', c.resourceGroup ?? '').connections.push(c);
    subOf(c.subscriptionId ?? '').count++;
    shown++;
  }
  // Custom connectors, each with the connections made from it (wherever they are).
  if (listing.customApis?.length) {
    const madeFrom = new Map<string, ConnectionInfo[]>();
    for (const c of listing.connections) {
      const k = idKey(c.api.id);
      if (!k.includes('/providers/microsoft.web/customapis/')) continue;
      madeFrom.set(k, [...(madeFrom.get(k) ?? []), c]);
    }
    for (const api of listing.customApis) {
      const all = madeFrom.get(idKey(api.id)) ?? [];
      const byItself = !filter || customApiMatches(api, filter);
      const connections = byItself ? all : all.filter((c) => matchesFilter(c, filter));
      if (!byItself && !connections.length) continue;
      groupOf(api.subscriptionId ?? '', api.resourceGroup ?? '').customApis.push({ key: idKey(api.id), info: api, connections: [...connections].sort((a, b) => byName(a.name, b.name)) });
    }
  }
  for (const s of subs.values()) {
    s.groups.sort((a, b) => byName(a.name, b.name));
    for (const g of s.groups) {
      g.connections.sort((a, b) => byName(a.name, b.name));
      g.customApis.sort((a, b) => byName(a.info.name, b.info.name));
    }
  }
  // With a filter, subscriptions without a match (and without an error) are left out.
  const list = [...subs.values()].filter((s) => !filter || s.count > 0 || s.error || s.groups.some((g) => g.customApis.length)).sort((a, b) => byName(a.label, b.label));
  return { subscriptions: list, total: listing.connections.length, shown };
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** The first `limit` connections of a group, and how many are left for "Show more…". */
export function page<T>(items: readonly T[], limit: number): { items: T[]; more: number } {
  const n = Math.max(0, limit);
  return { items: items.slice(0, n), more: Math.max(0, items.length - n) };
}

/** Where a connection is in the model (for reveal): its subscription and group. */
export function locateConnection(model: AzureModel, id: string): { subscription: AzureSubscriptionModel; group: AzureGroupModel; index: number; connection: ConnectionInfo } | undefined {
  const key = connectionKey(id);
  for (const subscription of model.subscriptions) {
    for (const group of subscription.groups) {
      const index = group.connections.findIndex((c) => connectionKey(c.id) === key);
      if (index >= 0) return { subscription, group, index, connection: group.connections[index]! };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/** `V2 · office365 · ops@contoso.com · Connected`: kind, API, display name (when not the name), status. */
export function connectionDescription(c: ConnectionInfo): string {
  const parts = [c.kind ?? c.rawKind, c.api.name ?? c.api.displayName, c.displayName && c.displayName !== c.name ? c.displayName : undefined, c.status];
  return parts.filter((p): p is string => !!p).join(' · ');
}

/** The last error message the connection's statuses carry, if any. */
export function lastError(c: ConnectionInfo): string | undefined {
  for (let i = c.statuses.length - 1; i >= 0; i--) {
    const e = c.statuses[i]!.error;
    if (e?.message || e?.code) return [e.code, e.message].filter(Boolean).join(': ');
  }
  return undefined;
}

/** Text shown literally in Markdown (names, messages). */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/**
 * Text as inline code in markdown, whatever it holds (a connection id from a file or from Azure):
 * fenced with more backticks than its longest run of them, padded when it starts or ends with
 * one, on one line. Nothing in it is markdown then: no link, no emphasis, no HTML.
 */
export function markdownCode(s: string): string {
  const text = s.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Markdown of a connection's tooltip: status, kind, API, display name, user, times, last error. */
export function connectionTooltip(c: ConnectionInfo): string {
  const esc = escapeMarkdown;
  const rows: [string, string | undefined][] = [
    ['Status', c.connectionState && c.connectionState !== c.status ? `${c.status} (${c.connectionState})` : c.status],
    ['Kind', c.kind ? `${c.kind} (${c.kind === 'V2' ? 'Standard' : 'Consumption'})` : c.rawKind],
    ['API', c.api.displayName && c.api.name ? `${c.api.displayName} (${c.api.name})` : (c.api.displayName ?? c.api.name)],
    ['Display name', c.displayName],
    ['Authenticated user', c.authenticatedUser],
    ['Resource group', c.resourceGroup],
    ['Location', c.location],
    ['Created', c.createdTime],
    ['Changed', c.changedTime],
    ['Last error', lastError(c)],
  ];
  const lines = [`**${esc(c.name)}**`, ''];
  for (const [k, v] of rows) if (v) lines.push(`${k}: ${esc(v)}  `);
  return lines.join('\n');
}

/** `custom connector · oauth2 · 2 connections`. */
export function customApiDescription(m: CustomApiModel): string {
  const n = m.connections.length;
  return ['custom connector', ...m.info.identityProviders, n === 1 ? '1 connection' : `${n} connections`].join(' · ');
}

/** Markdown of a custom connector's tooltip: display name, description, back end, sign-in. */
export function customApiTooltip(m: CustomApiModel): string {
  const esc = escapeMarkdown;
  const c = m.info;
  const rows: [string, string | undefined][] = [
    ['Display name', c.displayName],
    ['Description', c.description],
    ['Back end', c.backendUrl],
    ['Signs in with', c.identityProviders.join(', ') || (c.connectionParameters.length ? 'no OAuth' : undefined)],
    ['Resource group', c.resourceGroup],
    ['Location', c.location],
    ['Connections made from it', String(m.connections.length)],
  ];
  const lines = [`**${esc(c.name)}** (custom connector)`, ''];
  for (const [k, v] of rows) if (v) lines.push(`${k}: ${esc(v)}  `);
  return lines.join('\n');
}

/** Whether a connection is made from a custom connector (its `api.id` is a customApis id). */
export function isCustomApiConnection(c: ConnectionInfo): boolean {
  return /\/providers\/Microsoft\.Web\/customApis\//i.test(c.api.id ?? '');
}

/**
 * What an ARM deployment template says about the API connections of its Consumption workflows:
 * the `Microsoft.Web/connections` resource a `$connections` entry points at, and the API an id
 * names (literally, or through `[subscriptionResourceId('Microsoft.Web/locations/managedApis', …, 'api')]`
 * and `[concat(…, '/managedApis/', 'api')]`). Shared by the Consumption rules (LAC042, LAC045,
 * LAC015) so that each reads a template the same way.
 */
import { isObject } from '../json/pointer';

/** An ARM expression as written, without its brackets and white space (for comparing two of them). */
function squashed(s: string): string {
  return (s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : `'${s}'`).replace(/\s+/g, '');
}

/** `[resourceId('Microsoft.Web/connections', <name>)]`: the name argument as written. */
export function connectionNameArgument(connectionId: string): string | undefined {
  const m = /^\[\s*resourceId\(\s*'Microsoft\.Web\/connections'\s*,\s*(.*)\)\s*\]$/i.exec(connectionId.trim());
  return m ? m[1].trim() : undefined;
}

interface ResourceIndex {
  byName: Map<string, Record<string, unknown>>;
  bySquashed: Map<string, Record<string, unknown>>;
}

const indexes = new WeakMap<readonly Record<string, unknown>[], ResourceIndex>();

/** The resources by name, and by their name as an expression (built once per list). */
function indexOf(resources: readonly Record<string, unknown>[]): ResourceIndex {
  let hit = indexes.get(resources);
  if (!hit) {
    hit = { byName: new Map(), bySquashed: new Map() };
    for (const r of resources) {
      if (typeof r.name !== 'string') continue;
      if (!hit.byName.has(r.name)) hit.byName.set(r.name, r);
      const k = squashed(r.name);
      if (!hit.bySquashed.has(k)) hit.bySquashed.set(k, r);
    }
    indexes.set(resources, hit);
  }
  return hit;
}

/**
 * The connection resource a `$connections` entry points at: by `connectionName` or by
 * `resourceId(...)` in `connectionId` (the first resource that matches, in template order).
 */
export function connectionResourceOf(entry: Record<string, unknown>, resources: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  const index = indexOf(resources);
  const byName = typeof entry.connectionName === 'string' ? index.byName.get(entry.connectionName) : undefined;
  const arg = typeof entry.connectionId === 'string' ? connectionNameArgument(entry.connectionId) : undefined;
  const byId = arg !== undefined ? index.bySquashed.get(arg.replace(/\s+/g, '')) : undefined;
  if (byName && byId && byName !== byId) return resources.indexOf(byName) <= resources.indexOf(byId) ? byName : byId;
  return byName ?? byId;
}

/** A literal in ARM expression syntax (`'abc'`), unquoted; undefined for anything else. */
export function armLiteral(arg: string): string | undefined {
  const m = /^'((?:[^']|'')*)'$/.exec(arg.trim());
  return m ? m[1].replace(/''/g, "'") : undefined;
}

/** Whether a resource name is literal (not an ARM expression). */
export function isLiteralName(name: unknown): name is string {
  return typeof name === 'string' && (!(name.startsWith('[') && name.endsWith(']')) || name.startsWith('[['));
}

export interface ApiRef {
  kind: 'managed' | 'custom';
  /** The API's name, lower case. */
  name: string;
}

/**
 * The managed API (or custom connector) an id names, when that can be read: a literal
 * `…/managedApis/<api>` / `…/customApis/<name>`, or an ARM expression whose literal after
 * `managedApis` / `customApis` names it. Undefined when the name comes from a parameter or variable.
 */
export function apiOf(id: unknown): ApiRef | undefined {
  if (typeof id !== 'string') return undefined;
  const t = id.trim();
  if (t.startsWith('[') && t.endsWith(']') && !t.startsWith('[[')) {
    const lits = [...t.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
    for (let i = 0; i < lits.length; i++) {
      const lit = lits[i];
      const inline = /(?:^|\/)(managedApis|customApis)\/([^/']+)\/?$/i.exec(lit);
      if (inline) return { kind: inline[1].toLowerCase() === 'customapis' ? 'custom' : 'managed', name: inline[2].toLowerCase() };
      const type = /(?:^|\/)(managedApis|customApis)\/?$/i.exec(lit);
      if (!type) continue;
      // The API's name is the last argument: it must be the last token of the expression, a literal.
      const last = lits[lits.length - 1];
      const quoted = `'${last.replace(/'/g, "''")}'`;
      const at = t.lastIndexOf(quoted);
      const tail = t.slice(at + quoted.length).replace(/[\s)\]]/g, '');
      // An argument of the outer call (`…, 'api')`), not of parameters('api') or variables('api').
      const before = t.slice(0, at).trimEnd();
      if (i === lits.length - 1 || tail !== '' || !before.endsWith(',') || /[/]/.test(last)) return undefined;
      return { kind: type[1].toLowerCase() === 'customapis' ? 'custom' : 'managed', name: last.toLowerCase() };
    }
    return undefined;
  }
  // The last segment names the API; other segments may be expressions (`@{appsetting('…')}`).
  const m = /\/(managedApis|customApis)\/([^/]+)\/?$/i.exec(t);
  if (!m || /[@{}()'[\]<>\s#$%]/.test(m[2])) return undefined;
  return { kind: m[1].toLowerCase() === 'customapis' ? 'custom' : 'managed', name: m[2].toLowerCase() };
}

/** The API of a `Microsoft.Web/connections` resource (`properties.api.id`). */
export function apiOfConnectionResource(resource: Record<string, unknown>): ApiRef | undefined {
  const props = resource.properties;
  const api = isObject(props) ? props.api : undefined;
  return isObject(api) ? apiOf(api.id) : undefined;
}

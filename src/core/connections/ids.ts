/**
 * What a managed API connection entry's `connection.id` resolves to: a literal ARM id, through
 * `@parameters('X')` (parameters.json) and `@appsetting('X')` (local.settings.json `Values`), as
 * the rules, the editor (lenses, trees, commands) and the CLI's Azure commands all read it.
 */
import { parseConnectionId } from '../azure/model';
import { hasPlaceholder, isExpression, wholeRef } from '../expressions';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { findAppSetting, type SettingsSource } from '../localSettings';
import { followParameters, resolveValue } from '../resolve';
import type { JsonPath } from '../types';
import { connectionIndex } from './entries';

/** The key of a connection id in maps (`AzureFacts.connections`): trimmed, no trailing slash, lower case. */
export function connectionKey(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

export type IdResolution =
  /** `value`: the literal id (no trailing slash); `connectionId`: whether it is a Microsoft.Web/connections id. */
  | { ok: true; value: string; connectionId: boolean }
  /** `reason` completes "connection X: …" ("its connection.id cannot be resolved: app setting Y is not in local.settings.json"). */
  | { ok: false; reason: string };

export interface ResolveOptions {
  /**
   * Also replace a bare `@appsetting('X')` / `@parameters('X')` inside a longer string. Azure
   * evaluates it, the local runtime does not (LAC033): the CLI's Azure commands accept it, the
   * project model does not.
   */
  bareCalls?: boolean;
}

const INTERPOLATED = /@\{\s*(appsetting|parameters)\s*\(\s*'((?:[^']|'')*)'\s*\)\s*\}/g;
const INTERPOLATED_OR_BARE = /@\{\s*(appsetting|parameters)\s*\(\s*'((?:[^']|'')*)'\s*\)\s*\}|@(appsetting|parameters)\('((?:[^']|'')*)'\)/g;

/**
 * A `connection.id` value as a literal ARM id: followed through a whole `@parameters('X')` and a
 * whole `@appsetting('X')`, with `@{appsetting('X')}` / `@{parameters('X')}` parts replaced. Not
 * resolved when anything stays dynamic or is a deployment placeholder (`reason` says why).
 */
export function resolveIdValue(source: SettingsSource, raw: unknown, opts: ResolveOptions = {}): IdResolution {
  if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim())) return { ok: false, reason: 'it has no connection.id' };
  const cannot = (why: string): IdResolution => ({ ok: false, reason: `its connection.id cannot be resolved: ${why}` });
  let value = followParameters(source, raw);
  if (typeof value !== 'string') return cannot('not a string');
  let missing: string | undefined;
  const setting = (name: string): string | undefined => {
    const found = findAppSetting(source, name);
    const v = found?.value;
    if (typeof v !== 'string') {
      missing ??= `app setting ${name} is not in local.settings.json`;
      return undefined;
    }
    if (v.trim() === '') missing ??= `app setting ${name} is empty in local.settings.json`;
    else if (isExpression(v) || hasPlaceholder(v)) missing ??= `app setting ${name} in local.settings.json is not a literal value`;
    else return v.trim();
    return undefined;
  };
  const parameter = (name: string): string | undefined => {
    const params = source.parameters?.value;
    const entry = isObject(params) ? params[name] : undefined;
    const v = isObject(entry) ? entry.value : undefined;
    if (typeof v === 'string' && !isExpression(v) && !hasPlaceholder(v)) return v.trim();
    missing ??= `parameter ${name} is not a string in parameters.json`;
    return undefined;
  };
  const whole = wholeRef(value.trim());
  if (whole?.fn === 'appsetting') {
    const v = setting(whole.name);
    if (v === undefined) return cannot(missing!);
    value = v;
  }
  value = (value as string).replace(opts.bareCalls ? INTERPOLATED_OR_BARE : INTERPOLATED, (_m, fn1: string | undefined, n1: string | undefined, fn2: string | undefined, n2: string | undefined) => {
    const fn = fn1 ?? fn2;
    const name = (n1 ?? n2 ?? '').replace(/''/g, "'");
    return (fn === 'appsetting' ? setting(name) : parameter(name)) ?? '';
  });
  if (missing) return cannot(missing);
  const id = (value as string).trim();
  if (hasPlaceholder(id)) return { ok: false, reason: 'its connection.id holds a deployment placeholder' };
  // A bare `@appsetting(…)` mid-string stays as it is unless asked for (the local runtime refuses it: LAC033).
  if (isExpression(id) || /[@'(){}]/.test(id)) return cannot('it holds an expression that cannot be resolved locally');
  const literal = id.replace(/\/+$/, '');
  return { ok: true, value: literal, connectionId: !!parseConnectionId(literal) };
}

/** The literal Microsoft.Web/connections id a `connection.id` value resolves to, or undefined. */
export function resolveConnectionId(source: SettingsSource, raw: unknown): string | undefined {
  const r = resolveIdValue(source, raw);
  return r.ok && r.connectionId ? r.value : undefined;
}

/** A managed API connection entry and what its `connection.id` resolves to. */
export interface ManagedConnectionRef {
  /** Key in `managedApiConnections`. */
  name: string;
  entry: Record<string, unknown>;
  /** Where `connection.id` is written (connections.json, or parameters.json when `connection` is a parameter). */
  file: JsonFile;
  path: JsonPath;
  /** The literal ARM id `connection.id` resolves to; undefined when it cannot be resolved. */
  id?: string;
}

export interface ProjectFiles extends SettingsSource {
  connections?: JsonFile;
}

const refsOf = new WeakMap<object, { connections: unknown; parameters: unknown; localSettings: unknown; refs: ManagedConnectionRef[] }>();

/** Every object entry of `managedApiConnections` with its resolved connection id (memoised per project and files). */
export function managedConnections(project: ProjectFiles): ManagedConnectionRef[] {
  const hit = refsOf.get(project);
  if (hit && hit.connections === project.connections && hit.parameters === project.parameters && hit.localSettings === project.localSettings) return hit.refs;
  const refs: ManagedConnectionRef[] = [];
  for (const e of connectionIndex(project.connections).section('managedApiConnections')) {
    if (!isObject(e.value)) continue;
    const conn = resolveValue(project, e.file, [...e.path, 'connection'], e.value.connection);
    const raw = isObject(conn.value) ? conn.value.id : undefined;
    const id = raw === undefined ? undefined : resolveConnectionId(project, raw);
    refs.push({ name: e.name, entry: e.value, file: conn.file, path: [...conn.path, 'id'], ...(id ? { id } : {}) });
  }
  refsOf.set(project, { connections: project.connections, parameters: project.parameters, localSettings: project.localSettings, refs });
  return refs;
}

/** The managed connection entry named `name` (exactly, else without regard to case). */
export function managedConnection(project: ProjectFiles, name: string): ManagedConnectionRef | undefined {
  const all = managedConnections(project);
  return all.find((r) => r.name === name) ?? all.find((r) => r.name.toLowerCase() === name.toLowerCase());
}

/** The distinct connection ids (resolved, lower case) a project names: what to fetch. */
export function connectionIdsOf(project: ProjectFiles): string[] {
  const ids = new Set<string>();
  for (const ref of managedConnections(project)) if (ref.id) ids.add(connectionKey(ref.id));
  return [...ids];
}

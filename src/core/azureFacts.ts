/**
 * What Azure says about the connections a project names, as plain data for the Azure-aware rules
 * (LAC060–LAC064). The engine stays synchronous: an editor (or a test) fetches the facts first,
 * then passes them to `lintProject(project, settings, { includeAzureRules: true, azure })`.
 *
 * Also: which `connection.id`s a project names, resolved to literal ARM ids (`@{appsetting('X')}`
 * parts from local.settings.json Values), so that the caller knows what to fetch and the rules
 * find the facts again.
 *
 * Pure: no Azure SDK, no network (the azure/ modules imported here are the SDK-free ones).
 */
import type { AzureApp } from './accessIdentity';
import type { AzureError } from './azure/errors';
import { parseAccessPolicy, parseConnection, parseConnectionId, type AccessPolicy, type ConnectionInfo } from './azure/model';
import { hasPlaceholder, isExpression, wholeRef } from './expressions';
import type { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import { appSettings, type Project } from './project';
import { resolveValue } from './resolve';
import type { JsonPath } from './types';

/** What Azure answered for one connection id. */
export type ConnectionFact =
  /** The connection exists. `accessPolicies` when they were read (V2 connections, identity known). */
  | { state: 'found'; connection: ConnectionInfo; accessPolicies?: readonly AccessPolicy[] }
  /** Azure says it does not exist: 404 ResourceNotFound / ResourceGroupNotFound. */
  | { state: 'not-found'; code: string; message: string }
  /** Azure could not tell (network, 401/403, subscription not visible, throttled…): rules stay silent. */
  | { state: 'error'; error: AzureError };

/** Who uses connections locally: the signed-in developer (from the ARM token's claims). */
export interface AzureIdentity {
  objectId: string;
  tenantId?: string;
  name?: string;
}

export interface AzureFacts {
  /** By connection id in lower case (`connectionKey(id)`). Ids not in the map are not known yet. */
  connections: ReadonlyMap<string, ConnectionFact>;
  identity?: AzureIdentity;
  /**
   * The deployed app whose connections these are, when judging as in Azure (its identities call
   * the connections); absent for local runs (the developer's identity, by the local mode).
   */
  app?: AzureApp;
  /** Where the facts come from, for messages: `Azure` (default) or `the ARM endpoint http://127.0.0.1:…`. */
  source?: string;
}

/** The key of a connection id in `AzureFacts.connections`. */
export function connectionKey(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

export function factOf(facts: AzureFacts | undefined, id: string | undefined): ConnectionFact | undefined {
  return facts && id ? facts.connections.get(connectionKey(id)) : undefined;
}

export function sourceOf(facts: AzureFacts | undefined): string {
  return facts?.source || 'Azure';
}

/** ARM error codes that prove the connection does not exist (rather than "cannot see it"). */
const NOT_FOUND_CODES = new Set(['resourcenotfound', 'resourcegroupnotfound']);

/**
 * The fact for a failed GET of a connection. Only a 404 that names the resource or its resource
 * group is "not found": SubscriptionNotFound (another tenant, another account), 403 and the rest
 * mean Azure cannot tell, and the rules stay silent.
 */
export function factFromError(error: AzureError): ConnectionFact {
  if (error.kind === 'not-found' && error.status === 404 && error.code && NOT_FOUND_CODES.has(error.code.toLowerCase())) {
    return { state: 'not-found', code: error.code, message: error.message };
  }
  return { state: 'error', error };
}

// ---------------------------------------------------------------------------------------------
// Which connections a project names
// ---------------------------------------------------------------------------------------------

export interface ManagedConnectionRef {
  /** Key in `managedApiConnections`. */
  name: string;
  entry: Record<string, unknown>;
  /** connections.json, and the path of `connection.id` in it. */
  file: JsonFile;
  path: JsonPath;
  /** The literal ARM id `connection.id` resolves to; undefined when it cannot be resolved. */
  id?: string;
}

const refsOf = new WeakMap<Project, { connections: unknown; refs: ManagedConnectionRef[] }>();

/** Every entry of `managedApiConnections` with its resolved connection id (memoised per project). */
export function managedConnections(project: Project): ManagedConnectionRef[] {
  const hit = refsOf.get(project);
  if (hit && hit.connections === project.connections) return hit.refs;
  const refs = computeManagedConnections(project);
  refsOf.set(project, { connections: project.connections, refs });
  return refs;
}

function computeManagedConnections(project: Project): ManagedConnectionRef[] {
  const file = project.connections;
  const root = file?.value;
  if (!file || !isObject(root) || !isObject(root.managedApiConnections)) return [];
  const out: ManagedConnectionRef[] = [];
  for (const [name, entry] of Object.entries(root.managedApiConnections)) {
    if (!isObject(entry)) continue;
    const connection = entry.connection;
    const path: JsonPath = ['managedApiConnections', name, 'connection', 'id'];
    const raw = isObject(connection) ? connection.id : undefined;
    const id = raw === undefined ? undefined : resolveConnectionId(project, file, path, raw);
    out.push({ name, entry, file, path, ...(id ? { id } : {}) });
  }
  return out;
}

/** The distinct connection ids (resolved, lower case) a project names: what to fetch. */
export function connectionIdsOf(project: Project): string[] {
  const ids = new Set<string>();
  for (const ref of managedConnections(project)) if (ref.id) ids.add(connectionKey(ref.id));
  return [...ids];
}

const INTERPOLATED_APPSETTING = /@\{\s*appsetting\(\s*'((?:[^']|'')*)'\s*\)\s*\}/g;

/**
 * A `connection.id` as a literal ARM id: followed through `@parameters('X')` (parameters.json)
 * and a whole `@appsetting('X')`, with `@{appsetting('X')}` parts replaced by local.settings.json
 * Values. Undefined when anything stays dynamic, is a placeholder, or is not a connection id.
 */
export function resolveConnectionId(project: Project, file: JsonFile, path: JsonPath, raw: unknown): string | undefined {
  let value = resolveValue(project, file, path, raw).value;
  if (typeof value !== 'string') return undefined;
  const settings = appSettings(project);
  const setting = (name: string): string | undefined => {
    const v = settings && Object.prototype.hasOwnProperty.call(settings, name) ? settings[name] : undefined;
    return typeof v === 'string' && v.trim() !== '' && !isExpression(v) && !hasPlaceholder(v) ? v.trim() : undefined;
  };
  const whole = wholeRef(value.trim());
  if (whole) {
    if (whole.fn !== 'appsetting') return undefined;
    const v = setting(whole.name);
    if (v === undefined) return undefined;
    value = v;
  }
  let unresolved = false;
  value = (value as string).replace(INTERPOLATED_APPSETTING, (_m, name: string) => {
    const v = setting(name.replace(/''/g, "'"));
    if (v === undefined) unresolved = true;
    return v ?? '';
  });
  const id = (value as string).trim();
  // A bare `@appsetting(…)` mid-string stays as it is (the runtime refuses it too: LAC033).
  if (unresolved || isExpression(id) || hasPlaceholder(id) || /[@'(){}]/.test(id)) return undefined;
  return parseConnectionId(id) ? id.replace(/\/+$/, '') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Facts from ARM JSON (documented examples, tests)
// ---------------------------------------------------------------------------------------------

/** What ARM answers for one connection id: the resource (as `GET` returns it), or an error. */
export type ArmAnswer =
  | { resource: unknown; accessPolicies?: unknown[] }
  | { error: { status: number; code: string; message: string } };

/** A documented example's Azure side: ARM answers by connection id, and the signed-in identity. */
export interface AzureExample {
  connections: Record<string, ArmAnswer>;
  identity?: AzureIdentity;
  app?: AzureApp;
}

/** `AzureFacts` from ARM JSON, parsed exactly as the client parses real answers. */
export function factsFromArm(example: AzureExample, source?: string): AzureFacts {
  const connections = new Map<string, ConnectionFact>();
  for (const [id, answer] of Object.entries(example.connections)) {
    let fact: ConnectionFact;
    if ('error' in answer) {
      const { status, code, message } = answer.error;
      const kind = status === 404 ? 'not-found' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'server';
      fact = factFromError({ kind, status, code, message });
    } else {
      const connection = parseConnection(answer.resource);
      if (!connection) continue;
      const accessPolicies = answer.accessPolicies?.map(parseAccessPolicy).filter((p): p is AccessPolicy => !!p);
      fact = { state: 'found', connection, ...(accessPolicies ? { accessPolicies } : {}) };
    }
    connections.set(connectionKey(id), fact);
  }
  return { connections, ...(example.identity ? { identity: example.identity } : {}), ...(example.app ? { app: example.app } : {}), ...(source ? { source } : {}) };
}

/** The project's managed connections whose id resolved and for which the facts know something. */
export function knownConnections(project: Project, facts: AzureFacts | undefined): { ref: ManagedConnectionRef & { id: string }; fact: ConnectionFact }[] {
  if (!facts || facts.connections.size === 0) return [];
  const out: { ref: ManagedConnectionRef & { id: string }; fact: ConnectionFact }[] = [];
  for (const ref of managedConnections(project)) {
    if (!ref.id) continue;
    const fact = factOf(facts, ref.id);
    if (fact) out.push({ ref: ref as ManagedConnectionRef & { id: string }, fact });
  }
  return out;
}

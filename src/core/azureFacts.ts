/**
 * What Azure says about the connections a project names, as plain data for the Azure-aware rules
 * (LAC060–LAC064). The engine stays synchronous: an editor (or a test) fetches the facts first,
 * then passes them to `lintProject(project, settings, { includeAzureRules: true, azure })`.
 *
 * Which `connection.id`s a project names, resolved to literal ARM ids, is the connection model's
 * (`connections/ids.ts`): the caller fetches those, and the rules find the facts again by them.
 *
 * Pure: no Azure SDK, no network (the azure/ modules imported here are the SDK-free ones).
 */
import type { AzureApp } from './accessIdentity';
import type { AzureError } from './azure/errors';
import { parseAccessPolicy, parseConnection, type AccessPolicy, type ConnectionInfo } from './azure/model';
import { connectionKey, managedConnections, type ManagedConnectionRef } from './connections/ids';
import type { Project } from './project';

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

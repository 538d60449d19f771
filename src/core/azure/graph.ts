/**
 * Microsoft Graph for the identity checks: app registrations (their secrets and certificates),
 * service principals, users and the organization, on the active cloud's Graph endpoint.
 *
 * Requests go through the same pipeline as Resource Manager's (an `AzureClient` whose endpoint is
 * the Graph origin): the same token prefetch, retry (Retry-After), limiter, timeout, redaction and
 * the one bearer gate, which sends the Graph token to that origin only. The origin is the cloud's
 * Graph endpoint, or a loopback origin (the local emulator); anything else is refused.
 *
 * Shapes (Microsoft Graph v1.0, learn.microsoft.com/graph/api/resources/…): `application` (appId,
 * displayName, passwordCredentials / keyCredentials with `endDateTime`, `hint` = the first three
 * characters of a secret), `servicePrincipal` (appOwnerOrganizationId, accountEnabled), `user`
 * (accountEnabled, returned only when selected), `organization` (verifiedDomains). Permissions: reading
 * applications and service principals needs Application.Read.All, a user's accountEnabled
 * User.Read.All, the organization User.Read.
 *
 * This module loads the Azure SDK (through client.ts): import it lazily, like index.ts.
 */
import type { TokenCredential } from '@azure/core-auth';
import { AzureClient, type AzureClientOptions } from './client';
import { getCloud, InsecureTargetError, isLoopbackHostname, type CloudName } from './clouds';
import { azureError, fail, ok, type AzureError, type Result } from './errors';
import { obj, str } from './armJson';

/** Microsoft Graph per cloud (learn.microsoft.com/graph/deployments). */
export const GRAPH_ENDPOINTS: Readonly<Record<CloudName, string>> = {
  AzureCloud: 'https://graph.microsoft.com',
  AzureUSGovernment: 'https://graph.microsoft.us',
  AzureChinaCloud: 'https://microsoftgraph.chinacloudapi.cn',
};

/** The token scope for Graph in a cloud (`https://graph.microsoft.com/.default`). */
export function graphScope(cloud: CloudName): string {
  return `${GRAPH_ENDPOINTS[cloud]}/.default`;
}

/**
 * The Graph origin to call: the cloud's, or `endpoint` when it is that same origin or a loopback
 * origin (the emulator). Throws `InsecureTargetError` for anything else: a Graph token never goes
 * to another host.
 */
export function resolveGraphEndpoint(cloud: CloudName, endpoint?: string): string {
  const official = GRAPH_ENDPOINTS[cloud];
  if (endpoint === undefined || endpoint.trim() === '') return official;
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new InsecureTargetError('The Microsoft Graph endpoint is not an absolute URL.', 'invalid-url');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new InsecureTargetError('The Microsoft Graph endpoint must be an origin only (no path, query or user information).', 'invalid-url');
  }
  if (url.origin === official) return official;
  if (isLoopbackHostname(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin;
  throw new InsecureTargetError(`${url.origin} is not Microsoft Graph of ${cloud} (${official}) nor a loopback emulator: no Graph token is sent there.`, 'origin-mismatch');
}

export interface GraphClientOptions extends Pick<AzureClientOptions, 'timeoutMs' | 'retry' | 'limits' | 'log' | 'userAgentPrefix'> {
  /** A credential for Graph tokens (asked for `graphScope(cloud)`). */
  credential: TokenCredential;
  cloud?: CloudName;
  /** The cloud's Graph origin (default) or a loopback origin (the emulator). */
  endpoint?: string;
}

export interface GraphCredential {
  keyId?: string;
  displayName?: string;
  startDateTime?: string;
  endDateTime?: string;
  /** Password credentials: the first three characters of the secret. */
  hint?: string;
  /** Key credentials: `AsymmetricX509Cert`… */
  type?: string;
}

export interface GraphApplication {
  id?: string;
  appId: string;
  displayName?: string;
  passwordCredentials: GraphCredential[];
  keyCredentials: GraphCredential[];
}

export interface GraphServicePrincipal {
  id?: string;
  appId: string;
  displayName?: string;
  /** The tenant the application is registered in. */
  appOwnerOrganizationId?: string;
  accountEnabled?: boolean;
}

export interface GraphUser {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
  mail?: string;
  /** Undefined when Graph did not return it (not selected, or not permitted). */
  accountEnabled?: boolean;
}

export interface GraphOrganization {
  id: string;
  displayName?: string;
  verifiedDomains: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseCredential(raw: unknown): GraphCredential | undefined {
  const o = obj(raw);
  if (!o) return undefined;
  const out: GraphCredential = {};
  for (const k of ['keyId', 'displayName', 'startDateTime', 'endDateTime', 'hint', 'type'] as const) {
    const v = str(o[k]);
    if (v) out[k] = v;
  }
  return out;
}

const credentials = (v: unknown): GraphCredential[] => (Array.isArray(v) ? v.map(parseCredential).filter((c): c is GraphCredential => !!c) : []);

export function parseGraphApplication(raw: unknown): GraphApplication | undefined {
  const o = obj(raw);
  const appId = str(o?.appId);
  if (!o || !appId) return undefined;
  return {
    appId,
    ...(str(o.id) ? { id: str(o.id)! } : {}),
    ...(str(o.displayName) ? { displayName: str(o.displayName)! } : {}),
    passwordCredentials: credentials(o.passwordCredentials),
    keyCredentials: credentials(o.keyCredentials),
  };
}

export function parseGraphServicePrincipal(raw: unknown): GraphServicePrincipal | undefined {
  const o = obj(raw);
  const appId = str(o?.appId);
  if (!o || !appId) return undefined;
  return {
    appId,
    ...(str(o.id) ? { id: str(o.id)! } : {}),
    ...(str(o.displayName) ? { displayName: str(o.displayName)! } : {}),
    ...(str(o.appOwnerOrganizationId) ? { appOwnerOrganizationId: str(o.appOwnerOrganizationId)! } : {}),
    ...(typeof o.accountEnabled === 'boolean' ? { accountEnabled: o.accountEnabled } : {}),
  };
}

export function parseGraphUser(raw: unknown): GraphUser | undefined {
  const o = obj(raw);
  const id = str(o?.id);
  if (!o || !id) return undefined;
  return {
    id,
    ...(str(o.userPrincipalName) ? { userPrincipalName: str(o.userPrincipalName)! } : {}),
    ...(str(o.displayName) ? { displayName: str(o.displayName)! } : {}),
    ...(str(o.mail) ? { mail: str(o.mail)! } : {}),
    ...(typeof o.accountEnabled === 'boolean' ? { accountEnabled: o.accountEnabled } : {}),
  };
}

const APP_SELECT = 'id,appId,displayName,passwordCredentials,keyCredentials';
const SP_SELECT = 'id,appId,displayName,appOwnerOrganizationId,accountEnabled';
const USER_SELECT = 'id,displayName,userPrincipalName,mail,accountEnabled';

/** An OData string literal ('' escapes a quote). */
const odata = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class GraphClient {
  readonly cloud: CloudName;
  /** The Graph origin every request goes to. */
  readonly endpoint: string;
  private readonly http: AzureClient;

  constructor(options: GraphClientOptions) {
    this.cloud = options.cloud ?? 'AzureCloud';
    this.endpoint = resolveGraphEndpoint(this.cloud, options.endpoint);
    const base = getCloud(this.cloud);
    // The Resource Manager pipeline with Graph's origin and scope: its bearer gate now admits Graph only.
    this.http = new AzureClient({
      credential: options.credential,
      cloud: { ...base, armEndpoint: this.endpoint, armScope: graphScope(this.cloud), customArmEndpoint: true },
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.userAgentPrefix ? { userAgentPrefix: options.userAgentPrefix } : {}),
    });
  }

  /** Names of the pipeline's policies (the same as Resource Manager's). */
  pipelinePolicies(): string[] {
    return this.http.pipelinePolicies();
  }

  private async get(path: string, signal?: AbortSignal): Promise<Result<unknown>> {
    const r = await this.http.send('GET', path, { ...(signal ? { signal } : {}) });
    return r.ok ? ok(r.value.body) : r;
  }

  /** An app registration by its application (client) id. */
  async getApplication(appId: string, options: { signal?: AbortSignal } = {}): Promise<Result<GraphApplication>> {
    if (!GUID.test(appId)) return fail(invalid(`'${appId.slice(0, 80)}' is not an application (client) id.`));
    const r = await this.get(`/v1.0/applications(appId=${odata(appId)})?$select=${APP_SELECT}`, options.signal);
    if (!r.ok) return r;
    const app = parseGraphApplication(r.value);
    return app ? ok(app) : fail(unexpected('an application without an appId'));
  }

  /** The service principal of an application in this tenant (any application: its own or another tenant's). */
  async getServicePrincipal(appId: string, options: { signal?: AbortSignal } = {}): Promise<Result<GraphServicePrincipal>> {
    if (!GUID.test(appId)) return fail(invalid(`'${appId.slice(0, 80)}' is not an application (client) id.`));
    const r = await this.get(`/v1.0/servicePrincipals(appId=${odata(appId)})?$select=${SP_SELECT}`, options.signal);
    if (!r.ok) return r;
    const sp = parseGraphServicePrincipal(r.value);
    return sp ? ok(sp) : fail(unexpected('a service principal without an appId'));
  }

  /** A user by object id or user principal name, with `accountEnabled`. */
  async getUser(idOrUpn: string, options: { signal?: AbortSignal } = {}): Promise<Result<GraphUser>> {
    const key = idOrUpn.trim();
    if (!key || /[/\\?#\s]/.test(key)) return fail(invalid(`'${key.slice(0, 80)}' is not a user id or principal name.`));
    const r = await this.get(`/v1.0/users/${encodeURIComponent(key)}?$select=${USER_SELECT}`, options.signal);
    if (!r.ok) return r;
    const u = parseGraphUser(r.value);
    return u ? ok(u) : fail(unexpected('a user without an id'));
  }

  /** Users whose `mail` is this address (a guest is found by mail, not by principal name). */
  async findUsersByMail(mail: string, options: { signal?: AbortSignal } = {}): Promise<Result<GraphUser[]>> {
    const r = await this.get(`/v1.0/users?$filter=${encodeURIComponent(`mail eq ${odata(mail.trim())}`)}&$select=${USER_SELECT}`, options.signal);
    if (!r.ok) return r;
    const value = obj(r.value)?.value;
    if (!Array.isArray(value)) return fail(unexpected('a user list without a value array'));
    return ok(value.map(parseGraphUser).filter((u): u is GraphUser => !!u));
  }

  /** The signed-in tenant: its id and verified domains. */
  async getOrganization(options: { signal?: AbortSignal } = {}): Promise<Result<GraphOrganization>> {
    const r = await this.get('/v1.0/organization?$select=id,displayName,verifiedDomains', options.signal);
    if (!r.ok) return r;
    const first = obj(Array.isArray(obj(r.value)?.value) ? (obj(r.value)!.value as unknown[])[0] : undefined);
    const id = str(first?.id);
    if (!first || !id) return fail(unexpected('no organization'));
    const domains = Array.isArray(first.verifiedDomains) ? first.verifiedDomains.map((d) => str(obj(d)?.name)).filter((d): d is string => !!d) : [];
    return ok({ id, ...(str(first.displayName) ? { displayName: str(first.displayName)! } : {}), verifiedDomains: domains });
  }
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  return new GraphClient(options);
}

function invalid(message: string): AzureError {
  return azureError({ kind: 'not-found', code: 'InvalidRequest', message });
}

function unexpected(what: string): AzureError {
  return azureError({ kind: 'bad-response', code: 'UnexpectedShape', message: `Microsoft Graph returned ${what}.` });
}

/** A Graph call refused for lack of permission (403, or 401/400 with a consent error). */
export function isGraphRefusal(e: AzureError): boolean {
  if (e.kind === 'forbidden') return true;
  if (e.code && /Authorization_RequestDenied|Forbidden|consent_required|invalid_grant/i.test(e.code)) return true;
  return (e.aadsts ?? []).some((a) => a.code === '65001' || a.code === '90094' || a.code === '90099');
}

/**
 * Tolerant parsers from ARM JSON to the data the extension uses, ARM id helpers and JWT expiry.
 * Nothing here throws on odd input: unknown shapes give undefined fields. Parameter values are
 * never kept (they may hold secrets): only their names.
 *
 * Pure: no Azure SDK.
 */

import { arr, obj, parseManagedIdentities, prop, str as s, type Json, type ManagedIdentities } from './armJson';

// ---------------------------------------------------------------------------------------------
// ARM ids
// ---------------------------------------------------------------------------------------------

export interface ConnectionIdParts {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const SEGMENT = `[^/?#\\s]+`;
const CONNECTION_ID_RE = new RegExp(
  `^/subscriptions/(${SEGMENT})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Web/connections/(${SEGMENT})$`,
  'i',
);
const SITE_ID_RE = new RegExp(
  `^/subscriptions/(${SEGMENT})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Web/sites/(${SEGMENT})$`,
  'i',
);
const MANAGED_API_ID_RE = new RegExp(
  `^/subscriptions/(${SEGMENT})/providers/Microsoft\\.Web/locations/(${SEGMENT})/managedApis/(${SEGMENT})$`,
  'i',
);

function noDotSegments(parts: string[]): boolean {
  return parts.every((p) => {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      return false;
    }
    return d !== '.' && d !== '..' && !d.includes('/') && !d.includes('\\');
  });
}

/** Parts of a `Microsoft.Web/connections` ARM id, or undefined when the id is not one. */
export function parseConnectionId(id: string | undefined): ConnectionIdParts | undefined {
  if (typeof id !== 'string') return undefined;
  const m = CONNECTION_ID_RE.exec(id.trim().replace(/\/+$/, ''));
  if (!m || !noDotSegments([m[1]!, m[2]!, m[3]!])) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

export function parseSiteId(id: string | undefined): ConnectionIdParts | undefined {
  if (typeof id !== 'string') return undefined;
  const m = SITE_ID_RE.exec(id.trim().replace(/\/+$/, ''));
  if (!m || !noDotSegments([m[1]!, m[2]!, m[3]!])) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

export interface ManagedApiRef {
  subscriptionId: string;
  location: string;
  apiName: string;
}

export function parseManagedApiId(id: string | undefined): ManagedApiRef | undefined {
  if (typeof id !== 'string') return undefined;
  const m = MANAGED_API_ID_RE.exec(id.trim().replace(/\/+$/, ''));
  if (!m || !noDotSegments([m[1]!, m[2]!, m[3]!])) return undefined;
  return { subscriptionId: m[1]!, location: m[2]!, apiName: m[3]! };
}

/** The ARM path of a connection with each segment percent-encoded. */
export function connectionPath(parts: ConnectionIdParts): string {
  return `/subscriptions/${enc(parts.subscriptionId)}/resourceGroups/${enc(parts.resourceGroup)}/providers/Microsoft.Web/connections/${enc(parts.name)}`;
}

export function sitePath(parts: ConnectionIdParts): string {
  return `/subscriptions/${enc(parts.subscriptionId)}/resourceGroups/${enc(parts.resourceGroup)}/providers/Microsoft.Web/sites/${enc(parts.name)}`;
}

export function managedApiPath(ref: ManagedApiRef): string {
  return `/subscriptions/${enc(ref.subscriptionId)}/providers/Microsoft.Web/locations/${enc(ref.location)}/managedApis/${enc(ref.apiName)}`;
}

/** Encode one path segment (keeps characters ARM names use, such as parentheses). */
export function enc(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    /* keep as is */
  }
  return encodeURIComponent(decoded);
}

/** Subscription id of an ARM URL or path (`/subscriptions/{id}/...`), lower-cased. */
export function subscriptionOfUrl(url: string): string | undefined {
  const m = /\/subscriptions\/([^/?#]+)/i.exec(url);
  return m ? decodeSafe(m[1]!).toLowerCase() : undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

export type ConnectionKind = 'V1' | 'V2';

export interface ConnectionStatusEntry {
  status: string;
  target?: string;
  error?: { code?: string; message?: string };
}

export interface ConnectionTestLink {
  requestUri: string;
  method: string;
}

export interface ConnectionTestRequest extends ConnectionTestLink {
  body?: unknown;
}

export interface ConnectionInfo {
  id: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  /** V1 = Consumption, V2 = Standard (access policies, connectionRuntimeUrl). */
  kind?: ConnectionKind;
  /** The kind as returned when it is neither V1 nor V2. */
  rawKind?: string;
  api: { name?: string; id?: string; displayName?: string; type?: string };
  displayName?: string;
  /** `overallStatus`, else the first `statuses[].status`; `Unknown` when neither. */
  status: string;
  connectionState?: string;
  statuses: ConnectionStatusEntry[];
  authenticatedUser?: string;
  createdTime?: string;
  changedTime?: string;
  testLinks: ConnectionTestLink[];
  testRequests: ConnectionTestRequest[];
  connectionRuntimeUrl?: string;
  /** Names of parameterValues (never their values). */
  parameterValueKeys: string[];
  /** Parameter set name (`parameterValueSet.name`, e.g. `managedIdentityAuth`) and its value names. */
  parameterValueSet?: { name?: string; valueKeys: string[] };
  /** `Alternative` for connections that use the caller's (managed) identity. */
  parameterValueType?: string;
}




export function parseKind(v: unknown): { kind?: ConnectionKind; rawKind?: string } {
  const k = s(v);
  if (!k) return {};
  const u = k.toUpperCase();
  if (u === 'V1' || u === 'V2') return { kind: u };
  return { rawKind: k };
}

/** Tolerant parse of a `Microsoft.Web/connections` resource (ARM GET, list or Resource Graph row). */
export function parseConnection(raw: unknown): ConnectionInfo | undefined {
  const r = obj(raw);
  if (!r) return undefined;
  const id = s(prop(r, 'id'));
  if (!id) return undefined;
  const p = obj(prop(r, 'properties')) ?? {};
  const parts = parseConnectionId(id);
  const api = obj(prop(p, 'api')) ?? {};
  const statuses: ConnectionStatusEntry[] = arr(prop(p, 'statuses'))
    .map(obj)
    .filter((x): x is Json => !!x)
    .map((x) => {
      const e = obj(prop(x, 'error'));
      const entry: ConnectionStatusEntry = { status: s(prop(x, 'status')) ?? 'Unknown' };
      const target = s(prop(x, 'target'));
      if (target) entry.target = target;
      if (e) {
        const code = s(prop(e, 'code'));
        const message = s(prop(e, 'message'));
        if (code || message) entry.error = { ...(code ? { code } : {}), ...(message ? { message } : {}) };
      }
      return entry;
    });
  const overall = s(prop(p, 'overallStatus'));
  const parameterValueSet = obj(prop(p, 'parameterValueSet'));
  const authUser = prop(p, 'authenticatedUser');
  const info: ConnectionInfo = {
    id,
    name: s(prop(r, 'name')) ?? parts?.name ?? id.split('/').pop() ?? id,
    api: {
      ...(s(prop(api, 'name')) ? { name: s(prop(api, 'name')) } : {}),
      ...(s(prop(api, 'id')) ? { id: s(prop(api, 'id')) } : {}),
      ...(s(prop(api, 'displayName')) ? { displayName: s(prop(api, 'displayName')) } : {}),
      ...(s(prop(api, 'type')) ? { type: s(prop(api, 'type')) } : {}),
    },
    status: overall ?? statuses[0]?.status ?? 'Unknown',
    statuses,
    testLinks: parseLinks(prop(p, 'testLinks')),
    testRequests: parseLinks(prop(p, 'testRequests'), true),
    parameterValueKeys: Object.keys(obj(prop(p, 'parameterValues')) ?? {}),
  };
  if (!info.api.name && info.api.id) info.api.name = info.api.id.split('/').pop();
  const subscriptionId = s(prop(r, 'subscriptionId')) ?? parts?.subscriptionId;
  if (subscriptionId) info.subscriptionId = subscriptionId;
  const resourceGroup = s(prop(r, 'resourceGroup')) ?? parts?.resourceGroup;
  if (resourceGroup) info.resourceGroup = resourceGroup;
  const location = s(prop(r, 'location'));
  if (location) info.location = location;
  Object.assign(info, parseKind(prop(r, 'kind')));
  const displayName = s(prop(p, 'displayName'));
  if (displayName) info.displayName = displayName;
  const state = s(prop(p, 'connectionState'));
  if (state) info.connectionState = state;
  const user = typeof authUser === 'string' ? s(authUser) : s(prop(obj(authUser), 'name'));
  if (user) info.authenticatedUser = user;
  const created = s(prop(p, 'createdTime'));
  if (created) info.createdTime = created;
  const changed = s(prop(p, 'changedTime'));
  if (changed) info.changedTime = changed;
  const runtimeUrl = s(prop(p, 'connectionRuntimeUrl'));
  if (runtimeUrl) info.connectionRuntimeUrl = runtimeUrl;
  if (parameterValueSet) {
    info.parameterValueSet = {
      ...(s(prop(parameterValueSet, 'name')) ? { name: s(prop(parameterValueSet, 'name')) } : {}),
      valueKeys: Object.keys(obj(prop(parameterValueSet, 'values')) ?? {}),
    };
  }
  const pvType = s(prop(p, 'parameterValueType'));
  if (pvType) info.parameterValueType = pvType;
  return info;
}

function parseLinks(v: unknown, withBody = false): ConnectionTestRequest[] {
  const out: ConnectionTestRequest[] = [];
  for (const item of arr(v)) {
    const o = obj(item);
    const requestUri = s(prop(o, 'requestUri'));
    if (!o || !requestUri) continue;
    const link: ConnectionTestRequest = { requestUri, method: (s(prop(o, 'method')) ?? 'GET').toUpperCase() };
    if (withBody && prop(o, 'body') !== undefined) link.body = prop(o, 'body');
    out.push(link);
  }
  return out;
}

/** Does the connection look broken from its own status? */
export function connectionErrors(info: ConnectionInfo): ConnectionStatusEntry[] {
  return info.statuses.filter((x) => !/^(connected|ready|ok)$/i.test(x.status) || x.error);
}

export function isConnectedStatus(status: string | undefined): boolean {
  return !!status && /^(connected|ready)$/i.test(status);
}

// ---------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName?: string;
  state?: string;
  tenantId?: string;
}

export function parseSubscription(raw: unknown): SubscriptionInfo | undefined {
  const r = obj(raw);
  const id = s(prop(r, 'subscriptionId')) ?? s(prop(r, 'id'))?.split('/').pop();
  if (!r || !id) return undefined;
  const out: SubscriptionInfo = { subscriptionId: id };
  const dn = s(prop(r, 'displayName'));
  if (dn) out.displayName = dn;
  const st = s(prop(r, 'state'));
  if (st) out.state = st;
  const t = s(prop(r, 'tenantId'));
  if (t) out.tenantId = t;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Access policies
// ---------------------------------------------------------------------------------------------

export interface AccessPolicy {
  id?: string;
  name: string;
  principalType?: string;
  objectId?: string;
  tenantId?: string;
}

export function parseAccessPolicy(raw: unknown): AccessPolicy | undefined {
  const r = obj(raw);
  if (!r) return undefined;
  const p = obj(prop(r, 'properties')) ?? {};
  const principal = obj(prop(p, 'principal')) ?? {};
  const identity = obj(prop(principal, 'identity')) ?? {};
  const name = s(prop(r, 'name')) ?? s(prop(r, 'id'))?.split('/').pop();
  if (!name) return undefined;
  const out: AccessPolicy = { name };
  const id = s(prop(r, 'id'));
  if (id) out.id = id;
  const type = s(prop(principal, 'type'));
  if (type) out.principalType = type;
  const oid = s(prop(identity, 'objectId'));
  if (oid) out.objectId = oid;
  const tid = s(prop(identity, 'tenantId'));
  if (tid) out.tenantId = tid;
  return out;
}

export interface IdentityRef {
  objectId: string;
  tenantId?: string;
}

/** The policy that lets `identity` use the connection, if any (ids compared case-insensitively). */
export function policyFor(policies: readonly AccessPolicy[], identity: IdentityRef): AccessPolicy | undefined {
  const oid = identity.objectId.toLowerCase();
  const tid = identity.tenantId?.toLowerCase();
  return policies.find(
    (p) => p.objectId?.toLowerCase() === oid && (!tid || !p.tenantId || p.tenantId.toLowerCase() === tid),
  );
}

// ---------------------------------------------------------------------------------------------
// Managed APIs
// ---------------------------------------------------------------------------------------------

export interface ManagedApiInfo {
  id?: string;
  name: string;
  displayName?: string;
  /** True when the API (in its default parameter set) signs in with OAuth: a user must consent. */
  needsConsent: boolean;
  /** Names of `oauthSetting` parameters. */
  oauthParameters: string[];
  /** Alternative parameter sets (`managedIdentityAuth`...) and whether each needs OAuth consent. */
  parameterSets: { name: string; oauth: boolean }[];
  capabilities: string[];
  runtimeUrls: string[];
}

function oauthParamsOf(params: Json | undefined): string[] {
  if (!params) return [];
  return Object.entries(params)
    .filter(([, v]) => /^oauthsetting$/i.test(s(prop(obj(v), 'type')) ?? ''))
    .map(([k]) => k);
}

export function parseManagedApi(raw: unknown): ManagedApiInfo | undefined {
  const r = obj(raw);
  if (!r) return undefined;
  const p = obj(prop(r, 'properties')) ?? {};
  const name = s(prop(r, 'name')) ?? s(prop(p, 'name')) ?? s(prop(r, 'id'))?.split('/').pop();
  if (!name) return undefined;
  const oauthParameters = oauthParamsOf(obj(prop(p, 'connectionParameters')));
  const sets = obj(prop(p, 'connectionParameterSets'));
  const parameterSets = arr(prop(sets, 'values'))
    .map(obj)
    .filter((x): x is Json => !!x && !!s(prop(x, 'name')))
    .map((x) => ({ name: s(prop(x, 'name'))!, oauth: oauthParamsOf(obj(prop(x, 'parameters'))).length > 0 }));
  const general = obj(prop(p, 'generalInformation'));
  const out: ManagedApiInfo = {
    name,
    needsConsent: oauthParameters.length > 0 || (parameterSets.length > 0 && parameterSets.every((x) => x.oauth)),
    oauthParameters,
    parameterSets,
    capabilities: arr(prop(p, 'capabilities')).filter((x): x is string => typeof x === 'string'),
    runtimeUrls: arr(prop(p, 'runtimeUrls')).filter((x): x is string => typeof x === 'string'),
  };
  const id = s(prop(r, 'id'));
  if (id) out.id = id;
  const dn = s(prop(p, 'displayName')) ?? s(prop(general, 'displayName'));
  if (dn) out.displayName = dn;
  return out;
}

/**
 * Does this connection need a user's OAuth consent? Only when its API uses OAuth and the
 * connection does not use a non-OAuth parameter set (for example managed identity).
 */
export function connectionNeedsConsent(api: ManagedApiInfo, connection?: ConnectionInfo): boolean {
  const setName = connection?.parameterValueSet?.name;
  if (setName) {
    const set = api.parameterSets.find((x) => x.name.toLowerCase() === setName.toLowerCase());
    if (set) return set.oauth;
  }
  if (connection?.parameterValueType && /^alternative$/i.test(connection.parameterValueType)) return false;
  return api.needsConsent;
}

// ---------------------------------------------------------------------------------------------
// Sites (Logic Apps Standard) identity
// ---------------------------------------------------------------------------------------------

export interface SiteIdentity extends ManagedIdentities {
  siteId: string;
}

export function parseSiteIdentity(siteId: string, raw: unknown): SiteIdentity {
  return { siteId, ...parseManagedIdentities(raw) };
}

// ---------------------------------------------------------------------------------------------
// JWT (connection keys)
// ---------------------------------------------------------------------------------------------

export interface JwtTimes {
  /** Expiry, ISO 8601. */
  expiresAt?: string;
  notBefore?: string;
  issuedAt?: string;
}

/**
 * Reads `exp`/`nbf`/`iat` from a JWT payload without verifying it (the key is the service's
 * business; we only want its expiry). Undefined when `token` is not a JWT.
 */
export function decodeJwtTimes(token: string | undefined): JwtTimes | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: Json | undefined;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    payload = obj(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')));
  } catch {
    return undefined;
  }
  if (!payload) return undefined;
  const iso = (v: unknown): string | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : undefined;
  const out: JwtTimes = {};
  const exp = iso(payload.exp);
  if (exp) out.expiresAt = exp;
  const nbf = iso(payload.nbf);
  if (nbf) out.notBefore = nbf;
  const iat = iso(payload.iat);
  if (iat) out.issuedAt = iat;
  return out;
}

export interface JwtIdentity {
  /** `oid`: the user's (or service principal's) object id. */
  objectId?: string;
  /** `tid`. */
  tenantId?: string;
  /** `upn`, `unique_name`, `preferred_username` or `name`. */
  name?: string;
}

/** Who a (Entra ID) access token was issued to, from its claims, without verifying it. */
export function decodeJwtIdentity(token: string | undefined): JwtIdentity | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: Json | undefined;
  try {
    payload = obj(JSON.parse(Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')));
  } catch {
    return undefined;
  }
  if (!payload) return undefined;
  const out: JwtIdentity = {};
  const oid = s(payload.oid);
  if (oid) out.objectId = oid;
  const tid = s(payload.tid);
  if (tid) out.tenantId = tid;
  const name = s(payload.upn) ?? s(payload.unique_name) ?? s(payload.preferred_username) ?? s(payload.name);
  if (name) out.name = name;
  return out;
}

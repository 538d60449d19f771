/**
 * The emulator's routes: one table of path patterns (matched case-insensitively on the raw
 * path, like ARM) with a handler per method. Handlers are synchronous, pure over the data set
 * and the per-emulator state, and return a `Reply`.
 */
import {
  armError,
  connectionKey,
  empty,
  json,
  renderAccessPolicy,
  renderConnection,
  renderGraphConnection,
  renderGraphSite,
  renderManagedApi,
  renderResourceGroup,
  renderSite,
  renderSiteConnections,
  renderSubscription,
  type Reply,
} from './arm';
import { findCustomApi, getCustomApiReply, listCustomApisReply, renderGraphCustomApi } from './customApis';
import { CONSENT_PAGE_PATH, encodeConsentData } from './consentPage';
import { connectionIdOf, runtimeUrlOf, VALID_CONSENT_CODE } from './data';
import { projectRow } from './graphQuery';
import { IDENTITY_ROUTES, resourceGraphRows } from './identity';
import { getWorkflowReply, listWorkflowsReply, siteVfsFileReply, workflowGraphRows } from './workflows';
import type { ConnectionFixture, EmulatorData, SiteFixture } from './types';

export interface EmulatorState {
  /** testconnection calls seen per connection id (lower case), for throttle storms. */
  testCalls: Map<string, number>;
  /** Consent links handed out with `localConsentPage` and not answered yet, newest first (consentPage.ts). */
  pendingConsents: string[];
}

export interface RouteContext {
  method: string;
  /** Decoded path parameters (the regex groups). */
  params: string[];
  /** Raw path (as sent). */
  rawPath: string;
  query: URLSearchParams;
  /** Parsed JSON body, the raw text when not JSON, undefined when empty. */
  body: unknown;
  origin: string;
  data: EmulatorData;
  state: EmulatorState;
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  name: string;
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>;
  /** A Microsoft Graph route: no api-version (identity.ts). */
  graph?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function encodeSkipToken(offset: number): string {
  return Buffer.from(`emulator:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number | undefined {
  const m = /^emulator:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** One page of an ARM list: `{value, nextLink?}` with an absolute nextLink on the emulator. */
function page<T>(ctx: RouteContext, items: readonly T[], pageSize: number, render: (item: T) => unknown): Reply {
  const token = ctx.query.get('$skiptoken') ?? ctx.query.get('$skipToken');
  let offset = 0;
  if (token !== null) {
    const o = decodeSkipToken(token);
    if (o === undefined) return armError(400, 'InvalidSkipToken', `The skip token '${token}' is invalid.`);
    offset = o;
  }
  const top = ctx.query.get('$top');
  const size = top !== null && /^\d+$/.test(top) && Number(top) > 0 ? Math.min(Number(top), 1000) : pageSize;
  const value = items.slice(offset, offset + size).map(render);
  const body: { value: unknown[]; nextLink?: string } = { value };
  if (offset + size < items.length) {
    const q = new URLSearchParams(ctx.query);
    q.delete('$skiptoken');
    q.delete('$skipToken');
    const rest = q.toString().replace(/%24/g, '$');
    body.nextLink = `${ctx.origin}${ctx.rawPath}?${rest ? `${rest}&` : ''}$skiptoken=${encodeSkipToken(offset + size)}`;
  }
  return json(body);
}

function findSubscription(data: EmulatorData, id: string) {
  return data.subscriptions.find((s) => eq(s.subscriptionId, id));
}

function resourceGroupExists(data: EmulatorData, sub: string, rg: string): boolean {
  const inRg = (x: { subscriptionId: string; resourceGroup: string }) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg);
  return (
    data.resourceGroups.some((g) => eq(g.subscriptionId, sub) && eq(g.name, rg)) || data.connections.some(inRg) || data.sites.some(inRg)
  );
}

const subscriptionNotFound = (id: string) => armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
const resourceGroupNotFound = (rg: string) => armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);

/** 404 for a missing subscription / resource group, else undefined. */
function scopeError(data: EmulatorData, sub: string, rg?: string): Reply | undefined {
  if (!findSubscription(data, sub)) return subscriptionNotFound(sub);
  if (rg !== undefined && !resourceGroupExists(data, sub, rg)) return resourceGroupNotFound(rg);
  return undefined;
}

/** Run `fn` with the connection of `{s}/{rg}/{name}` params, or answer 404. */
function withConnection(ctx: RouteContext, fn: (c: ConnectionFixture) => Reply): Reply {
  const [sub, rg, name] = ctx.params as [string, string, string];
  const scope = scopeError(ctx.data, sub, rg);
  if (scope) return scope;
  const c = ctx.data.connections.find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg) && eq(x.name, name));
  if (!c) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Web/connections/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return fn(c);
}

function withSite(ctx: RouteContext, fn: (s: SiteFixture) => Reply): Reply {
  const [sub, rg, name] = ctx.params as [string, string, string];
  const scope = scopeError(ctx.data, sub, rg);
  if (scope) return scope;
  const s = ctx.data.sites.find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg) && eq(x.name, name));
  if (!s) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Web/sites/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return fn(s);
}

const v2Only = (what: string) => armError(400, 'BadRequest', `${what} are only supported for V2 connections.`);

function isOAuth(ctx: RouteContext, c: ConnectionFixture): boolean {
  if (c.customApi) return !!findCustomApi(ctx.data, c.subscriptionId, undefined, c.api);
  return !!ctx.data.managedApis[c.api.toLowerCase()]?.oauth;
}

/** The display name of a connection's API (managed or custom). */
function apiDisplayName(ctx: RouteContext, c: ConnectionFixture): string {
  if (c.customApi) return findCustomApi(ctx.data, c.subscriptionId, undefined, c.api)?.displayName ?? c.api;
  return ctx.data.managedApis[c.api.toLowerCase()]?.displayName ?? c.api;
}

const notOAuth = (c: ConnectionFixture) =>
  armError(400, 'BadRequest', `The API '${c.api}' of connection '${c.name}' has no OAuth connection parameter: there is nothing to consent to.`);

/** .NET HttpStatusCode names, as dynamicInvoke reports them. */
const STATUS_NAMES: Record<number, string> = {
  200: 'OK',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

const listSubscriptions: Handler = (ctx) => page(ctx, ctx.data.subscriptions, ctx.data.paging.subscriptions, renderSubscription);

const getSubscription: Handler = (ctx) => {
  const s = findSubscription(ctx.data, ctx.params[0]!);
  return s ? json(renderSubscription(s)) : subscriptionNotFound(ctx.params[0]!);
};

const listResourceGroups: Handler = (ctx) => {
  const [sub] = ctx.params as [string];
  const scope = scopeError(ctx.data, sub);
  if (scope) return scope;
  const groups = ctx.data.resourceGroups.filter((g) => eq(g.subscriptionId, sub));
  return page(ctx, groups, ctx.data.paging.resourceGroups, renderResourceGroup);
};

const getResourceGroup: Handler = (ctx) => {
  const [sub, rg] = ctx.params as [string, string];
  const scope = scopeError(ctx.data, sub);
  if (scope) return scope;
  const g = ctx.data.resourceGroups.find((x) => eq(x.subscriptionId, sub) && eq(x.name, rg));
  return g ? json(renderResourceGroup(g)) : resourceGroupNotFound(rg);
};

const listConnections: Handler = (ctx) => {
  const [sub, rg] = ctx.params as [string, string | undefined];
  const scope = scopeError(ctx.data, sub, rg);
  if (scope) return scope;
  const items = ctx.data.connections.filter((c) => eq(c.subscriptionId, sub) && (rg === undefined || eq(c.resourceGroup, rg)));
  return page(ctx, items, ctx.data.paging.connections, (c) => renderConnection(c, ctx.data, ctx.origin, ctx.query.get('api-version')));
};

/** Only `where type =~ '...'` / `== '...'` of the KQL is honoured; the rest is ignored. */
function typeFilter(query: string): ((type: string) => boolean) | undefined {
  const m = /\bwhere\s+type\s*(=~|==)\s*(['"])([^'"]+)\2/i.exec(query);
  if (!m) return undefined;
  const [, op, , want] = m as unknown as [string, string, string, string];
  return op === '=~' ? (t) => eq(t, want) : (t) => t === want;
}

const resourceGraph: Handler = (ctx) => {
  const body = obj(ctx.body);
  const query = body?.query;
  if (!body || typeof query !== 'string' || !query.trim()) {
    return armError(400, 'BadRequest', "Please provide a query: the request body must be a JSON object with a non-empty 'query'.");
  }
  if (body.subscriptions !== undefined && !(Array.isArray(body.subscriptions) && body.subscriptions.every((x) => typeof x === 'string'))) {
    return armError(400, 'BadRequest', "'subscriptions' must be an array of subscription ids.");
  }
  const subs = (body.subscriptions as string[] | undefined)?.map((x) => x.toLowerCase());
  const options = obj(body.options) ?? {};
  const { resourceGraphTop, resourceGraphMaxTop } = ctx.data.paging;
  const top = options.$top === undefined ? resourceGraphTop : Number(options.$top);
  if (!Number.isInteger(top) || top < 1 || top > resourceGraphMaxTop) {
    return armError(400, 'BadRequest', `Please provide a $top value between 1 and ${resourceGraphMaxTop}.`);
  }
  let offset = 0;
  if (typeof options.$skipToken === 'string' && options.$skipToken) {
    const o = decodeSkipToken(options.$skipToken);
    if (o === undefined) return armError(400, 'BadRequest', 'The $skipToken is invalid.');
    offset = o;
  } else if (options.$skip !== undefined) {
    offset = Number(options.$skip);
    if (!Number.isInteger(offset) || offset < 0) return armError(400, 'BadRequest', 'Please provide a $skip value of 0 or more.');
  }
  const inScope = (sub: string) => (!subs || subs.includes(sub.toLowerCase())) && !!findSubscription(ctx.data, sub);
  const wantType = typeFilter(query) ?? (() => true);
  const rows: (() => Record<string, unknown>)[] = [];
  if (wantType('microsoft.web/connections')) {
    for (const c of ctx.data.connections) if (inScope(c.subscriptionId)) rows.push(() => renderGraphConnection(c, ctx.data, ctx.origin));
  }
  if (wantType('microsoft.web/sites')) {
    for (const s of ctx.data.sites) if (inScope(s.subscriptionId)) rows.push(() => renderGraphSite(s, ctx.data));
  }
  if (wantType('microsoft.web/customapis')) {
    for (const c of ctx.data.customApis ?? []) if (inScope(c.subscriptionId)) rows.push(() => renderGraphCustomApi(c, ctx.data));
  }
  rows.push(...workflowGraphRows(ctx.data, wantType, inScope));
  // Key Vaults, storage accounts, namespaces… (identity.ts): `name =~ '…'` is honoured too.
  rows.push(...resourceGraphRows(ctx.data, query, wantType, inScope));
  // `| project a, b = properties.x['y']` is honoured (graphQuery.ts); other operators are ignored.
  const data = rows.slice(offset, offset + top).map((r) => projectRow(query, r()));
  return json({
    totalRecords: rows.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: 'false',
    ...(offset + top < rows.length ? { $skipToken: encodeSkipToken(offset + top) } : {}),
  });
};

const getManagedApi: Handler = (ctx) => {
  const [sub, location, name] = ctx.params as [string, string, string];
  const scope = scopeError(ctx.data, sub);
  if (scope) return scope;
  const a = ctx.data.managedApis[name.toLowerCase()];
  if (!a) return armError(404, 'NotFound', `The API '${name}' could not be found.`);
  return json(renderManagedApi(a, sub, location.toLowerCase()));
};

const getConnection: Handler = (ctx) => withConnection(ctx, (c) => json(renderConnection(c, ctx.data, ctx.origin, ctx.query.get('api-version'))));

const deleteConnection: Handler = (ctx) => {
  const [sub, rg, name] = ctx.params as [string, string, string];
  const scope = scopeError(ctx.data, sub, rg);
  if (scope) return scope;
  const i = ctx.data.connections.findIndex((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg) && eq(x.name, name));
  if (i < 0) return empty(204);
  ctx.data.connections.splice(i, 1);
  return empty(200);
};

const testConnection: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    const key = connectionIdOf(c).toLowerCase();
    const calls = (ctx.state.testCalls.get(key) ?? 0) + 1;
    ctx.state.testCalls.set(key, calls);
    const t = c.test;
    switch (t.kind) {
      case 'ok':
        return json({});
      case 'hang':
        return { hang: true };
      case 'status':
        return armError(t.status, t.code, t.message);
      case 'throttle':
        return calls <= t.times
          ? armError(429, 'TooManyRequests', 'Rate limit is exceeded. Try again later.', { 'retry-after': String(t.retryAfter) })
          : json({});
    }
  });

const dynamicInvoke: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (!obj(obj(ctx.body)?.request)) {
      return armError(400, 'InvalidRequestContent', "The request content is not valid: expected {\"request\":{\"method\",\"path\",...}}.");
    }
    if (c.dynamicInvoke) {
      return json({ response: { statusCode: c.dynamicInvoke.statusCode, headers: { 'Content-Type': 'application/json' }, body: c.dynamicInvoke.body ?? {} } });
    }
    const t = c.test;
    if (t.kind === 'hang') return { hang: true };
    const status = t.kind === 'status' ? t.status : 200;
    const body = t.kind === 'status' ? { status, message: t.message } : {};
    return json({ response: { statusCode: STATUS_NAMES[status] ?? String(status), headers: { 'Content-Type': 'application/json' }, body } });
  });

const listConsentLinks: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (!isOAuth(ctx, c)) return notOAuth(c);
    const body = obj(ctx.body);
    if (body?.parameters !== undefined && !Array.isArray(body.parameters)) {
      return armError(400, 'InvalidRequestContent', "'parameters' must be an array.");
    }
    const params = ((body?.parameters as unknown[] | undefined) ?? [{ parameterName: 'token' }]).map((p) => obj(p) ?? {});
    const base = `https://logic-apis-${c.location}.consent.azure-apim.net`;
    const displayName = apiDisplayName(ctx, c);
    return json({
      value: params.map((p) => {
        const data = encodeConsentData({ connectionId: connectionIdOf(c), parameterName: String(p.parameterName ?? 'token'), redirectUrl: String(p.redirectUrl ?? '') });
        // With `localConsentPage`, the emulator's own page (consentPage.ts) completes the flow offline.
        if (ctx.data.localConsentPage) {
          ctx.state.pendingConsents.unshift(data);
          ctx.state.pendingConsents.splice(20);
          return { link: `${ctx.origin}${CONSENT_PAGE_PATH}?data=${data}`, displayName, status: 'Unauthenticated' };
        }
        return { link: `${base}/login?data=${data}`, firstPartyLoginUri: `${base}/firstPartyLogin?data=${data}`, displayName, status: 'Unauthenticated' };
      }),
    });
  });

const confirmConsentCode: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (!isOAuth(ctx, c)) return notOAuth(c);
    const code = obj(ctx.body)?.code;
    if (typeof code !== 'string' || !code) return armError(400, 'InvalidRequestContent', "The request body must have a 'code'.");
    if (code !== VALID_CONSENT_CODE) return armError(400, 'BadRequest', 'The consent code is invalid or has expired.');
    c.overallStatus = 'Connected';
    c.connectionState = 'Enabled';
    c.statuses = [{ status: 'Connected' }];
    c.authenticatedUser = c.consentUser ?? c.authenticatedUser ?? 'user@contoso.com';
    c.test = { kind: 'ok' };
    c.dynamicInvoke = { statusCode: 'OK' };
    c.changedTime = new Date().toISOString();
    return json({});
  });

const listConnectionKeys: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (c.kind !== 'V2') return v2Only('Connection keys');
    const raw = obj(ctx.body)?.validityTimeSpan;
    const m = /^(\d+)(?:\.\d{2}:\d{2}:\d{2})?$/.exec(typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '');
    const days = m ? Number(m[1]) : NaN;
    if (!(days >= 1 && days <= 365)) {
      return armError(400, 'InvalidRequestContent', "The request body must have a 'validityTimeSpan' in days between 1 and 365, e.g. {\"validityTimeSpan\":\"7\"}.");
    }
    return json({ connectionKey: connectionKey(c, days), runtimeUrls: [c.connectionRuntimeUrl ?? runtimeUrlOf(c)] });
  });

const listAccessPolicies: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (c.kind !== 'V2') return v2Only('Access policies');
    return json({ value: (c.accessPolicies ?? []).map((p) => renderAccessPolicy(c, p)) });
  });

const policyNotFound = (name: string) => armError(404, 'ResourceNotFound', `The access policy '${name}' was not found.`);

const getAccessPolicy: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (c.kind !== 'V2') return v2Only('Access policies');
    const p = c.accessPolicies?.find((x) => eq(x.name, ctx.params[3]!));
    return p ? json(renderAccessPolicy(c, p)) : policyNotFound(ctx.params[3]!);
  });

const putAccessPolicy: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (c.kind !== 'V2') return v2Only('Access policies');
    const principal = obj(obj(obj(ctx.body)?.properties)?.principal);
    const identity = obj(principal?.identity);
    const objectId = identity?.objectId;
    if (typeof objectId !== 'string' || !objectId) {
      return armError(400, 'InvalidRequestContent', "The request body must have 'properties.principal.identity.objectId'.");
    }
    if (principal?.type !== undefined && principal.type !== 'ActiveDirectory') {
      return armError(400, 'InvalidRequestContent', "'properties.principal.type' must be 'ActiveDirectory'.");
    }
    const name = ctx.params[3]!;
    const tenantId = typeof identity?.tenantId === 'string' && identity.tenantId ? identity.tenantId : ctx.data.tenantId;
    const policies = (c.accessPolicies ??= []);
    const existing = policies.find((x) => eq(x.name, name));
    if (existing) {
      existing.objectId = objectId;
      existing.tenantId = tenantId;
      return json(renderAccessPolicy(c, existing));
    }
    const created = { name, objectId, tenantId };
    policies.push(created);
    return json(renderAccessPolicy(c, created), 201);
  });

const deleteAccessPolicy: Handler = (ctx) =>
  withConnection(ctx, (c) => {
    if (c.kind !== 'V2') return v2Only('Access policies');
    const i = c.accessPolicies?.findIndex((x) => eq(x.name, ctx.params[3]!)) ?? -1;
    if (i < 0) return empty(204);
    c.accessPolicies!.splice(i, 1);
    return empty(200);
  });

const listCustomApis: Handler = (ctx) => {
  const [sub, rg] = ctx.params as [string, string | undefined];
  return scopeError(ctx.data, sub, rg) ?? listCustomApisReply(ctx.data, sub, rg);
};

const getCustomApi: Handler = (ctx) => {
  const [sub, rg, name] = ctx.params as [string, string, string];
  return scopeError(ctx.data, sub, rg) ?? getCustomApiReply(ctx.data, sub, rg, name);
};

const getSite: Handler = (ctx) => withSite(ctx, (s) => json(renderSite(s)));
const getSiteVfsFile: Handler = (ctx) => withSite(ctx, (s) => siteVfsFileReply(s, ctx.params[3]!));
const listWorkflows: Handler = (ctx) => {
  const [sub, rg] = ctx.params as [string, string | undefined];
  return scopeError(ctx.data, sub, rg) ?? listWorkflowsReply(ctx.data, sub, rg);
};
const getWorkflow: Handler = (ctx) => {
  const [sub, rg, name] = ctx.params as [string, string, string];
  return scopeError(ctx.data, sub, rg) ?? getWorkflowReply(ctx.data, sub, rg, name);
};
const getSiteConnections: Handler = (ctx) => withSite(ctx, (s) => json(renderSiteConnections(s)));

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const SEG = '([^/]+)';
const SUB = `/subscriptions/${SEG}`;
const RG = `${SUB}/resourceGroups/${SEG}`;
const CONN = `${RG}/providers/Microsoft\\.Web/connections/${SEG}`;
const SITE = `${RG}/providers/Microsoft\\.Web/sites/${SEG}`;
const re = (s: string) => new RegExp(`^${s}/?$`, 'i');

export const ROUTES: Route[] = [
  { name: 'subscriptions', pattern: re('/subscriptions'), methods: { GET: listSubscriptions } },
  { name: 'subscription', pattern: re(SUB), methods: { GET: getSubscription } },
  { name: 'resourceGroups', pattern: re(`${SUB}/resourceGroups`), methods: { GET: listResourceGroups } },
  { name: 'resourceGroup', pattern: re(RG), methods: { GET: getResourceGroup } },
  { name: 'subscriptionConnections', pattern: re(`${SUB}/providers/Microsoft\\.Web/connections`), methods: { GET: listConnections } },
  { name: 'resourceGroupConnections', pattern: re(`${RG}/providers/Microsoft\\.Web/connections`), methods: { GET: listConnections } },
  { name: 'resourceGraph', pattern: re('/providers/Microsoft\\.ResourceGraph/resources'), methods: { POST: resourceGraph } },
  { name: 'managedApi', pattern: re(`${SUB}/providers/Microsoft\\.Web/locations/${SEG}/managedApis/${SEG}`), methods: { GET: getManagedApi } },
  { name: 'connection', pattern: re(CONN), methods: { GET: getConnection, DELETE: deleteConnection } },
  { name: 'testConnection', pattern: re(`${CONN}/extensions/proxy/testconnection`), methods: { GET: testConnection, POST: testConnection } },
  { name: 'dynamicInvoke', pattern: re(`${CONN}/dynamicInvoke`), methods: { POST: dynamicInvoke } },
  { name: 'listConsentLinks', pattern: re(`${CONN}/listConsentLinks`), methods: { POST: listConsentLinks } },
  { name: 'confirmConsentCode', pattern: re(`${CONN}/confirmConsentCode`), methods: { POST: confirmConsentCode } },
  { name: 'listConnectionKeys', pattern: re(`${CONN}/listConnectionKeys`), methods: { POST: listConnectionKeys } },
  { name: 'accessPolicies', pattern: re(`${CONN}/accessPolicies`), methods: { GET: listAccessPolicies } },
  {
    name: 'accessPolicy',
    pattern: re(`${CONN}/accessPolicies/${SEG}`),
    methods: { GET: getAccessPolicy, PUT: putAccessPolicy, DELETE: deleteAccessPolicy },
  },
  // Custom connectors: CustomApis_ListAll / CustomApis_List / CustomApis_Get (logicAppsManagementClient.json, 2016-06-01).
  { name: 'subscriptionCustomApis', pattern: re(`${SUB}/providers/Microsoft\\.Web/customApis`), methods: { GET: listCustomApis } },
  { name: 'resourceGroupCustomApis', pattern: re(`${RG}/providers/Microsoft\\.Web/customApis`), methods: { GET: listCustomApis } },
  { name: 'customApi', pattern: re(`${RG}/providers/Microsoft\\.Web/customApis/${SEG}`), methods: { GET: getCustomApi } },
  { name: 'site', pattern: re(SITE), methods: { GET: getSite } },
  { name: 'siteConnections', pattern: re(`${SITE}/workflowsconfiguration/connections`), methods: { GET: getSiteConnections } },
  // The host runtime's files (workflows.ts) and Consumption workflows (Workflows_Get, logic.json 2019-05-01).
  { name: 'siteVfsFile', pattern: re(`${SITE}/hostruntime/admin/vfs/${SEG}`), methods: { GET: getSiteVfsFile } },
  { name: 'subscriptionWorkflows', pattern: re(`${SUB}/providers/Microsoft\\.Logic/workflows`), methods: { GET: listWorkflows } },
  { name: 'resourceGroupWorkflows', pattern: re(`${RG}/providers/Microsoft\\.Logic/workflows`), methods: { GET: listWorkflows } },
  { name: 'workflow', pattern: re(`${RG}/providers/Microsoft\\.Logic/workflows/${SEG}`), methods: { GET: getWorkflow } },
  // Role assignments and definitions, Microsoft Graph, then any other resource (identity.ts).
  ...IDENTITY_ROUTES,
];

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The route whose pattern matches `rawPath`, its decoded params and its handler for `method` (if any). */
export function matchRoute(method: string, rawPath: string): { route: Route; params: string[]; handler?: Handler } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(rawPath);
    if (!m) continue;
    return { route, params: m.slice(1).map(decode), handler: route.methods[method.toUpperCase() as keyof Route['methods']] };
  }
  return undefined;
}

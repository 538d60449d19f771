/**
 * Custom connectors (`Microsoft.Web/customApis`) in Azure: ids, a tolerant parser, listing across
 * subscriptions (Resource Graph, else ARM per subscription) and reading one definition.
 *
 * REST: azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`
 * (`CustomApis_ListAll` GET /subscriptions/{s}/providers/Microsoft.Web/customApis, `CustomApis_Get`
 * GET …/resourceGroups/{rg}/providers/Microsoft.Web/customApis/{name}, api-version 2016-06-01;
 * `CustomApiDefinition` → `properties.connectionParameters`, `swagger`, `backendService`…).
 * A connection made from a custom connector carries the customApi's id in `properties.api.id`.
 *
 * Only the client's public request methods are used (`send`, `collect`, `queryResourceGraph`), so
 * this module loads nothing of the Azure SDK itself.
 */
import type { AzureClient, CallOptions, ListConnectionsOptions } from './client';
import { azureError, fail, ok, type AzureError, type Result } from './errors';
import { enc } from './model';
import { obj, prop, str, type Json } from './armJson';

export const CUSTOM_APIS_API_VERSION = '2016-06-01';

/** The Resource Graph query for custom connectors (with their properties). */
export const CUSTOM_APIS_QUERY = "resources | where type =~ 'microsoft.web/customapis'";

export interface CustomApiRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const SEGMENT = `[^/?#\\s]+`;
const CUSTOM_API_ID_RE = new RegExp(`^/subscriptions/(${SEGMENT})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Web/customApis/(${SEGMENT})$`, 'i');

/** Parts of a `Microsoft.Web/customApis` id, or undefined. */
export function parseCustomApiId(id: string | undefined): CustomApiRef | undefined {
  if (typeof id !== 'string') return undefined;
  const m = CUSTOM_API_ID_RE.exec(id.trim().replace(/\/+$/, ''));
  if (!m) return undefined;
  const parts = [m[1]!, m[2]!, m[3]!];
  for (const p of parts) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      return undefined;
    }
    if (d === '.' || d === '..' || d.includes('/') || d.includes('\\')) return undefined;
  }
  return { subscriptionId: parts[0]!, resourceGroup: parts[1]!, name: parts[2]! };
}

export function customApiPath(ref: CustomApiRef): string {
  return `/subscriptions/${enc(ref.subscriptionId)}/resourceGroups/${enc(ref.resourceGroup)}/providers/Microsoft.Web/customApis/${enc(ref.name)}`;
}

export interface CustomApiInfo {
  id: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  displayName?: string;
  description?: string;
  /** `backendService.serviceUrl`. */
  backendUrl?: string;
  /** Identity providers of its OAuth settings (`oauth2`, `aad`…), as written. */
  identityProviders: string[];
  /** Names of its connection parameters (never values). */
  connectionParameters: string[];
}



/** Tolerant parse of a customApis resource (ARM GET, list or Resource Graph row). */
export function parseCustomApi(raw: unknown): CustomApiInfo | undefined {
  const r = obj(raw);
  const id = str(prop(r, 'id'));
  if (!r || !id) return undefined;
  const parts = parseCustomApiId(id);
  const p = obj(prop(r, 'properties')) ?? {};
  const params = obj(prop(p, 'connectionParameters')) ?? {};
  const providers = new Set<string>();
  const addProviders = (ps: Json | undefined) => {
    for (const v of Object.values(ps ?? {})) {
      const settings = obj(prop(obj(v), 'oAuthSettings'));
      const idp = str(prop(settings, 'identityProvider'));
      if (/^oauthsetting$/i.test(str(prop(obj(v), 'type')) ?? '') && idp) providers.add(idp);
    }
  };
  addProviders(params);
  for (const set of (Array.isArray(prop(obj(prop(p, 'connectionParameterSets')), 'values')) ? (prop(obj(prop(p, 'connectionParameterSets')), 'values') as unknown[]) : [])) {
    addProviders(obj(prop(obj(set), 'parameters')));
  }
  const info: CustomApiInfo = {
    id,
    name: str(prop(r, 'name')) ?? parts?.name ?? id.split('/').pop() ?? id,
    identityProviders: [...providers],
    connectionParameters: Object.keys(params),
  };
  const subscriptionId = str(prop(r, 'subscriptionId')) ?? parts?.subscriptionId;
  if (subscriptionId) info.subscriptionId = subscriptionId;
  const resourceGroup = str(prop(r, 'resourceGroup')) ?? parts?.resourceGroup;
  if (resourceGroup) info.resourceGroup = resourceGroup;
  const location = str(prop(r, 'location'));
  if (location) info.location = location;
  const displayName = str(prop(p, 'displayName'));
  if (displayName) info.displayName = displayName;
  const description = str(prop(p, 'description'));
  if (description) info.description = description;
  const backend = str(prop(obj(prop(p, 'backendService')), 'serviceUrl'));
  if (backend) info.backendUrl = backend;
  return info;
}

export interface ListCustomApisResult {
  customApis: CustomApiInfo[];
  source: 'resource-graph' | 'arm';
  errors: { subscriptionId?: string; error: AzureError }[];
}

/** Custom connectors across subscriptions: one Resource Graph query, else ARM per subscription. */
export async function listCustomApis(client: AzureClient, options: CallOptions & { subscriptionIds: string[]; source?: ListConnectionsOptions['source'] }): Promise<Result<ListCustomApisResult>> {
  const subscriptionIds = [...new Set(options.subscriptionIds.filter((s) => typeof s === 'string' && s.trim()))];
  if (!subscriptionIds.length) return ok({ customApis: [], source: 'resource-graph', errors: [] });
  const source = options.source ?? 'auto';
  if (source !== 'arm') {
    const rg = await client.queryResourceGraph(CUSTOM_APIS_QUERY, subscriptionIds, { signal: options.signal });
    if (rg.ok && !rg.value.incomplete) return ok({ customApis: rg.value.items.map(parseCustomApi).filter((c): c is CustomApiInfo => !!c), source: 'resource-graph', errors: [] });
    const e = rg.ok ? rg.value.incomplete! : rg.error;
    if (e.kind === 'cancelled' || source === 'resource-graph') return fail(e);
  }
  const results = await Promise.all(
    subscriptionIds.map(async (subscriptionId) => ({
      subscriptionId,
      r: await client.collect(`/subscriptions/${enc(subscriptionId)}/providers/Microsoft.Web/customApis`, parseCustomApi, { signal: options.signal, apiVersion: CUSTOM_APIS_API_VERSION }),
    })),
  );
  if (options.signal?.aborted) return fail(azureError({ kind: 'cancelled', message: 'The listing was cancelled.' }));
  const customApis: CustomApiInfo[] = [];
  const errors: ListCustomApisResult['errors'] = [];
  for (const { subscriptionId, r } of results) {
    if (!r.ok) errors.push({ subscriptionId, error: r.error });
    else {
      customApis.push(...r.value.items);
      if (r.value.incomplete) errors.push({ subscriptionId, error: r.value.incomplete });
    }
  }
  return ok({ customApis, source: 'arm', errors });
}

/** One custom connector: what ARM returns (the resource JSON) and its parsed summary. */
export interface CustomApiDefinition {
  info: CustomApiInfo;
  /** The resource as ARM returned it (ARM never returns a client secret). */
  resource: Json;
}

export async function getCustomApi(client: AzureClient, id: string, options: CallOptions = {}): Promise<Result<CustomApiDefinition>> {
  const ref = parseCustomApiId(id);
  if (!ref) return fail(azureError({ kind: 'not-found', code: 'InvalidResourceId', message: `'${String(id).slice(0, 200)}' is not a custom connector (Microsoft.Web/customApis) resource id.` }));
  const r = await client.send('GET', customApiPath(ref), { ...options, apiVersion: CUSTOM_APIS_API_VERSION });
  if (!r.ok) return r;
  const resource = obj(r.value.body);
  const info = parseCustomApi(resource);
  if (!resource || !info) return fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a custom connector without an id.' }));
  return ok({ info, resource });
}

/** Whether a connection's `api.id` names a custom connector. */
export function isCustomApiId(id: string | undefined): boolean {
  return !!parseCustomApiId(id);
}

/** A copy of the resource with any client secret hidden (ARM does not return one; a template might hold one). */
export function withoutSecrets(resource: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(resource ?? null)) as unknown;
  const stack: unknown[] = [copy];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    for (const [k, child] of Object.entries(v as Json)) {
      if (/^client_?secret$/i.test(k) && typeof child === 'string' && child) (v as Json)[k] = '(hidden)';
      else if (child && typeof child === 'object') stack.push(child);
    }
  }
  return copy;
}

/**
 * Where a project authenticates with a managed identity or a service principal, read from its files:
 *
 * - HTTP actions with `authentication.type: ManagedServiceIdentity` (`identity`: a user-assigned
 *   identity's resource id, else the system-assigned one): the target from the request host
 *   (Key Vault, Storage, Service Bus / Event Hubs, SQL, Cosmos DB, Resource Manager) and what the
 *   request needs from its method and path;
 * - built-in (service provider) connections with `authProvider.Type: ManagedServiceIdentity`: the
 *   target from their parameters (`fullyQualifiedNamespace`, `blobStorageEndpoint`, `VaultUri`…), the
 *   need from each action's `operationId`;
 * - managed API connections the connector calls with the managed identity (`connectionProperties
 *   .authentication`, or any managed connection: its ARM parameter set tells, see doctor.ts): the
 *   actions' paths and methods;
 * - HTTP actions with `ActiveDirectoryOAuth` (a service principal: `clientId`, `tenant`, a secret or a
 *   certificate) for the credential and tenant checks.
 *
 * Shapes: learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity (HTTP
 * `authentication` {type, audience, identity}; connections.json `authentication` and
 * `connectionProperties.authentication`), learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app
 * ("Microsoft Entra ID Open Authentication": tenant, audience, clientId, credentialType, secret / pfx,
 * password) and the reference (`/work/shared/reference/azure-connections.md` §1–2).
 *
 * Pure: no Azure SDK, no network. Values are resolved through parameters.json and local.settings.json
 * where they can be; anything built at run time stays unresolved (and is never judged).
 */
import { classifyAudience, serviceForHost, targetOfUri } from '../audiences';
import { hasPlaceholder } from '../expressions';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { localSettingValues } from '../localSettings';
import type { Project } from '../project';
import type { CloudName, JsonPath } from '../types';
import { actionType, walkActions } from '../workflow';
import { apiOf, connectionIndex, connectionReferences, consumptionWorkflows } from '../connections';

export type ServiceKind = 'keyVault' | 'storage' | 'serviceBus' | 'eventHubs' | 'sql' | 'cosmosDb' | 'resourceManager';

export const SERVICE_LABELS: Readonly<Record<ServiceKind, string>> = {
  keyVault: 'Key Vault',
  storage: 'Storage account',
  serviceBus: 'Service Bus namespace',
  eventHubs: 'Event Hubs namespace',
  sql: 'SQL server',
  cosmosDb: 'Cosmos DB account',
  resourceManager: 'Resource Manager scope',
};

/** The ARM resource type of each service's target. */
export const SERVICE_TYPES: Readonly<Record<Exclude<ServiceKind, 'resourceManager'>, string>> = {
  keyVault: 'Microsoft.KeyVault/vaults',
  storage: 'Microsoft.Storage/storageAccounts',
  serviceBus: 'Microsoft.ServiceBus/namespaces',
  eventHubs: 'Microsoft.EventHub/namespaces',
  sql: 'Microsoft.Sql/servers',
  cosmosDb: 'Microsoft.DocumentDB/databaseAccounts',
};

export type IdentityRef = { kind: 'system' } | { kind: 'user'; resourceId: string } | { kind: 'dynamic'; raw: string };

export interface Target {
  service: ServiceKind;
  /** The resource's name from the host (vault, account, namespace, server, Cosmos account). */
  name?: string;
  /** A Resource Manager scope or resource id (calls to Resource Manager). */
  resourceId?: string;
  host?: string;
  /** `blob`, `queue`, `table`, `file`, `dfs` for storage. */
  storageKind?: string;
  cloud?: CloudName;
  /** A `*.servicebus.windows.net` host: Service Bus, or Event Hubs (same suffix). */
  maybeEventHubs?: boolean;
}

/** What the request does, for `needsFor` (permissions.ts). */
export interface RequestShape {
  method: string;
  /** The path with expressions replaced by `{x}`. */
  path: string;
  query?: string;
  /** Built-in connector operation. */
  operationId?: string;
  /** Managed API name (`keyvault`, `azureblob`…). */
  api?: string;
  isTrigger?: boolean;
  /** Literal request headers (names in lower case), where the need depends on one (a Cosmos DB query). */
  headers?: Record<string, string>;
}

export interface UseSite {
  /** `InvoiceArchive / Get_retention_policy`, `connection serviceBus`. */
  label: string;
  workflow?: string;
  action?: string;
  connection?: string;
  file: JsonFile;
  path: JsonPath;
}

export interface MsiUse {
  via: 'http' | 'serviceProvider' | 'managedApi';
  site: UseSite;
  identity: IdentityRef;
  /** Known from the files; managed API connections learn theirs from Azure (doctor.ts). */
  target?: Target;
  /** Why the target cannot be told from the files. */
  unresolved?: string;
  request: RequestShape;
  /** Managed API connection (via `managedApi`). */
  connection?: { name: string; api: string; entry: Record<string, unknown>; datasets: string[]; /** The connection's resource id, where the use names it (Consumption `$connections`). */ id?: string };
}

export interface SpCredentialUse {
  site: UseSite;
  /** The application (client) id, when literal after resolution. */
  clientId?: string;
  /** The tenant id or domain written in the action, resolved. */
  tenant?: string;
  credentialType: 'secret' | 'certificate';
  /** The local secret's first three characters (Graph's `hint`), when local.settings.json holds it. */
  localSecretHint?: string;
  unresolved?: string;
}

// ---------------------------------------------------------------------------------------------
// Resolving values through parameters.json and local.settings.json
// ---------------------------------------------------------------------------------------------

const PART = /@\{\s*(appsetting|parameters)\s*\(\s*'((?:[^']|'')*)'\s*\)\s*\}|^@(appsetting|parameters)\('((?:[^']|'')*)'\)$/g;

export interface Resolution {
  value?: unknown;
  /** Set when something stays dynamic or is missing locally. */
  unresolved?: string;
}

/** A value with `@parameters('X')` / `@appsetting('X')` (whole or `@{…}` parts) replaced, a few hops deep. */
export function resolveProjectValue(project: Project, value: unknown): Resolution {
  const params = isObject(project.parameters?.value) ? (project.parameters!.value as Record<string, unknown>) : {};
  const settings = localSettingValues(project);
  let cur = value;
  for (let hop = 0; hop < 5; hop++) {
    if (typeof cur !== 'string') return { value: cur };
    const s = cur;
    const whole = /^@(appsetting|parameters)\('((?:[^']|'')*)'\)$/.exec(s.trim());
    if (whole) {
      const name = whole[2]!.replace(/''/g, "'");
      const v = whole[1] === 'parameters' ? (isObject(params[name]) ? (params[name] as Record<string, unknown>).value : undefined) : settings[name];
      if (v === undefined) return { unresolved: `${whole[1] === 'parameters' ? 'parameter' : 'app setting'} ${name} is not defined locally` };
      cur = v;
      continue;
    }
    let missing: string | undefined;
    const next = s.replace(PART, (m, fn1?: string, n1?: string, fn2?: string, n2?: string) => {
      const fn = fn1 ?? fn2;
      const name = (n1 ?? n2 ?? '').replace(/''/g, "'");
      const v = fn === 'parameters' ? (isObject(params[name]) ? (params[name] as Record<string, unknown>).value : undefined) : settings[name];
      if (typeof v !== 'string' && typeof v !== 'number') {
        missing ??= `${fn === 'parameters' ? 'parameter' : 'app setting'} ${name} is not defined locally`;
        return m;
      }
      return String(v);
    });
    if (missing) return { unresolved: missing };
    if (next === s) return hasPlaceholder(s) ? { unresolved: 'it holds a deployment placeholder' } : { value: s };
    cur = next;
  }
  return { unresolved: 'too many nested references' };
}

/** A string with every remaining `@{…}` expression replaced by `{x}` (for path shapes). */
function shapeOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '@' && s[i + 1] === '{') {
      let depth = 0;
      let inString = false;
      let j = i + 1;
      for (; j < s.length; j++) {
        const c = s[j];
        if (inString) {
          if (c === "'") {
            if (s[j + 1] === "'") j++;
            else inString = false;
          }
        } else if (c === "'") inString = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      out += '{x}';
      i = j;
      continue;
    }
    out += s[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

const SERVICE_OF: Partial<Record<string, ServiceKind>> = {
  keyVault: 'keyVault',
  storage: 'storage',
  serviceBus: 'serviceBus',
  eventHubs: 'eventHubs',
  sql: 'sql',
  cosmosDb: 'cosmosDb',
  resourceManager: 'resourceManager',
};

/** The literal string headers of an HTTP action (names in lower case), when it has any. */
function literalHeaders(raw: unknown): { headers?: Record<string, string> } {
  if (!isObject(raw)) return {};
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'boolean') headers[k.toLowerCase()] = String(v);
  return Object.keys(headers).length ? { headers } : {};
}

/** The target of a host (`contoso-kv.vault.azure.net` → Key Vault `contoso-kv`). */
export function targetOfHost(host: string): Target | undefined {
  const h = host.trim().toLowerCase().replace(/\.$/, '').replace(/:\d+$/, '');
  const match = serviceForHost(h);
  const service = match ? SERVICE_OF[match.service] : undefined;
  if (!match || !service) return undefined;
  const labels = h.split('.');
  const t: Target = { service, host: h, cloud: match.cloud };
  if (service !== 'resourceManager') t.name = labels[0];
  if (service === 'storage') t.storageKind = labels[1];
  if (service === 'serviceBus') t.maybeEventHubs = true;
  return t;
}

/** The ARM resource id a Resource Manager path addresses (the deepest complete type/name pair), if any. */
export function armScopeOfPath(path: string): string | undefined {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  if (!/^subscriptions$/i.test(segs[0] ?? '') || !segs[1] || segs[1].includes('{x}')) return undefined;
  const out = ['', 'subscriptions', segs[1]];
  if (!/^resourceGroups$/i.test(segs[2] ?? '')) return out.join('/');
  if (!segs[3] || segs[3].includes('{x}')) return out.join('/');
  out.push('resourceGroups', segs[3]);
  if (!/^providers$/i.test(segs[4] ?? '') || !segs[5]) return out.join('/');
  const pairs: string[] = [];
  for (let i = 6; i + 1 < segs.length; i += 2) {
    if (segs[i]!.includes('{x}') || segs[i + 1]!.includes('{x}')) break;
    pairs.push(segs[i]!, segs[i + 1]!);
  }
  if (!pairs.length) return out.join('/');
  return [...out, 'providers', segs[5], ...pairs].join('/');
}

/** The target of an HTTP request URL, or why it cannot be told. */
export function targetOfUrl(project: Project, raw: unknown, audience?: unknown): { target?: Target; request?: Pick<RequestShape, 'path' | 'query'>; unresolved?: string } {
  if (typeof raw !== 'string' || !raw.trim()) return {};
  const r = resolveProjectValue(project, raw);
  const text = typeof r.value === 'string' ? r.value : raw;
  const m = /^https?:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(text.trim());
  const hostPart = m?.[1] ?? '';
  if (!m || hostPart.includes('@{') || hostPart.includes('@')) {
    // Only an Azure service (told by the host's literal tail, else by the audience) is worth a word.
    const known = targetOfUri(text);
    const aud = typeof audience === 'string' && !audience.includes('@') ? classifyAudience(audience) : undefined;
    const label = (known ? SERVICE_OF[known.service] : undefined) ?? (aud ? SERVICE_OF[aud.service] : undefined);
    if (!label) return {};
    return { unresolved: `the URI's host is built at run time (a ${SERVICE_LABELS[label]})${r.unresolved ? `: ${r.unresolved}` : ''}` };
  }
  const target = targetOfHost(hostPart);
  if (!target) return {};
  const path = shapeOf(decodeSafe(m[2] ?? '/')) || '/';
  const query = m[3] ? shapeOf(m[3]) : undefined;
  if (target.service === 'resourceManager') {
    const scope = armScopeOfPath(path);
    if (!scope) return { target, request: { path, ...(query ? { query } : {}) }, unresolved: 'the Resource Manager path is built at run time' };
    target.resourceId = scope;
  }
  return { target, request: { path, ...(query ? { query } : {}) } };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// The scan
// ---------------------------------------------------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `ManagedServiceIdentity` (any case) */
const isMsi = (t: unknown) => typeof t === 'string' && /^managedserviceidentity$/i.test(t.trim());

/** The folder of a workflow.json (its workflow name), or the file name. */
export function workflowName(file: JsonFile): string {
  const parts = file.path.split(/[\\/]/);
  return parts.length >= 2 && /^workflow\.json$/i.test(parts[parts.length - 1]!) ? parts[parts.length - 2]! : parts[parts.length - 1]!;
}

function identityOf(project: Project, raw: unknown): IdentityRef {
  if (raw === undefined || raw === null || raw === '') return { kind: 'system' };
  const r = resolveProjectValue(project, raw);
  if (typeof r.value === 'string' && /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(r.value.trim())) {
    return { kind: 'user', resourceId: r.value.trim() };
  }
  return { kind: 'dynamic', raw: typeof raw === 'string' ? raw : JSON.stringify(raw) };
}

/** The authentication object of an action (through a whole `@parameters('X')`). */
function authenticationOf(project: Project, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  const a = inputs.authentication;
  if (isObject(a)) return a;
  const r = resolveProjectValue(project, a);
  return isObject(r.value) ? r.value : undefined;
}

export interface Usages {
  msi: MsiUse[];
  servicePrincipals: SpCredentialUse[];
}

/** Every managed-identity and service-principal use of a project (Standard, a workflow, or a template). */
export function identityUsages(project: Project): Usages {
  const msi: MsiUse[] = [];
  const servicePrincipals: SpCredentialUse[] = [];
  const index = connectionIndex(project.connections);
  // Managed API connections that sign in as a service principal (connections.json `authentication`).
  for (const { name, value: entry } of index.section('managedApiConnections')) {
    if (!isObject(entry)) continue;
    const r = resolveProjectValue(project, entry.authentication);
    const auth = isObject(entry.authentication) ? entry.authentication : isObject(r.value) ? r.value : undefined;
    if (auth && typeof auth.type === 'string' && /^activedirectoryoauth$/i.test(auth.type.trim()) && project.connections) {
      servicePrincipals.push(spUse(project, { label: `connection ${name}`, connection: name, file: project.connections, path: ['managedApiConnections', name, 'authentication'] }, auth));
    }
  }
  for (const file of project.workflows) {
    const wf = workflowName(file);
    for (const a of walkActions(file)) {
      const type = actionType(a.node);
      const inputs = a.node.inputs;
      if (!isObject(inputs)) continue;
      if (type === 'http' || type === 'httpwebhook') {
        const auth = authenticationOf(project, inputs);
        if (!auth) continue;
        const site: UseSite = { label: `${wf} / ${a.name}`, workflow: wf, action: a.name, file, path: [...a.path, 'inputs', 'authentication'] };
        if (isMsi(auth.type)) {
          const t = targetOfUrl(project, type === 'httpwebhook' ? (isObject(inputs.subscribe) ? inputs.subscribe.uri : undefined) : inputs.uri, auth.audience);
          // Another service (Microsoft Graph, an API of your own): no Azure role decides, nothing to check.
          if (!t.target && !t.unresolved) continue;
          const method = str(resolveProjectValue(project, type === 'httpwebhook' ? 'POST' : inputs.method).value) ?? 'GET';
          msi.push({
            via: 'http',
            site,
            identity: identityOf(project, auth.identity),
            ...(t.target ? { target: t.target } : {}),
            ...(t.unresolved ? { unresolved: t.unresolved } : {}),
            request: { method: method.toUpperCase(), path: t.request?.path ?? '/', ...(t.request?.query ? { query: t.request.query } : {}), ...literalHeaders(inputs.headers) },
          });
        } else if (typeof auth.type === 'string' && /^activedirectoryoauth$/i.test(auth.type.trim())) {
          servicePrincipals.push(spUse(project, site, auth));
        }
      }
    }
    for (const ref of connectionReferences(file)) {
      if (typeof ref.name !== 'string') continue;
      const node = ref.action.node;
      const inputs = isObject(node.inputs) ? node.inputs : {};
      const site: UseSite = { label: `${wf} / ${ref.action.name}`, workflow: wf, action: ref.action.name, connection: ref.name, file, path: ref.path };
      if (ref.section === 'serviceProviderConnections') {
        const entry = index.get('serviceProviderConnections', ref.name)?.value;
        if (!isObject(entry)) continue;
        const values = isObject(entry.parameterValues) ? entry.parameterValues : {};
        const auth = isObject(values.authProvider) ? values.authProvider : undefined;
        if (!auth || !isMsi(auth.Type ?? auth.type)) continue;
        const cfg = isObject(inputs.serviceProviderConfiguration) ? inputs.serviceProviderConfiguration : {};
        const provider = (str(isObject(entry.serviceProvider) ? entry.serviceProvider.id : undefined) ?? str(cfg.serviceProviderId) ?? '').replace(/^\/serviceProviders\//i, '');
        const t = targetOfServiceProvider(project, provider, values);
        msi.push({
          via: 'serviceProvider',
          site,
          identity: identityOf(project, auth.Identity ?? auth.identity),
          ...(t.target ? { target: t.target } : {}),
          ...(t.unresolved ? { unresolved: t.unresolved } : {}),
          request: { method: 'POST', path: '/', operationId: str(cfg.operationId) ?? '', api: provider.toLowerCase(), isTrigger: ref.action.isTrigger },
        });
      } else if (ref.section === 'managedApiConnections') {
        const entry = index.get('managedApiConnections', ref.name)?.value;
        if (!isObject(entry)) continue;
        const api = apiNameOf(entry);
        if (!api || !MANAGED_MSI_APIS.has(api)) continue;
        const props = isObject(entry.connectionProperties) ? entry.connectionProperties : {};
        const cpAuth = isObject(props.authentication) ? props.authentication : undefined;
        const idRaw = cpAuth && isMsi(cpAuth.type) ? cpAuth.identity : undefined;
        const path = shapeOf(decodeSafe(str(inputs.path) ?? '/'));
        const method = (str(inputs.method) ?? 'get').toUpperCase();
        msi.push({
          via: 'managedApi',
          site,
          identity: identityOf(project, idRaw),
          request: { method, path, api, isTrigger: ref.action.isTrigger },
          connection: { name: ref.name, api, entry, datasets: datasetsOf(str(inputs.path) ?? '') },
        });
      }
    }
  }
  return { msi, servicePrincipals };
}

/**
 * A Consumption workflow's managed API connections that use its managed identity: the `$connections`
 * entries with `connectionProperties.authentication.type` `ManagedServiceIdentity` (and the
 * identity they name), at each action that names them (`@parameters('$connections')['x']['connectionId']`).
 * learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity ("Consumption: … the
 * `$connections` parameter … `connectionProperties`").
 */
export function consumptionConnectionUsages(file: JsonFile): MsiUse[] {
  const out: MsiUse[] = [];
  const project: Project = { kind: 'workflow', root: '', hasHost: false, workflows: [file] };
  for (const wf of consumptionWorkflows(file)) {
    if (typeof wf.connections !== 'object') continue;
    const entries = wf.connections.entries;
    for (const ref of wf.references) {
      const key = ref.exact?.key ?? ref.key;
      const entry = key !== undefined ? entries[key] : undefined;
      if (key === undefined || !isObject(entry)) continue;
      const props = isObject(entry.connectionProperties) ? entry.connectionProperties : {};
      const auth = isObject(props.authentication) ? props.authentication : undefined;
      if (!auth || !isMsi(auth.type)) continue;
      const api = apiOf(entry.id);
      if (api?.kind !== 'managed' || !MANAGED_MSI_APIS.has(api.name)) continue;
      const inputs = isObject(ref.action.node.inputs) ? ref.action.node.inputs : {};
      const connectionId = str(entry.connectionId);
      out.push({
        via: 'managedApi',
        site: { label: `${wf.name} / ${ref.action.name}`, workflow: wf.name, action: ref.action.name, connection: key, file, path: ref.path },
        identity: identityOf(project, auth.identity),
        request: { method: (str(inputs.method) ?? 'get').toUpperCase(), path: shapeOf(decodeSafe(str(inputs.path) ?? '/')), api: api.name, isTrigger: ref.action.isTrigger },
        connection: { name: key, api: api.name, entry, datasets: datasetsOf(str(inputs.path) ?? ''), ...(connectionId ? { id: connectionId } : {}) },
      });
    }
  }
  return out;
}

/** Managed APIs whose connector can call its service with the Logic App's managed identity. */
const MANAGED_MSI_APIS = new Set(['keyvault', 'azureblob', 'servicebus', 'eventhubs']);

function apiNameOf(entry: Record<string, unknown>): string | undefined {
  const api = isObject(entry.api) ? apiOf(entry.api.id) : undefined;
  return api?.kind === 'managed' ? api.name : undefined;
}

/** `encodeURIComponent(encodeURIComponent('contosoinvoices'))` in a blob action path: the dataset (account). */
function datasetsOf(path: string): string[] {
  const out: string[] = [];
  const re = /\/datasets\/@\{encodeURIComponent\(encodeURIComponent\('((?:[^']|'')*)'\)\)\}/gi;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1]!.replace(/''/g, "'"));
  const plain = /\/datasets\/([A-Za-z0-9-]{3,63})\//.exec(path);
  if (plain && !plain[1]!.includes('{')) out.push(plain[1]!);
  return out;
}

/** Parameter names that hold the service's address in built-in connections. */
const ADDRESS_PARAMETERS = ['fullyQualifiedNamespace', 'blobStorageEndpoint', 'queueStorageEndpoint', 'tableStorageEndpoint', 'storageAccountUri', 'vaultUri', 'accountEndpoint', 'endpoint', 'serverName', 'eventHubNamespace'];

function targetOfServiceProvider(project: Project, provider: string, values: Record<string, unknown>): { target?: Target; unresolved?: string } {
  let firstUnresolved: string | undefined;
  const keys = Object.keys(values);
  const ordered = [...ADDRESS_PARAMETERS.map((p) => keys.find((k) => k.toLowerCase() === p.toLowerCase())).filter((k): k is string => !!k), ...keys];
  for (const k of new Set(ordered)) {
    const v = values[k];
    if (typeof v !== 'string' || k === 'authProvider') continue;
    const r = resolveProjectValue(project, v);
    if (r.unresolved) {
      if (ADDRESS_PARAMETERS.some((p) => p.toLowerCase() === k.toLowerCase())) firstUnresolved ??= `${k} is ${v.trim()}: ${r.unresolved}`;
      continue;
    }
    if (typeof r.value !== 'string') continue;
    const text = r.value.trim();
    const host = /^[a-z]+:\/\//i.test(text) ? /^[a-z]+:\/\/([^/?#]+)/i.exec(text)?.[1] : /^[a-z0-9.-]+$/i.test(text) ? text : undefined;
    const t = host ? targetOfHost(host) : undefined;
    if (!t) continue;
    if (t.service === 'serviceBus' && /eventhub/i.test(provider)) {
      t.service = 'eventHubs';
      delete t.maybeEventHubs;
    } else if (t.service === 'serviceBus' && /servicebus/i.test(provider)) delete t.maybeEventHubs;
    return { target: t };
  }
  return { unresolved: firstUnresolved ?? `the ${provider || 'built-in'} connection names no address this check can read` };
}

function spUse(project: Project, site: UseSite, auth: Record<string, unknown>): SpCredentialUse {
  const clientId = resolveProjectValue(project, auth.clientId);
  const tenant = resolveProjectValue(project, auth.tenant);
  const credentialType = typeof auth.credentialType === 'string' && /^certificate$/i.test(auth.credentialType) ? 'certificate' : auth.pfx !== undefined && auth.secret === undefined ? 'certificate' : 'secret';
  const out: SpCredentialUse = { site, credentialType };
  if (typeof clientId.value === 'string' && /^[0-9a-f-]{36}$/i.test(clientId.value.trim())) out.clientId = clientId.value.trim();
  else out.unresolved = clientId.unresolved ? `the client id: ${clientId.unresolved}` : 'the client id is not a literal application id';
  if (typeof tenant.value === 'string' && tenant.value.trim() && !tenant.value.includes('@')) out.tenant = tenant.value.trim();
  if (credentialType === 'secret') {
    const secret = resolveProjectValue(project, auth.secret);
    if (typeof secret.value === 'string' && secret.value.length >= 3 && !secret.value.includes('@') && !hasPlaceholder(secret.value)) out.localSecretHint = secret.value.slice(0, 3);
  }
  return out;
}

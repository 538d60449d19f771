/**
 * Resource Manager reads and writes for the identity checks: the managed identity of a Logic App
 * (Standard site or Consumption workflow), role assignments and role definitions, Key Vaults (their
 * permission model and access policies), any resource by id, and resources located by type and name
 * with Resource Graph.
 *
 * REST (azure-rest-api-specs):
 * - `specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json`:
 *   `RoleAssignments_ListForScope` GET /{scope}/providers/Microsoft.Authorization/roleAssignments
 *   (`$filter=principalId eq '{id}'`: assignments at, above or below the scope for that principal),
 *   `RoleAssignments_Create` PUT /{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}
 *   with `{properties: {roleDefinitionId, principalId, principalType}}`;
 * - `…/authorization-RoleDefinitionsCalls.json`: `RoleDefinitions_Get` GET {roleDefinitionId},
 *   `RoleDefinitions_List` with `$filter=roleName eq '{name}'`; `permissions[]` with `actions`,
 *   `notActions`, `dataActions`, `notDataActions`;
 * - `specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/keyvault.json`:
 *   `Vaults_Get` → `properties.enableRbacAuthorization`, `properties.accessPolicies[]`;
 * - `specification/web/resource-manager/Microsoft.Web/stable/2023-01-01/CommonDefinitions.json`
 *   (`ManagedServiceIdentity`) and `specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/logic.json`
 *   (a workflow's `identity`, `properties.definition`).
 *
 * Only the client's public request methods are used (`send`, `collect`, `queryResourceGraph`,
 * `listSubscriptions`): this module loads nothing of the Azure SDK itself.
 */
import { randomUUID } from 'crypto';
import type { AzureClient, CallOptions } from './client';
import { azureError, fail, ok, type Result } from './errors';
import { enc } from './model';
import { obj, parseManagedIdentities, prop, str, strings, type Json } from './armJson';

export const AUTHORIZATION_API_VERSION = '2022-04-01';
export const KEY_VAULT_API_VERSION = '2023-07-01';
export const LOGIC_API_VERSION = '2019-05-01';
export const WEB_API_VERSION = '2023-01-01';
export const GENERIC_API_VERSION: Readonly<Record<string, string>> = {
  'microsoft.keyvault/vaults': KEY_VAULT_API_VERSION,
  'microsoft.storage/storageaccounts': '2023-01-01',
  'microsoft.servicebus/namespaces': '2021-11-01',
  'microsoft.eventhub/namespaces': '2024-01-01',
  'microsoft.documentdb/databaseaccounts': '2023-04-15',
  'microsoft.sql/servers': '2021-11-01',
  'microsoft.managedidentity/userassignedidentities': '2023-01-31',
  'microsoft.logic/workflows': LOGIC_API_VERSION,
  'microsoft.web/sites': WEB_API_VERSION,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


// ---------------------------------------------------------------------------------------------
// Resource ids
// ---------------------------------------------------------------------------------------------

export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup?: string;
  /** `Microsoft.KeyVault/vaults` (nested types joined: `Microsoft.Web/sites/slots`). */
  type?: string;
  name?: string;
}

/** Parts of an ARM scope or resource id; undefined for anything else (a dot segment, an odd shape). */
export function parseResourceId(id: string | undefined): ResourceIdParts | undefined {
  if (typeof id !== 'string') return undefined;
  const segs = id.trim().replace(/\/+$/, '').split('/');
  if (segs[0] !== '' || !/^subscriptions$/i.test(segs[1] ?? '') || !segs[2]) return undefined;
  if (segs.some((s, i) => i > 0 && (s === '' || s === '.' || s === '..' || /[?#\s\\]/.test(s)))) return undefined;
  const out: ResourceIdParts = { subscriptionId: segs[2] };
  if (segs.length === 3) return out;
  if (!/^resourceGroups$/i.test(segs[3] ?? '') || !segs[4]) return undefined;
  out.resourceGroup = segs[4];
  if (segs.length === 5) return out;
  if (!/^providers$/i.test(segs[5] ?? '') || segs.length < 9 || (segs.length - 7) % 2 !== 0) return undefined;
  const types = [segs[6]!];
  let name = '';
  for (let i = 7; i < segs.length; i += 2) {
    types.push(segs[i]!);
    name = segs[i + 1]!;
  }
  out.type = `${types[0]}/${types.slice(1).join('/')}`;
  out.name = name;
  return out;
}

/** The ARM path of an id, each segment encoded. */
function pathOf(id: string): string {
  return id
    .trim()
    .replace(/\/+$/, '')
    .split('/')
    .map((s, i) => (i === 0 ? s : enc(s)))
    .join('/');
}

/** `a` is `b` or an ancestor of it (segment boundaries, case-insensitive). */
export function isScopeAtOrAbove(a: string, b: string): boolean {
  const x = a.trim().replace(/\/+$/, '').toLowerCase();
  const y = b.trim().replace(/\/+$/, '').toLowerCase();
  if (x === '' || /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(x)) return true;
  return y === x || y.startsWith(`${x}/`);
}

// ---------------------------------------------------------------------------------------------
// Managed identities of Logic Apps
// ---------------------------------------------------------------------------------------------

export interface AppIdentity {
  appId: string;
  /** `standard`: a Microsoft.Web/sites app; `consumption`: a Microsoft.Logic/workflows one. */
  kind: 'standard' | 'consumption';
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  /** `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, `None`, or absent. */
  type?: string;
  /** The system-assigned identity's object (principal) id. */
  principalId?: string;
  tenantId?: string;
  userAssigned: { resourceId: string; principalId?: string; clientId?: string }[];
  /** A Consumption workflow's definition, as deployed. */
  definition?: Json;
  /** A Consumption workflow's parameter values, as deployed (`$connections` among them). */
  parameters?: Json;
}

export function parseIdentity(raw: unknown): Pick<AppIdentity, 'type' | 'principalId' | 'tenantId' | 'userAssigned'> {
  return parseManagedIdentities(raw);
}

/** Is this id a Logic App: a Standard site or a Consumption workflow? */
export function logicAppKind(id: string | undefined): AppIdentity['kind'] | undefined {
  const p = parseResourceId(id);
  if (!p?.type || !p.name) return undefined;
  if (/^microsoft\.web\/sites$/i.test(p.type)) return 'standard';
  if (/^microsoft\.logic\/workflows$/i.test(p.type)) return 'consumption';
  return undefined;
}

/** The managed identity of a Logic App (Standard site or Consumption workflow). */
export async function getAppIdentity(client: AzureClient, appId: string, options: CallOptions = {}): Promise<Result<AppIdentity>> {
  const kind = logicAppKind(appId);
  const p = parseResourceId(appId);
  if (!kind || !p?.resourceGroup || !p.name) {
    return fail(azureError({ kind: 'not-found', code: 'InvalidResourceId', message: `'${appId.slice(0, 200)}' is not a Logic App resource id (Microsoft.Web/sites or Microsoft.Logic/workflows).` }));
  }
  const r = await client.send('GET', pathOf(appId), { ...options, apiVersion: kind === 'standard' ? WEB_API_VERSION : LOGIC_API_VERSION });
  if (!r.ok) return r;
  const body = obj(r.value.body);
  const out: AppIdentity = { appId: appId.trim().replace(/\/+$/, ''), kind, name: str(body?.name) ?? p.name, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, ...parseIdentity(body) };
  const location = str(body?.location);
  if (location) out.location = location;
  const def = obj(prop(obj(prop(body, 'properties')), 'definition'));
  if (def) out.definition = def;
  const parameters = obj(prop(obj(prop(body, 'properties')), 'parameters'));
  if (def && parameters) out.parameters = parameters;
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// Role assignments and definitions
// ---------------------------------------------------------------------------------------------

export interface RoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  /** An ABAC condition: the assignment applies only when it holds. */
  condition?: string;
}

export function parseRoleAssignment(raw: unknown): RoleAssignment | undefined {
  const o = obj(raw);
  const p = obj(prop(o, 'properties'));
  const id = str(prop(o, 'id'));
  const roleDefinitionId = str(prop(p, 'roleDefinitionId'));
  const principalId = str(prop(p, 'principalId'));
  if (!id || !roleDefinitionId || !principalId) return undefined;
  const scope = str(prop(p, 'scope')) ?? id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
  return {
    id,
    name: str(prop(o, 'name')) ?? id.split('/').pop()!,
    scope,
    roleDefinitionId,
    principalId,
    ...(str(prop(p, 'principalType')) ? { principalType: str(prop(p, 'principalType'))! } : {}),
    ...(str(prop(p, 'condition')) ? { condition: str(prop(p, 'condition'))! } : {}),
  };
}

export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  id: string;
  /** The GUID. */
  name: string;
  roleName: string;
  /** `BuiltInRole` or `CustomRole`. */
  roleType?: string;
  permissions: RolePermission[];
}

export function parseRoleDefinition(raw: unknown): RoleDefinition | undefined {
  const o = obj(raw);
  const p = obj(prop(o, 'properties'));
  const id = str(prop(o, 'id'));
  const roleName = str(prop(p, 'roleName'));
  if (!id || !roleName) return undefined;
  const perms = Array.isArray(prop(p, 'permissions')) ? (prop(p, 'permissions') as unknown[]) : [];
  return {
    id,
    name: str(prop(o, 'name')) ?? id.split('/').pop()!,
    roleName,
    ...(str(prop(p, 'type')) ? { roleType: str(prop(p, 'type'))! } : {}),
    permissions: perms.map((x) => {
      const q = obj(x);
      return { actions: strings(prop(q, 'actions')), notActions: strings(prop(q, 'notActions')), dataActions: strings(prop(q, 'dataActions')), notDataActions: strings(prop(q, 'notDataActions')) };
    }),
  };
}

/**
 * The principal's role assignments that apply at `resourceId`: listed at the resource with
 * `principalId eq` (at, above or below), then those at the resource or an ancestor scope kept.
 */
export async function listRoleAssignmentsFor(client: AzureClient, resourceId: string, principalId: string, options: CallOptions = {}): Promise<Result<RoleAssignment[]>> {
  if (!GUID.test(principalId)) return fail(azureError({ kind: 'not-found', code: 'InvalidPrincipalId', message: `'${principalId.slice(0, 80)}' is not a principal (object) id.` }));
  const filter = encodeURIComponent(`principalId eq '${principalId}'`);
  const r = await client.collect(`${pathOf(resourceId)}/providers/Microsoft.Authorization/roleAssignments?$filter=${filter}`, parseRoleAssignment, { ...options, apiVersion: AUTHORIZATION_API_VERSION });
  if (!r.ok) return r;
  if (r.value.incomplete) return fail(r.value.incomplete);
  return ok(r.value.items.filter((a) => a.principalId.toLowerCase() === principalId.toLowerCase() && isScopeAtOrAbove(a.scope, resourceId)));
}

/** A role definition by its full id (`/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/{guid}`). */
export async function getRoleDefinition(client: AzureClient, roleDefinitionId: string, options: CallOptions = {}): Promise<Result<RoleDefinition>> {
  if (!/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId.trim())) {
    return fail(azureError({ kind: 'not-found', code: 'InvalidRoleDefinitionId', message: `'${roleDefinitionId.slice(0, 200)}' is not a role definition id.` }));
  }
  const r = await client.send('GET', pathOf(roleDefinitionId), { ...options, apiVersion: AUTHORIZATION_API_VERSION });
  if (!r.ok) return r;
  const d = parseRoleDefinition(r.value.body);
  return d ? ok(d) : fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a role definition without a name.' }));
}

/** Role definitions named `roleName` visible at `scope` (built-in ones everywhere). */
export async function findRoleDefinitions(client: AzureClient, scope: string, roleName: string, options: CallOptions = {}): Promise<Result<RoleDefinition[]>> {
  const filter = encodeURIComponent(`roleName eq '${roleName.replace(/'/g, "''")}'`);
  const r = await client.collect(`${pathOf(scope)}/providers/Microsoft.Authorization/roleDefinitions?$filter=${filter}`, parseRoleDefinition, { ...options, apiVersion: AUTHORIZATION_API_VERSION });
  if (!r.ok) return r;
  if (r.value.incomplete) return fail(r.value.incomplete);
  return ok(r.value.items);
}

/** Create a role assignment (PUT …/roleAssignments/{new guid}). */
export async function createRoleAssignment(
  client: AzureClient,
  input: { scope: string; roleDefinitionGuid: string; principalId: string; principalType?: 'ServicePrincipal' | 'User' | 'Group' },
  options: CallOptions = {},
): Promise<Result<RoleAssignment>> {
  const sub = parseResourceId(input.scope)?.subscriptionId;
  if (!sub) return fail(azureError({ kind: 'not-found', code: 'InvalidScope', message: `'${input.scope.slice(0, 200)}' is not a subscription, resource group or resource id.` }));
  if (!GUID.test(input.roleDefinitionGuid) || !GUID.test(input.principalId)) {
    return fail(azureError({ kind: 'not-found', code: 'InvalidRequest', message: 'The role and the principal must be GUIDs.' }));
  }
  const name = randomUUID();
  const r = await client.send('PUT', `${pathOf(input.scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`, {
    ...options,
    apiVersion: AUTHORIZATION_API_VERSION,
    body: {
      properties: {
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${input.roleDefinitionGuid}`,
        principalId: input.principalId,
        principalType: input.principalType ?? 'ServicePrincipal',
      },
    },
  });
  if (!r.ok) return r;
  const a = parseRoleAssignment(r.value.body);
  return a ? ok(a) : fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a role assignment without an id.' }));
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

export interface KeyVaultAccessPolicy {
  tenantId?: string;
  objectId?: string;
  applicationId?: string;
  permissions: { keys: string[]; secrets: string[]; certificates: string[] };
}

export interface KeyVaultInfo {
  id: string;
  name: string;
  tenantId?: string;
  /** True: Azure RBAC decides; false: the vault's access policies do. */
  enableRbacAuthorization: boolean;
  accessPolicies: KeyVaultAccessPolicy[];
}

export function parseKeyVault(raw: unknown): KeyVaultInfo | undefined {
  const o = obj(raw);
  const id = str(prop(o, 'id'));
  if (!o || !id) return undefined;
  const p = obj(prop(o, 'properties'));
  const policies = Array.isArray(prop(p, 'accessPolicies')) ? (prop(p, 'accessPolicies') as unknown[]) : [];
  return {
    id,
    name: str(prop(o, 'name')) ?? id.split('/').pop()!,
    ...(str(prop(p, 'tenantId')) ? { tenantId: str(prop(p, 'tenantId'))! } : {}),
    enableRbacAuthorization: prop(p, 'enableRbacAuthorization') === true,
    accessPolicies: policies.map((x) => {
      const q = obj(x);
      const perms = obj(prop(q, 'permissions'));
      return {
        ...(str(prop(q, 'tenantId')) ? { tenantId: str(prop(q, 'tenantId'))! } : {}),
        ...(str(prop(q, 'objectId')) ? { objectId: str(prop(q, 'objectId'))! } : {}),
        ...(str(prop(q, 'applicationId')) ? { applicationId: str(prop(q, 'applicationId'))! } : {}),
        permissions: { keys: strings(prop(perms, 'keys')), secrets: strings(prop(perms, 'secrets')), certificates: strings(prop(perms, 'certificates')) },
      };
    }),
  };
}

export async function getKeyVault(client: AzureClient, vaultId: string, options: CallOptions = {}): Promise<Result<KeyVaultInfo>> {
  const p = parseResourceId(vaultId);
  if (!p?.type || !/^microsoft\.keyvault\/vaults$/i.test(p.type)) {
    return fail(azureError({ kind: 'not-found', code: 'InvalidResourceId', message: `'${vaultId.slice(0, 200)}' is not a Key Vault resource id.` }));
  }
  const r = await client.send('GET', pathOf(vaultId), { ...options, apiVersion: KEY_VAULT_API_VERSION });
  if (!r.ok) return r;
  const v = parseKeyVault(r.value.body);
  return v ? ok(v) : fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a vault without an id.' }));
}

export interface LocatedResource {
  id: string;
  name: string;
  type: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
}

/**
 * Resources of one type named `name` (case-insensitive), in the given subscriptions (default: every
 * enabled one the credential sees), with one Resource Graph query.
 */
export async function locateResources(client: AzureClient, type: string, name: string, options: CallOptions & { subscriptionIds?: string[] } = {}): Promise<Result<LocatedResource[]>> {
  if (!/^[A-Za-z0-9.]+\/[A-Za-z0-9./]+$/.test(type) || !/^[A-Za-z0-9._()-]{1,260}$/.test(name)) {
    return fail(azureError({ kind: 'not-found', code: 'InvalidRequest', message: `'${name.slice(0, 80)}' is not a resource name.` }));
  }
  let subs = options.subscriptionIds;
  if (!subs) {
    const l = await client.listSubscriptions(options);
    if (!l.ok) return l;
    subs = l.value.filter((s) => !s.state || !/^(disabled|deleted)$/i.test(s.state)).map((s) => s.subscriptionId);
  }
  if (!subs.length) return ok([]);
  const query = `resources | where type =~ '${type.toLowerCase()}' and name =~ '${name}' | project id, name, type, location, subscriptionId, resourceGroup`;
  const r = await client.queryResourceGraph(query, subs, options);
  if (!r.ok) return r;
  if (r.value.incomplete) return fail(r.value.incomplete);
  return ok(
    r.value.items
      .map((row) => {
        const id = str(row.id);
        const n = str(row.name);
        if (!id || !n || n.toLowerCase() !== name.toLowerCase()) return undefined;
        return {
          id,
          name: n,
          type: str(row.type) ?? type,
          ...(str(row.subscriptionId) ? { subscriptionId: str(row.subscriptionId)! } : {}),
          ...(str(row.resourceGroup) ? { resourceGroup: str(row.resourceGroup)! } : {}),
          ...(str(row.location) ? { location: str(row.location)! } : {}),
        };
      })
      .filter((x): x is LocatedResource => !!x),
  );
}

/** A subscription's tenant. */
export async function getSubscriptionTenant(client: AzureClient, subscriptionId: string, options: CallOptions = {}): Promise<Result<string | undefined>> {
  const r = await client.send('GET', `/subscriptions/${enc(subscriptionId)}`, { ...options, apiVersion: '2022-12-01' });
  if (!r.ok) return r;
  return ok(str(obj(r.value.body)?.tenantId));
}

// ---------------------------------------------------------------------------------------------
// Cosmos DB for NoSQL data-plane roles (its own role assignments, not Azure RBAC)
// ---------------------------------------------------------------------------------------------

/**
 * `SqlResources_ListSqlRoleAssignments` / `SqlResources_ListSqlRoleDefinitions` (azure-rest-api-specs
 * `specification/cosmos-db/resource-manager/Microsoft.DocumentDB/stable/2024-11-15/`, examples
 * `CosmosDBSqlRoleAssignmentList.json`, `CosmosDBSqlRoleDefinitionList.json`): the same `properties`
 * as Azure RBAC's (`roleDefinitionId`, `scope`, `principalId`; `roleName`, `type`, `permissions`
 * with `dataActions`), so the same parsers read them.
 */
export const COSMOS_API_VERSION = '2024-11-15';

/** The principal's Cosmos DB data-plane role assignments on an account (any scope inside it). */
export async function listCosmosRoleAssignments(client: AzureClient, accountId: string, principalId: string, options: CallOptions = {}): Promise<Result<RoleAssignment[]>> {
  const r = await client.collect(`${pathOf(accountId)}/sqlRoleAssignments`, parseRoleAssignment, { ...options, apiVersion: COSMOS_API_VERSION });
  if (!r.ok) return r;
  if (r.value.incomplete) return fail(r.value.incomplete);
  return ok(r.value.items.filter((a) => a.principalId.toLowerCase() === principalId.toLowerCase()));
}

/** The Cosmos DB data-plane role definitions of an account (built-in and custom). */
export async function listCosmosRoleDefinitions(client: AzureClient, accountId: string, options: CallOptions = {}): Promise<Result<RoleDefinition[]>> {
  const r = await client.collect(`${pathOf(accountId)}/sqlRoleDefinitions`, parseRoleDefinition, { ...options, apiVersion: COSMOS_API_VERSION });
  if (!r.ok) return r;
  if (r.value.incomplete) return fail(r.value.incomplete);
  return ok(r.value.items);
}

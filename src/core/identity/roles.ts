/**
 * Azure RBAC permissions: whether a role definition's `actions` / `dataActions` (minus `notActions`
 * / `notDataActions`) grant an operation, and the least-privilege built-in role for what a workflow
 * needs.
 *
 * Matching follows Azure RBAC (learn.microsoft.com/azure/role-based-access-control/role-definitions,
 * "Actions", "DataActions", wildcard `*` anywhere, case-insensitive); `actions` never grant data
 * actions (Owner's `*` reads no secret).
 *
 * The built-in roles, ids and permissions are Microsoft's published list (MicrosoftDocs/azure-docs
 * `articles/role-based-access-control/built-in-roles/` — security.md: Key Vault *, storage.md:
 * Storage Blob/Queue/Table Data *, integration.md: Azure Service Bus / Event Hubs Data *, general.md:
 * Owner, Contributor, Reader; web-and-mobile.md: Website Contributor; integration.md: Logic App
 * Contributor). Only the permissions that matter to the checks are kept here.
 *
 * Pure: no Azure SDK, no network.
 */
import { StringMemo } from '../memo';

export interface Permissions {
  actions?: readonly string[];
  notActions?: readonly string[];
  dataActions?: readonly string[];
  notDataActions?: readonly string[];
}

/** What a request needs: a data action (data plane) or an action (Resource Manager). */
export type Need = { dataAction: string; action?: undefined } | { action: string; dataAction?: undefined };

const patterns = new StringMemo((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i'), 2048);

function patternOf(p: string): RegExp {
  return patterns.get(p);
}

/** Does an RBAC pattern (`Microsoft.KeyVault/vaults/secrets/*`, `*\/read`) match this operation? */
export function matchesOperation(pattern: string, operation: string): boolean {
  return patternOf(pattern.trim()).test(operation.trim());
}

/** Does one permission block grant the need? */
export function grants(p: Permissions, need: Need): boolean {
  if (need.dataAction !== undefined) {
    return (p.dataActions ?? []).some((a) => matchesOperation(a, need.dataAction)) && !(p.notDataActions ?? []).some((a) => matchesOperation(a, need.dataAction));
  }
  return (p.actions ?? []).some((a) => matchesOperation(a, need.action)) && !(p.notActions ?? []).some((a) => matchesOperation(a, need.action));
}

/** Does a role (its permission blocks) grant the need? Any block granting it is enough. */
export function roleGrants(permissions: readonly Permissions[], need: Need): boolean {
  return permissions.some((p) => grants(p, need));
}

export function needLabel(need: Need): string {
  return need.dataAction ?? need.action;
}

// ---------------------------------------------------------------------------------------------
// Built-in roles (least privilege first within each service)
// ---------------------------------------------------------------------------------------------

export interface BuiltInRole {
  name: string;
  /** Role definition GUID (the same in every subscription and cloud). */
  id: string;
  /** Services whose data or resources it is meant for (for picking). */
  services: readonly string[];
  permissions: Permissions;
}

const KV = 'Microsoft.KeyVault/vaults';
const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const QUEUE = 'Microsoft.Storage/storageAccounts/queueServices/queues';
const TABLE = 'Microsoft.Storage/storageAccounts/tableServices/tables';

/** In order of privilege within a service: the first that grants everything needed is the least. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  // Key Vault (security.md)
  { name: 'Key Vault Reader', id: '21090545-7ca7-4776-b22c-e363652d74d2', services: ['keyVault'], permissions: { dataActions: [`${KV}/*/read`, `${KV}/secrets/readMetadata/action`] } },
  { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6', services: ['keyVault'], permissions: { dataActions: [`${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`] } },
  { name: 'Key Vault Certificate User', id: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', services: ['keyVault'], permissions: { dataActions: [`${KV}/certificates/read`, `${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`, `${KV}/keys/read`] } },
  {
    name: 'Key Vault Crypto User',
    id: '12338af0-0e69-4776-bea7-57ae8d297424',
    services: ['keyVault'],
    permissions: { dataActions: [`${KV}/keys/read`, `${KV}/keys/update/action`, `${KV}/keys/backup/action`, `${KV}/keys/encrypt/action`, `${KV}/keys/decrypt/action`, `${KV}/keys/wrap/action`, `${KV}/keys/unwrap/action`, `${KV}/keys/sign/action`, `${KV}/keys/verify/action`] },
  },
  { name: 'Key Vault Secrets Officer', id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', services: ['keyVault'], permissions: { dataActions: [`${KV}/secrets/*`] } },
  { name: 'Key Vault Crypto Officer', id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', services: ['keyVault'], permissions: { dataActions: [`${KV}/keys/*`, `${KV}/keyrotationpolicies/*`] } },
  { name: 'Key Vault Certificates Officer', id: 'a4417e6f-fecd-4de8-b567-7b0420556985', services: ['keyVault'], permissions: { dataActions: [`${KV}/certificatecas/*`, `${KV}/certificates/*`, `${KV}/certificatecontacts/write`] } },
  { name: 'Key Vault Administrator', id: '00482a5a-887f-4fb3-b363-3b7fe8e74483', services: ['keyVault'], permissions: { dataActions: [`${KV}/*`] } },
  // Storage (storage.md)
  { name: 'Storage Blob Data Reader', id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', services: ['storage'], permissions: { dataActions: [`${BLOB}/blobs/read`] } },
  { name: 'Storage Blob Data Contributor', id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', services: ['storage'], permissions: { dataActions: [`${BLOB}/blobs/delete`, `${BLOB}/blobs/read`, `${BLOB}/blobs/write`, `${BLOB}/blobs/move/action`, `${BLOB}/blobs/add/action`] } },
  { name: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', services: ['storage'], permissions: { dataActions: [`${BLOB}/blobs/*`] } },
  { name: 'Storage Queue Data Message Sender', id: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a', services: ['storage'], permissions: { dataActions: [`${QUEUE}/messages/add/action`] } },
  { name: 'Storage Queue Data Reader', id: '19e7f393-937e-4f77-808e-94535e297925', services: ['storage'], permissions: { dataActions: [`${QUEUE}/messages/read`] } },
  { name: 'Storage Queue Data Message Processor', id: '8a0f0c08-91a1-4084-bc3d-661d67233fed', services: ['storage'], permissions: { dataActions: [`${QUEUE}/messages/read`, `${QUEUE}/messages/process/action`] } },
  { name: 'Storage Queue Data Contributor', id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', services: ['storage'], permissions: { dataActions: [`${QUEUE}/messages/delete`, `${QUEUE}/messages/read`, `${QUEUE}/messages/write`, `${QUEUE}/messages/process/action`] } },
  { name: 'Storage Table Data Reader', id: '76199698-9eea-4c19-bc75-cec21354c6b6', services: ['storage'], permissions: { dataActions: [`${TABLE}/entities/read`] } },
  { name: 'Storage Table Data Contributor', id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', services: ['storage'], permissions: { dataActions: [`${TABLE}/entities/read`, `${TABLE}/entities/write`, `${TABLE}/entities/delete`, `${TABLE}/entities/add/action`, `${TABLE}/entities/update/action`] } },
  // Service Bus and Event Hubs (integration.md)
  { name: 'Azure Service Bus Data Sender', id: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', services: ['serviceBus'], permissions: { dataActions: ['Microsoft.ServiceBus/*/send/action'] } },
  { name: 'Azure Service Bus Data Receiver', id: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0', services: ['serviceBus'], permissions: { dataActions: ['Microsoft.ServiceBus/*/receive/action'] } },
  { name: 'Azure Service Bus Data Owner', id: '090c5cfd-751d-490a-894a-3ce6f1109419', services: ['serviceBus'], permissions: { actions: ['Microsoft.ServiceBus/*'], dataActions: ['Microsoft.ServiceBus/*'] } },
  { name: 'Azure Event Hubs Data Sender', id: '2b629674-e913-4c01-ae53-ef4638d8f975', services: ['eventHubs'], permissions: { dataActions: ['Microsoft.EventHub/*/send/action'] } },
  { name: 'Azure Event Hubs Data Receiver', id: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', services: ['eventHubs'], permissions: { dataActions: ['Microsoft.EventHub/*/receive/action'] } },
  { name: 'Azure Event Hubs Data Owner', id: 'f526a384-b230-433a-b45c-95f59c4a2dec', services: ['eventHubs'], permissions: { actions: ['Microsoft.EventHub/*'], dataActions: ['Microsoft.EventHub/*'] } },
  // Resource Manager (general.md, integration.md, web-and-mobile.md)
  { name: 'Reader', id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', services: ['resourceManager'], permissions: { actions: ['*/read'] } },
  { name: 'Logic App Contributor', id: '87a39d53-fc1b-424a-814c-f7e04687dc9e', services: ['resourceManager'], permissions: { actions: ['Microsoft.Authorization/*/read', 'Microsoft.Logic/*', 'Microsoft.Web/connections/*', 'Microsoft.Web/connectionGateways/*', 'Microsoft.Web/customApis/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'] } },
  { name: 'Website Contributor', id: 'de139f84-1756-47ae-9be6-808fbbe84772', services: ['resourceManager'], permissions: { actions: ['Microsoft.Authorization/*/read', 'Microsoft.Web/sites/*', 'Microsoft.Web/certificates/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'] } },
  {
    name: 'Contributor',
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    services: ['resourceManager'],
    permissions: { actions: ['*'], notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action', 'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action'] },
  },
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', services: ['resourceManager'], permissions: { actions: ['*'] } },
];

const DOCDB = 'Microsoft.DocumentDB/databaseAccounts';

/**
 * Cosmos DB for NoSQL's own data-plane roles (assigned with `az cosmosdb sql role assignment create`,
 * not Azure RBAC; learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles), least
 * privileged first. Kept apart from BUILT_IN_ROLES: Grant Access never creates one as an Azure role.
 */
export const COSMOS_BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { name: 'Cosmos DB Built-in Data Reader', id: '00000000-0000-0000-0000-000000000001', services: ['cosmosDb'], permissions: { dataActions: [`${DOCDB}/readMetadata`, `${DOCDB}/sqlDatabases/containers/executeQuery`, `${DOCDB}/sqlDatabases/containers/readChangeFeed`, `${DOCDB}/sqlDatabases/containers/items/read`] } },
  { name: 'Cosmos DB Built-in Data Contributor', id: '00000000-0000-0000-0000-000000000002', services: ['cosmosDb'], permissions: { dataActions: [`${DOCDB}/readMetadata`, `${DOCDB}/sqlDatabases/containers/*`, `${DOCDB}/sqlDatabases/containers/items/*`] } },
];

/** The least-privilege Cosmos DB built-in data role that grants every need, if one does. */
export function leastCosmosRole(needs: readonly Need[]): BuiltInRole | undefined {
  return COSMOS_BUILT_IN_ROLES.find((r) => needs.every((n) => grants(r.permissions, n)));
}

/** A built-in role by name (case-insensitive) or GUID. */
export function builtInRole(nameOrId: string): BuiltInRole | undefined {
  const k = nameOrId.trim().toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === k || r.id === k);
}

/** The built-in roles of a service that grant every need, least privileged first. */
export function rolesGranting(service: string, needs: readonly Need[]): BuiltInRole[] {
  return BUILT_IN_ROLES.filter((r) => r.services.includes(service) && needs.every((n) => grants(r.permissions, n)));
}

/** The least-privilege built-in role that grants every need, if one does. */
export function leastPrivilegedRole(service: string, needs: readonly Need[]): BuiltInRole | undefined {
  return needs.length ? rolesGranting(service, needs)[0] : undefined;
}

/**
 * What the identity and credentials checks read, in the emulator: Azure resources (Key Vaults with
 * RBAC or access policies, storage accounts, Service Bus and Event Hubs namespaces, user-assigned
 * identities, Consumption workflows), Azure role definitions and assignments, and a small
 * Microsoft Graph (applications with secrets and certificates, service principals, users, the
 * organization). Fixtures, their JSON and their routes. See README.md in this folder.
 *
 * Shapes (all public):
 * - role assignments: azure-rest-api-specs `specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json`
 *   (`RoleAssignments_ListForScope` GET /{scope}/providers/Microsoft.Authorization/roleAssignments with
 *   `$filter=principalId eq '{id}'` = assignments at, above or below the scope for the principal, `atScope()` =
 *   at or above; `RoleAssignments_Create` PUT …/roleAssignments/{guid} → 201; `RoleAssignment` =
 *   {id, name, type, properties: {scope, roleDefinitionId, principalId, principalType, condition, conditionVersion, createdOn…}});
 * - role definitions: the same folder, `authorization-RoleDefinitionsCalls.json` (`RoleDefinitions_Get`
 *   GET /{scope}/providers/Microsoft.Authorization/roleDefinitions/{id}, `RoleDefinitions_List` with
 *   `$filter=roleName eq '{name}'`; `properties: {roleName, type, description, permissions: [{actions,
 *   notActions, dataActions, notDataActions}], assignableScopes}`); the built-in roles' permissions from
 *   Microsoft's list of built-in roles (MicrosoftDocs/azure-docs `articles/role-based-access-control/built-in-roles/`
 *   `security.md`, `storage.md`, `integration.md`, `general.md`, `web-and-mobile.md`);
 * - Key Vault: `specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/keyvault.json`
 *   (`Vault.properties`: tenantId, sku, accessPolicies [{tenantId, objectId, applicationId?, permissions:
 *   {keys, secrets, certificates, storage}}], vaultUri, enableRbacAuthorization);
 * - managed identities: `specification/web/resource-manager/Microsoft.Web/stable/2023-01-01/CommonDefinitions.json`
 *   (`ManagedServiceIdentity`: type, tenantId, principalId, userAssignedIdentities {id: {principalId, clientId}})
 *   and `specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/logic.json` (workflows' `identity`);
 *   user-assigned identities `specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json`;
 * - storage accounts `specification/storage/resource-manager/Microsoft.Storage/stable/2023-01-01/storage.json`,
 *   Service Bus `specification/servicebus/resource-manager/Microsoft.ServiceBus/stable/2021-11-01/namespaces.json`,
 *   Event Hubs `specification/eventhub/resource-manager/Microsoft.EventHub/stable/2024-01-01/namespaces.json`
 *   (only what the checks read: id, name, type, location, properties.*Endpoint);
 * - Cosmos DB accounts `specification/cosmos-db/resource-manager/Microsoft.DocumentDB/stable/2024-11-15/cosmos-db.json`
 *   (only id, name, type, kind, location, properties.documentEndpoint) and their data-plane roles, the
 *   same folder's `rbac.json` (`SqlResources_ListSqlRoleAssignments` GET …/databaseAccounts/{a}/sqlRoleAssignments,
 *   `SqlResources_ListSqlRoleDefinitions` GET …/sqlRoleDefinitions; examples `CosmosDBSqlRoleAssignmentList.json`,
 *   `CosmosDBSqlRoleDefinitionList.json`: {id, name, type, properties: {roleDefinitionId, scope, principalId}} and
 *   {id, name, type, properties: {roleName, type, assignableScopes, permissions: [{dataActions, notDataActions}]}});
 *   the built-in Data Reader (…0001) and Data Contributor (…0002) as published in
 *   learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles;
 * - Microsoft Graph v1.0 (learn.microsoft.com/graph/api/resources/…): `application` (id, appId,
 *   displayName, passwordCredentials [passwordCredential: displayName, endDateTime, hint, keyId,
 *   startDateTime, secretText null], keyCredentials [keyCredential: displayName, endDateTime, keyId,
 *   type, usage, key null]; GET /applications(appId='{appId}')), `servicePrincipal` (appId,
 *   appOwnerOrganizationId, accountEnabled), `user` (accountEnabled is returned only when `$select`ed;
 *   GET /users/{id | userPrincipalName}), `organization` (verifiedDomains); errors
 *   `{error: {code: 'Request_ResourceNotFound' | 'Authorization_RequestDenied', message, innerError}}`
 *   (learn.microsoft.com/graph/errors); collections `{'@odata.context', value, '@odata.nextLink'?}`.
 *
 * Credential end dates are relative to when the data set is made (a secret "expires in 20 days"),
 * so the checks see the same story whenever the tests run.
 */
import { randomUUID } from 'crypto';
import { armError, json, type Reply } from './arm';
import type { EmulatorData } from './types';
import type { Route, RouteContext } from './routes';

// ---------------------------------------------------------------------------------------------
// Fixture types
// ---------------------------------------------------------------------------------------------

export interface ManagedIdentityFixture {
  type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned' | 'None';
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
}

/** Any ARM resource the identity checks read (Key Vaults, storage accounts, namespaces, workflows…). */
export interface ResourceFixture {
  subscriptionId: string;
  resourceGroup: string;
  /** `Microsoft.KeyVault/vaults`, `Microsoft.Storage/storageAccounts`, … */
  type: string;
  name: string;
  location: string;
  kind?: string;
  identity?: ManagedIdentityFixture;
  properties: Record<string, unknown>;
}

export interface RoleDefinitionFixture {
  /** The GUID. */
  name: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  description: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

export interface RoleAssignmentFixture {
  /** The GUID. */
  name: string;
  /** `/subscriptions/{s}`, `/subscriptions/{s}/resourceGroups/{rg}`, a resource id, or a management group. */
  scope: string;
  /** The role definition's GUID. */
  roleDefinition: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup';
  condition?: string;
  createdOn: string;
}

export interface GraphCredentialFixture {
  keyId: string;
  displayName: string;
  startDateTime: string;
  endDateTime: string;
  /** Password credentials: the first three characters of the secret. */
  hint?: string;
}

export interface GraphApplicationFixture {
  /** Object id. */
  id: string;
  appId: string;
  displayName: string;
  passwordCredentials: GraphCredentialFixture[];
  keyCredentials: GraphCredentialFixture[];
}

export interface GraphServicePrincipalFixture {
  id: string;
  appId: string;
  displayName: string;
  appOwnerOrganizationId: string;
  accountEnabled: boolean;
}

export interface GraphUserFixture {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string;
  accountEnabled: boolean;
}

export interface GraphFixture {
  organization: { id: string; displayName: string; verifiedDomains: { name: string; isDefault: boolean; isInitial: boolean }[] };
  applications: GraphApplicationFixture[];
  servicePrincipals: GraphServicePrincipalFixture[];
  users: GraphUserFixture[];
}

/** A Cosmos DB data-plane role assignment (its own RBAC, below a database account). */
export interface CosmosRoleAssignmentFixture {
  /** The account's resource id. */
  account: string;
  /** The GUID. */
  name: string;
  /** Below the account: '' (the whole account), `dbs/{db}` or `dbs/{db}/colls/{coll}`. */
  scope: string;
  /** The role definition's GUID (built-in `00000000-0000-0000-0000-00000000000{1,2}` or custom). */
  roleDefinition: string;
  principalId: string;
}

/** A custom Cosmos DB data-plane role definition of an account (the built-in two exist in every account). */
export interface CosmosRoleDefinitionFixture {
  account: string;
  name: string;
  roleName: string;
  dataActions: string[];
}

export interface IdentityWorld {
  cosmosRoleAssignments?: CosmosRoleAssignmentFixture[];
  cosmosRoleDefinitions?: CosmosRoleDefinitionFixture[];
  resources: ResourceFixture[];
  roleDefinitions: RoleDefinitionFixture[];
  roleAssignments: RoleAssignmentFixture[];
  graph: GraphFixture;
}

export function resourceIdOf(r: Pick<ResourceFixture, 'subscriptionId' | 'resourceGroup' | 'type' | 'name'>): string {
  return `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/${r.type}/${r.name}`;
}

// ---------------------------------------------------------------------------------------------
// Built-in roles (Microsoft's list of built-in roles; ids and permissions as published)
// ---------------------------------------------------------------------------------------------

const KV = 'Microsoft.KeyVault/vaults';
const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const QUEUE = 'Microsoft.Storage/storageAccounts/queueServices/queues';
const TABLE = 'Microsoft.Storage/storageAccounts/tableServices/tables';

const role = (name: string, roleName: string, description: string, p: Omit<RoleDefinitionFixture, 'name' | 'roleName' | 'roleType' | 'description'>): RoleDefinitionFixture => ({
  name,
  roleName,
  roleType: 'BuiltInRole',
  description,
  ...p,
});

/** Built-in roles the checks meet (general.md, security.md, storage.md, integration.md, web-and-mobile.md). */
export function builtInRoles(): RoleDefinitionFixture[] {
  return [
    role('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', { actions: ['*'] }),
    role('b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.', {
      actions: ['*'],
      notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action', 'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action'],
    }),
    role('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', { actions: ['*/read'] }),
    role('00482a5a-887f-4fb3-b363-3b7fe8e74483', 'Key Vault Administrator', 'Perform all data plane operations on a key vault and all objects in it.', {
      actions: ['Microsoft.Authorization/*/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', `${KV}/*/read`],
      dataActions: [`${KV}/*`],
    }),
    role('21090545-7ca7-4776-b22c-e363652d74d2', 'Key Vault Reader', 'Read metadata of key vaults and its certificates, keys, and secrets.', {
      actions: ['Microsoft.Authorization/*/read', `${KV}/*/read`],
      dataActions: [`${KV}/*/read`, `${KV}/secrets/readMetadata/action`],
    }),
    role('b86a8fe4-44ce-4948-aee5-eccb2c155cd7', 'Key Vault Secrets Officer', 'Perform any action on the secrets of a key vault, except manage permissions.', {
      actions: ['Microsoft.Authorization/*/read', `${KV}/*/read`],
      dataActions: [`${KV}/secrets/*`],
    }),
    role('4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User', 'Read secret contents.', {
      actions: [],
      dataActions: [`${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`],
    }),
    role('12338af0-0e69-4776-bea7-57ae8d297424', 'Key Vault Crypto User', 'Perform cryptographic operations using keys.', {
      actions: [],
      dataActions: [`${KV}/keys/read`, `${KV}/keys/update/action`, `${KV}/keys/backup/action`, `${KV}/keys/encrypt/action`, `${KV}/keys/decrypt/action`, `${KV}/keys/wrap/action`, `${KV}/keys/unwrap/action`, `${KV}/keys/sign/action`, `${KV}/keys/verify/action`],
    }),
    role('db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', 'Key Vault Certificate User', 'Read certificate contents.', {
      actions: [],
      dataActions: [`${KV}/certificates/read`, `${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`, `${KV}/keys/read`],
    }),
    role('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader', 'Allows for read access to Azure Storage blob containers and data.', {
      actions: [`${BLOB}/read`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      dataActions: [`${BLOB}/blobs/read`],
    }),
    role('ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'Storage Blob Data Contributor', 'Allows for read, write and delete access to Azure Storage blob containers and data.', {
      actions: [`${BLOB}/delete`, `${BLOB}/read`, `${BLOB}/write`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      dataActions: [`${BLOB}/blobs/delete`, `${BLOB}/blobs/read`, `${BLOB}/blobs/write`, `${BLOB}/blobs/move/action`, `${BLOB}/blobs/add/action`],
    }),
    role('b7e6dc6d-f1e8-4753-8033-0f276bb0955b', 'Storage Blob Data Owner', 'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.', {
      actions: [`${BLOB}/*`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      dataActions: [`${BLOB}/blobs/*`],
    }),
    role('19e7f393-937e-4f77-808e-94535e297925', 'Storage Queue Data Reader', 'Allows for read access to Azure Storage queues and queue messages.', {
      actions: [`${QUEUE}/read`],
      dataActions: [`${QUEUE}/messages/read`],
    }),
    role('c6a89b2d-59bc-44d0-9896-0f6e12d7b80a', 'Storage Queue Data Message Sender', 'Allows for sending of Azure Storage queue messages.', {
      actions: [],
      dataActions: [`${QUEUE}/messages/add/action`],
    }),
    role('8a0f0c08-91a1-4084-bc3d-661d67233fed', 'Storage Queue Data Message Processor', 'Allows for peek, receive, and delete access to Azure Storage queue messages.', {
      actions: [],
      dataActions: [`${QUEUE}/messages/read`, `${QUEUE}/messages/process/action`],
    }),
    role('974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'Storage Queue Data Contributor', 'Allows for read, write, and delete access to Azure Storage queues and queue messages.', {
      actions: [`${QUEUE}/delete`, `${QUEUE}/read`, `${QUEUE}/write`],
      dataActions: [`${QUEUE}/messages/delete`, `${QUEUE}/messages/read`, `${QUEUE}/messages/write`, `${QUEUE}/messages/process/action`],
    }),
    role('76199698-9eea-4c19-bc75-cec21354c6b6', 'Storage Table Data Reader', 'Allows for read access to Azure Storage tables and entities.', {
      actions: [`${TABLE}/read`],
      dataActions: [`${TABLE}/entities/read`],
    }),
    role('0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'Storage Table Data Contributor', 'Allows for read, write and delete access to Azure Storage tables and entities.', {
      actions: [`${TABLE}/read`, `${TABLE}/write`, `${TABLE}/delete`],
      dataActions: [`${TABLE}/entities/read`, `${TABLE}/entities/write`, `${TABLE}/entities/delete`, `${TABLE}/entities/add/action`, `${TABLE}/entities/update/action`],
    }),
    role('69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', 'Azure Service Bus Data Sender', 'Allows for send access to Azure Service Bus resources.', {
      actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'],
      dataActions: ['Microsoft.ServiceBus/*/send/action'],
    }),
    role('4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0', 'Azure Service Bus Data Receiver', 'Allows for receive access to Azure Service Bus resources.', {
      actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'],
      dataActions: ['Microsoft.ServiceBus/*/receive/action'],
    }),
    role('090c5cfd-751d-490a-894a-3ce6f1109419', 'Azure Service Bus Data Owner', 'Allows for full access to Azure Service Bus resources.', {
      actions: ['Microsoft.ServiceBus/*'],
      dataActions: ['Microsoft.ServiceBus/*'],
    }),
    role('2b629674-e913-4c01-ae53-ef4638d8f975', 'Azure Event Hubs Data Sender', 'Allows send access to Azure Event Hubs resources.', {
      actions: ['Microsoft.EventHub/*/eventhubs/read'],
      dataActions: ['Microsoft.EventHub/*/send/action'],
    }),
    role('a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'Azure Event Hubs Data Receiver', 'Allows receive access to Azure Event Hubs resources.', {
      actions: ['Microsoft.EventHub/*/eventhubs/consumergroups/read'],
      dataActions: ['Microsoft.EventHub/*/receive/action'],
    }),
    role('f526a384-b230-433a-b45c-95f59c4a2dec', 'Azure Event Hubs Data Owner', 'Allows for full access to Azure Event Hubs resources.', {
      actions: ['Microsoft.EventHub/*'],
      dataActions: ['Microsoft.EventHub/*'],
    }),
    role('87a39d53-fc1b-424a-814c-f7e04687dc9e', 'Logic App Contributor', 'Lets you manage logic apps, but not change access to them.', {
      actions: ['Microsoft.Authorization/*/read', 'Microsoft.Logic/*', 'Microsoft.Web/connectionGateways/*', 'Microsoft.Web/connections/*', 'Microsoft.Web/customApis/*', 'Microsoft.Web/serverFarms/join/action', 'Microsoft.Web/serverFarms/read', 'Microsoft.Web/sites/functions/listSecrets/action', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    }),
    role('de139f84-1756-47ae-9be6-808fbbe84772', 'Website Contributor', 'Manage websites, but not web plans.', {
      actions: ['Microsoft.Authorization/*/read', 'Microsoft.Web/certificates/*', 'Microsoft.Web/listSitesAssignedToHostName/read', 'Microsoft.Web/serverFarms/join/action', 'Microsoft.Web/serverFarms/read', 'Microsoft.Web/sites/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// The default identity world
// ---------------------------------------------------------------------------------------------

export interface WorldIds {
  tenantId: string;
  otherTenantId: string;
  prod: string;
  fabrikam: string;
  samples: string;
  sharedProd: string;
  logicAppProd: string;
  fabrikamRg: string;
  samplesRg: string;
  sitePrincipalId: string;
  developerObjectId: string;
  prodLocation: string;
  fabrikamLocation: string;
}

/** Stable ids of the identity world (principals, app registrations, role assignments). */
export const IDENTITY = {
  /** Another tenant (a partner's), for the tenant check. */
  otherTenantId: 'fab1e000-0000-4000-8000-0000000000f0',
  /** A user-assigned identity in rg-shared-prod (not attached to any app by default). */
  userAssigned: { name: 'id-orders-shared', principalId: 'a5a5a5a5-0000-4000-8000-0000000000b1', clientId: 'c1c1c1c1-0000-4000-8000-0000000000b1' },
  /** The app registration the samples' Reserve_stock action signs in as: a secret expiring in 20 days. */
  inventoryAppId: 'a99a0001-0000-4000-8000-000000000001',
  /** An app registration whose only secret expired 5 days ago (and a certificate valid 200 days). */
  reportsAppId: 'a99a0002-0000-4000-8000-000000000002',
  /** A multi-tenant app registered in the other tenant (its service principal is here). */
  partnerAppId: 'a99a0003-0000-4000-8000-000000000003',
  /** An app id nothing knows. */
  unknownAppId: 'a99a0009-0000-4000-8000-000000000009',
  /** Days from "now" (when the data set was made) to the inventory app's current secret's end. */
  inventorySecretDays: 20,
  users: { enabled: 'ops@contoso.com', disabled: 'former.employee@contoso.com', deleted: 'intern@contoso.com', external: 'admin@fabrikam.com' },
  /** Role assignment names (GUIDs) of the default world. */
  assignments: {
    blobContributorOnSharedGroup: 'ea000001-0000-4000-8000-000000000001',
    blobReaderOnInvoices: 'ea000002-0000-4000-8000-000000000002',
    readerOnProd: 'ea000003-0000-4000-8000-000000000003',
    senderOnOrdersNamespace: 'ea000004-0000-4000-8000-000000000004',
    developerSecretsOfficer: 'ea000005-0000-4000-8000-000000000005',
    cosmosReaderOnOrders: 'ec000001-0000-4000-8000-000000000001',
  },
} as const;

const day = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function identityWorld(ids: WorldIds, now = Date.now()): IdentityWorld {
  const vault = (subscriptionId: string, resourceGroup: string, name: string, location: string, rbac: boolean, accessPolicies: unknown[]): ResourceFixture => ({
    subscriptionId,
    resourceGroup,
    type: 'Microsoft.KeyVault/vaults',
    name,
    location,
    properties: {
      tenantId: ids.tenantId,
      sku: { family: 'A', name: 'standard' },
      accessPolicies,
      vaultUri: `https://${name}.vault.azure.net/`,
      enabledForDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: rbac,
      publicNetworkAccess: 'Enabled',
      provisioningState: 'Succeeded',
    },
  });
  const policy = (objectId: string, secrets: string[], keys: string[] = [], certificates: string[] = []) => ({ tenantId: ids.tenantId, objectId, permissions: { keys, secrets, certificates } });
  const storage = (subscriptionId: string, resourceGroup: string, name: string, location: string): ResourceFixture => ({
    subscriptionId,
    resourceGroup,
    type: 'Microsoft.Storage/storageAccounts',
    name,
    location,
    kind: 'StorageV2',
    properties: {
      primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, queue: `https://${name}.queue.core.windows.net/`, table: `https://${name}.table.core.windows.net/`, file: `https://${name}.file.core.windows.net/` },
      allowSharedKeyAccess: true,
      provisioningState: 'Succeeded',
    },
  });
  const namespace = (type: 'Microsoft.ServiceBus/namespaces' | 'Microsoft.EventHub/namespaces', subscriptionId: string, resourceGroup: string, name: string, location: string): ResourceFixture => ({
    subscriptionId,
    resourceGroup,
    type,
    name,
    location,
    properties: { serviceBusEndpoint: `https://${name}.servicebus.windows.net:443/`, status: 'Active', provisioningState: 'Succeeded' },
  });
  const cosmos = (subscriptionId: string, resourceGroup: string, name: string, location: string): ResourceFixture => ({
    subscriptionId,
    resourceGroup,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    name,
    location,
    kind: 'GlobalDocumentDB',
    properties: { documentEndpoint: `https://${name}.documents.azure.com:443/`, databaseAccountOfferType: 'Standard', disableLocalAuth: true, provisioningState: 'Succeeded' },
  });
  const resources: ResourceFixture[] = [
    // Cosmos DB account: la-orders-prod may read the orders database (Data Reader on dbs/orders), nothing more.
    cosmos(ids.prod, ids.sharedProd, 'cosmos-orders-prod', ids.prodLocation),
    // RBAC vault the samples read with the managed identity (Get_retention_policy, Get_fallback_webhook): la-orders-prod has no role on it.
    vault(ids.prod, ids.sharedProd, 'contoso-kv', ids.prodLocation, true, []),
    // Access-policy vault of the keyvault-prod connection: la-orders-prod may get and list secrets.
    vault(ids.prod, ids.sharedProd, 'kv-orders-prod', ids.prodLocation, false, [policy(ids.sitePrincipalId, ['get', 'list']), policy(ids.developerObjectId, ['all'], ['all'], ['all'])]),
    vault(ids.fabrikam, ids.fabrikamRg, 'kv-fabrikam', ids.fabrikamLocation, false, [policy(ids.developerObjectId, ['get'])]),
    storage(ids.prod, ids.sharedProd, 'contosoarchive', ids.prodLocation),
    storage(ids.samples, ids.samplesRg, 'contosoinvoices', ids.prodLocation),
    namespace('Microsoft.ServiceBus/namespaces', ids.prod, ids.sharedProd, 'sb-orders-prod', ids.prodLocation),
    namespace('Microsoft.ServiceBus/namespaces', ids.samples, ids.samplesRg, 'sb-contoso-fulfilment', ids.prodLocation),
    namespace('Microsoft.EventHub/namespaces', ids.samples, ids.samplesRg, 'eh-contoso-telemetry', ids.prodLocation),
    {
      subscriptionId: ids.prod,
      resourceGroup: ids.sharedProd,
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      name: IDENTITY.userAssigned.name,
      location: ids.prodLocation,
      properties: { tenantId: ids.tenantId, principalId: IDENTITY.userAssigned.principalId, clientId: IDENTITY.userAssigned.clientId },
    },
    // A Consumption workflow without a managed identity whose HTTP action uses one.
    {
      subscriptionId: ids.prod,
      resourceGroup: ids.logicAppProd,
      type: 'Microsoft.Logic/workflows',
      name: 'la-orders-consumption',
      location: ids.prodLocation,
      properties: {
        state: 'Enabled',
        definition: {
          $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
          contentVersion: '1.0.0.0',
          triggers: { manual: { type: 'Request', kind: 'Http' } },
          actions: {
            Read_api_key: {
              type: 'Http',
              inputs: { method: 'GET', uri: 'https://contoso-kv.vault.azure.net/secrets/api-key?api-version=7.4', authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' } },
              runAfter: {},
            },
            // The Key Vault connector through a connection that uses the workflow's managed identity.
            Get_db_secret: {
              type: 'ApiConnection',
              inputs: { host: { connection: { name: "@parameters('$connections')['keyvault']['connectionId']" } }, method: 'get', path: "/secrets/@{encodeURIComponent('db')}/value" },
              runAfter: {},
            },
          },
          parameters: { $connections: { defaultValue: {}, type: 'Object' } },
        },
        // learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity (Consumption: `$connections` with `connectionProperties.authentication`).
        parameters: {
          $connections: {
            value: {
              keyvault: {
                connectionId: `/subscriptions/${ids.prod}/resourceGroups/${ids.sharedProd}/providers/Microsoft.Web/connections/keyvault-prod`,
                connectionName: 'keyvault-prod',
                connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } },
                id: `/subscriptions/${ids.prod}/providers/Microsoft.Web/locations/${ids.prodLocation}/managedApis/keyvault`,
              },
            },
          },
        },
      },
    },
  ];
  const rg = (sub: string, group: string) => `/subscriptions/${sub}/resourceGroups/${group}`;
  const roleAssignments: RoleAssignmentFixture[] = [
    // Inherited: Storage Blob Data Contributor on the resource group that holds contosoarchive.
    { name: IDENTITY.assignments.blobContributorOnSharedGroup, scope: rg(ids.prod, ids.sharedProd), roleDefinition: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', principalId: ids.sitePrincipalId, principalType: 'ServicePrincipal', createdOn: '2024-02-01T10:00:00.0000000Z' },
    // On the resource: Storage Blob Data Reader on contosoinvoices (the samples' azureblob connection lists and reads).
    { name: IDENTITY.assignments.blobReaderOnInvoices, scope: resourceIdOf({ subscriptionId: ids.samples, resourceGroup: ids.samplesRg, type: 'Microsoft.Storage/storageAccounts', name: 'contosoinvoices' }), roleDefinition: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', principalId: ids.sitePrincipalId, principalType: 'ServicePrincipal', createdOn: '2024-02-01T10:00:00.0000000Z' },
    // A control-plane role that grants no data action at all.
    { name: IDENTITY.assignments.readerOnProd, scope: `/subscriptions/${ids.prod}`, roleDefinition: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', principalId: ids.sitePrincipalId, principalType: 'ServicePrincipal', createdOn: '2024-01-15T08:00:00.0000000Z' },
    { name: IDENTITY.assignments.senderOnOrdersNamespace, scope: resourceIdOf({ subscriptionId: ids.prod, resourceGroup: ids.sharedProd, type: 'Microsoft.ServiceBus/namespaces', name: 'sb-orders-prod' }), roleDefinition: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', principalId: ids.sitePrincipalId, principalType: 'ServicePrincipal', createdOn: '2024-02-01T10:00:00.0000000Z' },
    // Someone else's role on contoso-kv: it must not count for the app.
    { name: IDENTITY.assignments.developerSecretsOfficer, scope: resourceIdOf({ subscriptionId: ids.prod, resourceGroup: ids.sharedProd, type: 'Microsoft.KeyVault/vaults', name: 'contoso-kv' }), roleDefinition: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', principalId: ids.developerObjectId, principalType: 'User', createdOn: '2024-02-01T10:00:00.0000000Z' },
  ];
  const cred = (keyId: string, displayName: string, startDays: number, endDays: number, hint?: string): GraphCredentialFixture => ({
    keyId,
    displayName,
    startDateTime: iso(now + startDays * day),
    endDateTime: iso(now + endDays * day),
    ...(hint ? { hint } : {}),
  });
  const graph: GraphFixture = {
    organization: {
      id: ids.tenantId,
      displayName: 'Contoso',
      verifiedDomains: [
        { name: 'contoso.com', isDefault: true, isInitial: false },
        { name: 'contoso.onmicrosoft.com', isDefault: false, isInitial: true },
      ],
    },
    applications: [
      {
        id: 'a99b0001-0000-4000-8000-000000000001',
        appId: IDENTITY.inventoryAppId,
        displayName: 'Contoso Inventory API client',
        passwordCredentials: [
          cred('5ec00001-0000-4000-8000-000000000001', 'logic-apps (2024)', -345, IDENTITY.inventorySecretDays, 'sam'),
          cred('5ec00002-0000-4000-8000-000000000002', 'logic-apps (2023, rotated)', -730, -40, 'Xq7'),
        ],
        keyCredentials: [],
      },
      {
        id: 'a99b0002-0000-4000-8000-000000000002',
        appId: IDENTITY.reportsAppId,
        displayName: 'Contoso Reports',
        passwordCredentials: [cred('5ec00003-0000-4000-8000-000000000003', 'reports-job', -370, -5, 'r3p')],
        keyCredentials: [cred('ce700001-0000-4000-8000-000000000001', 'CN=reports.contoso.com', -165, 200)],
      },
    ],
    servicePrincipals: [
      { id: 'a99c0001-0000-4000-8000-000000000001', appId: IDENTITY.inventoryAppId, displayName: 'Contoso Inventory API client', appOwnerOrganizationId: ids.tenantId, accountEnabled: true },
      { id: 'a99c0002-0000-4000-8000-000000000002', appId: IDENTITY.reportsAppId, displayName: 'Contoso Reports', appOwnerOrganizationId: ids.tenantId, accountEnabled: true },
      { id: 'a99c0003-0000-4000-8000-000000000003', appId: IDENTITY.partnerAppId, displayName: 'Fabrikam Partner Gateway', appOwnerOrganizationId: IDENTITY.otherTenantId, accountEnabled: true },
    ],
    users: [
      user('ops@contoso.com', 'Operations', true),
      user('finance-ops@contoso.com', 'Finance Operations', true),
      user('former.employee@contoso.com', 'Former Employee', false),
      user('dev@contoso.com', 'Developer', true),
      user('shared.mailbox@contoso.com', 'Shared Mailbox', true),
      user('orders@contoso.com', 'Orders', true),
    ],
  };
  const cosmosAccount = resourceIdOf({ subscriptionId: ids.prod, resourceGroup: ids.sharedProd, type: 'Microsoft.DocumentDB/databaseAccounts', name: 'cosmos-orders-prod' });
  const cosmosRoleAssignments: CosmosRoleAssignmentFixture[] = [
    { account: cosmosAccount, name: IDENTITY.assignments.cosmosReaderOnOrders, scope: 'dbs/orders', roleDefinition: COSMOS_DATA_READER, principalId: ids.sitePrincipalId },
    // Someone else's Data Contributor on the whole account: it must not count for the app.
    { account: cosmosAccount, name: 'ec000002-0000-4000-8000-000000000002', scope: '', roleDefinition: COSMOS_DATA_CONTRIBUTOR, principalId: ids.developerObjectId },
  ];
  return { resources, roleDefinitions: [...builtInRoles(), customRole()], roleAssignments, graph, cosmosRoleAssignments, cosmosRoleDefinitions: [] };
}

/** A custom role: every secret action except setting one (notDataActions). */
function customRole(): RoleDefinitionFixture {
  return {
    name: 'c0570000-0000-4000-8000-000000000001',
    roleName: 'Orders Secrets Reader (custom)',
    roleType: 'CustomRole',
    description: 'Read the order secrets; never write them.',
    actions: [],
    dataActions: [`${KV}/secrets/*`],
    notDataActions: [`${KV}/secrets/setSecret/action`, `${KV}/secrets/delete`],
  };
}

function user(upn: string, displayName: string, accountEnabled: boolean): GraphUserFixture {
  const hex = Buffer.from(upn).toString('hex').padEnd(12, '0').slice(0, 12);
  return { id: `05e70000-0000-4000-8000-${hex}`, userPrincipalName: upn, displayName, mail: upn, accountEnabled };
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function world(data: EmulatorData): IdentityWorld {
  return (data.identity ??= { resources: [], roleDefinitions: builtInRoles(), roleAssignments: [], graph: { organization: { id: data.tenantId, displayName: 'Tenant', verifiedDomains: [] }, applications: [], servicePrincipals: [], users: [] } });
}

export function renderResource(r: ResourceFixture, data: EmulatorData): Record<string, unknown> {
  const identity = r.identity ? { ...r.identity, ...(r.identity.type.includes('SystemAssigned') ? { tenantId: r.identity.tenantId ?? data.tenantId } : {}) } : undefined;
  return {
    id: resourceIdOf(r),
    name: r.name,
    type: r.type,
    location: r.location,
    ...(r.kind ? { kind: r.kind } : {}),
    ...(identity ? { identity } : {}),
    tags: {},
    properties: r.properties,
  };
}

/** A Resource Graph row of a resource: lower-case type and resource group, like ARG. */
export function renderGraphResource(r: ResourceFixture, data: EmulatorData): Record<string, unknown> {
  return {
    ...renderResource(r, data),
    type: r.type.toLowerCase(),
    tenantId: data.tenantId,
    resourceGroup: r.resourceGroup.toLowerCase(),
    subscriptionId: r.subscriptionId,
    identity: r.identity ?? null,
    managedBy: '',
    sku: null,
    plan: null,
    zones: null,
    extendedLocation: null,
  };
}

/** The role definition id as ARM writes it in assignments: subscription-scoped under a subscription. */
function roleDefinitionIdAt(scope: string, guid: string): string {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  return sub ? `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}` : `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function renderAssignment(a: RoleAssignmentFixture): unknown {
  return {
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: roleDefinitionIdAt(a.scope, a.roleDefinition),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: a.condition ?? null,
      conditionVersion: a.condition ? '2.0' : null,
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

function renderRoleDefinition(d: RoleDefinitionFixture, scope: string): unknown {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${d.name}`,
    name: d.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: d.roleName,
      type: d.roleType,
      description: d.description,
      assignableScopes: ['/'],
      permissions: [{ actions: d.actions, notActions: d.notActions ?? [], dataActions: d.dataActions ?? [], notDataActions: d.notDataActions ?? [] }],
      createdOn: '2017-12-21T00:01:24.797Z',
      updatedOn: '2021-11-11T20:13:55.297Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Scopes
// ---------------------------------------------------------------------------------------------

const norm = (s: string) => s.replace(/\/+$/, '').toLowerCase();

/** `a` is `b` or an ancestor of it (segment boundaries; management groups and `/` are above everything). */
function atOrAbove(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  if (x === '' || x.startsWith('/providers/microsoft.management/managementgroups/')) return true;
  return y === x || y.startsWith(x + '/');
}

/** Does the scope exist? Subscriptions, resource groups and the resources the emulator knows. */
function scopeExists(data: EmulatorData, scope: string): boolean {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/(.+))?)?$/i.exec(scope.replace(/\/+$/, ''));
  if (!m) return /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(scope);
  const [, sub, group, rest] = m as unknown as [string, string, string | undefined, string | undefined];
  if (!data.subscriptions.some((s) => eq(s.subscriptionId, sub))) return false;
  if (group === undefined) return true;
  const inGroup = (x: { subscriptionId: string; resourceGroup: string }) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, group);
  const groupExists = data.resourceGroups.some((g) => eq(g.subscriptionId, sub) && eq(g.name, group)) || data.connections.some(inGroup) || data.sites.some(inGroup) || world(data).resources.some(inGroup);
  if (!groupExists) return false;
  if (rest === undefined) return true;
  const id = norm(scope);
  return (
    world(data).resources.some((r) => id === norm(resourceIdOf(r)) || id.startsWith(norm(resourceIdOf(r)) + '/')) ||
    data.sites.some((s) => id.startsWith(norm(`/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`))) ||
    data.connections.some((c) => id.startsWith(norm(`/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Web/connections/${c.name}`)))
  );
}

const scopeNotFound = (scope: string) =>
  /\/resourceGroups\/[^/]+\/providers\//i.test(scope)
    ? armError(404, 'ResourceNotFound', `The Resource '${scope.split('/providers/').pop()}' under resource group '${/\/resourceGroups\/([^/]+)/i.exec(scope)?.[1]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`)
    : /\/resourceGroups\//i.test(scope)
      ? armError(404, 'ResourceGroupNotFound', `Resource group '${/\/resourceGroups\/([^/]+)/i.exec(scope)?.[1]}' could not be found.`)
      : armError(404, 'SubscriptionNotFound', `The subscription '${/\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? scope}' could not be found.`);

// ---------------------------------------------------------------------------------------------
// ARM handlers
// ---------------------------------------------------------------------------------------------

/** `principalId eq 'x'` / `principalId eq x`, `atScope()`, `assignedTo('x')`. */
function assignmentFilter(filter: string | null): { principalId?: string; atScope?: boolean } | Reply {
  if (filter === null || filter.trim() === '') return {};
  const f = filter.trim();
  if (/^atScope\(\)$/i.test(f)) return { atScope: true };
  const m = /^(?:principalId\s+eq\s+'?([0-9a-f-]{36})'?|assignedTo\('([0-9a-f-]{36})'\))$/i.exec(f);
  if (m) return { principalId: (m[1] ?? m[2])! };
  const both = /^atScope\(\)\s+and\s+assignedTo\('([0-9a-f-]{36})'\)$/i.exec(f);
  if (both) return { atScope: true, principalId: both[1]! };
  return armError(400, 'InvalidFilterInQueryString', `The filter '${f}' is not supported.`);
}

function listAssignments(ctx: RouteContext): Reply {
  const scope = ctx.params[0]!;
  if (!scopeExists(ctx.data, scope)) return scopeNotFound(scope);
  const f = assignmentFilter(ctx.query.get('$filter'));
  if ('status' in f || 'hang' in f) return f as Reply;
  const filter = f as { principalId?: string; atScope?: boolean };
  const found = world(ctx.data).roleAssignments.filter((a) => {
    if (filter.principalId && !eq(a.principalId, filter.principalId)) return false;
    const above = atOrAbove(a.scope, scope);
    // Without atScope(): at, above or below the scope (the spec's description of the filter).
    return filter.atScope ? above : above || atOrAbove(scope, a.scope);
  });
  return json({ value: found.map(renderAssignment) });
}

function getAssignment(ctx: RouteContext): Reply {
  const [scope, name] = ctx.params as [string, string];
  const a = world(ctx.data).roleAssignments.find((x) => eq(x.name, name) && norm(x.scope) === norm(scope));
  return a ? json(renderAssignment(a)) : armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
}

function putAssignment(ctx: RouteContext): Reply {
  const [scope, name] = ctx.params as [string, string];
  if (!GUID.test(name)) return armError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  if (!scopeExists(ctx.data, scope)) return scopeNotFound(scope);
  const props = obj(obj(ctx.body)?.properties);
  const roleDefinitionId = props?.roleDefinitionId;
  const principalId = props?.principalId;
  if (typeof roleDefinitionId !== 'string' || typeof principalId !== 'string') {
    return armError(400, 'InvalidRequestContent', "The request content must have 'properties.roleDefinitionId' and 'properties.principalId'.");
  }
  const guid = /\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionId)?.[1] ?? roleDefinitionId;
  const def = world(ctx.data).roleDefinitions.find((d) => eq(d.name, guid));
  if (!def) return armError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  if (!GUID.test(principalId)) return armError(400, 'InvalidPrincipalId', 'A valid principal ID must be specified.');
  const principalType = typeof props?.principalType === 'string' ? props.principalType : 'User';
  if (!['User', 'Group', 'ServicePrincipal', 'ForeignGroup'].includes(principalType)) return armError(400, 'InvalidPrincipalType', `The principal type '${principalType}' is not valid.`);
  const all = world(ctx.data).roleAssignments;
  const same = all.find((a) => eq(a.principalId, principalId) && eq(a.roleDefinition, def.name) && norm(a.scope) === norm(scope));
  if (same && !eq(same.name, name)) return armError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  const existing = all.find((a) => eq(a.name, name));
  if (existing && norm(existing.scope) !== norm(scope)) return armError(409, 'RoleAssignmentExists', 'A role assignment with this name exists at another scope.');
  const a: RoleAssignmentFixture = {
    name,
    scope,
    roleDefinition: def.name,
    principalId,
    principalType: principalType as RoleAssignmentFixture['principalType'],
    ...(typeof props?.condition === 'string' ? { condition: props.condition } : {}),
    createdOn: new Date().toISOString(),
  };
  if (existing) Object.assign(existing, a);
  else all.push(a);
  return json(renderAssignment(a), existing ? 200 : 201);
}

function deleteAssignment(ctx: RouteContext): Reply {
  const [scope, name] = ctx.params as [string, string];
  const all = world(ctx.data).roleAssignments;
  const i = all.findIndex((x) => eq(x.name, name) && norm(x.scope) === norm(scope));
  if (i < 0) return { status: 204 };
  const [a] = all.splice(i, 1);
  return json(renderAssignment(a!));
}

function roleDefinitionScope(scope: string): string {
  return scope.replace(/\/+$/, '');
}

function getRoleDefinition(ctx: RouteContext): Reply {
  const [scope, id] = ctx.params as [string, string];
  if (scope && !scopeExists(ctx.data, scope)) return scopeNotFound(scope);
  const d = world(ctx.data).roleDefinitions.find((x) => eq(x.name, id));
  return d ? json(renderRoleDefinition(d, roleDefinitionScope(scope))) : armError(404, 'RoleDefinitionDoesNotExist', `The role definition '${id}' could not be found.`);
}

function listRoleDefinitions(ctx: RouteContext): Reply {
  const [scope] = ctx.params as [string];
  if (scope && !scopeExists(ctx.data, scope)) return scopeNotFound(scope);
  const filter = ctx.query.get('$filter');
  const m = filter ? /^roleName\s+eq\s+'((?:[^']|'')*)'$/i.exec(filter.trim()) : null;
  if (filter && !m) return armError(400, 'InvalidFilterInQueryString', `The filter '${filter}' is not supported.`);
  const wanted = m ? m[1]!.replace(/''/g, "'") : undefined;
  const defs = world(ctx.data).roleDefinitions.filter((d) => wanted === undefined || eq(d.roleName, wanted));
  return json({ value: defs.map((d) => renderRoleDefinition(d, roleDefinitionScope(scope))) });
}

function getResource(ctx: RouteContext): Reply {
  const [sub, group, provider, type, name] = ctx.params as [string, string, string, string, string];
  const r = world(ctx.data).resources.find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, group) && eq(x.type, `${provider}/${type}`) && eq(x.name, name));
  if (!r) {
    if (!ctx.data.subscriptions.some((s) => eq(s.subscriptionId, sub))) return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    return armError(404, 'ResourceNotFound', `The Resource '${provider}/${type}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return json(renderResource(r, ctx.data));
}

// ---------------------------------------------------------------------------------------------
// Resource Graph rows (hooked into routes.ts)
// ---------------------------------------------------------------------------------------------

/** `name =~ 'x'` / `name == 'x'` of a query, if any. */
function nameFilter(query: string): ((name: string) => boolean) | undefined {
  const m = /\bname\s*(=~|==)\s*(['"])([^'"]+)\2/i.exec(query);
  if (!m) return undefined;
  const want = m[3]!;
  return m[1] === '=~' ? (n) => eq(n, want) : (n) => n === want;
}

/** Rows of the identity world's resources for a Resource Graph query. */
export function resourceGraphRows(data: EmulatorData, query: string, wantType: (type: string) => boolean, inScope: (sub: string) => boolean): (() => Record<string, unknown>)[] {
  const byName = nameFilter(query) ?? (() => true);
  return world(data)
    .resources.filter((r) => inScope(r.subscriptionId) && wantType(r.type.toLowerCase()) && byName(r.name))
    .map((r) => () => renderGraphResource(r, data));
}

// ---------------------------------------------------------------------------------------------
// Microsoft Graph handlers
// ---------------------------------------------------------------------------------------------

const GRAPH_ORIGIN = 'https://graph.microsoft.com';

/** A Microsoft Graph error body (learn.microsoft.com/graph/errors). */
export function graphError(status: number, code: string, message: string): Reply {
  return json({ error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } }, status);
}

const graphNotFound = (what: string) => graphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);

function selectOf(ctx: RouteContext): string[] | undefined {
  const s = ctx.query.get('$select');
  return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
}

/** Keep `$select`ed properties (and the id) when a `$select` is given. */
function selected(entity: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return entity;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(entity)) if (k === 'id' || select.some((x) => eq(x, k))) out[k] = entity[k];
  return out;
}

function renderCredential(c: GraphCredentialFixture, kind: 'password' | 'key'): Record<string, unknown> {
  return kind === 'password'
    ? { customKeyIdentifier: null, displayName: c.displayName, endDateTime: c.endDateTime, hint: c.hint ?? null, keyId: c.keyId, secretText: null, startDateTime: c.startDateTime }
    : { customKeyIdentifier: 'QUJDREVGMDEyMzQ1Njc4OUFCQ0RFRjAxMjM0NTY3ODk=', displayName: c.displayName, endDateTime: c.endDateTime, key: null, keyId: c.keyId, startDateTime: c.startDateTime, type: 'AsymmetricX509Cert', usage: 'Verify' };
}

function renderApplication(a: GraphApplicationFixture): Record<string, unknown> {
  return {
    id: a.id,
    appId: a.appId,
    displayName: a.displayName,
    signInAudience: 'AzureADMyOrg',
    publisherDomain: 'contoso.com',
    passwordCredentials: a.passwordCredentials.map((c) => renderCredential(c, 'password')),
    keyCredentials: a.keyCredentials.map((c) => renderCredential(c, 'key')),
  };
}

function renderUser(u: GraphUserFixture, select: string[] | undefined): Record<string, unknown> {
  // accountEnabled is not among the default properties: only a $select returns it.
  const all = { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, mail: u.mail ?? null, accountEnabled: u.accountEnabled, businessPhones: [], jobTitle: null };
  if (!select) {
    const { accountEnabled: _hidden, ...rest } = all;
    return rest;
  }
  return selected(all, select);
}

const context = (what: string) => ({ '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#${what}` });

/** `appId eq 'x'` of a `$filter`. */
function appIdFilter(ctx: RouteContext): string | undefined | Reply {
  const f = ctx.query.get('$filter');
  if (f === null) return undefined;
  const m = /^appId\s+eq\s+'([^']*)'$/i.exec(f.trim());
  return m ? m[1]! : graphError(400, 'Request_UnsupportedQuery', `Unsupported query: '${f}'.`);
}

function graphApplications(ctx: RouteContext): Reply {
  const appId = appIdFilter(ctx);
  if (appId && typeof appId !== 'string') return appId;
  const apps = world(ctx.data).graph.applications.filter((a) => appId === undefined || eq(a.appId, appId));
  return json({ ...context('applications'), value: apps.map((a) => selected(renderApplication(a), selectOf(ctx))) });
}

function graphApplicationByAppId(ctx: RouteContext): Reply {
  const appId = ctx.params[0]!;
  const a = world(ctx.data).graph.applications.find((x) => eq(x.appId, appId));
  return a ? json({ ...context('applications/$entity'), ...selected(renderApplication(a), selectOf(ctx)) }) : graphNotFound(`applications(appId='${appId}')`);
}

function graphApplicationById(ctx: RouteContext): Reply {
  const id = ctx.params[0]!;
  const a = world(ctx.data).graph.applications.find((x) => eq(x.id, id));
  return a ? json({ ...context('applications/$entity'), ...selected(renderApplication(a), selectOf(ctx)) }) : graphNotFound(id);
}

function renderServicePrincipal(s: GraphServicePrincipalFixture): Record<string, unknown> {
  return { id: s.id, appId: s.appId, displayName: s.displayName, appOwnerOrganizationId: s.appOwnerOrganizationId, accountEnabled: s.accountEnabled, servicePrincipalType: 'Application', passwordCredentials: [], keyCredentials: [] };
}

function graphServicePrincipalByAppId(ctx: RouteContext): Reply {
  const appId = ctx.params[0]!;
  const s = world(ctx.data).graph.servicePrincipals.find((x) => eq(x.appId, appId));
  return s ? json({ ...context('servicePrincipals/$entity'), ...selected(renderServicePrincipal(s), selectOf(ctx)) }) : graphNotFound(`servicePrincipals(appId='${appId}')`);
}

function graphServicePrincipals(ctx: RouteContext): Reply {
  const appId = appIdFilter(ctx);
  if (appId && typeof appId !== 'string') return appId;
  const sps = world(ctx.data).graph.servicePrincipals.filter((s) => appId === undefined || eq(s.appId, appId));
  return json({ ...context('servicePrincipals'), value: sps.map((s) => selected(renderServicePrincipal(s), selectOf(ctx))) });
}

function graphUser(ctx: RouteContext): Reply {
  const key = ctx.params[0]!;
  const u = world(ctx.data).graph.users.find((x) => eq(x.id, key) || eq(x.userPrincipalName, key));
  return u ? json({ ...context('users/$entity'), ...renderUser(u, selectOf(ctx)) }) : graphNotFound(key);
}

function graphUsers(ctx: RouteContext): Reply {
  const f = ctx.query.get('$filter');
  let match: (u: GraphUserFixture) => boolean = () => true;
  if (f !== null) {
    const m = /^(mail|userPrincipalName)\s+eq\s+'((?:[^']|'')*)'$/i.exec(f.trim());
    if (!m) return graphError(400, 'Request_UnsupportedQuery', `Unsupported query: '${f}'.`);
    const want = m[2]!.replace(/''/g, "'");
    match = (u) => eq(m[1]!.toLowerCase() === 'mail' ? (u.mail ?? '') : u.userPrincipalName, want);
  }
  return json({ ...context('users'), value: world(ctx.data).graph.users.filter(match).map((u) => renderUser(u, selectOf(ctx))) });
}

function graphOrganization(ctx: RouteContext): Reply {
  const o = world(ctx.data).graph.organization;
  return json({ ...context('organization'), value: [selected({ id: o.id, displayName: o.displayName, verifiedDomains: o.verifiedDomains.map((d) => ({ capabilities: 'Email, OfficeCommunicationsOnline', type: 'Managed', ...d })) }, selectOf(ctx))] });
}

// ---------------------------------------------------------------------------------------------
// Cosmos DB data-plane roles
// ---------------------------------------------------------------------------------------------

export const COSMOS_DATA_READER = '00000000-0000-0000-0000-000000000001';
export const COSMOS_DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002';
const DOCDB = 'Microsoft.DocumentDB/databaseAccounts';

/** The two built-in data-plane roles every account has (reference-data-plane-roles). */
function cosmosBuiltIns(account: string): CosmosRoleDefinitionFixture[] {
  return [
    { account, name: COSMOS_DATA_READER, roleName: 'Cosmos DB Built-in Data Reader', dataActions: [`${DOCDB}/readMetadata`, `${DOCDB}/sqlDatabases/containers/executeQuery`, `${DOCDB}/sqlDatabases/containers/readChangeFeed`, `${DOCDB}/sqlDatabases/containers/items/read`] },
    { account, name: COSMOS_DATA_CONTRIBUTOR, roleName: 'Cosmos DB Built-in Data Contributor', dataActions: [`${DOCDB}/readMetadata`, `${DOCDB}/sqlDatabases/containers/*`, `${DOCDB}/sqlDatabases/containers/items/*`] },
  ];
}

function cosmosAccountOf(ctx: RouteContext): { id: string } | Reply {
  const [sub, group, name] = ctx.params as [string, string, string];
  const r = world(ctx.data).resources.find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, group) && eq(x.type, DOCDB) && eq(x.name, name));
  if (!r) return armError(404, 'ResourceNotFound', `The Resource '${DOCDB}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  return { id: resourceIdOf(r) };
}

function listCosmosRoleDefinitions(ctx: RouteContext): Reply {
  const account = cosmosAccountOf(ctx);
  if (!('id' in account)) return account;
  const custom = (world(ctx.data).cosmosRoleDefinitions ?? []).filter((d) => eq(d.account, account.id));
  return json({
    value: [...cosmosBuiltIns(account.id), ...custom].map((d) => ({
      id: `${account.id}/sqlRoleDefinitions/${d.name}`,
      name: d.name,
      type: `${DOCDB}/sqlRoleDefinitions`,
      properties: { roleName: d.roleName, type: /^0{8}-/.test(d.name) ? 'BuiltInRole' : 'CustomRole', assignableScopes: [account.id], permissions: [{ dataActions: d.dataActions, notDataActions: [] }] },
    })),
  });
}

function listCosmosRoleAssignments(ctx: RouteContext): Reply {
  const account = cosmosAccountOf(ctx);
  if (!('id' in account)) return account;
  const mine = (world(ctx.data).cosmosRoleAssignments ?? []).filter((a) => eq(a.account, account.id));
  return json({
    value: mine.map((a) => ({
      id: `${account.id}/sqlRoleAssignments/${a.name}`,
      name: a.name,
      type: `${DOCDB}/sqlRoleAssignments`,
      properties: { roleDefinitionId: `${account.id}/sqlRoleDefinitions/${a.roleDefinition}`, scope: a.scope ? `${account.id}/${a.scope}` : `${account.id}/`, principalId: a.principalId },
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// The routes (appended to routes.ts ROUTES; the generic resource route comes last)
// ---------------------------------------------------------------------------------------------

const SEG = '([^/]+)';
const re = (s: string) => new RegExp(`^${s}/?$`, 'i');
const AUTHZ = '/providers/Microsoft\\.Authorization';

export const IDENTITY_ROUTES: Route[] = [
  { name: 'cosmosSqlRoleAssignments', pattern: re(`/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.DocumentDB/databaseAccounts/${SEG}/sqlRoleAssignments`), methods: { GET: listCosmosRoleAssignments } },
  { name: 'cosmosSqlRoleDefinitions', pattern: re(`/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.DocumentDB/databaseAccounts/${SEG}/sqlRoleDefinitions`), methods: { GET: listCosmosRoleDefinitions } },
  // Microsoft.Authorization (RoleAssignments_* and RoleDefinitions_*, 2022-04-01)
  { name: 'roleAssignments', pattern: re(`(.*)${AUTHZ}/roleAssignments`), methods: { GET: listAssignments } },
  { name: 'roleAssignment', pattern: re(`(.*)${AUTHZ}/roleAssignments/${SEG}`), methods: { GET: getAssignment, PUT: putAssignment, DELETE: deleteAssignment } },
  { name: 'roleDefinitions', pattern: re(`(.*)${AUTHZ}/roleDefinitions`), methods: { GET: listRoleDefinitions } },
  { name: 'roleDefinition', pattern: re(`(.*)${AUTHZ}/roleDefinitions/${SEG}`), methods: { GET: getRoleDefinition } },
  // Microsoft Graph v1.0 (no api-version)
  { name: 'graphApplications', pattern: re('/v1\\.0/applications'), methods: { GET: graphApplications }, graph: true },
  { name: 'graphApplicationByAppId', pattern: re("/v1\\.0/applications\\(appId=(?:'|%27)([^'%]+)(?:'|%27)\\)"), methods: { GET: graphApplicationByAppId }, graph: true },
  { name: 'graphApplication', pattern: re(`/v1\\.0/applications/${SEG}`), methods: { GET: graphApplicationById }, graph: true },
  { name: 'graphServicePrincipals', pattern: re('/v1\\.0/servicePrincipals'), methods: { GET: graphServicePrincipals }, graph: true },
  { name: 'graphServicePrincipalByAppId', pattern: re("/v1\\.0/servicePrincipals\\(appId=(?:'|%27)([^'%]+)(?:'|%27)\\)"), methods: { GET: graphServicePrincipalByAppId }, graph: true },
  { name: 'graphUsers', pattern: re('/v1\\.0/users'), methods: { GET: graphUsers }, graph: true },
  { name: 'graphUser', pattern: re(`/v1\\.0/users/${SEG}`), methods: { GET: graphUser }, graph: true },
  { name: 'graphOrganization', pattern: re('/v1\\.0/organization'), methods: { GET: graphOrganization }, graph: true },
  // Any resource of the identity world (Key Vaults, storage accounts, namespaces, identities, workflows)
  { name: 'resource', pattern: re(`/subscriptions/${SEG}/resourceGroups/${SEG}/providers/${SEG}/${SEG}/${SEG}`), methods: { GET: getResource } },
];

/**
 * Fixture data for the ARM emulator: `defaultData()` (3 subscriptions, ~20 connections in every
 * state the product has to explain) with its ids in `FIXTURE`, and `largeTenant()` for the
 * listing benchmark. Deterministic: same input, same data.
 */
import { createHash } from 'crypto';
import { customApiIdOf, defaultCustomApis } from './customApis';
import { IDENTITY, identityWorld } from './identity';
import { SAMPLES_LOCATION, SAMPLES_RESOURCE_GROUP, SAMPLES_SUBSCRIPTION, sampleConnectionId, sampleConnections } from './samplesWorld';
import { defaultLogicApps } from './workflows';
import type {
  AccessPolicyFixture,
  ConnectionFixture,
  EmulatorData,
  ManagedApiFixture,
  PagingOptions,
  SiteFixture,
  SubscriptionFixture,
} from './types';

export const DEFAULT_TOKEN = 'emulator-token';
export const VALID_CONSENT_CODE = 'valid-code';
export const HOSTILE_TEST_URI = 'https://evil.example.com/steal';

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

export function connectionIdOf(c: Pick<ConnectionFixture, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Web/connections/${c.name}`;
}

export function siteIdOf(s: Pick<SiteFixture, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`;
}

export function managedApiIdOf(subscriptionId: string, location: string, api: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Web/locations/${location}/managedApis/${api}`;
}

/** The V2 `connectionRuntimeUrl` (stable per connection id, real shape). */
export function runtimeUrlOf(c: Pick<ConnectionFixture, 'subscriptionId' | 'resourceGroup' | 'name' | 'location' | 'api'>): string {
  const h = createHash('sha256').update(connectionIdOf(c).toLowerCase()).digest('hex');
  const shard = String(parseInt(h.slice(0, 2), 16) % 20).padStart(2, '0');
  return `https://${h.slice(0, 16)}.${shard}.common.logic-${c.location}.azure-apihub.net/apim/${c.api}/${h.slice(16, 48)}/`;
}

// ---------------------------------------------------------------------------------------------
// Managed APIs
// ---------------------------------------------------------------------------------------------

const api = (name: string, displayName: string, oauth: boolean, oauthResourceUri?: string): ManagedApiFixture => ({
  name,
  displayName,
  oauth,
  ...(oauthResourceUri ? { oauthResourceUri } : {}),
  capabilities: oauth ? ['actions', 'cloudBased'] : ['actions', 'cloudBased', 'managedIdentity'],
});

export function managedApis(): Record<string, ManagedApiFixture> {
  return {
    office365: api('office365', 'Office 365 Outlook', true, 'https://graph.microsoft.com'),
    office365users: api('office365users', 'Office 365 Users', true, 'https://graph.microsoft.com'),
    outlook: api('outlook', 'Outlook.com', true, 'https://graph.microsoft.com'),
    sharepointonline: api('sharepointonline', 'SharePoint', true, 'https://graph.microsoft.com'),
    teams: api('teams', 'Microsoft Teams', true, 'https://graph.microsoft.com'),
    onedrive: api('onedrive', 'OneDrive', true, 'https://graph.microsoft.com'),
    azureblob: api('azureblob', 'Azure Blob Storage', false),
    servicebus: api('servicebus', 'Service Bus', false),
    keyvault: api('keyvault', 'Azure Key Vault', false),
    sql: api('sql', 'SQL Server', false),
    ftp: api('ftp', 'FTP', false),
  };
}

// ---------------------------------------------------------------------------------------------
// The default data set
// ---------------------------------------------------------------------------------------------

const TENANT = 'c0ffee00-0000-4000-8000-000000000000';
const PROD = 'aaaa0001-0000-4000-8000-000000000001';
const DEV = 'aaaa0002-0000-4000-8000-000000000002';
const FABRIKAM = 'fab00003-0000-4000-8000-000000000003';

const RG = {
  integrationProd: 'rg-integration-prod',
  sharedProd: 'rg-shared-prod',
  logicAppProd: 'rg-logicapp-prod',
  integrationDev: 'rg-integration-dev',
  sandboxDev: 'rg-sandbox-dev',
  fabrikam: 'rg-fabrikam-apps',
} as const;

const LOCATION = { prod: 'westeurope', dev: 'northeurope', fabrikam: 'eastus' } as const;

const SITE = { subscriptionId: PROD, resourceGroup: RG.logicAppProd, name: 'la-orders-prod' };
const SITE_PRINCIPAL_ID = 'a5a5a5a5-0000-4000-8000-00000000000a';
const DEVELOPER_OBJECT_ID = 'de7e1000-0000-4000-8000-00000000000d';
const DEVELOPER_NAME = 'developer@contoso.com';
/**
 * A captured real GET of a V2 connection (2018-07-01-preview) carries its testLinks and
 * testRequests on a regional Resource Manager host with an explicit port
 * (`https://southcentralus.management.azure.com:443/...`; /work/shared/reference/azure-connections.md §7).
 * The official designer also talks to regional hosts (`https://brazilus.management.azure.com`,
 * Azure/LogicAppsUX `apps/Standalone/src/designer/app/AzureLogicAppsDesigner/laDesignerConsumption.tsx`).
 */
const REGIONAL_ARM_ORIGIN = 'https://southcentralus.management.azure.com:443';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * A token shaped like an Entra ID access token for ARM (unsigned: the emulator only compares it),
 * whose claims name the fixture's developer (`oid`, `tid`, `upn`): with it, the client knows who
 * is signed in, as with a real sign-in (access policies for the developer, local managed-identity
 * mode). `startEmulator({ token: DEVELOPER_TOKEN })`.
 */
export const DEVELOPER_TOKEN = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({
  aud: 'https://management.azure.com/',
  iss: `https://sts.windows.net/${TENANT}/`,
  oid: DEVELOPER_OBJECT_ID,
  tid: TENANT,
  upn: DEVELOPER_NAME,
  exp: 4102444800,
})}.`;

/** name → [subscription, resource group]; the connection ids below are built from these. */
const NAMES = {
  healthy: [PROD, RG.integrationProd, 'office365-orders'],
  expired: [PROD, RG.integrationProd, 'office365-expired'],
  forbidden: [PROD, RG.integrationProd, 'sharepoint-forbidden'],
  blobMsi: [PROD, RG.integrationProd, 'azureblob-msi'],
  unreachable: [PROD, RG.integrationProd, 'servicebus-unreachable'],
  throttled: [PROD, RG.integrationProd, 'outlook-throttled'],
  teamsUnauthenticated: [PROD, RG.integrationProd, 'teams-unauthenticated'],
  hostile: [PROD, RG.sharedProd, 'office365-hostile-testlink'],
  badGateway: [PROD, RG.sharedProd, 'sql-bad-gateway'],
  gatewayTimeout: [PROD, RG.sharedProd, 'ftp-gateway-timeout'],
  keyvaultV2: [PROD, RG.sharedProd, 'keyvault-prod'],
  keyvaultV1: [DEV, RG.integrationDev, 'keyvault-v1'],
  testRequestsOk: [DEV, RG.integrationDev, 'sql-v1-testrequests'],
  testRequestsUnauthorized: [DEV, RG.integrationDev, 'ftp-v1-testrequests-unauthorized'],
  devOffice365: [DEV, RG.integrationDev, 'office365-dev'],
  blobKey: [DEV, RG.integrationDev, 'azureblob-key'],
  servicebusV1: [DEV, RG.integrationDev, 'servicebus-v1'],
  fabrikamRevoked: [FABRIKAM, RG.fabrikam, 'office365-revoked'],
  fabrikamConsentMissing: [FABRIKAM, RG.fabrikam, 'sharepoint-no-consent'],
  fabrikamKeyvault: [FABRIKAM, RG.fabrikam, 'keyvault-fabrikam'],
  fabrikamOnedriveV1: [FABRIKAM, RG.fabrikam, 'onedrive-v1'],
  // Made from the custom connectors of customApis.ts.
  customOrders: [PROD, RG.integrationProd, 'contoso-orders-oauth'],
  customRefreshBroken: [FABRIKAM, RG.fabrikam, 'fabrikam-tickets-oauth'],
  regional: [PROD, RG.integrationProd, 'office365-regional'],
} as const;

/** Where the two custom connectors are (customApis.ts). */
const CUSTOM_APIS_AT = {
  prod: { subscriptionId: PROD, resourceGroup: RG.integrationProd, location: LOCATION.prod },
  fabrikam: { subscriptionId: FABRIKAM, resourceGroup: RG.fabrikam, location: LOCATION.fabrikam },
};

type FixtureName = keyof typeof NAMES;

const ids = Object.fromEntries(
  Object.entries(NAMES).map(([k, [subscriptionId, resourceGroup, name]]) => [k, connectionIdOf({ subscriptionId, resourceGroup, name })]),
) as Record<FixtureName, string>;

/** Stable ids of the default data set, for tests. Connection entries are ARM ids. */
export const FIXTURE = {
  tenantId: TENANT,
  subscriptions: { contosoProd: PROD, contosoDev: DEV, fabrikam: FABRIKAM, contosoIntegration: SAMPLES_SUBSCRIPTION },
  resourceGroups: RG,
  locations: LOCATION,
  ...ids,
  /** The Standard logic app whose managed identity uses `healthy` (policy present) and `blobMsi` (policy missing). */
  site: siteIdOf(SITE),
  sitePrincipalId: SITE_PRINCIPAL_ID,
  /** A developer with access policies on some V2 connections. */
  developerObjectId: DEVELOPER_OBJECT_ID,
  developerName: DEVELOPER_NAME,
  /** The origin of `regional`'s test links: a regional Resource Manager host, as real answers carry. */
  regionalArmOrigin: REGIONAL_ARM_ORIGIN,
  hostileTestUri: HOSTILE_TEST_URI,
  validConsentCode: VALID_CONSENT_CODE,
  token: DEFAULT_TOKEN,
  /** A well-formed connection id that does not exist. */
  missing: connectionIdOf({ subscriptionId: PROD, resourceGroup: RG.integrationProd, name: 'does-not-exist' }),
  /** Custom connectors: healthy OAuth settings, and the refresh URL that is the authorization URL. */
  customApis: {
    healthy: customApiIdOf({ ...CUSTOM_APIS_AT.prod, name: 'contoso-orders' }),
    refreshBroken: customApiIdOf({ ...CUSTOM_APIS_AT.fabrikam, name: 'fabrikam-tickets' }),
  },
  /** The samples' world (samplesWorld.ts): subscription `Contoso Integration`, its group and connections. */
  samples: {
    subscriptionId: SAMPLES_SUBSCRIPTION,
    resourceGroup: SAMPLES_RESOURCE_GROUP,
    servicebus: sampleConnectionId('servicebus'),
    azureblob: sampleConnectionId('azureblob'),
    sharepointonline: sampleConnectionId('sharepointonline'),
    office365: sampleConnectionId('office365'),
  },
  /** Resources, roles, app registrations and users (identity.ts). */
  identity: {
    ...IDENTITY,
    keyVaults: {
      rbac: `/subscriptions/${PROD}/resourceGroups/${RG.sharedProd}/providers/Microsoft.KeyVault/vaults/contoso-kv`,
      accessPolicy: `/subscriptions/${PROD}/resourceGroups/${RG.sharedProd}/providers/Microsoft.KeyVault/vaults/kv-orders-prod`,
      fabrikam: `/subscriptions/${FABRIKAM}/resourceGroups/${RG.fabrikam}/providers/Microsoft.KeyVault/vaults/kv-fabrikam`,
    },
    storage: {
      archive: `/subscriptions/${PROD}/resourceGroups/${RG.sharedProd}/providers/Microsoft.Storage/storageAccounts/contosoarchive`,
      invoices: `/subscriptions/${SAMPLES_SUBSCRIPTION}/resourceGroups/${SAMPLES_RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/contosoinvoices`,
    },
    serviceBus: {
      orders: `/subscriptions/${PROD}/resourceGroups/${RG.sharedProd}/providers/Microsoft.ServiceBus/namespaces/sb-orders-prod`,
      fulfilment: `/subscriptions/${SAMPLES_SUBSCRIPTION}/resourceGroups/${SAMPLES_RESOURCE_GROUP}/providers/Microsoft.ServiceBus/namespaces/sb-contoso-fulfilment`,
    },
    userAssignedId: `/subscriptions/${PROD}/resourceGroups/${RG.sharedProd}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${IDENTITY.userAssigned.name}`,
    /** A Consumption workflow without a managed identity whose HTTP action uses one. */
    consumptionWorkflow: `/subscriptions/${PROD}/resourceGroups/${RG.logicAppProd}/providers/Microsoft.Logic/workflows/la-orders-consumption`,
  },
} as const;

/** Connection names by fixture key (`FIXTURE_NAMES.healthy === 'office365-orders'`). */
export const FIXTURE_NAMES = Object.fromEntries(Object.entries(NAMES).map(([k, v]) => [k, v[2]])) as Record<FixtureName, string>;

const AADSTS700082 =
  'AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2024-01-02T09:00:00.0000000Z and was inactive for 90.00:00:00. Trace ID: 0a1b2c3d-0000-4000-8000-000000000082 Correlation ID: 0a1b2c3d-0000-4000-8000-000000000083 Timestamp: 2024-04-02 09:00:00Z';
const AADSTS50173 =
  "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '2024-02-01T10:00:00.0000000Z' and the TokensValidFrom date (before which tokens are not valid) for this user is '2024-03-15T12:00:00.0000000Z'. Trace ID: 0a1b2c3d-0000-4000-8000-000000050173";
const AADSTS65001 =
  "AADSTS65001: The user or administrator has not consented to use the application with ID '0a1b2c3d-0000-4000-8000-000000065001' named 'SharePoint Online connector'. Send an interactive authorization request for this user and resource.";

const refreshFailed = (service: string, aadsts: string): string =>
  `Failed to refresh access token for service: ${service}. Correlation Id=0a1b2c3d-0000-4000-8000-0000000000c1, UTC TimeStamp=4/2/2024 9:00:00 AM, Error: ${aadsts}`;

function connection(key: FixtureName, init: Partial<ConnectionFixture> & Pick<ConnectionFixture, 'api' | 'kind'>): ConnectionFixture {
  const [subscriptionId, resourceGroup, name] = NAMES[key];
  const location = subscriptionId === PROD ? LOCATION.prod : subscriptionId === DEV ? LOCATION.dev : LOCATION.fabrikam;
  return {
    subscriptionId,
    resourceGroup,
    name,
    location,
    displayName: name,
    overallStatus: 'Connected',
    connectionState: 'Enabled',
    statuses: [{ status: 'Connected' }],
    createdTime: '2024-01-02T09:00:00.0000000Z',
    changedTime: '2024-03-04T10:30:00.0000000Z',
    parameterValues: {},
    test: { kind: 'ok' },
    ...init,
  };
}

const policy = (name: string, objectId: string): AccessPolicyFixture => ({ name, objectId, tenantId: TENANT });

function defaultConnections(): ConnectionFixture[] {
  return [
    connection('healthy', {
      api: 'office365',
      kind: 'V2',
      displayName: 'ops@contoso.com',
      authenticatedUser: 'ops@contoso.com',
      accessPolicies: [policy('la-orders-prod-msi', SITE_PRINCIPAL_ID), policy('developer', DEVELOPER_OBJECT_ID)],
    }),
    connection('expired', {
      api: 'office365',
      kind: 'V2',
      displayName: 'former.employee@contoso.com',
      authenticatedUser: 'former.employee@contoso.com',
      overallStatus: 'Error',
      statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: refreshFailed('office365', AADSTS700082) } }],
      test: { kind: 'status', status: 401, code: 'Unauthorized', message: refreshFailed('office365', AADSTS700082) },
      dynamicInvoke: { statusCode: 'Unauthorized' },
      accessPolicies: [policy('developer', DEVELOPER_OBJECT_ID)],
    }),
    connection('forbidden', {
      api: 'sharepointonline',
      kind: 'V2',
      displayName: 'intern@contoso.com',
      authenticatedUser: 'intern@contoso.com',
      test: {
        kind: 'status',
        status: 403,
        code: 'Forbidden',
        message: 'Forbidden. The signed-in user does not have permission to access https://contoso.sharepoint.com/sites/orders.',
      },
      dynamicInvoke: { statusCode: 'Forbidden' },
    }),
    connection('blobMsi', {
      api: 'azureblob',
      kind: 'V2',
      displayName: 'azureblob (managed identity)',
      parameterValues: undefined,
      parameterValueSet: { name: 'managedIdentityAuth', values: {} },
      // The site's identity has no policy here: only the developer does (the "missing" case).
      accessPolicies: [policy('developer', DEVELOPER_OBJECT_ID)],
    }),
    connection('unreachable', {
      api: 'servicebus',
      kind: 'V2',
      displayName: 'servicebus (private endpoint)',
      parameterValues: { namespaceEndpoint: 'sb://sb-orders-prod.servicebus.windows.net/' },
      test: { kind: 'hang' },
    }),
    connection('throttled', {
      api: 'outlook',
      kind: 'V2',
      displayName: 'shared.mailbox@contoso.com',
      authenticatedUser: 'shared.mailbox@contoso.com',
      test: { kind: 'throttle', times: 3, retryAfter: 1 },
    }),
    connection('teamsUnauthenticated', {
      api: 'teams',
      kind: 'V2',
      displayName: 'teams',
      overallStatus: 'Error',
      connectionState: 'Error',
      statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: 'This connection is not authenticated.' } }],
      test: { kind: 'status', status: 401, code: 'Unauthenticated', message: 'This connection is not authenticated.' },
      dynamicInvoke: { statusCode: 'Unauthorized' },
    }),
    connection('hostile', {
      api: 'office365',
      kind: 'V2',
      displayName: 'office365 (hostile test link)',
      authenticatedUser: 'ops@contoso.com',
      testLinks: [{ requestUri: HOSTILE_TEST_URI, method: 'get' }],
    }),
    connection('badGateway', {
      api: 'sql',
      kind: 'V2',
      displayName: 'sql (on-premises gateway)',
      parameterValues: { server: 'sql-onprem.contoso.local', database: 'orders', gateway: { name: 'gw-contoso' } },
      test: { kind: 'status', status: 502, code: 'BadGateway', message: 'The on-premises data gateway did not respond.' },
    }),
    connection('gatewayTimeout', {
      api: 'ftp',
      kind: 'V2',
      displayName: 'ftp.contoso.com',
      parameterValues: { serverAddress: 'ftp.contoso.com', userName: 'orders' },
      test: { kind: 'status', status: 504, code: 'GatewayTimeout', message: 'The request to the FTP server timed out.' },
    }),
    connection('keyvaultV2', {
      api: 'keyvault',
      kind: 'V2',
      displayName: 'kv-orders-prod',
      parameterValueSet: { name: 'oauthMI', values: { vaultName: { value: 'kv-orders-prod' } } },
      accessPolicies: [policy('la-orders-prod-msi', SITE_PRINCIPAL_ID)],
    }),
    connection('keyvaultV1', {
      api: 'keyvault',
      kind: 'V1',
      displayName: 'kv-integration-dev',
      parameterValues: { vaultName: 'kv-integration-dev' },
    }),
    connection('testRequestsOk', {
      api: 'sql',
      kind: 'V1',
      displayName: 'sql-dev',
      parameterValues: { server: 'sql-dev.database.windows.net', database: 'orders' },
      testLinks: null,
      testRequests: [
        {
          requestUri: `{origin}${ids.testRequestsOk}/dynamicInvoke?api-version=2018-07-01-preview`,
          method: 'POST',
          body: { request: { method: 'get', path: '/v2/datasets/default,default/tables', queries: {} } },
        },
      ],
      dynamicInvoke: { statusCode: 'OK', body: { value: [{ Name: '[dbo].[Orders]', DisplayName: 'Orders' }] } },
    }),
    connection('testRequestsUnauthorized', {
      api: 'ftp',
      kind: 'V1',
      displayName: 'ftp-dev',
      overallStatus: 'Error',
      statuses: [{ status: 'Error', error: { code: 'Unauthorized', message: 'Login failed: 530 Not logged in.' } }],
      parameterValues: { serverAddress: 'ftp-dev.contoso.com', userName: 'dev' },
      testLinks: null,
      testRequests: [
        {
          requestUri: `{origin}${ids.testRequestsUnauthorized}/dynamicInvoke?api-version=2018-07-01-preview`,
          method: 'POST',
          body: { request: { method: 'get', path: '/datasets/default/folders', queries: {} } },
        },
      ],
      test: { kind: 'status', status: 401, code: 'Unauthorized', message: 'Login failed: 530 Not logged in.' },
      dynamicInvoke: { statusCode: 'Unauthorized', body: { status: 401, message: 'Login failed: 530 Not logged in.' } },
    }),
    connection('devOffice365', {
      api: 'office365',
      kind: 'V2',
      displayName: 'dev@contoso.com',
      authenticatedUser: 'dev@contoso.com',
      accessPolicies: [policy('developer', DEVELOPER_OBJECT_ID)],
    }),
    connection('blobKey', {
      api: 'azureblob',
      kind: 'V2',
      displayName: 'stintegrationdev',
      parameterValues: { accountName: 'stintegrationdev' },
      accessPolicies: [],
    }),
    connection('servicebusV1', { api: 'servicebus', kind: 'V1', displayName: 'sb-integration-dev' }),
    connection('fabrikamRevoked', {
      api: 'office365',
      kind: 'V1',
      displayName: 'admin@fabrikam.com',
      authenticatedUser: 'admin@fabrikam.com',
      overallStatus: 'Error',
      statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: refreshFailed('office365', AADSTS50173) } }],
      test: { kind: 'status', status: 401, code: 'Unauthorized', message: refreshFailed('office365', AADSTS50173) },
      dynamicInvoke: { statusCode: 'Unauthorized' },
    }),
    connection('fabrikamConsentMissing', {
      api: 'sharepointonline',
      kind: 'V2',
      displayName: 'sharepoint (no consent)',
      overallStatus: 'Error',
      statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthorized', message: refreshFailed('sharepointonline', AADSTS65001) } }],
      test: { kind: 'status', status: 401, code: 'Unauthorized', message: refreshFailed('sharepointonline', AADSTS65001) },
      dynamicInvoke: { statusCode: 'Unauthorized' },
    }),
    connection('fabrikamKeyvault', {
      api: 'keyvault',
      kind: 'V2',
      displayName: 'kv-fabrikam',
      parameterValueSet: { name: 'oauthMI', values: { vaultName: { value: 'kv-fabrikam' } } },
      accessPolicies: [policy('developer', DEVELOPER_OBJECT_ID)],
    }),
    connection('fabrikamOnedriveV1', {
      api: 'onedrive',
      kind: 'V1',
      displayName: 'files@fabrikam.com',
      authenticatedUser: 'files@fabrikam.com',
    }),
    connection('customOrders', {
      api: 'contoso-orders',
      customApi: true,
      kind: 'V1',
      displayName: 'orders@contoso.com',
      authenticatedUser: 'orders@contoso.com',
    }),
    // Authorized, then the first refresh failed (its connector's refresh URL is the authorization URL).
    connection('customRefreshBroken', {
      api: 'fabrikam-tickets',
      customApi: true,
      kind: 'V1',
      displayName: 'agent@fabrikam.com',
      authenticatedUser: 'agent@fabrikam.com',
      overallStatus: 'Error',
      statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthorized', message: refreshFailed('oauth2', 'The refresh request to https://helpdesk.fabrikam.com/oauth/authorize was refused (HTTP 405).') } }],
      test: { kind: 'status', status: 401, code: 'Unauthorized', message: refreshFailed('oauth2', 'The refresh request to https://helpdesk.fabrikam.com/oauth/authorize was refused (HTTP 405).') },
      dynamicInvoke: { statusCode: 'Unauthorized' },
    }),
    // Healthy, without `authenticatedUser` (real answers need not report it), its test link and
    // test request on a regional ARM host (see REGIONAL_ARM_ORIGIN).
    connection('regional', {
      api: 'office365',
      kind: 'V2',
      displayName: 'office365 (regional test links)',
      testLinks: [{ requestUri: `${REGIONAL_ARM_ORIGIN}${ids.regional}/extensions/proxy/testconnection?api-version=2018-07-01-preview`, method: 'get' }],
      testRequests: [
        {
          requestUri: `${REGIONAL_ARM_ORIGIN}${ids.regional}/dynamicInvoke?api-version=2018-07-01-preview`,
          method: 'POST',
          body: { request: { method: 'get', path: '/v2/Mail', queries: {} } },
        },
      ],
      accessPolicies: [],
    }),
  ];
}

function siteConnectionsJson(connections: ConnectionFixture[]): unknown {
  const find = (id: string) => connections.find((c) => connectionIdOf(c) === id)!;
  const entry = (c: ConnectionFixture) => ({
    api: { id: managedApiIdOf(c.subscriptionId, c.location, c.api) },
    connection: { id: connectionIdOf(c) },
    connectionRuntimeUrl: runtimeUrlOf(c),
    authentication: { type: 'ManagedServiceIdentity' },
  });
  return {
    managedApiConnections: {
      office365: entry(find(ids.healthy)),
      azureblob: entry(find(ids.blobMsi)),
      keyvault: entry(find(ids.keyvaultV2)),
    },
    serviceProviderConnections: {
      serviceBus: {
        parameterValues: { fullyQualifiedNamespace: 'sb-orders-prod.servicebus.windows.net', authProvider: { Type: 'ManagedServiceIdentity' } },
        parameterSetName: 'ManagedServiceIdentity',
        serviceProvider: { id: '/serviceProviders/serviceBus' },
        displayName: 'serviceBus',
      },
    },
  };
}

export interface DefaultDataOptions {
  /** Connection list page size (default 50). */
  pageSize?: number;
  paging?: Partial<PagingOptions>;
}

const DEFAULT_PAGING: PagingOptions = { subscriptions: 2, resourceGroups: 2, connections: 50, resourceGraphTop: 100, resourceGraphMaxTop: 1000 };

function paging(opts?: DefaultDataOptions): PagingOptions {
  return { ...DEFAULT_PAGING, ...(opts?.pageSize ? { connections: opts.pageSize } : {}), ...opts?.paging };
}

/** A fresh copy of the default data set (safe to mutate). */
export function defaultData(opts?: DefaultDataOptions): EmulatorData {
  const subscriptions: SubscriptionFixture[] = [
    { subscriptionId: PROD, displayName: 'Contoso Production', state: 'Enabled', tenantId: TENANT },
    { subscriptionId: DEV, displayName: 'Contoso Dev', state: 'Enabled', tenantId: TENANT },
    { subscriptionId: FABRIKAM, displayName: 'Fabrikam', state: 'Enabled', tenantId: TENANT },
    { subscriptionId: SAMPLES_SUBSCRIPTION, displayName: 'Contoso Integration', state: 'Enabled', tenantId: TENANT },
  ];
  const connections = [...defaultConnections(), ...sampleConnections({ tenantId: TENANT, sitePrincipalId: SITE_PRINCIPAL_ID, developerObjectId: DEVELOPER_OBJECT_ID })];
  const logicApps = defaultLogicApps({ prod: PROD, dev: DEV, fabrikam: FABRIKAM, rg: RG, location: LOCATION, tenantId: TENANT, ids });
  return {
    tenantId: TENANT,
    subscriptions,
    resourceGroups: [
      { subscriptionId: PROD, name: RG.integrationProd, location: LOCATION.prod },
      { subscriptionId: PROD, name: RG.sharedProd, location: LOCATION.prod },
      { subscriptionId: PROD, name: RG.logicAppProd, location: LOCATION.prod },
      { subscriptionId: DEV, name: RG.integrationDev, location: LOCATION.dev },
      { subscriptionId: DEV, name: RG.sandboxDev, location: LOCATION.dev },
      { subscriptionId: FABRIKAM, name: RG.fabrikam, location: LOCATION.fabrikam },
      { subscriptionId: SAMPLES_SUBSCRIPTION, name: SAMPLES_RESOURCE_GROUP, location: SAMPLES_LOCATION },
    ],
    connections,
    managedApis: managedApis(),
    sites: [
      {
        ...SITE,
        location: LOCATION.prod,
        kind: 'functionapp,workflowapp',
        identity: { type: 'SystemAssigned', principalId: SITE_PRINCIPAL_ID, tenantId: TENANT },
        connectionsJson: siteConnectionsJson(connections),
        health: 'Healthy',
      },
      ...logicApps.sites,
    ],
    customApis: defaultCustomApis(CUSTOM_APIS_AT),
    workflows: logicApps.workflows,
    identity: identityWorld({
      tenantId: TENANT,
      otherTenantId: IDENTITY.otherTenantId,
      prod: PROD,
      fabrikam: FABRIKAM,
      samples: SAMPLES_SUBSCRIPTION,
      sharedProd: RG.sharedProd,
      logicAppProd: RG.logicAppProd,
      fabrikamRg: RG.fabrikam,
      samplesRg: SAMPLES_RESOURCE_GROUP,
      sitePrincipalId: SITE_PRINCIPAL_ID,
      developerObjectId: DEVELOPER_OBJECT_ID,
      prodLocation: LOCATION.prod,
      fabrikamLocation: LOCATION.fabrikam,
    }),
    paging: paging(opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Large tenant
// ---------------------------------------------------------------------------------------------

export interface LargeTenantOptions extends DefaultDataOptions {
  subscriptions?: number;
  connectionsPerSubscription?: number;
  resourceGroupsPerSubscription?: number;
}

const LARGE_APIS = ['office365', 'azureblob', 'servicebus', 'keyvault', 'sharepointonline', 'sql', 'teams', 'ftp'];
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `subscriptions` × `connectionsPerSubscription` connections (default 20 × 250 = 5,000), deterministic. */
export function largeTenant(opts: LargeTenantOptions = {}): EmulatorData {
  const subs = opts.subscriptions ?? 20;
  const perSub = opts.connectionsPerSubscription ?? 250;
  const rgsPerSub = Math.max(1, opts.resourceGroupsPerSubscription ?? 5);
  const apis = managedApis();
  const data: EmulatorData = {
    tenantId: TENANT,
    subscriptions: [],
    resourceGroups: [],
    connections: [],
    managedApis: apis,
    sites: [],
    paging: paging(opts),
  };
  for (let s = 0; s < subs; s++) {
    const subscriptionId = `1a000000-0000-4000-8000-${hex(s + 1, 12)}`;
    const location = ['westeurope', 'northeurope', 'eastus', 'westus2'][s % 4]!;
    data.subscriptions.push({ subscriptionId, displayName: `Load Test ${String(s + 1).padStart(2, '0')}`, state: 'Enabled', tenantId: TENANT });
    for (let g = 0; g < rgsPerSub; g++) data.resourceGroups.push({ subscriptionId, name: `rg-load-${String(g + 1).padStart(2, '0')}`, location });
    for (let i = 0; i < perSub; i++) {
      const n = s * perSub + i;
      const apiName = LARGE_APIS[n % LARGE_APIS.length]!;
      const broken = n % 10 === 7;
      data.connections.push({
        subscriptionId,
        resourceGroup: `rg-load-${String((i % rgsPerSub) + 1).padStart(2, '0')}`,
        name: `${apiName}-${String(n + 1).padStart(5, '0')}`,
        location,
        kind: n % 3 === 0 ? 'V1' : 'V2',
        api: apiName,
        displayName: `${apiName} ${n + 1}`,
        overallStatus: broken ? 'Error' : 'Connected',
        connectionState: 'Enabled',
        statuses: broken
          ? [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: refreshFailed(apiName, AADSTS700082) } }]
          : [{ status: 'Connected' }],
        createdTime: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
        changedTime: new Date(Date.UTC(2024, 2, 1) + n * 60_000).toISOString(),
        parameterValues: {},
        test: broken ? { kind: 'status', status: 401, code: 'Unauthorized', message: refreshFailed(apiName, AADSTS700082) } : { kind: 'ok' },
        ...(apis[apiName]!.oauth && !broken ? { authenticatedUser: `user${n % 50}@contoso.com` } : {}),
      });
    }
  }
  return data;
}

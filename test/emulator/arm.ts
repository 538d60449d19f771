/**
 * ARM JSON shapes rendered from the fixture data: resources as the real service returns them
 * (casing, nesting, absolute links on the emulator's origin), ARM error bodies and replies.
 */
import { customApiReference, findCustomApi } from './customApis';
import { connectionIdOf, managedApiIdOf, runtimeUrlOf, siteIdOf } from './data';
import type {
  AccessPolicyFixture,
  ConnectionFixture,
  EmulatorData,
  ManagedApiFixture,
  ResourceGroupFixture,
  SiteFixture,
  SubscriptionFixture,
  TestLinkFixture,
} from './types';

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/** What a handler answers: a status with a JSON body (or raw text), or no answer at all. */
export type Reply =
  | { status: number; body?: unknown; raw?: string; headers?: Record<string, string> }
  | { hang: true };

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const empty = (status: number): Reply => ({ status });

/** `{"error":{"code","message"}}`, the ARM error body. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return json({ error: { code, message } }, status, headers);
}

/** The ARM error code a bare status stands for (used by injected faults). */
export function defaultErrorFor(status: number): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: 'BadRequest', message: 'The request is invalid.' };
    case 401:
      return { code: 'AuthenticationFailed', message: 'Authentication failed.' };
    case 403:
      return {
        code: 'AuthorizationFailed',
        message: "The client does not have authorization to perform this action or the scope is invalid. If access was recently granted, please refresh your credentials.",
      };
    case 404:
      return { code: 'ResourceNotFound', message: 'The resource was not found.' };
    case 409:
      return { code: 'Conflict', message: 'The request conflicts with the current state of the resource.' };
    case 429:
      return { code: 'TooManyRequests', message: "The request is being throttled as the limit has been reached for operation type 'Read'." };
    case 500:
      return { code: 'InternalServerError', message: 'Encountered internal server error. Diagnostic information: timestamp, correlation id.' };
    case 502:
      return { code: 'BadGateway', message: 'The gateway did not receive a response.' };
    case 503:
      return { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please try again later.' };
    case 504:
      return { code: 'GatewayTimeout', message: 'The gateway did not receive a response within the specified time period.' };
    default:
      return { code: `Http${status}`, message: `The emulator answered ${status}.` };
  }
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

export function renderSubscription(s: SubscriptionFixture): unknown {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
  };
}

export function renderResourceGroup(g: ResourceGroupFixture): unknown {
  return {
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

const iconUri = (api: string) => `https://connectoricons-prod.azureedge.net/releases/v1.0.1676/1.0.1676.3617/${api}/icon.png`;

function withOrigin(links: TestLinkFixture[], origin: string): TestLinkFixture[] {
  return links.map((l) => ({ ...l, requestUri: l.requestUri.split('{origin}').join(origin) }));
}

export function testLinksOf(c: ConnectionFixture, origin: string): TestLinkFixture[] {
  if (c.testLinks === null) return [];
  if (c.testLinks) return withOrigin(c.testLinks, origin);
  return [{ requestUri: `${origin}${connectionIdOf(c)}/extensions/proxy/testconnection?api-version=2016-06-01`, method: 'get' }];
}

/**
 * The properties at api-version 2016-06-01, the published spec's `ApiConnectionDefinitionProperties`
 * (azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`,
 * as generated in Azure/bicep-types-az `generated/web/microsoft.web/2016-06-01/types.md`): api,
 * changedTime, createdTime, customParameterValues, displayName, nonSecretParameterValues,
 * parameterValues, statuses, testLinks. No `authenticatedUser`, `overallStatus`, `connectionState`,
 * `connectionRuntimeUrl`, `testRequests` or `parameterValueSet`: those come with
 * 2018-07-01-preview, the version the official extension reads connections with.
 */
const SPEC_2016_PROPERTIES = new Set(['api', 'changedTime', 'createdTime', 'customParameterValues', 'displayName', 'nonSecretParameterValues', 'parameterValues', 'statuses', 'testLinks']);

/** Is this the 2016-06-01 shape (anything else: the 2018-07-01-preview one)? */
export const isApiVersion2016 = (apiVersion: string | null | undefined): boolean => apiVersion === '2016-06-01';

/**
 * A connection's properties as GET/list answer them. The default is the 2018-07-01-preview shape,
 * the version the official extension reads connections with (Azure/LogicAppsUX
 * `apps/vs-code-designer/src/app/commands/workflows/designer/panels/designerPanel.ts`,
 * `apiHubServiceDetails.apiVersion`; its model of the answer:
 * `libs/logic-apps-shared/src/utils/src/lib/models/connection.ts`, where `authenticatedUser` is
 * `{name}` and optional); `apiVersion` 2016-06-01 gives the spec's smaller shape.
 */
export function renderConnectionProperties(c: ConnectionFixture, data: EmulatorData, origin: string, apiVersion?: string | null): Record<string, unknown> {
  const props = renderConnectionProperties2018(c, data, origin);
  if (!isApiVersion2016(apiVersion)) return props;
  return Object.fromEntries(Object.entries(props).filter(([k]) => SPEC_2016_PROPERTIES.has(k)));
}

function renderConnectionProperties2018(c: ConnectionFixture, data: EmulatorData, origin: string): Record<string, unknown> {
  const api: ManagedApiFixture | undefined = data.managedApis[c.api.toLowerCase()];
  const props: Record<string, unknown> = {
    displayName: c.displayName,
    ...(c.authenticatedUser ? { authenticatedUser: { name: c.authenticatedUser } } : {}),
    overallStatus: c.overallStatus,
    statuses: c.statuses.map((x) => ({ ...x })),
    ...(c.connectionState ? { connectionState: c.connectionState } : {}),
    ...(c.parameterValues ? { parameterValues: c.parameterValues } : {}),
    ...(c.parameterValueSet ? { parameterValueSet: c.parameterValueSet } : {}),
    customParameterValues: {},
    nonSecretParameterValues: {},
    createdTime: c.createdTime,
    changedTime: c.changedTime,
    api: customApiOf(c, data) ?? {
      name: c.api,
      displayName: api?.displayName ?? c.api,
      description: `${api?.displayName ?? c.api} connector`,
      iconUri: iconUri(c.api),
      brandColor: '#0078D4',
      id: managedApiIdOf(c.subscriptionId, c.location, c.api),
      type: 'Microsoft.Web/locations/managedApis',
    },
    ...(c.kind === 'V2' ? { connectionRuntimeUrl: c.connectionRuntimeUrl ?? runtimeUrlOf(c) } : {}),
    testLinks: testLinksOf(c, origin),
  };
  if (c.testRequests) props.testRequests = withOrigin(c.testRequests, origin);
  return props;
}

/** The `api` block of a connection made from a custom connector (customApis.ts). */
function customApiOf(c: ConnectionFixture, data: EmulatorData): Record<string, unknown> | undefined {
  if (!c.customApi) return undefined;
  const custom = findCustomApi(data, c.subscriptionId, undefined, c.api);
  return custom ? customApiReference(custom) : undefined;
}

export function renderConnection(c: ConnectionFixture, data: EmulatorData, origin: string, apiVersion?: string | null): unknown {
  return {
    id: connectionIdOf(c),
    name: c.name,
    type: 'Microsoft.Web/connections',
    location: c.location,
    // `kind` is not in the 2016-06-01 spec's resource definition (see above).
    ...(isApiVersion2016(apiVersion) ? {} : { kind: c.kind }),
    tags: {},
    properties: renderConnectionProperties(c, data, origin, apiVersion),
  };
}

/** A Resource Graph row: lower-case type and resource group, like ARG. */
export function renderGraphConnection(c: ConnectionFixture, data: EmulatorData, origin: string): Record<string, unknown> {
  return {
    id: connectionIdOf(c),
    name: c.name,
    type: 'microsoft.web/connections',
    tenantId: data.tenantId,
    kind: c.kind,
    location: c.location,
    resourceGroup: c.resourceGroup.toLowerCase(),
    subscriptionId: c.subscriptionId,
    managedBy: '',
    sku: null,
    plan: null,
    properties: renderConnectionProperties(c, data, origin),
    tags: {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

export function renderGraphSite(s: SiteFixture, data: EmulatorData): Record<string, unknown> {
  const site = renderSite(s) as Record<string, unknown>;
  return {
    ...site,
    type: 'microsoft.web/sites',
    tenantId: data.tenantId,
    resourceGroup: s.resourceGroup.toLowerCase(),
    subscriptionId: s.subscriptionId,
    managedBy: '',
    sku: null,
    plan: null,
    tags: {},
    zones: null,
    extendedLocation: null,
  };
}

export function renderAccessPolicy(c: ConnectionFixture, p: AccessPolicyFixture): unknown {
  return {
    id: `${connectionIdOf(c)}/accessPolicies/${p.name}`,
    name: p.name,
    type: 'Microsoft.Web/connections/accessPolicies',
    location: c.location,
    properties: { principal: { type: 'ActiveDirectory', identity: { objectId: p.objectId, tenantId: p.tenantId } } },
  };
}

/** A stable, obviously fake client id per API. */
const clientIdOf = (api: string) => `c1e00000-0000-4000-8000-${Buffer.from(api).toString('hex').padEnd(12, '0').slice(0, 12)}`;

export function renderManagedApi(a: ManagedApiFixture, subscriptionId: string, location: string): unknown {
  const connectionParameters = a.oauth
    ? {
        token: {
          type: 'oauthSetting',
          oAuthSettings: {
            identityProvider: 'aad',
            clientId: clientIdOf(a.name),
            scopes: [],
            redirectMode: 'GlobalPerConnector',
            redirectUrl: `https://global.consent.azure-apim.net/redirect/${a.name}`,
            properties: { IsFirstParty: 'True', IsOnbehalfofLoginSupported: true },
            customParameters: {
              loginUri: { value: 'https://login.windows.net' },
              loginUriAAD: { value: 'https://login.windows.net' },
              resourceUri: { value: a.oauthResourceUri ?? 'https://graph.microsoft.com' },
            },
          },
          uiDefinition: {
            displayName: 'Login with your credentials',
            description: `Log in with your ${a.displayName} account`,
            tooltip: 'Provide credentials',
            constraints: { required: 'true' },
          },
        },
      }
    : {};
  return {
    id: managedApiIdOf(subscriptionId, location, a.name),
    name: a.name,
    type: 'Microsoft.Web/locations/managedApis',
    location,
    properties: {
      name: a.name,
      connectionParameters,
      metadata: { source: 'marketplace', brandColor: '#0078D4', useNewApimVersion: 'true' },
      runtimeUrls: [`https://logic-apis-${location}.azure-apim.net/apim/${a.name}`],
      generalInformation: { iconUrl: iconUri(a.name), displayName: a.displayName, description: `${a.displayName} connector`, releaseTag: 'Production', tier: 'Standard' },
      capabilities: a.capabilities,
      iconUri: iconUri(a.name),
      displayName: a.displayName,
    },
  };
}

export function renderSite(s: SiteFixture): unknown {
  const host = `${s.name}.azurewebsites.net`;
  return {
    id: siteIdOf(s),
    name: s.name,
    type: 'Microsoft.Web/sites',
    kind: s.kind,
    location: s.location,
    ...(s.identity ? { identity: { ...s.identity } } : {}),
    properties: {
      name: s.name,
      state: 'Running',
      hostNames: [host],
      defaultHostName: host,
      enabled: true,
      httpsOnly: true,
      resourceGroup: s.resourceGroup,
      serverFarmId: `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/serverfarms/asp-${s.name}`,
      siteConfig: null,
    },
  };
}

/**
 * `GET {siteId}/workflowsconfiguration/connections` (api-version 2018-11-01): the deployed
 * connections.json in `properties.files`, with the host's health, as the official designer reads it
 * (Azure/LogicAppsUX `apps/Standalone/src/designer/app/AzureLogicAppsDesigner/Services/WorkflowAndArtifacts.tsx`, `useConnectionsData`).
 */
export function renderSiteConnections(s: SiteFixture): unknown {
  return {
    id: `${siteIdOf(s)}/workflowsconfiguration/connections`,
    name: 'connections',
    type: 'Microsoft.Web/sites/workflowsconfiguration',
    location: s.location,
    properties: {
      files: { 'connections.json': s.connectionsJson },
      health: { state: s.health },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Connection keys
// ---------------------------------------------------------------------------------------------

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An unsigned JWT (`alg: none`, empty signature) valid for `days`. */
export function connectionKey(c: ConnectionFixture, days: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = {
    iss: 'https://arm-emulator.local/connection-keys',
    aud: runtimeUrlOf(c),
    sub: connectionIdOf(c),
    ver: '1.0',
    iat,
    nbf: iat,
    exp: iat + Math.round(days * 86400),
  };
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(payload)}.`;
}

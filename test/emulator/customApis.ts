/**
 * Custom connectors (`Microsoft.Web/customApis`) of the emulator: fixtures, their ARM JSON and
 * their routes. Two connectors: `contoso-orders` (healthy OAuth settings) and `fabrikam-tickets`
 * (the refresh URL is the authorization URL: its connection works after sign-in and fails with 401
 * once the access token expires), each with a connection made from it (see data.ts).
 *
 * Shapes:
 * - the resource: azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`
 *   (`CustomApiDefinition` / `CustomApiPropertiesDefinition`: connectionParameters, runtimeUrls,
 *   capabilities, swagger, brandColor, description, displayName, iconUri, backendService, apiType)
 *   and the ARM template reference https://learn.microsoft.com/azure/templates/microsoft.web/customapis;
 * - `connectionParameters.<name>.oAuthSettings` (identityProvider, clientId, scopes, redirectUrl,
 *   properties, customParameters.<name>.value): the same reference (`ApiOAuthSettings`) and paconn's
 *   schema microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`; ARM never
 *   returns the client secret;
 * - the Logic Apps custom connector redirect URL `https://logic-apis-<region>.consent.azure-apim.net/redirect`,
 *   as the portal's Security tab shows it (Azure/Azure-Sentinel `Solutions/SailPointIdentityNow/Playbooks/Custom Connector/readme.md`,
 *   whose azuredeploy.json deploys a customApis resource);
 * - list: `CustomApis_ListAll` / `CustomApis_List` answer `{value: [...], nextLink?}` like every ARM list.
 */
import { armError, json, type Reply } from './arm';
import type { CustomApiFixture, EmulatorData } from './types';

export function customApiIdOf(c: Pick<CustomApiFixture, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Web/customApis/${c.name}`;
}

const iconUri = (name: string) => `https://connectoricons-prod.azureedge.net/releases/v1.0.1676/1.0.1676.3617/${name}/icon.png`;

/** The OAuth settings of a generic OAuth 2.0 provider (`oauth2`) with its three URLs. */
function oauth2Settings(location: string, urls: { authorizationUrl: string; tokenUrl: string; refreshUrl: string }, scopes: string[]): Record<string, unknown> {
  return {
    identityProvider: 'oauth2',
    clientId: 'c0ffee00-aaaa-4000-8000-0000000000c1',
    scopes,
    redirectUrl: `https://logic-apis-${location}.consent.azure-apim.net/redirect`,
    properties: { IsFirstParty: 'False' },
    customParameters: {
      authorizationUrl: { value: urls.authorizationUrl },
      tokenUrl: { value: urls.tokenUrl },
      refreshUrl: { value: urls.refreshUrl },
    },
  };
}

/** The two custom connectors of the default data set (subscriptions and groups from data.ts). */
export function defaultCustomApis(at: { prod: { subscriptionId: string; resourceGroup: string; location: string }; fabrikam: { subscriptionId: string; resourceGroup: string; location: string } }): CustomApiFixture[] {
  return [
    {
      ...at.prod,
      name: 'contoso-orders',
      displayName: 'Contoso Orders',
      description: 'Orders of the Contoso order service.',
      backendUrl: 'https://api.contoso.com/orders',
      oauth: oauth2Settings(at.prod.location, { authorizationUrl: 'https://login.contoso.com/oauth/authorize', tokenUrl: 'https://login.contoso.com/oauth/token', refreshUrl: 'https://login.contoso.com/oauth/token' }, ['orders.read orders.write']),
    },
    {
      ...at.fabrikam,
      name: 'fabrikam-tickets',
      displayName: 'Fabrikam Tickets',
      description: 'Tickets of the Fabrikam help desk.',
      backendUrl: 'https://helpdesk.fabrikam.com/api',
      // The refresh URL mistake of the custom connector OAuth guide: the authorization URL.
      oauth: oauth2Settings(at.fabrikam.location, { authorizationUrl: 'https://helpdesk.fabrikam.com/oauth/authorize', tokenUrl: 'https://helpdesk.fabrikam.com/oauth/token', refreshUrl: 'https://helpdesk.fabrikam.com/oauth/authorize' }, ['tickets']),
    },
  ];
}

function swaggerOf(c: CustomApiFixture): unknown {
  const settings = c.oauth as { customParameters: Record<string, { value: string }>; scopes: string[] };
  const host = new URL(c.backendUrl);
  return {
    swagger: '2.0',
    info: { title: c.displayName, description: c.description, version: '1.0' },
    host: host.host,
    basePath: host.pathname,
    schemes: ['https'],
    paths: {},
    securityDefinitions: {
      oauth2_auth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: settings.customParameters.authorizationUrl!.value,
        tokenUrl: settings.customParameters.tokenUrl!.value,
        scopes: Object.fromEntries(settings.scopes.map((s) => [s, s])),
      },
    },
    security: [{ oauth2_auth: settings.scopes }],
  };
}

export function renderCustomApi(c: CustomApiFixture): Record<string, unknown> {
  return {
    id: customApiIdOf(c),
    name: c.name,
    type: 'Microsoft.Web/customApis',
    location: c.location,
    etag: `"${Buffer.from(c.name).toString('hex').slice(0, 16)}"`,
    tags: {},
    properties: {
      connectionParameters: {
        token: {
          type: 'oauthSetting',
          oAuthSettings: c.oauth,
          uiDefinition: { displayName: `Sign in to ${c.displayName}`, description: `Sign in to ${c.displayName}`, tooltip: 'Provide your credentials', constraints: { required: 'true' } },
        },
      },
      runtimeUrls: [`https://logic-apis-${c.location}.azure-apim.net/apim/${c.name}`],
      capabilities: [],
      swagger: swaggerOf(c),
      brandColor: '#007ee5',
      description: c.description,
      displayName: c.displayName,
      iconUri: iconUri(c.name),
      backendService: { serviceUrl: c.backendUrl },
      apiType: 'Rest',
    },
  };
}

/** A Resource Graph row (lower-case type and resource group, like ARG). */
export function renderGraphCustomApi(c: CustomApiFixture, data: EmulatorData): Record<string, unknown> {
  return {
    ...renderCustomApi(c),
    type: 'microsoft.web/customapis',
    tenantId: data.tenantId,
    resourceGroup: c.resourceGroup.toLowerCase(),
    subscriptionId: c.subscriptionId,
    kind: '',
    managedBy: '',
    sku: null,
    plan: null,
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

/** The `api` block of a connection made from a custom connector (`properties.api`). */
export function customApiReference(c: CustomApiFixture): Record<string, unknown> {
  return {
    name: c.name,
    displayName: c.displayName,
    description: c.description,
    iconUri: iconUri(c.name),
    brandColor: '#007ee5',
    id: customApiIdOf(c),
    type: 'Microsoft.Web/customApis',
  };
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findCustomApi(data: EmulatorData, subscriptionId: string, resourceGroup: string | undefined, name: string): CustomApiFixture | undefined {
  return (data.customApis ?? []).find((c) => eq(c.subscriptionId, subscriptionId) && (resourceGroup === undefined || eq(c.resourceGroup, resourceGroup)) && eq(c.name, name));
}

/** GET `/subscriptions/{s}[/resourceGroups/{rg}]/providers/Microsoft.Web/customApis` (one page: a handful of connectors). */
export function listCustomApisReply(data: EmulatorData, subscriptionId: string, resourceGroup?: string): Reply {
  const items = (data.customApis ?? []).filter((c) => eq(c.subscriptionId, subscriptionId) && (resourceGroup === undefined || eq(c.resourceGroup, resourceGroup)));
  return json({ value: items.map(renderCustomApi) });
}

/** GET `…/providers/Microsoft.Web/customApis/{name}`. */
export function getCustomApiReply(data: EmulatorData, subscriptionId: string, resourceGroup: string, name: string): Reply {
  const c = findCustomApi(data, subscriptionId, resourceGroup, name);
  if (!c) {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Web/customApis/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return json(renderCustomApi(c));
}

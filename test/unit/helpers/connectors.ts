/** Custom connector definitions for the LAC070–LAC074 table tests. */
import { j } from './ruleTester';

/** OAuth settings of the generic oauth2 provider, with its three URLs. */
export function oauth2(overrides: Record<string, unknown> = {}, urls: Record<string, unknown> = {}): Record<string, unknown> {
  const base = { authorizationUrl: 'https://app.contoso.com/oauth/authorize', tokenUrl: 'https://app.contoso.com/oauth/token', refreshUrl: 'https://app.contoso.com/oauth/token', ...urls };
  const customParameters = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined).map(([k, v]) => [k, { value: v }]));
  return {
    identityProvider: 'oauth2',
    clientId: '[[DUMMY]]',
    scopes: ['read write'],
    redirectMode: 'GlobalPerConnector',
    redirectUrl: 'https://global.consent.azure-apim.net/redirect/contoso-orders',
    customParameters,
    ...overrides,
  };
}

/** apiProperties.json text with one `token` parameter holding these OAuth settings. */
export function apiProperties(settings: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): string {
  const token = settings === undefined ? { type: 'oauthSetting' } : { type: 'oauthSetting', oAuthSettings: settings };
  return j({ properties: { connectionParameters: { token }, iconBrandColor: '#007ee5', capabilities: [], ...extra } });
}

/** An apiDefinition.swagger.json text. */
export function swagger(overrides: Record<string, unknown> = {}): string {
  return j({
    swagger: '2.0',
    info: { title: 'Contoso Orders', version: '1.0' },
    host: 'api.contoso.com',
    basePath: '/',
    schemes: ['https'],
    paths: {},
    securityDefinitions: {
      oauth2_auth: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://app.contoso.com/oauth/authorize', tokenUrl: 'https://app.contoso.com/oauth/token', scopes: {} },
    },
    ...overrides,
  });
}

/** An ARM template deploying one Microsoft.Web/customApis resource with these connection parameters. */
export function customApisTemplate(connectionParameters: Record<string, unknown>, properties: Record<string, unknown> = {}): string {
  return j({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { clientSecret: { type: 'securestring' } },
    resources: [
      {
        type: 'Microsoft.Web/customApis',
        apiVersion: '2016-06-01',
        name: 'contoso-orders',
        location: 'westeurope',
        properties: { displayName: 'Contoso Orders', connectionParameters, backendService: { serviceUrl: 'https://api.contoso.com' }, ...properties },
      },
    ],
  });
}

import * as assert from 'assert';
import { ALL_RULES } from '../../src/core/rules';
import rule from '../../src/core/rules/lac070-custom-connector-oauth-settings';
import { apiProperties, customApisTemplate, oauth2 } from './helpers/connectors';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const P = '/properties/connectionParameters/token/oAuthSettings';
const V2 = { authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize', tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token', refreshUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' };
const aad = (over: Record<string, unknown> = {}, custom: Record<string, unknown> = { resourceUri: { value: 'https://graph.microsoft.com' } }) => ({
  identityProvider: 'aad',
  clientId: 'b3d1c2a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  scopes: [],
  redirectMode: 'Global',
  redirectUrl: 'https://global.consent.azure-apim.net/redirect',
  customParameters: { loginUri: { value: 'https://login.windows.net' }, tenantId: { value: 'common' }, ...custom },
  ...over,
});

ruleTester(rule, {
  valid: [
    { name: 'oauth2 with https endpoints and a client id', files: { 'apiProperties.json': apiProperties(oauth2()) } },
    { name: 'aad with a resource', files: { 'apiProperties.json': apiProperties(aad()) } },
    { name: 'aad with scopes and no resourceUri', files: { 'apiProperties.json': apiProperties(aad({ scopes: ['User.Read'] }, {})) } },
    { name: 'aad with AzureActiveDirectoryResourceId', files: { 'apiProperties.json': apiProperties(aad({ properties: { IsFirstParty: 'False', AzureActiveDirectoryResourceId: 'api://contoso' } }, {})) } },
    { name: 'aadcertificate needs no clientId (first-party)', files: { 'apiProperties.json': apiProperties(aad({ identityProvider: 'aadcertificate', clientId: undefined, properties: { IsFirstParty: 'True' } })) } },
    { name: 'first-party app without a clientId', files: { 'apiProperties.json': apiProperties(oauth2({ clientId: undefined, properties: { IsFirstParty: 'True' } })) } },
    { name: 'property names in another case (ClientID, IdentityProvider, TokenUrl)', files: { 'apiProperties.json': apiProperties({ IdentityProvider: 'oauth2', ClientID: 'abc', CustomParameters: { AuthorizationUrl: { Value: 'https://a.contoso.com/authorize' }, TokenUrl: { Value: 'https://a.contoso.com/token' }, RefreshUrl: { Value: 'https://a.contoso.com/token' } } }) } },
    { name: 'provider in another case (DocuSign, AAD)', files: { 'apiProperties.json': apiProperties(aad({ identityProvider: 'AAD' })) } },
    { name: 'templated URLs are not judged', files: { 'apiProperties.json': apiProperties(oauth2({}, { authorizationUrl: 'https://{host}/oauth/authorize', tokenUrl: '{TokenUrl}', refreshUrl: '<your refresh url>' })) } },
    { name: 'placeholder client id is a client id', files: { 'apiProperties.json': apiProperties(oauth2({ clientId: '<<Please add your clientID here>>' })) } },
    { name: 'v2.0 endpoints with offline_access', files: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['https://graph.microsoft.com/Mail.Read offline_access'] }, V2)) } },
    { name: 'v2.0 endpoints with offline_access as its own scope', files: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['openid', 'OFFLINE_ACCESS'] }, V2)) } },
    { name: 'v1.0 endpoints always return a refresh token', files: { 'apiProperties.json': apiProperties(oauth2({ scopes: [] }, { authorizationUrl: 'https://login.windows.net/common/oauth2/authorize', tokenUrl: 'https://login.windows.net/common/oauth2/token', refreshUrl: 'https://login.windows.net/common/oauth2/token' })) } },
    { name: 'not an oauthSetting parameter', files: { 'apiProperties.json': j({ properties: { connectionParameters: { api_key: { type: 'securestring' } }, iconBrandColor: '#fff' } }) } },
    { name: 'a customApis resource with template parameters', files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2({ clientId: "[parameters('clientId')]", clientSecret: "[parameters('clientSecret')]" }, { authorizationUrl: "[parameters('authUrl')]" }) } }) } },
    { name: 'a Consumption template without customApis', files: { 'azuredeploy.json': j({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', resources: [{ type: 'Microsoft.Logic/workflows', name: 'la', properties: { definition: {} } }] }) } },
  ],
  invalid: [
    {
      name: 'no identityProvider',
      files: { 'apiProperties.json': apiProperties(oauth2({ identityProvider: undefined })) },
      errors: [{ pointer: P, severity: 'error', message: 'no identityProvider' }],
    },
    {
      name: 'an unknown identityProvider (warning)',
      files: { 'apiProperties.json': apiProperties(oauth2({ identityProvider: 'oauth' })) },
      errors: [{ pointer: `${P}/identityProvider`, severity: 'warning', message: '"oauth" is not an identity provider' }],
    },
    {
      name: 'no oAuthSettings at all (warning)',
      files: { 'apiProperties.json': apiProperties(undefined) },
      errors: [{ pointer: '/properties/connectionParameters/token', severity: 'warning', message: 'no oAuthSettings' }],
    },
    {
      name: 'no clientId, and an empty one (warning)',
      files: { 'apiProperties.json': j({ properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: oauth2({ clientId: undefined }) }, token2: { type: 'oauthSetting', oAuthSettings: oauth2({ clientId: '' }) } }, iconBrandColor: '#fff' } }) },
      errors: [
        { pointer: P, severity: 'warning', message: 'no clientId' },
        { pointer: '/properties/connectionParameters/token2/oAuthSettings/clientId', severity: 'warning', message: '"token2" have no clientId' },
      ],
    },
    {
      name: 'an http token URL: error, fixed to https',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { tokenUrl: 'http://app.contoso.com/oauth/token', refreshUrl: 'http://app.contoso.com/oauth/token' })) },
      errors: [
        { pointer: `${P}/customParameters/tokenUrl/value`, severity: 'error', message: 'The tokenUrl of "token" is not https (http)' },
        { pointer: `${P}/customParameters/refreshUrl/value`, severity: 'error', message: 'The refreshUrl of "token" is not https' },
      ],
      output: { 'apiProperties.json': apiProperties(oauth2({}, { tokenUrl: 'https://app.contoso.com/oauth/token', refreshUrl: 'https://app.contoso.com/oauth/token' })) },
    },
    {
      name: 'a relative authorization URL (warning)',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { authorizationUrl: '/Authorization' })) },
      errors: [{ pointer: `${P}/customParameters/authorizationUrl/value`, severity: 'warning', message: 'not an absolute URL ("/Authorization")' }],
    },
    {
      name: 'oauth2 without authorization and token URLs (warnings)',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { authorizationUrl: undefined, tokenUrl: undefined, refreshUrl: undefined })) },
      errors: [
        { pointer: `${P}/customParameters`, severity: 'warning', message: 'no authorizationUrl' },
        { pointer: `${P}/customParameters`, severity: 'warning', message: 'no tokenUrl' },
      ],
    },
    {
      name: 'aad without resource, scopes or resource id (warning)',
      files: { 'apiProperties.json': apiProperties(aad({}, { resourceUri: { value: null } })) },
      errors: [{ pointer: `${P}/customParameters/resourceUri/value`, severity: 'warning', message: 'name no resource' }],
    },
    {
      name: 'an http login URL of aad',
      files: { 'apiProperties.json': apiProperties(aad({}, { resourceUri: { value: 'https://graph.microsoft.com' }, loginUri: { value: 'http://login.windows.net' } })) },
      errors: [{ pointer: `${P}/customParameters/loginUri/value`, severity: 'error', message: 'loginUri' }],
    },
    {
      name: 'v2.0 endpoints without offline_access: fixed by adding it to the scope string',
      files: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['https://graph.microsoft.com/Mail.Read'] }, V2)) },
      errors: [{ pointer: `${P}/scopes`, severity: 'warning', message: 'lack offline_access' }],
      output: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['https://graph.microsoft.com/Mail.Read offline_access'] }, V2)) },
    },
    {
      name: 'Azure AD B2C and a {tenant} template, scopes as separate items: fixed by adding an item',
      files: {
        'apiProperties.json': apiProperties(
          oauth2({ scopes: ['openid', 'https://contoso.onmicrosoft.com/api/read'] }, { authorizationUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/authorize', tokenUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/token', refreshUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/token' }),
        ),
      },
      errors: [{ pointer: `${P}/scopes`, message: 'lack offline_access' }],
      output: {
        'apiProperties.json': apiProperties(
          oauth2({ scopes: ['openid', 'https://contoso.onmicrosoft.com/api/read', 'offline_access'] }, { authorizationUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/authorize', tokenUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/token', refreshUrl: 'https://contoso.b2clogin.com/{tenant}/b2c_1_signin/oauth2/v2.0/token' }),
        ),
      },
    },
    {
      name: 'oauth2generic templates on v2.0 without offline_access',
      files: { 'apiProperties.json': apiProperties({ identityProvider: 'oauth2generic', clientId: 'x', scopes: ['User.Read'], customParameters: { authorizationUrlTemplate: { value: V2.authorizationUrl }, tokenUrlTemplate: { value: V2.tokenUrl }, refreshUrlTemplate: { value: V2.tokenUrl } } }) },
      errors: [{ pointer: `${P}/scopes`, message: 'lack offline_access' }],
    },
    {
      name: 'connectionParameterSets: each set is read',
      files: {
        'apiProperties.json': j({
          properties: {
            connectionParameterSets: {
              uiDefinition: { displayName: 'Authentication', description: 'Pick one' },
              values: [
                { name: 'oauth', uiDefinition: { displayName: 'OAuth' }, parameters: { token: { type: 'oauthSetting', oAuthSettings: oauth2({ identityProvider: '' }) } } },
                { name: 'key', uiDefinition: { displayName: 'Key' }, parameters: { api_key: { type: 'securestring' } } },
              ],
            },
            iconBrandColor: '#fff',
          },
        }),
      },
      errors: [{ pointer: '/properties/connectionParameterSets/values/0/parameters/token/oAuthSettings/identityProvider', message: '"token" (parameter set "oauth") have no identityProvider' }],
    },
    {
      name: 'a customApis resource in an ARM template, nested in a deployment',
      files: {
        'azuredeploy.json': j({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          resources: [
            {
              type: 'Microsoft.Resources/deployments',
              name: 'connectors',
              properties: {
                mode: 'Incremental',
                template: { resources: [{ type: 'microsoft.web/customapis', name: 'orders', properties: { connectionParameters: { token: { type: 'OAuthSetting', oAuthSettings: oauth2({}, { tokenUrl: 'http://orders.contoso.com/token' }) } } } }] },
              },
            },
          ],
        }),
      },
      errors: [{ pointer: '/resources/0/properties/template/resources/0/properties/connectionParameters/token/oAuthSettings/customParameters/tokenUrl/value', message: 'not https' }],
    },
  ],
});

describe('custom connector rules on odd shapes', () => {
  const RULES = ['LAC030', 'LAC070', 'LAC071', 'LAC072', 'LAC074'];
  const odd: Record<string, string>[] = [
    { 'apiProperties.json': '[]' },
    { 'apiProperties.json': 'null' },
    { 'apiProperties.json': '"text"' },
    { 'apiProperties.json': '{"properties": []}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": []}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": "x"}}}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": 42, "scopes": {"a": 1}, "customParameters": []}}}}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2", "customParameters": {"refreshUrl": "https://x.example/token", "tokenUrl": {"value": 7}}}}}}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameterSets": {"values": [null, 1, {"parameters": []}, {"name": 5, "parameters": {"token": {"type": "oauthSetting"}}}]}}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": {}}}', 'apiDefinition.swagger.json': '{"schemes": "http", "host": 5, "securityDefinitions": {"a": null, "b": {"type": "oauth2", "flow": 3, "scopes": []}}}' },
    { 'apiProperties.json': '{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2"}}}}', 'apiDefinition.swagger.json': '[1, 2]' },
    { 'azuredeploy.json': j({ $schema: 'deploymentTemplate.json', resources: { a: { type: 'Microsoft.Web/customApis', properties: null }, b: 'x' } }) },
  ];
  // A template whose resources nest 10,000 levels deep: an answer, not a hang or a RangeError.
  const leaf = j({ type: 'Microsoft.Web/customApis', name: 'leaf', properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' }) } } } });
  const open = '{"type": "Microsoft.Resources/deployments", "name": "d", "resources": [';
  const deep = { 'azuredeploy.json': `{"$schema": "deploymentTemplate.json", "resources": [${open.repeat(10_000)}${leaf}${']}'.repeat(10_000)}]}` };
  odd.push(deep);

  for (const [i, files] of odd.entries()) {
    it(`shape ${i + 1}: no rule throws`, () => {
      for (const id of RULES) {
        const rule = ALL_RULES.find((r) => r.meta.id === id)!;
        const findings = lintFiles(files, rule);
        assert.deepStrictEqual(findings.filter((f) => /failed on this project/.test(f.message)).map((f) => f.message), [], id);
      }
    });
  }
});

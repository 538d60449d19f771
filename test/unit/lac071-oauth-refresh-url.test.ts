import rule from '../../src/core/rules/lac071-oauth-refresh-url';
import { apiProperties, customApisTemplate, oauth2 } from './helpers/connectors';
import { j, ruleTester } from './helpers/ruleTester';

const P = '/properties/connectionParameters/token/oAuthSettings';
const R = `${P}/customParameters/refreshUrl/value`;
const generic = (refresh: unknown) => ({
  identityProvider: 'oauth2generic',
  clientId: '[[DUMMY]]',
  customParameters: {
    authorizationUrlTemplate: { value: 'https://accounts.contoso.com/oauth/v2/auth' },
    tokenUrlTemplate: { value: 'https://accounts.contoso.com/oauth/v2/token' },
    ...(refresh === undefined ? {} : { refreshUrlTemplate: { value: refresh } }),
  },
});

ruleTester(rule, {
  valid: [
    { name: 'refresh URL = token URL', files: { 'apiProperties.json': apiProperties(oauth2()) } },
    { name: 'the same URL but for case and a trailing slash', files: { 'apiProperties.json': apiProperties(oauth2({}, { tokenUrl: 'https://App.Contoso.com/oauth/token', refreshUrl: 'https://app.contoso.com/oauth/token/' })) } },
    { name: 'the same template', files: { 'apiProperties.json': apiProperties(oauth2({}, { authorizationUrl: 'https://{host}/authorize', tokenUrl: 'https://{host}/token', refreshUrl: 'https://{host}/token' })) } },
    { name: 'a templated refresh URL is not judged by host', files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://{region}.contoso.com/oauth/refresh' })) } },
    { name: 'oauth2generic may leave the refresh template out (tokens that do not expire)', files: { 'apiProperties.json': apiProperties(generic(null)) } },
    { name: 'oauth2generic refresh template = token template', files: { 'apiProperties.json': apiProperties(generic('https://accounts.contoso.com/oauth/v2/token')) } },
    { name: 'aad has no refresh URL to set', files: { 'apiProperties.json': apiProperties({ identityProvider: 'aad', clientId: 'x', customParameters: { resourceUri: { value: 'https://graph.microsoft.com' } } }) } },
    { name: 'oauth2 without a token URL: nothing to compare (LAC070 reports it)', files: { 'apiProperties.json': apiProperties(oauth2({}, { tokenUrl: undefined, refreshUrl: undefined })) } },
  ],
  invalid: [
    {
      name: 'refresh URL = authorization URL: error, fixed with the token URL',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' })) },
      errors: [{ pointer: R, severity: 'error', message: 'is the authorization URL' }],
      output: { 'apiProperties.json': apiProperties(oauth2()) },
    },
    {
      name: 'refresh URL = the consent redirect: error, fixed with the token URL',
      files: { 'apiProperties.json': apiProperties(oauth2({ redirectMode: 'Global', redirectUrl: 'https://global.consent.azure-apim.net/redirect' }, { refreshUrl: 'https://global.consent.azure-apim.net/redirect' })) },
      errors: [{ pointer: R, severity: 'error', message: "consent service's redirect URL" }],
      output: { 'apiProperties.json': apiProperties(oauth2({ redirectMode: 'Global', redirectUrl: 'https://global.consent.azure-apim.net/redirect' })) },
    },
    {
      name: 'refresh URL = a regional consent redirect that is not the redirectUrl',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://logic-apis-westeurope.consent.azure-apim.net/redirect' })) },
      errors: [{ pointer: R, severity: 'error', message: "consent service's redirect URL" }],
    },
    {
      name: 'another host: warning',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://auth.contoso.net/oauth/token' })) },
      errors: [{ pointer: R, severity: 'warning', message: 'another host (auth.contoso.net) than the token URL (app.contoso.com)' }],
    },
    {
      name: 'same host, another path: info',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/refresh' })) },
      errors: [{ pointer: R, severity: 'info', message: 'same host app.contoso.com' }],
    },
    {
      name: 'no refresh URL: warning, fixed by adding the token URL',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: undefined })) },
      errors: [{ pointer: `${P}/customParameters`, severity: 'warning', message: 'no refreshUrl' }],
      output: { 'apiProperties.json': apiProperties(oauth2()) },
    },
    {
      name: 'an empty refresh URL: warning, fixed in place',
      files: { 'apiProperties.json': apiProperties(oauth2({}, { refreshUrl: '' })) },
      errors: [{ pointer: R, severity: 'warning', message: 'no refreshUrl' }],
      output: { 'apiProperties.json': apiProperties(oauth2()) },
    },
    {
      name: 'property names in another case (RefreshUrl, AuthorizationUrl)',
      files: { 'apiProperties.json': apiProperties({ identityProvider: 'oauth2', clientId: 'x', customParameters: { AuthorizationUrl: { value: 'https://a.contoso.com/code' }, TokenUrl: { value: 'https://a.contoso.com/token' }, RefreshUrl: { value: 'https://a.contoso.com/code' } } }) },
      errors: [{ pointer: `${P}/customParameters/RefreshUrl/value`, severity: 'error', message: 'authorization URL' }],
    },
    {
      name: 'oauth2generic refresh template = authorization template',
      files: { 'apiProperties.json': apiProperties(generic('https://accounts.contoso.com/oauth/v2/auth')) },
      errors: [{ pointer: `${P}/customParameters/refreshUrlTemplate/value`, severity: 'error' }],
    },
    {
      name: 'a customApis resource in an ARM template',
      files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' }) } }) },
      errors: [{ pointer: '/resources/0/properties/connectionParameters/token/oAuthSettings/customParameters/refreshUrl/value', severity: 'error' }],
      output: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2() } }) },
    },
    {
      name: 'a customApis resource as Resource Manager returns it',
      files: {
        'contoso-orders.json': j({
          id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/customApis/contoso-orders',
          name: 'contoso-orders',
          type: 'Microsoft.Web/customApis',
          properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' }) } } },
        }),
      },
      errors: [{ pointer: '/properties/connectionParameters/token/oAuthSettings/customParameters/refreshUrl/value', severity: 'error' }],
    },
  ],
});

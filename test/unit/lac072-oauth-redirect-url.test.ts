import rule from '../../src/core/rules/lac072-oauth-redirect-url';
import { apiProperties, customApisTemplate, oauth2 } from './helpers/connectors';
import { ruleTester } from './helpers/ruleTester';

const P = '/properties/connectionParameters/token/oAuthSettings';
const at = (mode: string | undefined, url: string | undefined) => apiProperties(oauth2({ redirectMode: mode, redirectUrl: url }));

ruleTester(rule, {
  valid: [
    { name: 'Global with the global URL', files: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/redirect') } },
    { name: 'GlobalPerConnector with a per-connector URL', files: { 'apiProperties.json': at('GlobalPerConnector', 'https://global.consent.azure-apim.net/redirect/contoso-orders') } },
    { name: 'a regional consent URL (Logic Apps)', files: { 'apiProperties.json': at(undefined, 'https://logic-apis-westeurope.consent.azure-apim.net/redirect') } },
    { name: 'a regional Power Platform consent URL', files: { 'apiProperties.json': at('Global', 'https://europe-001.consent.azure-apim.net/redirect') } },
    { name: 'mode in lower case', files: { 'apiProperties.json': at('global', 'https://global.consent.azure-apim.net/redirect') } },
    { name: 'no redirect URL (the service assigns it)', files: { 'apiProperties.json': at('GlobalPerConnector', undefined) } },
    { name: 'Direct mode is not judged', files: { 'apiProperties.json': at('Direct', 'https://app.contoso.com/callback') } },
    { name: 'a placeholder', files: { 'apiProperties.json': at('Global', '<redirect url>') } },
    { name: 'US Government consent host', files: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.us/redirect') } },
  ],
  invalid: [
    {
      name: 'another domain: warning, fixed with the global URL',
      files: { 'apiProperties.json': at('Global', 'https://app.contoso.com/oauth/callback') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'warning', message: 'not the consent service (app.contoso.com)' }],
      output: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/redirect') },
    },
    {
      name: 'another domain in per-connector mode: no fix (the service assigns the URL)',
      files: { 'apiProperties.json': at('GlobalPerConnector', 'https://ws.contoso.com/accessCode&') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'warning', message: 'per-connector URL the service shows' }],
    },
    {
      name: 'http: fixed to https',
      files: { 'apiProperties.json': at('Global', 'http://global.consent.azure-apim.net/redirect') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'warning', message: 'not https' }],
      output: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/redirect') },
    },
    {
      name: 'no /redirect path: fixed',
      files: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'warning', message: 'lacks the /redirect path' }],
      output: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/redirect') },
    },
    {
      name: 'not a URL',
      files: { 'apiProperties.json': at('Global', 'redirect') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'warning', message: 'not an absolute URL' }],
    },
    {
      name: 'per-connector mode with the global URL: info',
      files: { 'apiProperties.json': at('GlobalPerConnector', 'https://global.consent.azure-apim.net/redirect') },
      errors: [{ pointer: `${P}/redirectUrl`, severity: 'info', message: 'per-connector redirect mode with the global URL' }],
    },
    {
      name: 'Global mode with a per-connector URL: info, fixes for either side',
      files: { 'apiProperties.json': at('Global', 'https://global.consent.azure-apim.net/redirect/zohomail') },
      errors: [{ pointer: `${P}/redirectMode`, severity: 'info', message: 'one of them is stale' }],
      output: { 'apiProperties.json': at('GlobalPerConnector', 'https://global.consent.azure-apim.net/redirect/zohomail') },
    },
    {
      name: 'an unknown redirect mode',
      files: { 'apiProperties.json': at('PerConnector', 'https://global.consent.azure-apim.net/redirect/x') },
      errors: [{ pointer: `${P}/redirectMode`, severity: 'warning', message: '"PerConnector" is not a redirect mode' }],
    },
    {
      name: 'a customApis resource without a mode: reported, no global fix (Logic Apps uses its region)',
      files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2({ redirectMode: undefined, redirectUrl: 'https://orders.contoso.com/callback' }) } }) },
      errors: [{ pointer: '/resources/0/properties/connectionParameters/token/oAuthSettings/redirectUrl', message: 'the redirect URL the portal shows' }],
    },
  ],
});

/** LAC030 on custom connector definitions: apiProperties.json and Microsoft.Web/customApis resources. */
import rule from '../../src/core/rules/lac030-literal-secret';
import { apiProperties, customApisTemplate, oauth2 } from './helpers/connectors';
import { ruleTester } from './helpers/ruleTester';

// Shaped like an Entra ID client secret (fake).
const CLIENT_SECRET = 'Xy7Q~kD3fGh9jK5lMn2pQ7rSt4vW9xYz1Ab6Cd8E';
const P = '/properties/connectionParameters/token/oAuthSettings';

ruleTester(rule, {
  valid: [
    { name: 'a [[DUMMY]] client secret', files: { 'apiProperties.json': apiProperties(oauth2({ clientSecret: '[[DUMMY]]' })) } },
    { name: 'placeholders seen in published definitions', files: { 'apiProperties.json': apiProperties(oauth2({ clientSecret: 'YOUR_CLIENT_SECRET' })), 'b/apiProperties.json': apiProperties(oauth2({ clientSecret: '<Enter your client secret>' })), 'c/apiProperties.json': apiProperties(oauth2({ clientSecret: 'Value-From-Your-App-Registration' })) } },
    { name: 'an empty or null client secret', files: { 'apiProperties.json': apiProperties(oauth2({ clientSecret: '' })), 'b/apiProperties.json': apiProperties(oauth2({ clientSecret: null })) } },
    { name: 'a template parameter in a customApis resource', files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2({ clientSecret: "[parameters('clientSecret')]" }) } }) } },
    { name: 'a client id is no secret', files: { 'apiProperties.json': apiProperties(oauth2({ clientId: 'b3d1c2a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })) } },
  ],
  invalid: [
    {
      name: 'a real client secret in apiProperties.json: no fix, deployment advice',
      files: { 'apiProperties.json': apiProperties(oauth2({ clientSecret: CLIENT_SECRET })) },
      errors: [{ pointer: `${P}/clientSecret`, severity: 'error', message: /apiProperties\.json.*give the secret when it is deployed \(paconn's --secret/ }],
    },
    {
      name: 'a real client secret in a customApis resource of a template',
      files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2({ ClientSecret: CLIENT_SECRET }) } }) },
      errors: [{ pointer: '/resources/0/properties/connectionParameters/token/oAuthSettings/ClientSecret', severity: 'error', message: 'securestring template parameter' }],
    },
  ],
});

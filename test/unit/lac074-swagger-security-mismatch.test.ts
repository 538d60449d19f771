import rule from '../../src/core/rules/lac074-swagger-security-mismatch';
import { apiProperties, customApisTemplate, oauth2, swagger } from './helpers/connectors';
import { j, ruleTester } from './helpers/ruleTester';

const props = apiProperties(oauth2());
const def = (over: Record<string, unknown>) => ({ oauth2_auth: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://app.contoso.com/oauth/authorize', tokenUrl: 'https://app.contoso.com/oauth/token', scopes: {}, ...over } });
const S = '/securityDefinitions/oauth2_auth';

ruleTester(rule, {
  valid: [
    { name: 'the same endpoints', files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger() } },
    { name: 'URLs that differ only in case and a trailing slash', files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ tokenUrl: 'https://APP.contoso.com/OAuth/Token/' }) }) } },
    { name: 'no securityDefinitions (the service uses apiProperties.json)', files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ securityDefinitions: {} }) } },
    { name: 'an OpenAPI file alone is not a definition', files: { 'apiDefinition.swagger.json': swagger({ schemes: ['http'] }) } },
    { name: 'scopes written as one key, sharing a scope', files: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['read write'] })), 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ scopes: { 'read write': 'read write' } }) }) } },
    { name: 'a host with a port', files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ host: 'api.contoso.com:8443' }) } },
    { name: 'a templated host', files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ host: '{customHost}' }) } },
    { name: 'aad: URLs are not compared (the provider knows its endpoints)', files: { 'apiProperties.json': apiProperties({ identityProvider: 'aad', clientId: 'x', customParameters: { resourceUri: { value: 'https://graph.microsoft.com' } } }), 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ authorizationUrl: 'https://login.windows.net/common/oauth2/authorize', tokenUrl: 'https://login.windows.net/common/oauth2/authorize' }) }) } },
    { name: 'apiProperties.json with a syntax error: not compared', files: { 'apiProperties.json': '{ "properties": { "connectionParameters": {} "x": 1 } }', 'apiDefinition.swagger.json': swagger() } },
  ],
  invalid: [
    {
      name: 'another tokenUrl (the wizard default): fixed with the connector\'s',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ tokenUrl: 'https://login.windows.net/common/oauth2/authorize' }) }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: `${S}/tokenUrl`, severity: 'warning', message: 'differs from the tokenUrl the connector signs in with' }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'another authorizationUrl',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ authorizationUrl: 'https://dev.contoso.com/oauth/authorize' }) }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: `${S}/authorizationUrl` }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'the implicit flow',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ flow: 'implicit' }) }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: `${S}/flow`, message: 'only the authorization code flow' }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'OAuth in the OpenAPI file, none in apiProperties.json',
      files: { 'apiProperties.json': j({ properties: { connectionParameters: { api_key: { type: 'securestring' } }, iconBrandColor: '#fff' } }), 'apiDefinition.swagger.json': swagger() },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: S, message: 'no oauthSetting' }],
    },
    {
      name: 'schemes allow http next to https: fixed by removing it',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ schemes: ['https', 'http'] }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: '/schemes/1', message: 'allow http' }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'schemes only http: fixed to https',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ schemes: ['http'] }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: '/schemes/0' }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'a host with a scheme: fixed to the host name',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ host: 'https://api.contoso.com' }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: '/host', message: 'is not a host name' }],
      output: { 'apiDefinition.swagger.json': swagger() },
    },
    {
      name: 'a host with a path: no fix (the path belongs in basePath)',
      files: { 'apiProperties.json': props, 'apiDefinition.swagger.json': swagger({ host: 'api.contoso.com/v1' }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: '/host' }],
    },
    {
      name: 'scopes that share nothing: info',
      files: { 'apiProperties.json': apiProperties(oauth2({ scopes: ['boards:read boards:write'] })), 'apiDefinition.swagger.json': swagger({ securityDefinitions: def({ scopes: { 'user.read': 'Read the user' } }) }) },
      errors: [{ file: 'apiDefinition.swagger.json', pointer: `${S}/scopes`, severity: 'info' }],
    },
    {
      name: 'the inline swagger of a customApis resource',
      files: { 'azuredeploy.json': customApisTemplate({ token: { type: 'oauthSetting', oAuthSettings: oauth2() } }, { swagger: JSON.parse(swagger({ schemes: ['http'], securityDefinitions: def({ tokenUrl: 'https://other.contoso.com/token' }) })) }) },
      errors: [
        { pointer: '/resources/0/properties/swagger/schemes/0' },
        { pointer: '/resources/0/properties/swagger/securityDefinitions/oauth2_auth/tokenUrl', message: 'in its properties' },
      ],
    },
  ],
});

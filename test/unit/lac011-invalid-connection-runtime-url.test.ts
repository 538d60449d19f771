import * as assert from 'assert';
import rule from '../../src/core/rules/lac011-invalid-connection-runtime-url';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const URL_OK = 'https://0906caf345b9f18c.14.common.logic-francecentral.azure-apihub.net/apim/azureblob/651bd4db47fc45968f6ecb1eeb75045e';
const conns = (entries: Record<string, unknown>) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }) });
const withUrl = (u: unknown) => conns({ a: { api: { id: 'x' }, connection: { id: 'y' }, connectionRuntimeUrl: u } });
const params = (v: unknown) => j({ 'a-ConnectionRuntimeUrl': { type: 'String', value: v } });

ruleTester(rule, {
  valid: [
    { name: 'runtime URL', files: withUrl(URL_OK) },
    { name: 'masked real URL', files: withUrl('https://7exxxxxxxxxxx.06.common.logic-centralus.azure-apihub.net/apim/office365users/7d4xxxxxxxxxxxx/') },
    { name: 'app setting', files: withUrl("@appsetting('a-connectionRuntimeUrl')") },
    { name: 'interpolated app setting', files: withUrl("@{appsetting('A_RUNTIME_URL')}") },
    { name: 'placeholders', files: withUrl('#{RuntimeUrl}#') },
    { name: 'angle-bracket placeholder', files: withUrl('<enter-connection-runtime-url-here>') },
    { name: 'interpolation in the host', files: withUrl("https://@{appsetting('HUB')}.azure-apihub.net/apim/a/1") },
    { name: 'non-string is LAC002', files: withUrl(42) },
    { name: 'parameter resolving to an app setting', files: { ...withUrl("@parameters('a-ConnectionRuntimeUrl')"), 'parameters.json': params("@appsetting('a-ConnectionRuntimeUrl')") } },
    { name: 'parameter resolving to a URL', files: { ...withUrl("@parameters('a-ConnectionRuntimeUrl')"), 'parameters.json': params(URL_OK) } },
    { name: 'undefined parameter is LAC032', files: withUrl("@parameters('nope')") },
    { name: 'missing is LAC010', files: conns({ a: { api: { id: 'x' } } }) },
    { name: 'connectionProperties without it', files: conns({ a: { connectionRuntimeUrl: URL_OK, connectionProperties: { authentication: { type: 'ManagedServiceIdentity', audience: 'https://storage.azure.com/' } } } }) },
  ],
  invalid: [
    { name: 'http', files: withUrl('http://x.azure-apihub.net/apim/a/1'), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'must use https' }] },
    { name: 'no scheme', files: withUrl('x.common.logic-westeurope.azure-apihub.net/apim/a/1'), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: /not an absolute URL \(the "https:\/\/" is missing\)/ }] },
    { name: 'relative path', files: withUrl('/apim/a/1'), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'not an absolute URL' }] },
    { name: 'other scheme', files: withUrl('ftp://x/apim'), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'is not an https URL' }] },
    { name: 'empty', files: withUrl(''), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'is empty' }] },
    { name: 'spaces around', files: withUrl(` ${URL_OK}`), errors: [{ pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'spaces around the URL' }] },
    {
      name: 'parameter value is judged where parameters.json defines it',
      files: { ...withUrl("@parameters('a-ConnectionRuntimeUrl')"), 'parameters.json': params('apim/a/1') },
      errors: [{ file: 'parameters.json', pointer: '/a-ConnectionRuntimeUrl/value', message: /parameter "a-ConnectionRuntimeUrl" used by connection "a".*not an absolute URL/ }],
    },
    {
      name: 'parameter holding an object',
      files: { ...withUrl("@parameters('a-ConnectionRuntimeUrl')"), 'parameters.json': params({ url: URL_OK }) },
      errors: [{ file: 'parameters.json', pointer: '/a-ConnectionRuntimeUrl/value', message: 'must be a URL string, found an object' }],
    },
    {
      name: 'misplaced inside connectionProperties, alone there: connectionProperties is replaced',
      files: {
        'host.json': '{}',
        'connections.json': `{\n  "managedApiConnections": {\n    "a": {\n      "api": { "id": "x" },\n      "connectionProperties": {\n        "connectionRuntimeUrl": "${URL_OK}"\n      }\n    }\n  }\n}`,
      },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connectionProperties/connectionRuntimeUrl', message: 'inside "connectionProperties", where the runtime does not look' }],
      output: {
        // jsonc-parser lays out the members next to its edits; the rest stays as written.
        'connections.json': `{\n  "managedApiConnections": {\n    "a": {\n      "api": { "id": "x" },\n      "connectionRuntimeUrl": "${URL_OK}"\n    }\n  }\n}`,
      },
    },
    {
      name: 'misplaced next to other connectionProperties, with comments: moved, the rest kept',
      files: {
        'host.json': '{}',
        'connections.json': `{\n  "managedApiConnections": {\n    "a": {\n      // the target service\n      "connectionProperties": {\n        "connectionRuntimeUrl": "${URL_OK}",\n        "authentication": { "type": "ManagedServiceIdentity" }\n      },\n      "api": { "id": "x" }\n    }\n  }\n}`,
      },
      errors: [{ pointer: '/managedApiConnections/a/connectionProperties/connectionRuntimeUrl' }],
      output: {
        'connections.json': `{\n  "managedApiConnections": {\n    "a": {\n      // the target service\n      "connectionProperties": {\n        "authentication": { "type": "ManagedServiceIdentity" }\n      },\n      "api": { "id": "x" },\n      "connectionRuntimeUrl": "${URL_OK}"\n    }\n  }\n}`,
      },
    },
    {
      name: 'written twice: the copy inside connectionProperties is removed',
      files: conns({ a: { connectionRuntimeUrl: URL_OK, connectionProperties: { connectionRuntimeUrl: URL_OK, authentication: { type: 'ManagedServiceIdentity' } } } }),
      errors: [{ pointer: '/managedApiConnections/a/connectionProperties/connectionRuntimeUrl', message: 'written a second time' }],
      output: { 'connections.json': j({ managedApiConnections: { a: { connectionRuntimeUrl: URL_OK, connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } } } } }) },
    },
    {
      name: 'a bad entry-level URL and a misplaced copy',
      files: conns({ a: { connectionRuntimeUrl: 'apihub', connectionProperties: { connectionRuntimeUrl: URL_OK } } }),
      errors: [
        { pointer: '/managedApiConnections/a/connectionRuntimeUrl', message: 'not an absolute URL' },
        { pointer: '/managedApiConnections/a/connectionProperties/connectionRuntimeUrl', message: 'written a second time' },
      ],
    },
  ],
});

describe('LAC011 docs examples', () => {
  it('bad triggers, good does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
});

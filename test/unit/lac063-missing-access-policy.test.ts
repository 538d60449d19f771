import rule from '../../src/core/rules/lac063-missing-access-policy';
import { connId, DEVELOPER, entry, found, policy, resource, TENANT } from './helpers/azure';
import { j, ruleTester } from './helpers/ruleTester';

const RAW = { type: 'Raw', scheme: 'Key', parameter: "@appsetting('a-connectionKey')" };
const files = (entries: Record<string, unknown>, extra: Record<string, string> = {}) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }), ...extra });
const site = policy('site-msi', 'a5a5a5a5-0000-4000-8000-00000000000a');

ruleTester(rule, {
  valid: [
    { name: 'a policy for the developer', files: files({ a: entry('a', { authentication: RAW }) }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site, policy('dev', DEVELOPER.objectId.toUpperCase())]) } } },
    { name: 'identity unknown (a token that is not a JWT)', files: files({ a: entry('a', { authentication: RAW }) }), azure: { connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'policies not read', files: files({ a: entry('a', { authentication: RAW }) }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a')) } } },
    { name: 'V1 connections have no policies', files: files({ a: entry('a', { authentication: RAW }) }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a', {}, 'V1'), []) } } },
    { name: 'managed identity authentication: the app uses it in Azure', files: files({ a: entry('a') }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'a policy in another tenant does not count, but one without a tenant does', files: files({ a: entry('a', { authentication: RAW }) }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [{ name: 'dev', properties: { principal: { type: 'ActiveDirectory', identity: { objectId: DEVELOPER.objectId } } } }]) } } },
  ],
  invalid: [
    {
      name: 'no policy for the developer (Raw key authentication)',
      files: files({ a: entry('a', { authentication: RAW }) }),
      azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site, policy('dev', DEVELOPER.objectId, 'f0f0f0f0-0000-4000-8000-000000000000')]) } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id', severity: 'warning', message: /no access policy for you, dev@contoso\.com \(object id de7e1000-.*403 Forbidden/ }],
    },
    {
      name: 'authentication through @parameters() resolves to Raw',
      files: files({ a: entry('a', { authentication: "@parameters('a-Authentication')" }) }, { 'parameters.json': j({ 'a-Authentication': { type: 'Object', value: RAW } }) }),
      azure: { identity: { objectId: DEVELOPER.objectId, tenantId: TENANT }, connections: { [connId('a')]: found(resource('a'), []) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /for you, object id de7e1000-/ }],
    },
  ],
});

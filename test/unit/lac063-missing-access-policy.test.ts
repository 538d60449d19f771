import * as assert from 'assert';
import type { AzureApp } from '../../src/core/accessIdentity';
import rule from '../../src/core/rules/lac063-missing-access-policy';
import { connId, DEVELOPER, entry, found, policy, resource, TENANT } from './helpers/azure';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const RAW = { type: 'Raw', scheme: 'Key', parameter: "@appsetting('a-connectionKey')" };
const MSI_MODE = j({ IsEncrypted: false, Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' } });
const KEY_MODE = j({ IsEncrypted: false, Values: { 'a-connectionKey': 'k' } });
const files = (entries: Record<string, unknown>, settings: string | null = MSI_MODE, extra: Record<string, string> = {}) => ({
  'host.json': '{}',
  'connections.json': j({ managedApiConnections: entries }),
  ...(settings === null ? {} : { 'local.settings.json': settings }),
  ...extra,
});
const SITE_OID = 'a5a5a5a5-0000-4000-8000-00000000000a';
const UAI_OID = 'b6b6b6b6-0000-4000-8000-00000000000b';
const UAI = '/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-orders';
const site = policy('site-msi', SITE_OID);
const mixed: AzureApp = {
  siteId: '/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg-apps/providers/Microsoft.Web/sites/la-orders',
  name: 'la-orders',
  identities: [
    { kind: 'system', objectId: SITE_OID, tenantId: TENANT },
    { kind: 'user', objectId: UAI_OID, tenantId: TENANT, resourceId: UAI },
  ],
};

ruleTester(rule, {
  valid: [
    { name: 'MSI mode: a policy for the developer', files: files({ a: entry('a') }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site, policy('dev', DEVELOPER.objectId.toUpperCase())]) } } },
    { name: 'key mode: a connection key needs no policy (Raw)', files: files({ a: entry('a', { authentication: RAW }) }, KEY_MODE), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'key mode: nobody calls with an identity locally, even for a managed-identity entry (LAC013 reports it)', files: files({ a: entry('a') }, KEY_MODE), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), []) } } },
    { name: 'mode unknown (no local.settings.json): nothing judged', files: files({ a: entry('a') }, null), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'MSI mode, Raw entry: its key authenticates, no policy needed', files: files({ a: entry('a', { authentication: RAW }) }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), []) } } },
    { name: 'MSI mode, identity unknown (a token that is not a JWT)', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'policies not read', files: files({ a: entry('a') }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a')) } } },
    { name: 'V1 connections have no policies', files: files({ a: entry('a') }), azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a', {}, 'V1'), []) } } },
    {
      name: 'a policy without a tenant counts',
      files: files({ a: entry('a') }),
      azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [{ name: 'dev', properties: { principal: { type: 'ActiveDirectory', identity: { objectId: DEVELOPER.objectId } } } }]) } },
    },
    { name: 'in Azure: the system-assigned identity has a policy', files: files({ a: entry('a') }, null), azure: { app: mixed, connections: { [connId('a')]: found(resource('a'), [site]) } } },
    { name: 'in Azure: a key entry is not judged', files: files({ a: entry('a', { authentication: RAW }) }, null), azure: { app: mixed, connections: { [connId('a')]: found(resource('a'), []) } } },
    {
      name: 'in Azure: the user-assigned identity the entry names has a policy (mixed SystemAssigned, UserAssigned app)',
      files: files({ a: entry('a', { authentication: { type: 'ManagedServiceIdentity', identity: UAI } }) }, null),
      azure: { app: mixed, connections: { [connId('a')]: found(resource('a'), [policy('uai', UAI_OID)]) } },
    },
    {
      name: 'in Azure: an identity the app does not have cannot be judged',
      files: files({ a: entry('a', { authentication: { type: 'ManagedServiceIdentity', identity: UAI.replace('uai-orders', 'uai-other') } }) }, null),
      azure: { app: mixed, connections: { [connId('a')]: found(resource('a'), []) } },
    },
  ],
  invalid: [
    {
      name: 'MSI mode: no policy for the developer',
      files: files({ a: entry('a') }),
      azure: { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), [site, policy('dev', DEVELOPER.objectId, 'f0f0f0f0-0000-4000-8000-000000000000')]) } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id', severity: 'warning', message: /no access policy for you, dev@contoso\.com \(object id de7e1000-.*local managed-identity mode.*403 Forbidden.*lac connections access add .*--object-id de7e1000-/ }],
    },
    {
      name: 'MSI mode: authentication through @parameters() resolves to managed identity',
      files: files({ a: entry('a', { authentication: "@parameters('a-Authentication')" }) }, MSI_MODE, { 'parameters.json': j({ 'a-Authentication': { type: 'Object', value: { type: 'ManagedServiceIdentity' } } }) }),
      azure: { identity: { objectId: DEVELOPER.objectId, tenantId: TENANT }, connections: { [connId('a')]: found(resource('a'), []) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /for you \(object id de7e1000-/ }],
    },
    {
      name: 'in Azure: no policy for the system-assigned identity (the developer does not matter)',
      files: files({ a: entry('a') }, KEY_MODE),
      azure: { identity: DEVELOPER, app: mixed, connections: { [connId('a')]: found(resource('a'), [policy('dev', DEVELOPER.objectId)]) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /for the system-assigned identity of la-orders \(object id a5a5a5a5-.*in Azure, its workflows call it/ }],
    },
    {
      name: 'in Azure: the user-assigned identity the entry names has none, although the system-assigned one has',
      files: files({ a: entry('a', { authentication: { type: 'ManagedServiceIdentity', identity: UAI } }) }, null),
      azure: { app: mixed, connections: { [connId('a')]: found(resource('a'), [site]) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /for the user-assigned identity uai-orders of la-orders \(object id b6b6b6b6-/ }],
    },
  ],
});

describe('LAC063 missing-access-policy: the action', () => {
  it('offers Add Access Policy for the connection (a command, not an edit)', () => {
    const [f] = lintFiles(files({ a: entry('a') }), rule, undefined, { identity: DEVELOPER, connections: { [connId('a')]: found(resource('a'), []) } });
    assert.ok(f);
    assert.deepStrictEqual(f.actions, [{ title: 'Add an access policy for you on "a"…', kind: 'add-access-policy', connectionId: connId('a') }]);
    assert.deepStrictEqual(f.fixes(), []);
  });
});

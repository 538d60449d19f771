import * as assert from 'assert';
import { factsFromArm } from '../../src/core/azureFacts';
import rule from '../../src/core/rules/lac060-connection-not-found';
import { armError, connId, entry, found, resource, SUB } from './helpers/azure';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const files = (entries: Record<string, unknown>, extra: Record<string, string> = {}) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }), ...extra });
const missing = connId('does-not-exist');

ruleTester(rule, {
  valid: [
    { name: 'the connection exists', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a')) } } },
    { name: 'nothing known yet (facts not fetched)', files: files({ a: entry('a', {}, missing) }), azure: { connections: {} } },
    { name: 'subscription not visible to this account: cannot tell', files: files({ a: entry('a', {}, missing) }), azure: { connections: { [missing]: armError(404, 'SubscriptionNotFound') } } },
    { name: 'forbidden: cannot tell', files: files({ a: entry('a', {}, missing) }), azure: { connections: { [missing]: armError(403, 'AuthorizationFailed') } } },
    { name: 'throttled / server errors: cannot tell', files: files({ a: entry('a', {}, missing) }), azure: { connections: { [missing]: armError(503, 'ServiceUnavailable') } } },
    {
      name: 'an unresolved app setting in the id is not looked up',
      files: files({ a: entry('a', {}, "/subscriptions/@{appsetting('NOPE')}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/does-not-exist") }),
      azure: { connections: { [missing]: armError(404, 'ResourceNotFound') } },
    },
    { name: 'placeholders are not ids', files: files({ a: entry('a', {}, '/subscriptions/#{sub}#/resourceGroups/rg/providers/Microsoft.Web/connections/x') }), azure: { connections: {} } },
  ],
  invalid: [
    {
      name: '404 ResourceNotFound, on connection.id',
      files: files({ a: entry('a', {}, missing) }),
      azure: { connections: { [missing]: armError(404, 'ResourceNotFound') } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id', message: /"does-not-exist" in resource group "rg-integration".*does not exist in Azure \(404 ResourceNotFound\)/, severity: 'error' }],
    },
    {
      name: 'resource group gone',
      files: files({ a: entry('a', {}, connId('a', SUB, 'rg-gone')) }),
      azure: { connections: { [connId('a', SUB, 'rg-gone')]: armError(404, 'ResourceGroupNotFound') } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: '404 ResourceGroupNotFound' }],
    },
    {
      name: 'subscription from local.settings.json (@{appsetting()}), ids compared without case',
      files: files(
        { a: entry('a', {}, "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/RG-Integration/providers/Microsoft.Web/connections/does-not-exist") },
        { 'local.settings.json': j({ IsEncrypted: false, Values: { WORKFLOWS_SUBSCRIPTION_ID: SUB } }) },
      ),
      azure: { connections: { [missing]: armError(404, 'ResourceNotFound') } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id' }],
    },
    {
      name: 'whole id through @parameters() and @appsetting()',
      files: files(
        { a: entry('a', {}, "@parameters('a-ConnectionId')") },
        {
          'parameters.json': j({ 'a-ConnectionId': { type: 'String', value: "@appsetting('a_id')" } }),
          'local.settings.json': j({ IsEncrypted: false, Values: { a_id: missing } }),
        },
      ),
      azure: { connections: { [missing]: armError(404, 'ResourceNotFound') } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id' }],
    },
  ],
});

describe('LAC060 connection-not-found: engine', () => {
  it('does not run without includeAzureRules (offline linting, the CLI)', () => {
    const findings = lintFiles(files({ a: entry('a', {}, missing) }), rule);
    assert.deepStrictEqual(findings, []);
  });

  it('names the source of the facts (the local emulator, say)', () => {
    const facts = factsFromArm({ connections: { [missing]: armError(404, 'ResourceNotFound') } }, 'the ARM endpoint http://127.0.0.1:1234');
    const [f] = lintFiles(files({ a: entry('a', {}, missing) }), rule, undefined, facts);
    assert.match(f!.message, /does not exist in the ARM endpoint http:\/\/127\.0\.0\.1:1234/);
  });
});

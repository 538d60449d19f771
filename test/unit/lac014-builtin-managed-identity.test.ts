import rule from '../../src/core/rules/lac014-builtin-managed-identity';
import { j, ruleTester } from './helpers/ruleTester';

const sp = (parameterValues: unknown, extra: Record<string, string> = {}) => ({
  'host.json': '{}',
  'connections.json': j({ serviceProviderConnections: { serviceBus: { parameterValues, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'bus' } } }),
  ...extra,
});
const MSI = { fullyQualifiedNamespace: "@appsetting('sb_ns')", authProvider: { Type: 'ManagedServiceIdentity' } };

ruleTester(rule, {
  valid: [
    { name: 'a connection string', files: sp({ connectionString: "@appsetting('sb')" }) },
    { name: 'another auth provider', files: sp({ fullyQualifiedNamespace: 'x', authProvider: { Type: 'ActiveDirectoryOAuth' } }) },
    { name: 'a dynamic type', files: sp({ fullyQualifiedNamespace: 'x', authProvider: { Type: "@appsetting('AUTH')" } }) },
    { name: 'managed API connections are LAC013\'s', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { authentication: { type: 'ManagedServiceIdentity' } } } }) } },
    { name: 'not an object', files: sp("@parameters('pv')") },
  ],
  invalid: [
    {
      name: 'managed identity: information, never an error, whatever the local mode',
      files: sp(MSI, { 'local.settings.json': j({ IsEncrypted: false, Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' } }) }),
      errors: [{ file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/authProvider/Type', severity: 'info', message: /Built-in connection "serviceBus" .*right in Azure.*your developer credential.*Azure\/logicapps#708/ }],
    },
    {
      name: 'member names in another case',
      files: { 'host.json': '{}', 'connections.json': j({ serviceProviderConnections: { sb: { ParameterValues: { AuthProvider: { type: 'managedserviceidentity' } } } } }) },
      errors: [{ pointer: '/serviceProviderConnections/sb/ParameterValues/AuthProvider/type', severity: 'info' }],
    },
    {
      name: 'parameterValues from parameters.json: reported where the value is written',
      files: sp("@parameters('sb-pv')", { 'parameters.json': j({ 'sb-pv': { type: 'Object', value: MSI } }) }),
      errors: [{ file: 'parameters.json', pointer: '/sb-pv/value/authProvider/Type', severity: 'info' }],
    },
  ],
});

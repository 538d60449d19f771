import rule from '../../src/core/rules/lac015-connector-without-managed-identity';
import { j, ruleTester } from './helpers/ruleTester';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const API = (api: string) => `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/westeurope/managedApis/${api}`;
const standard = (api: string, cp: unknown, files: Record<string, string> = {}) => ({
  'host.json': '{}',
  'connections.json': j({
    managedApiConnections: {
      conn: {
        api: { id: API(api) },
        connection: { id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/rg/providers/Microsoft.Web/connections/${api}` },
        connectionRuntimeUrl: `@appsetting('${api}-connectionRuntimeUrl')`,
        authentication: { type: 'ManagedServiceIdentity' },
        ...(cp === undefined ? {} : { connectionProperties: cp }),
      },
    },
  }),
  ...files,
});
const MSI = { authentication: { type: 'ManagedServiceIdentity', audience: 'https://outlook.office.com' } };

/** A Consumption template (the shape of the Sentinel playbooks and quickstart templates). */
function consumption(api: string, o: { alternative?: boolean; msi?: boolean } = {}): string {
  const apiId = `[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, '${api}')]`;
  return j({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      { type: 'Microsoft.Web/connections', apiVersion: '2016-06-01', name: api, location: '[resourceGroup().location]', properties: { api: { id: apiId }, ...(o.alternative ? { parameterValueType: 'Alternative' } : {}) } },
      {
        type: 'Microsoft.Logic/workflows',
        apiVersion: '2019-05-01',
        name: 'playbook',
        location: '[resourceGroup().location]',
        identity: { type: 'SystemAssigned' },
        properties: {
          definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, triggers: {}, actions: {} },
          parameters: { $connections: { value: { [api]: { connectionId: `[resourceId('Microsoft.Web/connections', '${api}')]`, connectionName: api, id: apiId, ...(o.msi ? { connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } } } : {}) } } } },
        },
      },
    ],
  });
}

ruleTester(rule, {
  valid: [
    { name: 'Key Vault with the managed identity (documented)', files: standard('keyvault', MSI) },
    { name: 'a connector the documentation does not list is not judged', files: standard('azureopenai', MSI) },
    { name: 'Office 365 with its own sign-in (no connectionProperties)', files: standard('office365', undefined) },
    { name: '"authentication": ManagedServiceIdentity alone is how the app reaches the connection, fine for every connector', files: standard('salesforce', undefined) },
    { name: 'a dynamic type', files: standard('office365', { authentication: { type: "@appsetting('T')" } }) },
    { name: 'Consumption: Azure Sentinel with the managed identity', files: { 'azuredeploy.json': consumption('azuresentinel', { alternative: true, msi: true }) } },
    { name: 'Consumption: Office 365 with its own sign-in', files: { 'azuredeploy.json': consumption('office365') } },
  ],
  invalid: [
    {
      name: 'Standard: Office 365 Outlook set up with the managed identity',
      files: standard('office365', MSI),
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/conn/connectionProperties/authentication/type', message: /the office365 connector cannot: Office 365 Outlook acts as a signed-in user.*HTTP action with the managed identity against Microsoft Graph/ }],
    },
    {
      name: 'Standard: connectionProperties from parameters.json, reported where it is written',
      files: standard('sftpwithssh', "@parameters('sftp-props')", { 'parameters.json': j({ 'sftp-props': { type: 'Object', value: { authentication: { type: 'ManagedServiceIdentity' } } } }) }),
      errors: [{ file: 'parameters.json', pointer: '/sftp-props/value/authentication/type', message: /sftpwithssh connector cannot/ }],
    },
    {
      name: 'Consumption: Salesforce made for the managed identity and used with it',
      files: { 'azuredeploy.json': consumption('salesforce', { alternative: true, msi: true }) },
      errors: [
        { pointer: '/resources/1/properties/parameters/$connections/value/salesforce/connectionProperties/authentication/type', message: /'salesforce' uses the managed identity, but the salesforce connector cannot/ },
        { pointer: '/resources/0/properties/parameterValueType', message: /connection resource 'salesforce'/ },
      ],
    },
  ],
});

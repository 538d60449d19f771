import rule from '../../src/core/rules/lac034-deployment-placeholder';
import { j, ruleTester } from './helpers/ruleTester';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const template = (connectionId: string, extra: Record<string, unknown> = {}) =>
  j({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Logic/workflows',
        apiVersion: '2019-05-01',
        name: 'orders',
        location: '[resourceGroup().location]',
        properties: {
          definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, triggers: {}, actions: { Mail: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } }, method: 'post', path: '/v2/Mail', body: { Body: '<p>Order <b>received</b></p>' } } } } },
          parameters: { $connections: { value: { office365: { connectionId, connectionName: 'office365', id: '/subscriptions/8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d/providers/Microsoft.Web/locations/westeurope/managedApis/office365' } } } },
        },
        ...extra,
      },
    ],
  });
const REAL = '/subscriptions/8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d/resourceGroups/rg-orders/providers/Microsoft.Web/connections/office365';

ruleTester(rule, {
  valid: [
    { name: 'real ids, and HTML in a mail body', files: { 'azuredeploy.json': template(REAL) } },
    { name: 'template expressions', files: { 'azuredeploy.json': template("[resourceId('Microsoft.Web/connections', 'office365')]") } },
    { name: 'a Standard connections.json is not a deployment template', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { o: { connection: { id: '/subscriptions/<subscription_id>/resourceGroups/rg/providers/Microsoft.Web/connections/o' } } } }) } },
  ],
  invalid: [
    {
      name: '<subscription-id> left in a connection id',
      files: { 'azuredeploy.json': template('/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Web/connections/office365') },
      errors: [{ pointer: '/resources/0/properties/parameters/$connections/value/office365/connectionId', severity: 'warning', message: /placeholder "<subscription-id>"/ }],
    },
    {
      name: 'inside an ARM expression too',
      files: { 'azuredeploy.json': template("[concat('/subscriptions/<your subscription>/resourceGroups/', resourceGroup().name, '/providers/Microsoft.Web/connections/office365')]") },
      errors: [{ pointer: '/resources/0/properties/parameters/$connections/value/office365/connectionId', severity: 'warning', message: /"<your subscription>"/ }],
    },
  ],
});

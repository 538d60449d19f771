import rule from '../../src/core/rules/lac045-consumption-v2-connection';
import { j, ruleTester } from './helpers/ruleTester';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const template = (kind: string | undefined, used = true) =>
  j({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      { type: 'Microsoft.Web/connections', apiVersion: '2016-06-01', name: 'apptoeventgrid', location: '[resourceGroup().location]', ...(kind ? { kind } : {}), properties: { api: { id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'azureeventgrid')]" } } },
      {
        type: 'Microsoft.Logic/workflows',
        apiVersion: '2019-05-01',
        name: 'cr-test-app123',
        location: '[resourceGroup().location]',
        properties: {
          definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, triggers: {}, actions: {} },
          parameters: { $connections: { value: used ? { azureeventgrid: { connectionId: "[resourceId('Microsoft.Web/connections', 'apptoeventgrid')]", connectionName: 'apptoeventgrid', id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'azureeventgrid')]" } } : {} } },
        },
      },
    ],
  });

ruleTester(rule, {
  valid: [
    { name: 'a V1 connection', files: { 'azuredeploy.json': template('V1') } },
    { name: 'no kind (V1)', files: { 'azuredeploy.json': template(undefined) } },
    { name: 'a V2 connection no Consumption workflow uses (a Standard app uses it)', files: { 'azuredeploy.json': template('V2', false) } },
  ],
  invalid: [
    {
      name: 'a V2 connection used by a Consumption workflow (Azure/bicep#8272): fixed to V1',
      files: { 'azuredeploy.json': template('V2') },
      errors: [{ pointer: '/resources/0/kind', message: /'apptoeventgrid' is deployed with "kind": "V2", but the Consumption workflow 'cr-test-app123' uses it.*WorkflowInvalidApiConnectionV2/ }],
      output: { 'azuredeploy.json': template('V1') },
    },
  ],
});

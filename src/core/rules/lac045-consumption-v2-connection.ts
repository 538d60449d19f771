import { asText } from '../printable';
import { connectionResourceOf, connectionResources, consumptionWorkflows } from '../connections';
import { setValue } from '../json/edits';
import { isObject } from '../json/pointer';
import { defineRule, fix } from './rule';

const TEMPLATE = (kind: string) =>
  `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n      "type": "Microsoft.Web/connections",\n      "apiVersion": "2016-06-01",\n      "name": "azureeventgrid",\n      "location": "[resourceGroup().location]",\n      "kind": "${kind}",\n      "properties": {\n        "api": { "id": "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'azureeventgrid')]" },\n        "parameterValueType": "Alternative"\n      }\n    },\n    {\n      "type": "Microsoft.Logic/workflows",\n      "apiVersion": "2019-05-01",\n      "name": "on-blob-created",\n      "location": "[resourceGroup().location]",\n      "identity": { "type": "SystemAssigned" },\n      "dependsOn": ["[resourceId('Microsoft.Web/connections', 'azureeventgrid')]"],\n      "properties": {\n        "definition": {\n          "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n          "contentVersion": "1.0.0.0",\n          "parameters": { "$connections": { "type": "Object", "defaultValue": {} } },\n          "triggers": {\n            "When_a_resource_event_occurs": {\n              "type": "ApiConnectionWebhook",\n              "inputs": {\n                "host": { "connection": { "name": "@parameters('$connections')['azureeventgrid']['connectionId']" } },\n                "path": "/subscriptions/@{encodeURIComponent('00000000-0000-0000-0000-000000000000')}/providers/@{encodeURIComponent('Microsoft.Storage.StorageAccounts')}/resource/eventSubscriptions"\n              }\n            }\n          },\n          "actions": {}\n        },\n        "parameters": {\n          "$connections": {\n            "value": {\n              "azureeventgrid": {\n                "connectionId": "[resourceId('Microsoft.Web/connections', 'azureeventgrid')]",\n                "connectionName": "azureeventgrid",\n                "id": "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'azureeventgrid')]",\n                "connectionProperties": { "authentication": { "type": "ManagedServiceIdentity" } }\n              }\n            }\n          }\n        }\n      }\n    }\n  ]\n}`;

export default defineRule({
  meta: {
    id: 'LAC045',
    name: 'consumption-v2-connection',
    defaultSeverity: 'error',
    description: 'A Consumption workflow uses an API connection the template deploys with `"kind": "V2"`: Consumption workflows accept V1 connections only.',
    docs: {
      details:
        'API connections come in two kinds: V1 for Consumption logic apps and V2 for Logic Apps Standard (with a `connectionRuntimeUrl` and access policies; see LAC062 for the other direction). A Consumption workflow whose `$connections` points at a connection deployed with `"kind": "V2"` is rejected when it is deployed: "WorkflowInvalidApiConnectionV2: The workflow … is using api connection … which is of unsupported \'kind\'. The api connections of kind \'V2\' are not supported." (Azure/bicep#8272). This often happens when a connection resource is copied from a Standard project\'s template. Deploy the connection with `"kind": "V1"` (or no kind) for the Consumption workflow; a V1 connection has no access policies, so drop `accessPolicies` resources made for it. The quick fix sets `"kind": "V1"`.',
      bad: { file: 'azuredeploy.json', code: TEMPLATE('V2') },
      good: { file: 'azuredeploy.json', code: TEMPLATE('V1') },
    },
    fixable: true,
  },
  check(ctx) {
    for (const file of ctx.project.workflows) {
      if (file.kind !== 'armTemplate') continue;
      const resources = connectionResources(file.value);
      if (resources.length === 0) continue;
      const pathOf = new Map(resources.map((r) => [r.resource, r.path]));
      const list = resources.map((r) => r.resource);
      const reported = new Set<unknown>();
      for (const wf of consumptionWorkflows(file)) {
        if (typeof wf.connections === 'string') continue;
        for (const [key, entry] of Object.entries(wf.connections.entries)) {
          if (!isObject(entry)) continue;
          const conn = connectionResourceOf(entry, list);
          if (!conn || reported.has(conn)) continue;
          const kindKey = Object.keys(conn).find((k) => k.toLowerCase() === 'kind');
          const kind = kindKey === undefined ? undefined : conn[kindKey];
          if (typeof kind !== 'string' || kind.trim().toLowerCase() !== 'v2') continue;
          reported.add(conn);
          const path = [...pathOf.get(conn)!, kindKey!];
          ctx.report({
            file,
            path,
            message: `The connection '${asText(conn.name)}' is deployed with "kind": "V2", but the Consumption workflow '${wf.name}' uses it (\`$connections\` entry '${key}'): Consumption workflows accept V1 connections only, and the deployment fails with "WorkflowInvalidApiConnectionV2: … The api connections of kind 'V2' are not supported" (Azure/bicep#8272). Deploy it with "kind": "V1".`,
            fixes: () => [fix('Use "kind": "V1"', [setValue(file, path, 'V1')])],
          });
        }
      }
    }
  },
});

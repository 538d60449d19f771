import { forEachString } from '../json/walk';
import { defineRule } from './rule';

/** `<subscription-id>`, `<resource group>`, `<your-connection-name>`: one angle-bracket placeholder. */
const PLACEHOLDER = /<([A-Za-z][^<>"]{0,80})>/;
/** What makes a string an Azure resource id (or a part of one). */
const ID_LIKE = /\/subscriptions\/|\/resourceGroups\/|\/providers\/Microsoft\./i;

const TEMPLATE = (sub: string) =>
  `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n      "type": "Microsoft.Logic/workflows",\n      "apiVersion": "2019-05-01",\n      "name": "orders",\n      "location": "[resourceGroup().location]",\n      "properties": {\n        "definition": {\n          "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n          "contentVersion": "1.0.0.0",\n          "parameters": { "$connections": { "type": "Object", "defaultValue": {} } },\n          "triggers": {},\n          "actions": {}\n        },\n        "parameters": {\n          "$connections": {\n            "value": {\n              "office365": {\n                "connectionId": "/subscriptions/${sub}/resourceGroups/rg-orders/providers/Microsoft.Web/connections/office365",\n                "connectionName": "office365",\n                "id": "/subscriptions/${sub}/providers/Microsoft.Web/locations/westeurope/managedApis/office365"\n              }\n            }\n          }\n        }\n      }\n    }\n  ]\n}`;

export default defineRule({
  meta: {
    id: 'LAC034',
    name: 'deployment-placeholder',
    defaultSeverity: 'warning',
    description: 'An ARM deployment template still has an angle-bracket placeholder (`<subscription-id>`) in a resource id.',
    docs: {
      details:
        'Samples and documentation write the parts of a resource id that you must fill in as placeholders: `/subscriptions/<subscription-id>/resourceGroups/<resource-group>/…`. A template that is deployed with one left in fails ("The provided subscription identifier \'<subscription-id>\' is malformed or invalid", or "resource not found") or, worse, deploys a workflow whose connection ids point nowhere. The other rules never judge such values as literal ids; this one warns where an ARM template (a file meant for deployment) still holds one in a resource id. Use a template expression instead (`[subscription().subscriptionId]`, `[resourceGroup().name]`, `[resourceId(\'Microsoft.Web/connections\', …)]`) or a template parameter.',
      bad: { file: 'azuredeploy.json', code: TEMPLATE('<subscription-id>') },
      good: { file: 'azuredeploy.json', code: TEMPLATE('8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d') },
    },
    fixable: false,
  },
  check(ctx) {
    for (const file of ctx.project.workflows) {
      if (file.kind !== 'armTemplate') continue;
      forEachString(file.value, [], (s, path) => {
        if (s.indexOf('<') === -1 || !ID_LIKE.test(s)) return;
        const m = PLACEHOLDER.exec(s);
        if (!m) return;
        ctx.report({
          file,
          path: [...path],
          message: `The resource id still has the placeholder "<${m[1]}>": a deployment of this template fails, or makes ids that point nowhere. Put the real value in, or build it with a template expression or parameter (such as [subscription().subscriptionId] or [resourceGroup().name]).`,
        });
      });
    }
  },
});

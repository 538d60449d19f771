import { connectionsParameterUses, templatePlans } from '../connections';
import { toPointer } from '../json/pointer';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'LAC044',
    name: 'template-standard-connections-parameter',
    defaultSeverity: 'error',
    description: 'Logic Apps template (gallery format) for Standard whose workflow uses `@parameters(\'$connections\')`, which only Consumption workflows have.',
    docs: {
      details:
        'Consumption workflows reach their connections through the `$connections` parameter; Standard workflows name them directly (`referenceName`, `connectionName`), and have no `$connections`. A template in the gallery format (Azure/LogicAppsTemplates) is for Standard unless its manifest says `"skus": ["consumption"]`: the template manifest (one folder above the workflow) without `skus` is for both, and a template inside a Standard project (beside host.json) is for Standard. The gallery\'s validator rejects such a workflow ("parameters(\'$connections\') is invalid for standard workflows", Azure/LogicAppsTemplates `validate_templates.ts`), and a workflow created from it fails to load in a Standard app. Reference the manifest\'s connections by name instead (`"host": { "connection": { "referenceName": "office365_#workflowname#" } }`), or mark the template `"skus": ["consumption"]`. A template whose manifests say no `skus` is for both plans, as the gallery reads it.',
      bad: {
        file: 'default/workflow.json',
        code: '{\n  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": { "$connections": { "type": "Object", "defaultValue": {} } },\n  "triggers": { "manual": { "type": "Request", "kind": "Http" } },\n  "actions": {\n    "Send_an_email": {\n      "type": "ApiConnection",\n      "inputs": {\n        "host": { "connection": { "name": "@parameters(\'$connections\')[\'office365_#workflowname#\'][\'connectionId\']" } },\n        "method": "post",\n        "path": "/v2/Mail"\n      }\n    }\n  }\n}\n// default/manifest.json: {"id": "default", "title": "Send a mail", "summary": "Sends a mail.", "artifacts": [{"type": "workflow", "file": "workflow.json"}], "images": {"light": "workflow-light", "dark": "workflow-dark"}, "parameters": [], "connections": {"office365_#workflowname#": {"connectorId": "/subscriptions/#subscription#/providers/Microsoft.Web/locations/#location#/managedApis/office365", "kind": "shared"}}}\n// manifest.json: {"id": "send-mail", "title": "Send a mail", "summary": "Sends a mail.", "skus": ["standard"], "workflows": {"default": {"name": "Send_Mail"}}}',
      },
      good: {
        file: 'default/workflow.json',
        code: '{\n  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n  "contentVersion": "1.0.0.0",\n  "triggers": { "manual": { "type": "Request", "kind": "Http" } },\n  "actions": {\n    "Send_an_email": {\n      "type": "ApiConnection",\n      "inputs": {\n        "host": { "connection": { "referenceName": "office365_#workflowname#" } },\n        "method": "post",\n        "path": "/v2/Mail"\n      }\n    }\n  }\n}\n// default/manifest.json: {"id": "default", "title": "Send a mail", "summary": "Sends a mail.", "artifacts": [{"type": "workflow", "file": "workflow.json"}], "images": {"light": "workflow-light", "dark": "workflow-dark"}, "parameters": [], "connections": {"office365_#workflowname#": {"connectorId": "/subscriptions/#subscription#/providers/Microsoft.Web/locations/#location#/managedApis/office365", "kind": "shared"}}}\n// manifest.json: {"id": "send-mail", "title": "Send a mail", "summary": "Sends a mail.", "skus": ["standard"], "workflows": {"default": {"name": "Send_Mail"}}}',
      },
    },
    fixable: false,
  },
  check(ctx) {
    const project = ctx.project;
    if (project.kind !== 'template') return;
    const plans = templatePlans(project);
    if (plans.standard !== true) return;
    for (const file of project.workflows) {
      const seen = new Set<string>();
      for (const use of connectionsParameterUses(file)) {
        const at = toPointer(use.path);
        if (seen.has(at)) continue;
        seen.add(at);
        ctx.report({
          file,
          path: use.path,
          message: `This template is for Standard (${plans.why}), but its workflow uses @parameters('$connections')${use.key !== undefined ? `['${use.key}']` : ''}: Standard workflows have no $connections parameter, so a workflow made from this template fails to load, and the template gallery rejects it (Azure/LogicAppsTemplates validate_templates.ts). Name the connection directly (host.connection.referenceName, declared in manifest.json "connections"), or mark the template "skus": ["consumption"].`,
        });
      }
    }
  },
});

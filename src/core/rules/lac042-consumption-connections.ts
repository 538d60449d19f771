import { hasPlaceholder, isExpression } from '../expressions';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { JsonPath } from '../types';
import { connectionResources, consumptionWorkflows } from '../connections';
import { suggestNames } from '../names';
import { defineRule, fix, type RuleContext } from './rule';

const CONNECTION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/connections\/[^/]+\/?$/i;
const MANAGED_API_ID = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Web\/locations\/[^/]+\/managedApis\/[^/]+\/?$/i;
const CUSTOM_API_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/customApis\/[^/]+\/?$/i;

/** `[resourceId('Microsoft.Web/connections', ...)]` and friends: the resource type they build. */
const RESOURCE_ID_CALL = /^\[\s*(?:resourceId|subscriptionResourceId|tenantResourceId)\s*\((.*)\)\s*\]$/i;
/** A whole `[parameters('X')]`. */
const ARM_PARAMETER = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i;

interface IdKind {
  field: 'connectionId' | 'id';
  what: string;
  ok: (s: string) => boolean;
  types: string[];
}

const ID_KINDS: IdKind[] = [
  { field: 'connectionId', what: 'a Microsoft.Web/connections resource id', ok: (s) => CONNECTION_ID.test(s), types: ['microsoft.web/connections'] },
  {
    field: 'id',
    what: 'a managed API id (…/locations/<location>/managedApis/<api>) or a custom connector id (…/Microsoft.Web/customApis/<name>)',
    ok: (s) => MANAGED_API_ID.test(s) || CUSTOM_API_ID.test(s),
    types: ['microsoft.web/locations/managedapis', 'microsoft.web/customapis'],
  },
];

/** The resource type a `[resourceId(...)]` expression names: the first literal argument that looks like a type. */
function resourceIdType(expr: string): string | undefined {
  const m = RESOURCE_ID_CALL.exec(expr);
  if (!m) return undefined;
  const lit = /'([^']*)'/g;
  let a: RegExpExecArray | null;
  while ((a = lit.exec(m[1])) !== null) {
    if (/^[A-Za-z0-9.]+\/[A-Za-z0-9./]+$/.test(a[1])) return a[1];
  }
  return undefined;
}

/** The literal default of a template parameter (`defaultValue`, or a misplaced `value`). */
function templateParameterValue(template: unknown, name: string): { value: string; key: string } | undefined {
  if (!isObject(template) || !isObject(template.parameters)) return undefined;
  const p = template.parameters[name];
  if (!isObject(p)) return undefined;
  for (const key of ['defaultValue', 'value']) {
    const v = p[key];
    if (typeof v === 'string') return { value: v, key };
    if (v !== undefined) return undefined;
  }
  return undefined;
}

/** The connection resource a `$connections` entry points at: by `connectionName` or by `resourceId(...)` in `connectionId`. */
function findConnectionResource(entry: Record<string, unknown>, resources: Record<string, unknown>[]): Record<string, unknown> | undefined {
  const bare = (s: string): string => (s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1).trim() : `'${s}'`);
  for (const r of resources) {
    if (typeof r.name !== 'string') continue;
    if (typeof entry.connectionName === 'string' && entry.connectionName === r.name) return r;
    if (typeof entry.connectionId === 'string') {
      const m = /^\[\s*resourceId\(\s*'Microsoft\.Web\/connections'\s*,\s*(.*)\)\s*\]$/i.exec(entry.connectionId);
      if (m && m[1].replace(/\s+/g, '') === bare(r.name).replace(/\s+/g, '')) return r;
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'LAC042',
    name: 'consumption-connections',
    defaultSeverity: 'error',
    description: 'Consumption workflows (ARM templates): `$connections` keys that do not exist, malformed connection ids, managed-identity connections without `connectionProperties`.',
    docs: {
      details:
        'A Consumption workflow reaches its API connections through the `$connections` parameter: an action\'s `inputs.host.connection.name` is `@parameters(\'$connections\')[\'<key>\'][\'connectionId\']`, and `$connections.value.<key>` holds `connectionId` (the `Microsoft.Web/connections` resource id), `connectionName` and `id` (the managed API, `…/locations/<location>/managedApis/<api>`, or a custom connector). A key that is not in `$connections`, a `connectionId` that is not a connection id (a vault name, a managed API id) and a connection created for managed identity (`parameterValueType: "Alternative"`) whose entry has no `connectionProperties.authentication` all fail at deployment or at run time. ARM expressions are checked only where they are certain: `[resourceId(\'<type>\', …)]` must build the right type, and a `[parameters(\'X\')]` whose template default is a literal is checked as a warning (a parameters file may supply another value). Dynamic keys (`[concat(\'servicebus_\', rand(1,3))]`) are not checked.',
      bad: {
        file: 'azuredeploy.json',
        code: '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "keyVaultName": {\n      "type": "string",\n      "defaultValue": "kv-orders"\n    }\n  },\n  "resources": [\n    {\n      "type": "Microsoft.Web/connections",\n      "apiVersion": "2016-06-01",\n      "name": "keyvault",\n      "location": "[resourceGroup().location]",\n      "properties": {\n        "api": {\n          "id": "[subscriptionResourceId(\'Microsoft.Web/locations/managedApis\', resourceGroup().location, \'keyvault\')]"\n        },\n        "parameterValueType": "Alternative",\n        "alternativeParameterValues": {\n          "vaultName": "[parameters(\'keyVaultName\')]"\n        }\n      }\n    },\n    {\n      "type": "Microsoft.Logic/workflows",\n      "apiVersion": "2019-05-01",\n      "name": "orders",\n      "location": "[resourceGroup().location]",\n      "identity": {\n        "type": "SystemAssigned"\n      },\n      "dependsOn": [\n        "[resourceId(\'Microsoft.Web/connections\', \'keyvault\')]"\n      ],\n      "properties": {\n        "definition": {\n          "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n          "contentVersion": "1.0.0.0",\n          "parameters": {\n            "$connections": {\n              "type": "Object",\n              "defaultValue": {}\n            }\n          },\n          "triggers": {\n            "manual": {\n              "type": "Request",\n              "kind": "Http"\n            }\n          },\n          "actions": {\n            "Get_secret": {\n              "type": "ApiConnection",\n              "inputs": {\n                "host": {\n                  "connection": {\n                    "name": "@parameters(\'$connections\')[\'keyvault-1\'][\'connectionId\']"\n                  }\n                },\n                "method": "get",\n                "path": "/secrets/@{encodeURIComponent(\'api-key\')}/value"\n              }\n            }\n          }\n        },\n        "parameters": {\n          "$connections": {\n            "value": {\n              "keyvault": {\n                "connectionId": "[parameters(\'keyVaultName\')]",\n                "connectionName": "keyvault",\n                "id": "[subscriptionResourceId(\'Microsoft.Web/locations/managedApis\', resourceGroup().location, \'keyvault\')]"\n              }\n            }\n          }\n        }\n      }\n    }\n  ]\n}',
      },
      good: {
        file: 'azuredeploy.json',
        code: '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "keyVaultName": {\n      "type": "string",\n      "defaultValue": "kv-orders"\n    }\n  },\n  "resources": [\n    {\n      "type": "Microsoft.Web/connections",\n      "apiVersion": "2016-06-01",\n      "name": "keyvault",\n      "location": "[resourceGroup().location]",\n      "properties": {\n        "api": {\n          "id": "[subscriptionResourceId(\'Microsoft.Web/locations/managedApis\', resourceGroup().location, \'keyvault\')]"\n        },\n        "parameterValueType": "Alternative",\n        "alternativeParameterValues": {\n          "vaultName": "[parameters(\'keyVaultName\')]"\n        }\n      }\n    },\n    {\n      "type": "Microsoft.Logic/workflows",\n      "apiVersion": "2019-05-01",\n      "name": "orders",\n      "location": "[resourceGroup().location]",\n      "identity": {\n        "type": "SystemAssigned"\n      },\n      "dependsOn": [\n        "[resourceId(\'Microsoft.Web/connections\', \'keyvault\')]"\n      ],\n      "properties": {\n        "definition": {\n          "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",\n          "contentVersion": "1.0.0.0",\n          "parameters": {\n            "$connections": {\n              "type": "Object",\n              "defaultValue": {}\n            }\n          },\n          "triggers": {\n            "manual": {\n              "type": "Request",\n              "kind": "Http"\n            }\n          },\n          "actions": {\n            "Get_secret": {\n              "type": "ApiConnection",\n              "inputs": {\n                "host": {\n                  "connection": {\n                    "name": "@parameters(\'$connections\')[\'keyvault\'][\'connectionId\']"\n                  }\n                },\n                "method": "get",\n                "path": "/secrets/@{encodeURIComponent(\'api-key\')}/value"\n              }\n            }\n          }\n        },\n        "parameters": {\n          "$connections": {\n            "value": {\n              "keyvault": {\n                "connectionId": "[resourceId(\'Microsoft.Web/connections\', \'keyvault\')]",\n                "connectionName": "keyvault",\n                "id": "[subscriptionResourceId(\'Microsoft.Web/locations/managedApis\', resourceGroup().location, \'keyvault\')]",\n                "connectionProperties": {\n                  "authentication": {\n                    "type": "ManagedServiceIdentity"\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  ]\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    for (const file of ctx.project.workflows) {
      if (file.kind !== 'armTemplate' && file.kind !== 'workflow') continue;
      if (!isObject(file.value)) continue;
      // Consumption references only: a Standard project's workflows use connections.json.
      if (file.kind === 'workflow' && ctx.project.kind === 'standard') continue;
      checkFile(ctx, file);
    }
  },
});

function checkFile(ctx: RuleContext, file: JsonFile): void {
  const workflows = consumptionWorkflows(file);
  if (workflows.length === 0) return;
  const resources = file.kind === 'armTemplate' ? connectionResources(file.value).map((r) => r.resource) : [];

  for (const wf of workflows) {
    const cv = wf.connections;
    const refs = wf.references;
    if (cv === 'missing') {
      // A code view file without parameters may have been copied on its own: only templates are judged.
      if (file.kind !== 'armTemplate') continue;
      for (const ref of refs) {
        if (!ref.exact) continue;
        ctx.report({
          file,
          path: ref.path,
          message: "This action uses `@parameters('$connections')`, but the workflow declares no `$connections` parameter and its resource sets none: deployment fails with \"The workflow parameter '$connections' is not found\".",
        });
      }
      continue;
    }
    if (cv === 'unknown') continue;
    const { entries, path: entriesPath } = cv;
    const keys = Object.keys(entries);

    for (const ref of refs) {
      if (!ref.exact) continue; // a dynamic key: cannot be checked
      const { key, prop } = ref.exact;
      if (Object.prototype.hasOwnProperty.call(entries, key)) {
        const entry = entries[key];
        if (isObject(entry) && !Object.prototype.hasOwnProperty.call(entry, prop)) {
          ctx.report({
            file,
            path: ref.path,
            message: `The \`$connections\` entry '${key}' has no '${prop}': the action cannot find its connection.`,
          });
        }
        continue;
      }
      const sameCase = keys.find((k) => k.toLowerCase() === key.toLowerCase());
      const suggestions = sameCase ? [{ name: sameCase, distance: 0, preferred: true }] : suggestNames(key, keys);
      const replaceKey = (k: string) => ref.value.replace(/(\[\s*')((?:[^']|'')*)('\s*\])/, (_a, pre: string, _k: string, post: string) => `${pre}${k.replace(/'/g, "''")}${post}`);
      ctx.report({
        file,
        path: ref.path,
        severity: sameCase ? 'warning' : 'error',
        message: sameCase
          ? `'${key}' differs only in case from the \`$connections\` entry '${sameCase}'. Use the exact name.`
          : `\`$connections\` has no entry '${key}' (${keys.length ? `it has ${keys.slice(0, 5).map((k) => `'${k}'`).join(', ')}${keys.length > 5 ? ', …' : ''}` : 'it is empty'}): the action fails to find its connection.${suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s.name}'`).join(' or ')}?` : ''}`,
        fixes: suggestions.length === 0 ? undefined : () => suggestions.map((s) => fix(`Change to '${s.name}'`, [setValue(file, ref.path, replaceKey(s.name))], s.preferred)),
      });
    }

    for (const key of keys) {
      const entry = entries[key];
      if (!isObject(entry)) continue;
      const entryPath = [...entriesPath, key];
      for (const kind of ID_KINDS) checkId(ctx, file, entry, entryPath, kind, wf.template);
      if (file.kind === 'armTemplate') checkIdentity(ctx, file, entry, entryPath, resources, wf.resource);
    }
  }
}

function checkId(ctx: RuleContext, file: JsonFile, entry: Record<string, unknown>, entryPath: JsonPath, kind: IdKind, template: unknown): void {
  const v = entry[kind.field];
  if (typeof v !== 'string' || v === '') return;
  const path = [...entryPath, kind.field];
  if (hasPlaceholder(v) || isExpression(v)) return;
  if (v.startsWith('[') && v.endsWith(']') && !v.startsWith('[[')) {
    const type = resourceIdType(v);
    if (type && !kind.types.includes(type.toLowerCase())) {
      ctx.report({ file, path, message: `\`${kind.field}\` builds an id of type '${type}', but it must be ${kind.what}.` });
      return;
    }
    const pm = ARM_PARAMETER.exec(v);
    if (pm) {
      const pv = templateParameterValue(template, pm[1]);
      if (!pv || pv.value === '' || hasPlaceholder(pv.value) || isExpression(pv.value) || pv.value.startsWith('[') || kind.ok(pv.value)) return;
      // A parameters file may supply another value at deployment: a warning, not an error.
      ctx.report({
        file,
        path,
        severity: 'warning',
        message: `\`${kind.field}\` comes from the template parameter '${pm[1]}', whose ${pv.key} '${pv.value}' is not ${kind.what}.`,
      });
    }
    return;
  }
  if (kind.ok(v)) return;
  ctx.report({ file, path, message: `\`${kind.field}\` '${v}' is not ${kind.what}.` });
}

function checkIdentity(
  ctx: RuleContext,
  file: JsonFile,
  entry: Record<string, unknown>,
  entryPath: JsonPath,
  resources: Record<string, unknown>[],
  workflowResource: Record<string, unknown> | undefined,
): void {
  const cp = entry.connectionProperties;
  const auth = isObject(cp) ? cp.authentication : undefined;
  if (auth === undefined) {
    const conn = findConnectionResource(entry, resources);
    const props = conn && isObject(conn.properties) ? conn.properties : undefined;
    if (!props || typeof props.parameterValueType !== 'string' || props.parameterValueType.toLowerCase() !== 'alternative') return;
    const authValue: Record<string, unknown> = { type: 'ManagedServiceIdentity' };
    const identity = workflowResource && isObject(workflowResource.identity) ? workflowResource.identity : undefined;
    if (identity && typeof identity.type === 'string' && identity.type.toLowerCase() === 'userassigned' && isObject(identity.userAssignedIdentities)) {
      const ids = Object.keys(identity.userAssignedIdentities);
      if (ids.length === 1) authValue.identity = ids[0];
    }
    ctx.report({
      file,
      path: isObject(cp) ? [...entryPath, 'connectionProperties'] : entryPath,
      key: true,
      message: `The connection '${String(conn!.name)}' is created for managed identity (parameterValueType "Alternative"), but this \`$connections\` entry has no connectionProperties.authentication: the workflow calls it without an identity and the call fails.`,
      fixes: () => [fix('Add connectionProperties.authentication (ManagedServiceIdentity)', [setValue(file, [...entryPath, 'connectionProperties', 'authentication'], authValue)], true)],
    });
    return;
  }
  if (!isObject(auth) || typeof auth.type !== 'string' || auth.type.toLowerCase() !== 'managedserviceidentity' || !workflowResource) return;
  const identity = workflowResource.identity;
  const type = isObject(identity) && typeof identity.type === 'string' ? identity.type.toLowerCase() : undefined;
  if (identity === undefined || type === 'none') {
    ctx.report({
      file,
      path: [...entryPath, 'connectionProperties', 'authentication', 'type'],
      severity: 'warning',
      message: 'This connection authenticates with the managed identity, but the workflow resource has no identity: add "identity": { "type": "SystemAssigned" } (or a user-assigned identity) to the workflow.',
    });
  }
}

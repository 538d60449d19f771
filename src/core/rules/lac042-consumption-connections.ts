import { hasPlaceholder, isExpression } from '../expressions';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { JsonPath } from '../types';
import { apiOf, apiOfConnectionResource, armLiteral, connectionNameArgument, connectionResourceOf, connectionResources, connectionsParameterUses, consumptionWorkflows, isLiteralName, templateConnections, templatePlans, type ConsumptionWorkflow } from '../connections';
import { regionForDisplayName } from '../regions';
import { suggestNames } from '../names';
import { asText, quoted } from '../printable';
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

export default defineRule({
  meta: {
    id: 'LAC042',
    name: 'consumption-connections',
    defaultSeverity: 'error',
    description: 'Consumption workflows (ARM templates, templates): `$connections` keys that do not exist, `$connections` without `"type": "Object"`, malformed ids, an entry whose API differs from its connection\'s, a connection the template does not deploy, managed identity that the workflow does not have.',
    docs: {
      details:
        'A Consumption workflow reaches its API connections through the `$connections` parameter: an action\'s `inputs.host.connection.name` is `@parameters(\'$connections\')[\'<key>\'][\'connectionId\']`, and `$connections.value.<key>` holds `connectionId` (the `Microsoft.Web/connections` resource id), `connectionName` and `id` (the managed API, `…/locations/<location>/managedApis/<api>`, or a custom connector). A key that is not in `$connections`, a `connectionId` that is not a connection id (a vault name, a managed API id) and a connection created for managed identity (`parameterValueType: "Alternative"`) whose entry has no `connectionProperties.authentication` all fail at deployment or at run time. ARM expressions are checked only where they are certain: `[resourceId(\'<type>\', …)]` must build the right type, and a `[parameters(\'X\')]` whose template default is a literal is checked as a warning (a parameters file may supply another value). Dynamic keys (`[concat(\'servicebus_\', rand(1,3))]`) are not checked.\n\nAlso reported: a `$connections` parameter declared without `"type": "Object"` (every workflow definition parameter needs a type, https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-definition-language#parameters; the deployment fails with InvalidTemplate); an entry whose `id` names another API than the `Microsoft.Web/connections` resource its `connectionId` points to (the calls go to a connection of another API); a `connectionId` of `[resourceId(\'Microsoft.Web/connections\', \'<name>\')]` naming a connection the template does not deploy while it deploys others (a warning: it may exist already); a managed API id whose location is a region\'s display name (`locations/West Europe/…`); and `connectionProperties.authentication` with the managed identity whose `identity` is not one of the user-assigned identities the template gives the workflow (or the workflow has none). In a Logic Apps template of the gallery format for Consumption (`"skus": ["consumption"]`), each `$connections` key must be a connection its manifest declares.',
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
    if (ctx.project.kind === 'template') {
      checkTemplate(ctx);
      return;
    }
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

  const deployed = resources.length > 0 && resources.every((r) => isLiteralName(r.name)) ? new Set(resources.map((r) => String(r.name).toLowerCase())) : undefined;
  for (const wf of workflows) {
    checkDeclaration(ctx, wf);
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
    // A definition on its own (a workflow file with no "parameters" of its own): its
    // `$connections` values come with the deployment, not from the definition's default.
    if (file.kind !== 'armTemplate' && cv.fromDefault && (!isObject(file.value) || !Object.prototype.hasOwnProperty.call(file.value, 'parameters') || wf.defPath.length === 0)) continue;
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
      if (file.kind === 'armTemplate') {
        checkIdentity(ctx, file, entry, entryPath, resources, wf.resource);
        checkResource(ctx, file, key, entry, entryPath, resources, deployed);
      }
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
  if (kind.ok(v)) {
    const loc = kind.field === 'id' ? /\/locations\/([^/]+)\/managedApis\//i.exec(v) : null;
    const region = loc ? regionForDisplayName(loc[1]) : undefined;
    if (loc && region) {
      const fixed = v.slice(0, loc.index) + `/locations/${region.name}/managedApis/` + v.slice(loc.index + loc[0].length);
      ctx.report({
        file,
        path,
        message: `\`id\` names the location by its display name, "${loc[1]}": managed API ids use the region's name, "${region.name}", and this one is not found ("Swagger not found").`,
        fixes: () => [fix(`Use the region name "${region.name}"`, [setValue(file, path, fixed)], true)],
      });
    }
    return;
  }
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
    const conn = connectionResourceOf(entry, resources);
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
      message: `The connection '${asText(conn!.name)}' is created for managed identity (parameterValueType "Alternative"), but this \`$connections\` entry has no connectionProperties.authentication: the workflow calls it without an identity and the call fails.`,
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
    return;
  }
  const named = auth.identity;
  if (typeof named !== 'string' || named.trim() === '' || type === undefined || /<[^<>]*>/.test(named)) return;
  const path = [...entryPath, 'connectionProperties', 'authentication', 'identity'];
  const given = isObject(identity) && isObject(identity.userAssignedIdentities) ? Object.keys(identity.userAssignedIdentities) : [];
  if (!type.includes('userassigned')) {
    ctx.report({
      file,
      path,
      message: `This connection authenticates with the user-assigned identity ${quoted(named)}, but the workflow resource's identity is "${asText((identity as Record<string, unknown>).type)}": it has no user-assigned identity, so the connection cannot get a token. Add the identity to the workflow's "userAssignedIdentities", or leave "identity" out to use the system-assigned one.`,
    });
    return;
  }
  // Compare like with like: literal ids, or ARM expressions as written.
  const form = (x: string) => (x.trim().startsWith('[') && !x.trim().startsWith('[[') ? 'expression' : 'literal');
  const norm = (x: string) => (form(x) === 'expression' ? x.replace(/\s+/g, '') : x.trim().replace(/\/+$/, '').toLowerCase());
  if (given.length === 0 || given.some((g) => form(g) !== form(named) || /<[^<>]*>/.test(g))) return;
  if (given.some((g) => norm(g) === norm(named))) return;
  ctx.report({
    file,
    path,
    message: `This connection authenticates with the user-assigned identity ${quoted(named)}, which is not one the template gives the workflow (its userAssignedIdentities: ${given.map((g) => quoted(g)).join(', ')}): the connection cannot get a token for it.`,
    fixes: given.length === 1 ? () => [fix(`Use ${quoted(given[0])}`, [setValue(file, path, given[0])], true)] : undefined,
  });
}

/** `$connections` declared in the definition without `"type": "Object"`: the deployment fails with InvalidTemplate. */
function checkDeclaration(ctx: RuleContext, wf: ConsumptionWorkflow): void {
  const dp = wf.definition.parameters;
  if (!isObject(dp) || !isObject(dp.$connections)) return;
  const decl = dp.$connections;
  const at = [...wf.defPath, 'parameters', '$connections'];
  const typeKey = Object.keys(decl).find((k) => k.toLowerCase() === 'type');
  const t = typeKey === undefined ? undefined : decl[typeKey];
  if (typeof t === 'string' && (t.trim().toLowerCase() === 'object' || t.startsWith('['))) return;
  ctx.report({
    file: wf.file,
    path: typeKey === undefined ? at : [...at, typeKey],
    key: typeKey === undefined,
    message:
      typeKey === undefined
        ? 'The `$connections` parameter is declared without a "type": every workflow definition parameter needs one, and deployment fails with InvalidTemplate. Declare it as "type": "Object".'
        : `The \`$connections\` parameter has "type" ${quoted(t)}: it holds an object of connections, so its type is "Object" (deployment fails with InvalidTemplate otherwise).`,
    fixes: () => [fix('Declare "type": "Object"', [setValue(wf.file, [...at, typeKey ?? 'type'], 'Object')], true)],
  });
}

/**
 * The connection resource an entry points at: its API must be the one the entry's `id` names; a
 * `[resourceId('Microsoft.Web/connections', 'name')]` the template does not deploy, while it deploys
 * others, is most likely a renamed or forgotten resource.
 */
function checkResource(ctx: RuleContext, file: JsonFile, key: string, entry: Record<string, unknown>, entryPath: JsonPath, resources: Record<string, unknown>[], deployed: Set<string> | undefined): void {
  const conn = connectionResourceOf(entry, resources);
  if (conn) {
    const mine = apiOf(entry.id);
    const theirs = apiOfConnectionResource(conn);
    if (mine && theirs && (mine.name !== theirs.name || mine.kind !== theirs.kind)) {
      ctx.report({
        file,
        path: [...entryPath, 'id'],
        message: `The \`$connections\` entry '${key}' says its API is '${mine.name}', but its connection '${asText(conn.name)}' is made for '${theirs.name}': the action's calls go to a connection of another API and fail. Make \`id\` and the connection resource's properties.api.id name the same API.`,
      });
    }
    return;
  }
  if (!deployed || typeof entry.connectionId !== 'string') return;
  const arg = connectionNameArgument(entry.connectionId);
  const name = arg === undefined ? undefined : armLiteral(arg);
  if (name === undefined || deployed.has(name.toLowerCase())) return;
  ctx.report({
    file,
    path: [...entryPath, 'connectionId'],
    severity: 'warning',
    message: `\`connectionId\` of '${key}' names the connection '${name}', which this template does not deploy (it deploys ${[...deployed].map((d) => `'${d}'`).join(', ')}): unless it exists already in the resource group, the deployment or the first run fails. Deploy it here, or point \`connectionId\` at one the template deploys.`,
  });
}

/**
 * A Consumption template of the gallery format: its `$connections` keys are the connections its
 * manifest declares. (For Standard, `$connections` is not allowed at all: LAC044.)
 */
function checkTemplate(ctx: RuleContext): void {
  const project = ctx.project;
  if (!project.manifest) return;
  const plans = templatePlans(project);
  if (plans.standard !== false || plans.consumption !== true) return;
  const declared = templateConnections(project.manifest);
  if (!declared.readable || !declared.complete) return;
  const names = declared.entries.map((e) => e.name);
  for (const file of project.workflows) {
    for (const use of connectionsParameterUses(file)) {
      if (use.key === undefined || declared.get(use.key)) continue;
      const suggestions = suggestNames(use.key, names);
      ctx.report({
        file,
        path: use.path,
        message: `\`$connections\` key '${use.key}' is not a connection of this template: manifest.json ${names.length ? `declares ${names.slice(0, 5).map((n) => `'${n}'`).join(', ')}` : 'declares no connections'}. Creating a workflow from it leaves the action without a connection.${suggestions.length ? ` Did you mean ${suggestions.map((x) => `'${x.name}'`).join(' or ')}?` : ''}`,
      });
    }
  }
}

import * as assert from 'assert';
import rule from '../../src/core/rules/lac042-consumption-connections';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';
import * as tpl from './helpers/templates';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const action = (key: string, prop = 'connectionId') => ({
  type: 'ApiConnection',
  inputs: { host: { connection: { name: `@parameters('$connections')['${key}']['${prop}']` } }, method: 'get', path: '/x' },
});

interface TemplateOptions {
  actions?: Record<string, unknown>;
  connections?: unknown;
  /** Leave out `properties.parameters` of the workflow resource. */
  noResourceParameters?: boolean;
  defaultValue?: unknown;
  identity?: unknown;
  resources?: unknown[];
  parameters?: Record<string, unknown>;
}

function template(o: TemplateOptions): string {
  const definition: Record<string, unknown> = {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: o.defaultValue === undefined ? { $connections: { type: 'Object', defaultValue: {} } } : o.defaultValue === null ? {} : { $connections: { type: 'Object', defaultValue: o.defaultValue } },
    triggers: { manual: { type: 'Request', kind: 'Http' } },
    actions: o.actions ?? {},
  };
  const wf: Record<string, unknown> = { type: 'Microsoft.Logic/workflows', apiVersion: '2019-05-01', name: 'wf', location: 'westeurope' };
  if (o.identity !== undefined) wf.identity = o.identity;
  wf.properties = o.noResourceParameters ? { definition } : { definition, parameters: { $connections: { value: o.connections ?? {} } } };
  return j({ $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: o.parameters ?? {}, resources: [wf, ...(o.resources ?? [])] });
}

const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  connectionId: `[resourceId('Microsoft.Web/connections', '${name}')]`,
  connectionName: name,
  id: `[subscriptionResourceId('Microsoft.Web/locations/managedApis', 'westeurope', '${name}')]`,
  ...extra,
});
const msi = { connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } } };
const connectionResource = (name: string, alternative: boolean) => ({
  type: 'Microsoft.Web/connections',
  apiVersion: '2016-06-01',
  name,
  location: 'westeurope',
  properties: { api: { id: `[subscriptionResourceId('Microsoft.Web/locations/managedApis', 'westeurope', '${name}')]` }, ...(alternative ? { parameterValueType: 'Alternative' } : { parameterValues: {} }) },
});
const REF = (i = 0) => `/resources/0/properties/parameters/$connections/value`.replace('/0/', `/${i}/`);

ruleTester(rule, {
  valid: [
    {
      name: 'keys that exist, ids built with resourceId, managed identity set up',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault'), B: action('office365') },
          connections: { keyvault: entry('keyvault', msi), office365: entry('office365') },
          identity: { type: 'SystemAssigned' },
          resources: [connectionResource('keyvault', true), connectionResource('office365', false)],
        }),
      },
    },
    {
      name: 'literal ids of the right types, a custom connector included',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('abuseipdb') },
          connections: {
            abuseipdb: {
              connectionId: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/abuseipdbapi-1`,
              connectionName: 'abuseipdbapi-1',
              id: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/customApis/abuseipdbapi`,
            },
            kv: { connectionId: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/kv`, id: `${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` },
          },
        }),
      },
    },
    {
      name: 'a dynamic key cannot be checked (real: recurrence-jobs)',
      files: {
        'azuredeploy.json': template({
          actions: { A: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')[concat('servicebus_', rand(1,3))]['connectionId']" } } } } },
          connections: { servicebus_1: entry('servicebus') },
        }),
      },
    },
    {
      name: '$connections set by an ARM expression cannot be checked',
      files: { 'azuredeploy.json': template({ actions: { A: action('x') }, connections: "[variables('connections')]" }) },
    },
    {
      name: 'the definition default is used when the resource sets no value',
      files: { 'azuredeploy.json': template({ actions: { A: action('kv') }, noResourceParameters: true, defaultValue: { kv: entry('kv') } }) },
    },
    {
      name: 'placeholders and ARM expressions in ids are not judged',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('a') },
          connections: { a: { connectionId: '#{connectionId}#', id: "[concat('/subscriptions/', subscription().subscriptionId, '/providers/Microsoft.Web/locations/', parameters('location'), '/managedApis/a')]" } },
        }),
      },
    },
    {
      name: 'a template parameter without a literal default is not judged',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('a') },
          parameters: { connId: { type: 'string' }, apiId: { type: 'string', defaultValue: "[concat(subscription().id, '/x')]" } },
          connections: { a: { connectionId: "[parameters('connId')]", id: "[parameters('apiId')]" } },
        }),
      },
    },
    {
      name: 'a connection without Alternative parameter values needs no connectionProperties',
      files: { 'azuredeploy.json': template({ actions: { A: action('acsemail') }, connections: { acsemail: entry('acsemail') }, resources: [connectionResource('acsemail', false)] }) },
    },
    {
      name: 'a Standard project is not a Consumption workflow',
      files: {
        'host.json': '{}',
        'connections.json': '{}',
        'wf/workflow.json': j({ definition: { actions: { A: action('nope') } }, kind: 'Stateful' }),
      },
    },
    {
      name: 'a code view workflow.json without parameters may have been copied alone',
      files: { 'wf/workflow.json': j({ definition: { actions: { A: action('nope') } } }) },
    },
  ],
  invalid: [
    {
      name: 'a reference to a missing key (real: samples) with a rename fix',
      files: { 'azuredeploy.json': template({ actions: { A: action('keyvault-1') }, connections: { keyvault: entry('keyvault') } }) },
      errors: [{ pointer: '/resources/0/properties/definition/actions/A/inputs/host/connection/name', severity: 'error', message: "`$connections` has no entry 'keyvault-1' (it has 'keyvault')" }],
      output: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') } }) },
    },
    {
      name: 'an empty $connections',
      files: { 'azuredeploy.json': template({ actions: { A: action('office365') } }) },
      errors: [{ pointer: '/resources/0/properties/definition/actions/A/inputs/host/connection/name', message: 'it is empty' }],
    },
    {
      name: 'a key that differs only in case is a warning',
      files: { 'azuredeploy.json': template({ actions: { A: action('KeyVault') }, connections: { keyvault: entry('keyvault') } }) },
      errors: [{ pointer: '/resources/0/properties/definition/actions/A/inputs/host/connection/name', severity: 'warning', message: 'differs only in case' }],
      output: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') } }) },
    },
    {
      name: 'an entry without the property the action reads',
      files: { 'azuredeploy.json': template({ actions: { A: action('kv') }, connections: { kv: { connectionName: 'kv', id: `${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` } } }) },
      errors: [{ pointer: '/resources/0/properties/definition/actions/A/inputs/host/connection/name', message: "has no 'connectionId'" }],
    },
    {
      name: 'no $connections parameter anywhere',
      files: { 'azuredeploy.json': template({ actions: { A: action('kv') }, noResourceParameters: true, defaultValue: null }) },
      errors: [{ pointer: '/resources/0/properties/definition/actions/A/inputs/host/connection/name', message: 'declares no `$connections` parameter' }],
    },
    {
      name: 'literal ids of the wrong type',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('kv') },
          connections: { kv: { connectionId: `${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault`, id: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/kv` } },
        }),
      },
      errors: [
        { pointer: `${REF()}/kv/connectionId`, message: 'is not a Microsoft.Web/connections resource id' },
        { pointer: `${REF()}/kv/id`, message: 'is not a managed API id' },
      ],
    },
    {
      name: 'resourceId building the wrong type',
      files: { 'azuredeploy.json': template({ actions: { A: action('kv') }, connections: { kv: { connectionId: "[resourceId('Microsoft.KeyVault/vaults', 'kv')]", id: "[resourceId('Microsoft.Web/connections', 'kv')]" } } }) },
      errors: [
        { pointer: `${REF()}/kv/connectionId`, message: "builds an id of type 'Microsoft.KeyVault/vaults'" },
        { pointer: `${REF()}/kv/id`, message: "builds an id of type 'Microsoft.Web/connections'" },
      ],
    },
    {
      name: 'a template parameter whose value is a name, not an id (real: kyos EntraIDProvisioning) is a warning',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault-1') },
          parameters: { KeyVaultName: { value: 'your-keyvault-name', type: 'string' }, other: { type: 'string', defaultValue: 'kv-prod' } },
          connections: {
            'keyvault-1': { connectionId: "[parameters('KeyVaultName')]", connectionName: 'keyvault-connection', id: `${SUB}/providers/Microsoft.Web/locations/switzerlandwest/managedApis/keyvault` },
            other: { connectionId: "[parameters('other')]" },
          },
        }),
      },
      errors: [
        { pointer: `${REF()}/keyvault-1/connectionId`, severity: 'warning', message: "template parameter 'KeyVaultName', whose value 'your-keyvault-name' is not a Microsoft.Web/connections resource id" },
        { pointer: `${REF()}/other/connectionId`, severity: 'warning', message: "whose defaultValue 'kv-prod'" },
      ],
    },
    {
      name: 'a managed-identity (Alternative) connection without connectionProperties.authentication: the fix adds it',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('azureautomation') },
          identity: { type: 'SystemAssigned' },
          connections: { azureautomation: entry('azureautomation-connection') },
          resources: [connectionResource('azureautomation-connection', true)],
        }),
      },
      errors: [{ pointer: `${REF()}/azureautomation`, message: "The connection 'azureautomation-connection' is created for managed identity" }],
      output: {
        'azuredeploy.json': template({
          actions: { A: action('azureautomation') },
          identity: { type: 'SystemAssigned' },
          connections: { azureautomation: entry('azureautomation-connection', msi) },
          resources: [connectionResource('azureautomation-connection', true)],
        }),
      },
    },
    {
      name: 'matched through resourceId with variables, user-assigned identity in the fix',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('kv') },
          identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-wf')]": {} } },
          connections: { kv: { connectionId: "[resourceId('Microsoft.Web/connections', variables('kvName'))]", connectionName: 'whatever', connectionProperties: {} } },
          resources: [{ ...connectionResource('x', true), name: "[variables('kvName')]" }],
        }),
      },
      errors: [{ pointer: `${REF()}/kv/connectionProperties` }],
      output: {
        'azuredeploy.json': template({
          actions: { A: action('kv') },
          identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-wf')]": {} } },
          connections: {
            kv: {
              connectionId: "[resourceId('Microsoft.Web/connections', variables('kvName'))]",
              connectionName: 'whatever',
              connectionProperties: { authentication: { type: 'ManagedServiceIdentity', identity: "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-wf')]" } },
            },
          },
          resources: [{ ...connectionResource('x', true), name: "[variables('kvName')]" }],
        }),
      },
    },
    {
      name: 'managed identity on a connection of a workflow without identity is a warning',
      files: { 'azuredeploy.json': template({ actions: { A: action('kv') }, connections: { kv: entry('kv', msi) } }) },
      errors: [{ pointer: `${REF()}/kv/connectionProperties/authentication/type`, severity: 'warning', message: 'the workflow resource has no identity' }],
    },
    {
      name: 'a code view workflow.json with its $connections',
      files: {
        'wf/workflow.json': j({
          definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, actions: { A: action('office365-1') } },
          parameters: { $connections: { value: { office365: { connectionId: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/office365`, connectionName: 'office365', id: `${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365` } } } },
        }),
      },
      errors: [{ pointer: '/definition/actions/A/inputs/host/connection/name', message: "Did you mean 'office365'?" }],
    },
    {
      name: 'workflows in nested deployments are checked too',
      files: {
        'azuredeploy.json': j({
          $schema: SCHEMA,
          resources: [
            {
              type: 'Microsoft.Resources/deployments',
              name: 'inner',
              properties: {
                template: {
                  resources: [
                    {
                      type: 'Microsoft.Logic/workflows',
                      name: 'wf',
                      properties: { definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } }, actions: { A: action('servicebus_9') } }, parameters: { $connections: { value: { servicebus_1: entry('sb') } } } },
                    },
                  ],
                },
              },
            },
          ],
        }),
      },
      errors: [{ pointer: '/resources/0/properties/template/resources/0/properties/definition/actions/A/inputs/host/connection/name', message: "no entry 'servicebus_9'" }],
    },
  ],
});

describe('LAC042 documentation', () => {
  it('has examples that trigger (bad) and do not trigger (good)', () => {
    const { bad, good } = rule.meta.docs;
    const badFindings = lintFiles({ [bad.file]: bad.code }, rule);
    assert.deepStrictEqual(badFindings.map((f) => f.severity).sort(), ['error', 'error', 'warning']);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
});

// Mistakes seen in real Consumption templates (issue reports and public repositories).
const uaId = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'uai-orders')]";
ruleTester(rule, {
  valid: [
    {
      name: '$connections declared with "type": "Object" (any case)',
      files: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') }, resources: [connectionResource('keyvault', false)] }).replace('"type": "Object"', '"type": "object"') },
    },
    {
      name: 'a connectionId naming a connection the template does not deploy, when it deploys none (it exists already)',
      files: { 'azuredeploy.json': template({ actions: { A: action('office365') }, connections: { office365: entry('office365') } }) },
    },
    {
      name: 'deployed connection names that are expressions: cannot tell which are deployed',
      files: { 'azuredeploy.json': template({ actions: { A: action('office365') }, connections: { office365: entry('office365') }, resources: [{ ...connectionResource('keyvault', false), name: "[parameters('kvName')]" }] }) },
    },
    {
      name: 'the user-assigned identity the workflow has (the same expression)',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault') },
          identity: { type: 'UserAssigned', userAssignedIdentities: { [uaId]: {} } },
          connections: { keyvault: entry('keyvault', { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', identity: uaId } } }) },
          resources: [connectionResource('keyvault', true)],
        }),
      },
    },
    {
      name: 'an identity written as an id while the workflow names it by an expression: cannot compare',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault') },
          identity: { type: 'UserAssigned', userAssignedIdentities: { [uaId]: {} } },
          connections: { keyvault: entry('keyvault', { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', identity: `${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other` } } }) },
          resources: [connectionResource('keyvault', true)],
        }),
      },
    },
    {
      name: 'id and connection resource name the same API (literal and expression)',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('kv') },
          connections: { kv: { connectionId: "[resourceId('Microsoft.Web/connections', 'keyvault')]", connectionName: 'keyvault', id: `${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` } },
          resources: [connectionResource('keyvault', false)],
        }),
      },
    },
  ],
  invalid: [
    {
      name: '$connections declared without a type: InvalidTemplate, fixed with "type": "Object"',
      files: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') }, resources: [connectionResource('keyvault', false)] }).replace('"type": "Object",\n', '') },
      errors: [{ pointer: '/resources/0/properties/definition/parameters/$connections', message: /declared without a "type".*InvalidTemplate/ }],
    },
    {
      name: '$connections declared as a string',
      files: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') }, resources: [connectionResource('keyvault', false)] }).replace('"type": "Object"', '"type": "String"') },
      errors: [{ pointer: '/resources/0/properties/definition/parameters/$connections/type', message: /"type" "String".*"Object"/ }],
      output: { 'azuredeploy.json': template({ actions: { A: action('keyvault') }, connections: { keyvault: entry('keyvault') }, resources: [connectionResource('keyvault', false)] }) },
    },
    {
      name: 'the entry names another API than its connection resource',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('office365') },
          connections: { office365: { connectionId: "[resourceId('Microsoft.Web/connections', 'office365')]", connectionName: 'office365', id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', 'westeurope', 'office365')]" } },
          resources: [{ ...connectionResource('office365', false), properties: { api: { id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', 'westeurope', 'outlook')]" } } }],
        }),
      },
      errors: [{ pointer: `${REF()}/office365/id`, message: /says its API is 'office365', but its connection 'office365' is made for 'outlook'/ }],
    },
    {
      name: 'a connectionId naming a connection the template does not deploy, while it deploys others: a warning',
      files: { 'azuredeploy.json': template({ actions: { A: action('office365') }, connections: { office365: entry('office365-1') }, resources: [connectionResource('office365', false)] }) },
      errors: [{ pointer: `${REF()}/office365/connectionId`, severity: 'warning', message: /names the connection 'office365-1', which this template does not deploy \(it deploys 'office365'\)/ }],
    },
    {
      name: 'a location written as its display name in the entry id',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault') },
          connections: { keyvault: { connectionId: `${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/keyvault`, connectionName: 'keyvault', id: `${SUB}/providers/Microsoft.Web/locations/Australia Southeast/managedApis/keyvault` } },
        }),
      },
      errors: [{ pointer: `${REF()}/keyvault/id`, message: /display name, "Australia Southeast".*"australiasoutheast"/ }],
    },
    {
      name: 'a user-assigned identity the workflow does not have',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault') },
          identity: { type: 'UserAssigned', userAssignedIdentities: { [uaId]: {} } },
          connections: { keyvault: entry('keyvault', { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', identity: "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'uai-other')]" } } }) },
          resources: [connectionResource('keyvault', true)],
        }),
      },
      errors: [{ pointer: `${REF()}/keyvault/connectionProperties/authentication/identity`, message: /not one the template gives the workflow/ }],
    },
    {
      name: 'a user-assigned identity while the workflow has only its system-assigned one',
      files: {
        'azuredeploy.json': template({
          actions: { A: action('keyvault') },
          identity: { type: 'SystemAssigned' },
          connections: { keyvault: entry('keyvault', { connectionProperties: { authentication: { type: 'ManagedServiceIdentity', identity: uaId } } }) },
          resources: [connectionResource('keyvault', true)],
        }),
      },
      errors: [{ pointer: `${REF()}/keyvault/connectionProperties/authentication/identity`, message: /identity is "SystemAssigned": it has no user-assigned identity/ }],
    },
  ],
});

// Consumption templates of the gallery format: `$connections` keys are the manifest's connections.
const consumption = (key: string, connections: unknown = { 'office365_#workflowname#': { connectorId: '/office365_#workflowname#', kind: 'shared' } }) =>
  tpl.template(connections, { Use_Connection: { type: 'Compose', inputs: `@parameters('$connections')['${key}']['connectionId']`, runAfter: {} } }, { skus: ['consumption'], workflowExtra: { parameters: { $connections: { type: 'Object' } } } });
ruleTester(rule, {
  valid: [
    { name: 'a key the manifest declares', files: consumption('office365_#workflowname#') },
    { name: 'a template for Standard is LAC044\'s', files: { ...consumption('other'), 'manifest.json': tpl.templateManifest(['standard']) } },
  ],
  invalid: [
    {
      name: 'a key the manifest does not declare',
      files: consumption('outlook_#workflowname#'),
      errors: [{ file: 'default/workflow.json', pointer: '/actions/Use_Connection/inputs', message: /key 'outlook_#workflowname#' is not a connection of this template/ }],
    },
  ],
});

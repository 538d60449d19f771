import { asText } from '../printable';
import { apiOf, apiOfConnectionResource, connectionIndex, connectionResources, consumptionWorkflows } from '../connections';
import { MANAGED_IDENTITY_CONNECTORS, noManagedIdentityReason } from '../connectorIdentity';
import { isDynamic } from '../expressions';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { memberKey } from '../localAuth';
import type { JsonPath } from '../types';
import { defineRule, type RuleContext } from './rule';

const SUPPORTED = [...MANAGED_IDENTITY_CONNECTORS].sort().join(', ');

export default defineRule({
  meta: {
    id: 'LAC015',
    name: 'connector-without-managed-identity',
    defaultSeverity: 'error',
    description: 'A connection set up to authenticate with the managed identity on a managed connector that cannot use one (Office 365 Outlook, Salesforce, SFTP…).',
    docs: {
      details:
        'A managed connector authenticates to its service with the logic app\'s managed identity only if the connector supports OAuth with Microsoft Entra ID for that: such a connection is created with `"parameterValueType": "Alternative"` and used with `connectionProperties.authentication` of type `ManagedServiceIdentity` (in a Consumption template\'s `$connections`, or in a Standard connections.json entry). Microsoft documents which managed connectors support it (https://learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity, "Where you can use a managed identity": ' +
        SUPPORTED +
        ', among others). That list gives examples, so a connector missing from it is never reported: only connectors that cannot take an Azure token at all are, services outside Microsoft Entra ID (Salesforce, Gmail, SFTP, SMTP…, which sign in with their own accounts or keys) and Microsoft 365 connectors that act as a signed-in user (Office 365 Outlook, Teams, SharePoint…, whose reference pages at https://learn.microsoft.com/connectors/ list user sign-in only). Such a connection cannot be created, or fails on every call. Use the connector\'s own sign-in (an OAuth connection that someone authorizes), or, for Microsoft 365, the HTTP action with the managed identity against Microsoft Graph.',
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "connectionRuntimeUrl": "@appsetting(\'office365-connectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionProperties": { "authentication": { "type": "ManagedServiceIdentity", "audience": "https://outlook.office.com" } }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "keyvault": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/keyvault" },\n      "connectionRuntimeUrl": "@appsetting(\'keyvault-connectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionProperties": { "authentication": { "type": "ManagedServiceIdentity", "audience": "https://vault.azure.net" } }\n    }\n  }\n}',
      },
    },
    fixable: false,
  },
  check(ctx) {
    const project = ctx.project;
    if (project.kind === 'standard' && project.connections) checkConnectionsJson(ctx, project.connections);
    for (const file of project.workflows) {
      if (file.kind !== 'armTemplate') continue;
      checkTemplate(ctx, file);
    }
  },
});

function isMsiType(v: unknown): boolean {
  return typeof v === 'string' && !isDynamic(v) && v.trim().toLowerCase() === 'managedserviceidentity';
}

function message(api: string, why: string, where: string): string {
  return `${where} uses the managed identity, but the ${api} connector cannot: ${why}, and only connectors that accept Microsoft Entra ID tokens for their service can use a managed identity (https://learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity). The connection cannot be created that way, or every call through it fails. Use the connector's own sign-in${/signed-in user/.test(why) ? ', or the HTTP action with the managed identity against Microsoft Graph' : ''}.`;
}

/** Standard: `connectionProperties.authentication` of a managed API connection. */
function checkConnectionsJson(ctx: RuleContext, file: JsonFile): void {
  for (const { name, value: entry, path } of connectionIndex(file).section('managedApiConnections')) {
    if (!isObject(entry)) continue;
    const cpKey = memberKey(entry, 'connectionProperties');
    if (cpKey === undefined) continue;
    const cp = ctx.resolve(file, [...path, cpKey], entry[cpKey]);
    if (!isObject(cp.value)) continue;
    const authKey = memberKey(cp.value, 'authentication');
    if (authKey === undefined) continue;
    const auth = ctx.resolve(cp.file, [...cp.path, authKey], cp.value[authKey]);
    if (!isObject(auth.value)) continue;
    const typeKey = memberKey(auth.value, 'type');
    if (typeKey === undefined || !isMsiType(auth.value[typeKey])) continue;
    const apiHolder = isObject(entry.api) ? entry.api : undefined;
    const apiId = apiHolder ? ctx.resolve(file, [...path, 'api', 'id'], apiHolder.id).value : undefined;
    const api = apiOf(apiId);
    if (!api || api.kind !== 'managed') continue;
    const why = noManagedIdentityReason(api.name);
    if (!why) continue;
    ctx.report({ file: auth.file, path: [...auth.path, typeKey], message: message(api.name, why, `"connectionProperties.authentication" of "${name}"`) });
  }
}

/** Consumption ARM templates: `$connections` entries, and connection resources made for the managed identity. */
function checkTemplate(ctx: RuleContext, file: JsonFile): void {
  for (const wf of consumptionWorkflows(file)) {
    if (typeof wf.connections === 'string') continue;
    for (const [key, entry] of Object.entries(wf.connections.entries)) {
      if (!isObject(entry) || !isObject(entry.connectionProperties)) continue;
      const auth = entry.connectionProperties.authentication;
      if (!isObject(auth) || !isMsiType(auth.type)) continue;
      const api = apiOf(entry.id);
      if (!api || api.kind !== 'managed') continue;
      const why = noManagedIdentityReason(api.name);
      if (!why) continue;
      const path: JsonPath = [...wf.connections.path, key, 'connectionProperties', 'authentication', 'type'];
      ctx.report({ file, path, message: message(api.name, why, `The \`$connections\` entry '${key}'`) });
    }
  }
  for (const { resource, path } of connectionResources(file.value)) {
    const props = resource.properties;
    if (!isObject(props) || typeof props.parameterValueType !== 'string' || props.parameterValueType.trim().toLowerCase() !== 'alternative') continue;
    const api = apiOfConnectionResource(resource);
    if (!api || api.kind !== 'managed') continue;
    const why = noManagedIdentityReason(api.name);
    if (!why) continue;
    ctx.report({ file, path: [...path, 'properties', 'parameterValueType'], message: message(api.name, why, `The connection resource '${asText(resource.name)}' ("parameterValueType": "Alternative")`) });
  }
}

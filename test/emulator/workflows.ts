/**
 * Logic apps of the emulator, as "who uses this connection" reads them:
 *
 * - **Consumption workflows** (`Microsoft.Logic/workflows`) with their `$connections` parameter.
 *   Resource shape: azure-rest-api-specs `specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/logic.json`
 *   (`Workflow`, `WorkflowProperties`: state, createdTime, changedTime, version, accessEndpoint,
 *   definition, parameters as `{name: {type?, value}}`); the `$connections` value
 *   (`{<name>: {connectionId, connectionName, id}}`) as an exported template carries it
 *   (learn.microsoft.com/azure/logic-apps/logic-apps-azure-resource-manager-templates-overview,
 *   "Connection resource definitions" / "Workflow definition parameters"). GET
 *   `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Logic/workflows/{name}` (Workflows_Get)
 *   and Resource Graph rows of type `microsoft.logic/workflows` (the `resources` table:
 *   learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources).
 * - **Standard apps** (`Microsoft.Web/sites`, kind `functionapp,workflowapp`) whose deployed
 *   connections.json names connections: `{siteId}/workflowsconfiguration/connections` (routes.ts;
 *   read as the official designer reads it: Azure/LogicAppsUX
 *   `apps/Standalone/src/designer/app/AzureLogicAppsDesigner/Services/WorkflowAndArtifacts.tsx`,
 *   `useConnectionsData`, api-version 2018-11-01, `properties.files['connections.json']` when
 *   `properties.health.state` is healthy) and the same file through the host runtime's virtual file
 *   system, `GET {siteId}/hostruntime/admin/vfs/connections.json?relativepath=1&api-version=2018-11-01`
 *   (the raw file; the official designer reads parameters.json that way:
 *   `apps/Standalone/src/designer/app/AzureLogicAppsDesigner/laDesigner.tsx`).
 *
 * The data: four Consumption workflows over the V1 connections of data.ts (one disabled; one
 * names its connection under another key than its name), and a second Standard app (`la-notify-dev`) whose deployed
 * connections.json names its connections through app settings, as Standard projects deploy them
 * (`/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/…`).
 */
import { armError, json, type Reply } from './arm';
import { renderResource } from './identity';
import type { EmulatorData, SiteFixture } from './types';

export interface WorkflowConnectionRef {
  /** The connection's resource id (`connectionId`). */
  connectionId: string;
  connectionName: string;
  /** The managed API id (`id`). */
  apiId: string;
}

export interface WorkflowFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  state: 'Enabled' | 'Disabled';
  /** The `$connections` parameter value by its key (the name the definition uses). */
  connections: Record<string, WorkflowConnectionRef>;
  createdTime: string;
  changedTime: string;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function workflowIdOf(w: Pick<WorkflowFixture, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.Logic/workflows/${w.name}`;
}

const managedApiId = (subscriptionId: string, location: string, api: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.Web/locations/${location}/managedApis/${api}`;
const connectionNameOf = (id: string) => id.slice(id.lastIndexOf('/') + 1);

interface DefaultsInput {
  prod: string;
  dev: string;
  fabrikam: string;
  rg: { integrationProd: string; logicAppProd: string; integrationDev: string; fabrikam: string };
  location: { prod: string; dev: string; fabrikam: string };
  tenantId: string;
  /** Connection ids of data.ts by fixture key. */
  ids: Record<string, string>;
}

/** The Consumption workflows and the extra Standard app of the default data set. */
export function defaultLogicApps(d: DefaultsInput): { workflows: WorkflowFixture[]; sites: SiteFixture[] } {
  const ref = (id: string, api: string, subscriptionId: string, location: string): WorkflowConnectionRef => ({
    connectionId: id,
    connectionName: connectionNameOf(id),
    apiId: managedApiId(subscriptionId, location, api),
  });
  const workflow = (subscriptionId: string, resourceGroup: string, name: string, location: string, connections: Record<string, WorkflowConnectionRef>, state: WorkflowFixture['state'] = 'Enabled'): WorkflowFixture => ({
    subscriptionId,
    resourceGroup,
    name,
    location,
    state,
    connections,
    createdTime: '2024-03-04T09:00:00.0000000Z',
    changedTime: '2024-05-06T10:30:00.0000000Z',
  });
  const workflows: WorkflowFixture[] = [
    workflow(d.dev, d.rg.integrationDev, 'la-invoice-sync', d.location.dev, {
      keyvault: ref(d.ids.keyvaultV1!, 'keyvault', d.dev, d.location.dev),
      sql: ref(d.ids.testRequestsOk!, 'sql', d.dev, d.location.dev),
      servicebus: ref(d.ids.servicebusV1!, 'servicebus', d.dev, d.location.dev),
    }),
    // Disabled, but deployed: it still uses its connections.
    workflow(d.dev, d.rg.integrationDev, 'la-invoice-sync-old', d.location.dev, { keyvault: ref(d.ids.keyvaultV1!, 'keyvault', d.dev, d.location.dev) }, 'Disabled'),
    workflow(d.fabrikam, d.rg.fabrikam, 'la-fabrikam-mailer', d.location.fabrikam, {
      office365: ref(d.ids.fabrikamRevoked!, 'office365', d.fabrikam, d.location.fabrikam),
      onedrive: ref(d.ids.fabrikamOnedriveV1!, 'onedrive', d.fabrikam, d.location.fabrikam),
    }),
    workflow(d.prod, d.rg.integrationProd, 'la-orders-notify', d.location.prod, {
      // The $connections key need not be the connection's name.
      'contoso-orders': { connectionId: d.ids.customOrders!, connectionName: connectionNameOf(d.ids.customOrders!), apiId: `/subscriptions/${d.prod}/resourceGroups/${d.rg.integrationProd}/providers/Microsoft.Web/customApis/contoso-orders` },
    }),
  ];
  const byAppSetting = (rg: string, name: string) => `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`;
  const sites: SiteFixture[] = [
    {
      subscriptionId: d.dev,
      resourceGroup: d.rg.integrationDev,
      name: 'la-notify-dev',
      location: d.location.dev,
      kind: 'functionapp,workflowapp',
      identity: { type: 'None' },
      health: 'Healthy',
      connectionsJson: {
        managedApiConnections: {
          office365: {
            api: { id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/${d.location.dev}/managedApis/office365` },
            connection: { id: byAppSetting(d.rg.integrationDev, connectionNameOf(d.ids.devOffice365!)) },
            connectionRuntimeUrl: "@appsetting('office365-ConnectionRuntimeUrl')",
            authentication: { type: 'ManagedServiceIdentity' },
          },
          azureblob: {
            api: { id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/${d.location.dev}/managedApis/azureblob` },
            connection: { id: byAppSetting(d.rg.integrationDev, connectionNameOf(d.ids.blobKey!)) },
            connectionRuntimeUrl: "@appsetting('azureblob-ConnectionRuntimeUrl')",
            authentication: { type: 'ManagedServiceIdentity' },
          },
        },
      },
    },
  ];
  return { workflows, sites };
}

/** The `$connections` parameter value of a workflow. */
function connectionsValue(w: WorkflowFixture): Record<string, unknown> {
  return Object.fromEntries(Object.entries(w.connections).map(([k, c]) => [k, { connectionId: c.connectionId, connectionName: c.connectionName, id: c.apiId }]));
}

/** Workflows_Get (2019-05-01): the resource with its definition and parameters. */
export function renderWorkflow(w: WorkflowFixture): Record<string, unknown> {
  const actions = Object.fromEntries(
    Object.keys(w.connections).map((k) => [
      `Use_${k.replace(/[^A-Za-z0-9]/g, '_')}`,
      {
        type: 'ApiConnection',
        runAfter: {},
        inputs: { host: { connection: { name: `@parameters('$connections')['${k}']['connectionId']` } }, method: 'get', path: '/' },
      },
    ]),
  );
  return {
    id: workflowIdOf(w),
    name: w.name,
    type: 'Microsoft.Logic/workflows',
    location: w.location,
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      createdTime: w.createdTime,
      changedTime: w.changedTime,
      state: w.state,
      version: '08584730000000000000',
      accessEndpoint: `https://prod-00.${w.location}.logic.azure.com:443/workflows/${Buffer.from(workflowIdOf(w).toLowerCase()).toString('hex').slice(-32)}`,
      definition: {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: { $connections: { defaultValue: {}, type: 'Object' } },
        triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
        actions,
        outputs: {},
      },
      parameters: { $connections: { value: connectionsValue(w) } },
    },
  };
}

/** A Resource Graph row of a workflow (lower-case type and resource group, like ARG). */
export function renderGraphWorkflow(w: WorkflowFixture, data: EmulatorData): Record<string, unknown> {
  return {
    ...renderWorkflow(w),
    type: 'microsoft.logic/workflows',
    tenantId: data.tenantId,
    kind: '',
    resourceGroup: w.resourceGroup.toLowerCase(),
    subscriptionId: w.subscriptionId,
    managedBy: '',
    sku: null,
    plan: null,
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

/** Rows for a Resource Graph query (the handler decides the type filter and the scope). */
export function workflowGraphRows(data: EmulatorData, wantType: (type: string) => boolean, inScope: (sub: string) => boolean): (() => Record<string, unknown>)[] {
  if (!wantType('microsoft.logic/workflows')) return [];
  return (data.workflows ?? []).filter((w) => inScope(w.subscriptionId)).map((w) => () => renderGraphWorkflow(w, data));
}

/** The identity world's workflows (identity.ts: a workflow without `$connections` whose HTTP action uses a managed identity). */
function identityWorkflows(data: EmulatorData) {
  return (data.identity?.resources ?? []).filter((r) => r.type.toLowerCase() === 'microsoft.logic/workflows');
}

/** GET a workflow: 404 `ResourceNotFound` like ARM. */
export function getWorkflowReply(data: EmulatorData, sub: string, rg: string, name: string): Reply {
  const w = (data.workflows ?? []).find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg) && eq(x.name, name));
  const other = w ? undefined : identityWorkflows(data).find((x) => eq(x.subscriptionId, sub) && eq(x.resourceGroup, rg) && eq(x.name, name));
  if (other) return json(renderResource(other, data));
  if (!w) {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Logic/workflows/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return json(renderWorkflow(w));
}

/** Workflows_ListBySubscription / Workflows_ListByResourceGroup: `{value: [...]}` (one page). */
export function listWorkflowsReply(data: EmulatorData, sub: string, rg?: string): Reply {
  const inScope = (w: { subscriptionId: string; resourceGroup: string }) => eq(w.subscriptionId, sub) && (rg === undefined || eq(w.resourceGroup, rg));
  const items = (data.workflows ?? []).filter(inScope);
  return json({ value: [...items.map(renderWorkflow), ...identityWorkflows(data).filter(inScope).map((r) => renderResource(r, data))] });
}

/** The host runtime's file: the deployed connections.json itself (no envelope). */
export function siteVfsFileReply(s: SiteFixture, file: string): Reply {
  if (file.toLowerCase() !== 'connections.json') return armError(404, 'NotFound', `The file '${file}' was not found.`);
  return json(s.connectionsJson);
}

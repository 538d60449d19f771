/**
 * `samples/` and the emulator share one world: the samples' subscription (`Contoso Integration`,
 * the `WORKFLOWS_SUBSCRIPTION_ID` of samples/local.settings.json), its resource group
 * `rg-contoso-integration` and the API connections samples/connections.json names exist here, so
 * `npm start` shows them live and `lac diagnose samples --app <FIXTURE.site>` checks them.
 *
 * The fixture Logic App `la-orders-prod` (data.ts) runs samples/: its managed identity has an access
 * policy on the samples' managed-identity connections, Storage Blob Data Reader on
 * `contosoinvoices` (the azureblob connection's account), no role on the Service Bus namespace the
 * `servicebus` connection receives from, and none on the Key Vault `contoso-kv` the samples' HTTP
 * actions read with the managed identity (identity.ts). `sharepointonline` was authorized by a user
 * who is now disabled in the directory.
 *
 * Connection shapes: as data.ts (azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`);
 * the managed-identity parameter sets (`managedIdentityAuth` with `namespaceEndpoint`) as the
 * connectors' ARM templates write them (learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity,
 * "Create an API connection that uses managed identity").
 */
import type { AccessPolicyFixture, ConnectionFixture } from './types';

export const SAMPLES_SUBSCRIPTION = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
export const SAMPLES_RESOURCE_GROUP = 'rg-contoso-integration';
export const SAMPLES_LOCATION = 'westeurope';

/** The connection names of samples/connections.json (managedApiConnections). */
export const SAMPLE_CONNECTIONS = ['office365', 'office365users', 'teams', 'azureblob', 'azureblob-1', 'sharepointonline', 'servicebus'] as const;

export function sampleConnectionId(name: (typeof SAMPLE_CONNECTIONS)[number]): string {
  return `/subscriptions/${SAMPLES_SUBSCRIPTION}/resourceGroups/${SAMPLES_RESOURCE_GROUP}/providers/Microsoft.Web/connections/${name}`;
}

/** The runtime URLs samples/connections.json and local.settings.json hold (https: Azure never reports http). */
const RUNTIME: Partial<Record<(typeof SAMPLE_CONNECTIONS)[number], string>> = {
  office365: 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/office365/5c0e7a3b9d2f4e61a8b7c6d5e4f3a2b1/',
  office365users: 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/office365users/3e5a7c9b1d2f4a6c8e0b2d4f6a8c1e3b/',
  teams: 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/teams/0d4e8a2c6f1b49e7b3a5c9d1e7f2a4b6/',
  azureblob: 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/azureblob/7a1c3e5f9b2d4e6a8c0f1b3d5e7a9c2e/',
  'azureblob-1': 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/azureblob/2f8b4d6e0a3c4b7d9e1f5a7c3b9d0e4f/',
  sharepointonline: 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/sharepointonline/4b9e1d7a3c5f4a2e8d6b0c2f4a6e8b1d/',
};

export function sampleConnections(ids: { tenantId: string; sitePrincipalId: string; developerObjectId: string }): ConnectionFixture[] {
  const policy = (name: string, objectId: string): AccessPolicyFixture => ({ name, objectId, tenantId: ids.tenantId });
  const site = policy('la-orders-prod-msi', ids.sitePrincipalId);
  const developer = policy('developer', ids.developerObjectId);
  const base = (name: (typeof SAMPLE_CONNECTIONS)[number], api: string, init: Partial<ConnectionFixture> = {}): ConnectionFixture => ({
    subscriptionId: SAMPLES_SUBSCRIPTION,
    resourceGroup: SAMPLES_RESOURCE_GROUP,
    name,
    location: SAMPLES_LOCATION,
    kind: 'V2',
    api,
    displayName: name,
    overallStatus: 'Connected',
    connectionState: 'Enabled',
    statuses: [{ status: 'Connected' }],
    createdTime: '2024-05-06T08:00:00.0000000Z',
    changedTime: '2024-05-06T08:00:00.0000000Z',
    parameterValues: {},
    test: { kind: 'ok' },
    accessPolicies: [site, developer],
    ...(RUNTIME[name] ? { connectionRuntimeUrl: RUNTIME[name] } : {}),
    ...init,
  });
  return [
    base('office365', 'office365', { displayName: 'finance-ops@contoso.com', authenticatedUser: 'finance-ops@contoso.com' }),
    base('office365users', 'office365users', { displayName: 'finance-ops@contoso.com', authenticatedUser: 'finance-ops@contoso.com' }),
    base('teams', 'teams', { displayName: 'ops@contoso.com', authenticatedUser: 'ops@contoso.com' }),
    base('azureblob', 'azureblob', { displayName: 'contosoinvoices (managed identity)', parameterValues: undefined, parameterValueSet: { name: 'managedIdentityAuth', values: {} } }),
    base('azureblob-1', 'azureblob', { displayName: 'contosoinvoices (managed identity, unused)', parameterValues: undefined, parameterValueSet: { name: 'managedIdentityAuth', values: {} } }),
    // Authorized by a user who has since been disabled: the next token refresh fails.
    base('sharepointonline', 'sharepointonline', { displayName: 'former.employee@contoso.com', authenticatedUser: 'former.employee@contoso.com', changedTime: '2024-02-12T14:00:00.0000000Z' }),
    base('servicebus', 'servicebus', {
      displayName: 'sb-contoso-fulfilment (managed identity)',
      parameterValues: undefined,
      parameterValueSet: { name: 'managedIdentityAuth', values: { namespaceEndpoint: { value: 'sb://sb-contoso-fulfilment.servicebus.windows.net/' } } },
    }),
  ];
}

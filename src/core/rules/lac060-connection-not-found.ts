import { knownConnections, sourceOf } from '../azureFacts';
import { parseConnectionId } from '../azure/model';
import { defineRule } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const ID = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/${name}`;
const example = (name: string) =>
  `{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "${ID(name)}" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef/",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}`;

export default defineRule({
  meta: {
    id: 'LAC060',
    name: 'connection-not-found',
    defaultSeverity: 'error',
    description: '`connection.id` names an API connection that does not exist in Azure (404).',
    docs: {
      details:
        'The runtime looks the connection up by `connection.id` when a workflow runs; if the resource is gone (deleted, renamed, another resource group) every action that uses it fails. Signed in, the extension asks Azure Resource Manager for the connection (`GET {connection.id}`); this rule reports the id when Azure answers 404 `ResourceNotFound` or `ResourceGroupNotFound`. Ids are resolved first: `@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}` parts are taken from local.settings.json. A subscription the account cannot see (`SubscriptionNotFound`, another tenant), 403 and network errors are not reported: Azure cannot tell. Create the connection (the designer does it), or correct the id.',
      bad: { file: 'connections.json', code: example('office365-orderz') },
      good: { file: 'connections.json', code: example('office365-orders') },
      azure: {
        bad: {
          connections: {
            [ID('office365-orderz')]: {
              error: { status: 404, code: 'ResourceNotFound', message: "The Resource 'Microsoft.Web/connections/office365-orderz' under resource group 'rg-integration' was not found." },
            },
          },
        },
        good: {
          connections: {
            [ID('office365-orders')]: {
              resource: { id: ID('office365-orders'), name: 'office365-orders', kind: 'V2', location: 'westeurope', properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }] } },
            },
          },
        },
      },
    },
    fixable: false,
    requiresAzure: true,
  },
  check(ctx) {
    for (const { ref, fact } of knownConnections(ctx.project, ctx.azure)) {
      if (fact.state !== 'not-found') continue;
      const parts = parseConnectionId(ref.id);
      const where = parts ? `"${parts.name}" in resource group "${parts.resourceGroup}" (subscription ${parts.subscriptionId})` : ref.id;
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `Connection "${ref.name}" points at the API connection ${where}, which does not exist in ${sourceOf(ctx.azure)} (404 ${fact.code}): every action that uses it fails. Create the connection, or correct connection.id.`,
      });
    }
  },
});

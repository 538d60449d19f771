import { knownConnections, sourceOf } from '../azureFacts';
import { defineRule } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/keyvault`;
const CODE =
  `{\n  "managedApiConnections": {\n    "keyvault": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault" },\n      "connection": { "id": "${ID}" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/keyvault/0123456789abcdef0123456789abcdef/",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}`;
const resource = (kind: string) => ({ id: ID, name: 'keyvault', kind, location: 'westeurope', properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }] } });

export default defineRule({
  meta: {
    id: 'LAC062',
    name: 'connection-kind',
    defaultSeverity: 'error',
    description: 'A Standard project uses a V1 (Consumption) API connection: Standard workflows need V2 connections.',
    docs: {
      details:
        'API connections come in two kinds. V1 connections serve Consumption logic apps; Logic Apps Standard calls its connections through their `connectionRuntimeUrl` with access policies, which only V2 connections have. A connections.json that points at a V1 connection (often one reused from a Consumption app) fails at run time. Signed in, the extension reads the connection\'s `kind`; this rule reports a V1 connection on `connection.id`. Create a V2 connection for the Standard app (the designer does it) and point `connection.id` and `connectionRuntimeUrl` at it.',
      bad: { file: 'connections.json', code: CODE },
      good: { file: 'connections.json', code: CODE + '\n// The same file; Azure says the connection is kind V2.' },
      azure: {
        bad: { connections: { [ID]: { resource: resource('V1') } } },
        good: { connections: { [ID]: { resource: resource('V2') } } },
      },
    },
    fixable: false,
    requiresAzure: true,
  },
  check(ctx) {
    if (ctx.project.kind !== 'standard') return;
    for (const { ref, fact } of knownConnections(ctx.project, ctx.azure)) {
      if (fact.state !== 'found' || fact.connection.kind !== 'V1') continue;
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `Connection "${ref.name}" is a V1 (Consumption) API connection according to ${sourceOf(ctx.azure)}: Logic Apps Standard can only use V2 connections (with a connectionRuntimeUrl and access policies), so runs that use it fail. Create a V2 connection for this app and point connection.id and connectionRuntimeUrl at it.`,
      });
    }
  },
});

import { knownConnections, sourceOf } from '../azureFacts';
import { policyFor } from '../azure/model';
import { isObject } from '../json/pointer';
import { defineRule } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const TENANT = '5d7c9e1f-3a2b-4c6d-8e0f-1a3b5c7d9e2f';
const DEVELOPER = 'de7e1000-0000-4000-8000-00000000000d';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/office365`;
const CODE =
  `{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "${ID}" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef/",\n      "authentication": { "type": "Raw", "scheme": "Key", "parameter": "@appsetting('office365-connectionKey')" }\n    }\n  }\n}`;
const resource = { id: ID, name: 'office365', kind: 'V2', location: 'westeurope', properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }] } };
const policy = (name: string, objectId: string) => ({ name, properties: { principal: { type: 'ActiveDirectory', identity: { objectId, tenantId: TENANT } } } });
const identity = { objectId: DEVELOPER, tenantId: TENANT, name: 'dev@contoso.com' };

export default defineRule({
  meta: {
    id: 'LAC063',
    name: 'missing-access-policy',
    defaultSeverity: 'warning',
    description: 'A V2 connection has no access policy for the identity that uses it locally (the signed-in developer): local runs get 403.',
    docs: {
      details:
        'A V2 API connection only serves identities listed in its access policies. Locally, a Standard project calls its connections with a connection key on behalf of the developer, so the developer\'s object id needs a policy (the designer adds one when it creates the connection; a connection created elsewhere, or by a colleague, has none for you) — without it local runs fail with 403. Signed in, the extension reads the connection\'s access policies and your object id from your Azure sign-in; this rule warns on `connection.id`. Entries that authenticate with the app\'s managed identity are not checked (in Azure, the app\'s identity needs the policy). Add a policy for your object id (portal: the connection → Access policies → Add).',
      bad: { file: 'connections.json', code: CODE },
      good: { file: 'connections.json', code: CODE + '\n// The same file; the connection has an access policy for the signed-in developer.' },
      azure: {
        bad: { identity, connections: { [ID]: { resource, accessPolicies: [policy('la-orders-prod-msi', 'a5a5a5a5-0000-4000-8000-00000000000a')] } } },
        good: { identity, connections: { [ID]: { resource, accessPolicies: [policy('la-orders-prod-msi', 'a5a5a5a5-0000-4000-8000-00000000000a'), policy('developer', DEVELOPER)] } } },
      },
    },
    fixable: false,
    requiresAzure: true,
  },
  check(ctx) {
    const identity = ctx.azure?.identity;
    if (!identity?.objectId) return;
    const file = ctx.project.connections;
    for (const { ref, fact } of knownConnections(ctx.project, ctx.azure)) {
      if (fact.state !== 'found' || fact.connection.kind !== 'V2' || !fact.accessPolicies) continue;
      // In Azure the app's managed identity uses the connection: not the developer's business.
      const auth = file ? ctx.resolve(file, ['managedApiConnections', ref.name, 'authentication'], ref.entry.authentication).value : undefined;
      if (isObject(auth) && typeof auth.type === 'string' && auth.type.toLowerCase() === 'managedserviceidentity') continue;
      if (policyFor(fact.accessPolicies, identity)) continue;
      const who = identity.name ? `${identity.name} (object id ${identity.objectId})` : `object id ${identity.objectId}`;
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `Connection "${ref.name}" has no access policy for you, ${who}, according to ${sourceOf(ctx.azure)}: local runs of workflows that use it fail with 403 Forbidden. Add an access policy for your object id (portal: the connection → Access policies → Add), or recreate the connection from the designer, which adds one.`,
      });
    }
  },
});

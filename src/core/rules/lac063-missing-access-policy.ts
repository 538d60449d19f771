import { policyNeedOf } from '../accessIdentity';
import { knownConnections, sourceOf } from '../azureFacts';
import { policyFor } from '../azure/model';
import { entryAuth, localAuthMode } from '../localAuth';
import { defineRule } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const TENANT = '5d7c9e1f-3a2b-4c6d-8e0f-1a3b5c7d9e2f';
const DEVELOPER = 'de7e1000-0000-4000-8000-00000000000d';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/office365`;
const CODE =
  `{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "${ID}" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef/",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}`;
const SETTINGS = '\n// local.settings.json: { "IsEncrypted": false, "Values": { "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity" } }';
const resource = { id: ID, name: 'office365', kind: 'V2', location: 'westeurope', properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }] } };
const policy = (name: string, objectId: string) => ({ name, properties: { principal: { type: 'ActiveDirectory', identity: { objectId, tenantId: TENANT } } } });
const identity = { objectId: DEVELOPER, tenantId: TENANT, name: 'dev@contoso.com' };

export default defineRule({
  meta: {
    id: 'LAC063',
    name: 'missing-access-policy',
    defaultSeverity: 'warning',
    description: 'A V2 connection has no access policy for the identity that calls it: the signed-in developer in local managed-identity mode, or the app\'s managed identity in Azure. Calls get 403.',
    docs: {
      details:
        'A V2 API connection only serves the identities its access policies list. Which identity calls it depends on where the workflow runs and how the entry authenticates (see LAC013 for the two local modes):\n\n' +
        '- **Locally in managed-identity mode** (`"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"`), an entry with `{"type": "ManagedServiceIdentity"}` is called with the signed-in developer\'s identity: the developer needs a policy. The official extension creates it when it sets a connection up (Azure/LogicAppsUX `connection.ts`, `ensureAccessPolicyLocalMSI`: `PUT …/accessPolicies/<name>?api-version=2016-06-01` with `{"properties": {"principal": {"type": "ActiveDirectory", "identity": {"objectId", "tenantId"}}}}`); a connection created elsewhere, or by a colleague, has none for you.\n' +
        '- **Locally in key mode**, the connection key authenticates: no policy is needed and nothing is reported (the `az logicapp connection managed create` docs: a local project needs no access-policy write). Where local.settings.json is missing the mode is unknown and nothing is reported.\n' +
        '- **In Azure** (`lac diagnose --app <Logic App>`), the app\'s identity the entry uses: its system-assigned identity, or the user-assigned one that `authentication.identity` names; apps with both kinds are judged too.\n\n' +
        'Signed in, the extension reads the connection\'s access policies and your object id from your sign-in; this rule warns on `connection.id` and names the identity. Entries that authenticate with a key or an app registration (ActiveDirectoryOAuth) are not checked. Add the policy with *Add Access Policy…* (this problem\'s quick fix, a code lens above the entry, or the connection\'s context menu), `lac connections access add <id> --object-id <id> --tenant <id>`, *Use Managed Identity for Local Runs…* (adds yours on every connection), or in the portal (the connection → Access policies → Add).',
      bad: { file: 'connections.json', code: CODE + SETTINGS },
      good: { file: 'connections.json', code: CODE + SETTINGS + '\n// The same files; the connection has an access policy for the signed-in developer.' },
      azure: {
        bad: { identity, connections: { [ID]: { resource, accessPolicies: [policy('la-orders-prod-msi', 'a5a5a5a5-0000-4000-8000-00000000000a')] } } },
        good: { identity, connections: { [ID]: { resource, accessPolicies: [policy('la-orders-prod-msi', 'a5a5a5a5-0000-4000-8000-00000000000a'), policy('developer', DEVELOPER)] } } },
      },
    },
    fixable: false,
    requiresAzure: true,
  },
  check(ctx) {
    const facts = ctx.azure;
    if (!facts) return;
    const app = facts.app;
    // Locally only managed-identity mode uses an identity; skip the walk otherwise.
    const mode = app ? undefined : localAuthMode(ctx.project);
    if (mode && (mode.mode !== 'msi' || !facts.identity?.objectId)) return;
    for (const { ref, fact } of knownConnections(ctx.project, facts)) {
      if (fact.state !== 'found' || fact.connection.kind !== 'V2' || !fact.accessPolicies) continue;
      const need = policyNeedOf({ auth: entryAuth(ctx.project, ref.entry), ...(mode ? { mode } : {}), ...(facts.identity ? { developer: facts.identity } : {}), ...(app ? { app } : {}) });
      if (need.kind !== 'identity') continue;
      const who = need.identity;
      if (policyFor(fact.accessPolicies, who)) continue;
      const ids = `object id ${who.objectId}${who.tenantId ? `, tenant ${who.tenantId}` : ''}`;
      const where = who.source === 'developer'
        ? 'in local managed-identity mode, local runs call it with your identity and get 403 Forbidden'
        : 'in Azure, its workflows call it with that identity and get 403 Forbidden';
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `Connection "${ref.name}" has no access policy for ${who.description} (${ids}), according to ${sourceOf(facts)}: ${where}. Add one: Add Access Policy… (the quick fix), or lac connections access add ${ref.id} --object-id ${who.objectId}${who.tenantId ? ` --tenant ${who.tenantId}` : ''}.`,
        actions: [{ title: who.source === 'developer' ? `Add an access policy for you on "${ref.name}"…` : `Add an access policy for ${who.description} on "${ref.name}"…`, kind: 'add-access-policy', connectionId: ref.id }],
      });
    }
  },
});

import { reportAudienceVerdicts } from './audienceVerdicts';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'LAC021',
    name: 'msi-audience-format',
    defaultSeverity: 'error',
    description: 'A managed-identity audience for the right service written wrongly: slash, missing https://, path, /.default, whitespace, typo.',
    docs: {
      details:
        'Microsoft Entra ID matches the audience against the service\'s registered identifier, so small differences matter. ' +
        'Key Vault wants `https://vault.azure.net` without a trailing slash (with one, Key Vault answers 401); the resource-wide Storage audience is documented as `https://storage.azure.com/` with its slash, and a single account\'s URL (`https://<account>.blob.core.windows.net`) without one (warnings). ' +
        'An audience without `https://` fails with an opaque 500 (Azure/LogicAppsUX#4242); a path, a query, a `/.default` scope suffix or whitespace never belongs in an audience; `parameters(\'x\')` without its `@` is sent as literal text. ' +
        'A near miss of a known audience (`https://vault.azure.com`) and a resource\'s own address used where the documented audience is expected are warnings. The quick fix writes the corrected audience.',
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "keyvault": {\n      "api": { "id": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault" },\n      "connection": { "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/connections/keyvault" },\n      "connectionRuntimeUrl": "@appsetting(\'keyvault-ConnectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionProperties": {\n        "authentication": { "type": "ManagedServiceIdentity", "audience": "https://vault.azure.net/" }\n      }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "keyvault": {\n      "api": { "id": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault" },\n      "connection": { "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/connections/keyvault" },\n      "connectionRuntimeUrl": "@appsetting(\'keyvault-ConnectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionProperties": {\n        "authentication": { "type": "ManagedServiceIdentity", "audience": "https://vault.azure.net" }\n      }\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    reportAudienceVerdicts(ctx, 'LAC021');
  },
});

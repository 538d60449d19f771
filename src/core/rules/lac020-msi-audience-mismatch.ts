import { reportAudienceVerdicts } from './audienceVerdicts';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'LAC020',
    name: 'msi-audience-mismatch',
    defaultSeverity: 'error',
    description: 'A managed-identity audience that does not fit the target: another service, another cloud, another storage account.',
    docs: {
      details:
        'With `ManagedServiceIdentity` authentication the runtime asks Microsoft Entra ID for a token whose audience is `audience`, and the target service rejects a token issued for anything else with 401. ' +
        'This rule compares the audience with the service the request goes to, taken from the literal host of `inputs.uri` (also when an expression builds the account name, as in `https://@{parameters(\'account\')}.blob.core.windows.net/...`): ' +
        'the Resource Manager audience on a Key Vault, Storage, Service Bus or Graph call, a public-cloud audience on a `.us` or `.cn` host (and back), another storage account, or an audience of some other application. ' +
        'For `connectionProperties.authentication` of managed API connections the target is the connector (`keyvault`, `azureblob`, `servicebus`...) and findings are warnings. ' +
        'Values built with expressions, app settings or deployment placeholders are not judged, and neither are sovereign-cloud values the catalogue marks unverified. The quick fix sets the audience the target expects.',
      bad: {
        file: 'GetSecret/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Get_secret": {\n        "type": "Http",\n        "inputs": {\n          "method": "GET",\n          "uri": "https://myvault.vault.azure.net/secrets/db-password?api-version=7.4",\n          "authentication": { "type": "ManagedServiceIdentity", "audience": "https://management.azure.com/" }\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}',
      },
      good: {
        file: 'GetSecret/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Get_secret": {\n        "type": "Http",\n        "inputs": {\n          "method": "GET",\n          "uri": "https://myvault.vault.azure.net/secrets/db-password?api-version=7.4",\n          "authentication": { "type": "ManagedServiceIdentity", "audience": "https://vault.azure.net" }\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    reportAudienceVerdicts(ctx, 'LAC020');
  },
});

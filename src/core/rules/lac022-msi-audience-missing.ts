import { judgeMissingAudience, msiSites } from '../audiences';
import { setValue } from '../json/edits';
import { defineRule, fix } from './rule';

export default defineRule({
  meta: {
    id: 'LAC022',
    name: 'msi-audience-missing',
    defaultSeverity: 'error',
    description: 'An HTTP call with the managed identity and no audience to a service other than Resource Manager: it gets an ARM token and a 401.',
    docs: {
      details:
        'Without `audience`, `ManagedServiceIdentity` authentication asks for a Resource Manager token (`https://management.azure.com/`). That is right for ARM calls and wrong everywhere else: Key Vault, Storage, Service Bus, Graph, Cosmos DB or Azure OpenAI reject it with 401. ' +
        'The rule looks at `Http` and `HttpWebhook` actions and triggers whose request host is literal and known, and stays silent when the URI is built by an expression or points at a custom API. ' +
        'The token-store `authentication` of managed API connections never has an audience and is not checked. The quick fix inserts the audience of the target service, in the cloud of the request host.',
      bad: {
        file: 'Archive/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Put_blob": {\n        "type": "Http",\n        "inputs": {\n          "method": "PUT",\n          "uri": "https://contosoarchive.blob.core.windows.net/orders/@{guid()}.json",\n          "headers": { "x-ms-version": "2021-12-02", "x-ms-blob-type": "BlockBlob" },\n          "body": "@triggerBody()",\n          "authentication": { "type": "ManagedServiceIdentity" }\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}',
      },
      good: {
        file: 'Archive/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Put_blob": {\n        "type": "Http",\n        "inputs": {\n          "method": "PUT",\n          "uri": "https://contosoarchive.blob.core.windows.net/orders/@{guid()}.json",\n          "headers": { "x-ms-version": "2021-12-02", "x-ms-blob-type": "BlockBlob" },\n          "body": "@triggerBody()",\n          "authentication": { "type": "ManagedServiceIdentity", "audience": "https://storage.azure.com/" }\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    for (const site of msiSites(ctx.project, ctx.resolve)) {
      const v = judgeMissingAudience(site, ctx.cloud);
      if (!v) continue;
      const f = v.fix;
      // An empty audience is replaced where it is written; a missing one is inserted.
      const at = site.audience ?? { file: site.authFile, path: [...site.authPath, 'audience'] };
      ctx.report({
        file: site.hasAudience ? at.file : site.authFile,
        path: site.hasAudience ? at.path : site.authPath,
        key: !site.hasAudience,
        message: v.message,
        fixes: f && (() => [fix(f.title, [setValue(at.file, at.path, f.value)], f.preferred)]),
      });
    }
  },
});

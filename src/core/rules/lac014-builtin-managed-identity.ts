import { isDynamic } from '../expressions';
import { isObject } from '../json/pointer';
import { memberKey } from '../localAuth';
import type { JsonPath } from '../types';
import { defineRule } from './rule';
import { connectionIndex } from '../connections/entries';

const CODE = (auth: string) =>
  `{\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "displayName": "orders bus",\n      "parameterValues": {\n        "fullyQualifiedNamespace": "@appsetting('serviceBus_fullyQualifiedNamespace')",\n        ${auth}\n      },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" }\n    }\n  }\n}`;

export default defineRule({
  meta: {
    id: 'LAC014',
    name: 'builtin-managed-identity',
    defaultSeverity: 'info',
    description: 'A built-in connection (`serviceProviderConnections`) that authenticates with the managed identity: right in Azure; local runs need a signed-in developer credential (info).',
    docs: {
      details:
        'Built-in connectors run inside the Logic Apps runtime. With `"authProvider": {"Type": "ManagedServiceIdentity"}` in `parameterValues` they use the app\'s managed identity, which works in Azure. A local run has no managed identity: the runtime needs a credential of the developer (for example a sign-in with `az login`) that has the same data-plane role on the target as the app (Azure/logicapps#708: a Service Bus connection with managed identity that works in Azure and fails locally). This is not an error and needs no change; the finding only says why a local run may fail to authenticate when the deployed app succeeds. Where it does fail, give your account the role, or use a connection string locally through an app setting. The rule does not depend on the local authentication mode (`WORKFLOWS_AUTHENTICATION_METHOD`, see LAC013), which governs managed API connections only.',
      bad: { file: 'connections.json', code: CODE('"authProvider": { "Type": "ManagedServiceIdentity" }') + '\n// Reported as information: right in Azure; locally the runtime needs your credential.' },
      good: { file: 'connections.json', code: CODE('"connectionString": "@appsetting(\'serviceBus_connectionString\')"') },
    },
    fixable: false,
  },
  check(ctx) {
    if (ctx.project.kind !== 'standard') return;
    const file = ctx.project.connections;
    if (!file) return;
    for (const { name, value: entry } of connectionIndex(file).section('serviceProviderConnections')) {
      if (!isObject(entry)) continue;
      const pvKey = memberKey(entry, 'parameterValues');
      if (pvKey === undefined) continue;
      const pvPath: JsonPath = ['serviceProviderConnections', name, pvKey];
      const pv = ctx.resolve(file, pvPath, entry[pvKey]);
      if (!isObject(pv.value)) continue;
      const apKey = memberKey(pv.value, 'authProvider');
      if (apKey === undefined) continue;
      const ap = ctx.resolve(pv.file, [...pv.path, apKey], pv.value[apKey]);
      if (!isObject(ap.value)) continue;
      const typeKey = memberKey(ap.value, 'Type');
      const type = typeKey === undefined ? undefined : ap.value[typeKey];
      if (typeof type !== 'string' || isDynamic(type) || type.trim().toLowerCase() !== 'managedserviceidentity') continue;
      ctx.report({
        file: ap.file,
        path: [...ap.path, typeKey!],
        message: `Built-in connection "${name}" authenticates with the app's managed identity: right in Azure. A local run has none: the runtime needs your developer credential (for example az login) with the same role on the target as the app (Azure/logicapps#708). If local runs fail to authenticate, give your account that role, or use a connection string locally through an app setting.`,
      });
    }
  },
});

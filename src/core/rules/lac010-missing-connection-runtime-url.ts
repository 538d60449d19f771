import { setValue } from '../json/edits';
import { isObject } from '../json/pointer';
import type { FileEdit } from '../types';
import { defineRule, fix } from './rule';
import { connectionIndex } from '../connections/entries';

export default defineRule({
  meta: {
    id: 'LAC010',
    name: 'missing-connection-runtime-url',
    defaultSeverity: 'error',
    description: 'A managed API connection without `connectionRuntimeUrl`: the runtime refuses the connection.',
    docs: {
      details:
        'Every entry of `managedApiConnections` needs the connection\'s runtime URL (`https://….azure-apihub.net/apim/{api}/{id}`): that is where the runtime sends the connector\'s calls. Without it the runtime fails with "missing a required property \'connectionRuntimeUrl\'" (Azure/logicapps#321), which often happens when connections.json is written by hand or by a deployment script. The value is in the connection resource (`properties.connectionRuntimeUrl`) or in `listConnectionKeys` (`runtimeUrls[0]`). Signed in, the quick fix writes the real URL from Azure; that is the fix *Fix all* and `lac lint --fix` apply. Offline, a quick fix can add `"connectionRuntimeUrl": "@appsetting(\'<name>-connectionRuntimeUrl\')"` and an empty app setting of that name to local.settings.json, but the URL is still missing then (LAC031 reports the empty setting), so fix-all leaves it to you.',
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "connectionRuntimeUrl": "@appsetting(\'office365-connectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const file = ctx.project.connections;
    if (!file) return;
    for (const { name, value: entry } of connectionIndex(file).section('managedApiConnections')) {
      if (!isObject(entry)) continue; // LAC002
      const keys = Object.keys(entry);
      // Member names are matched without regard to case by the runtime.
      if (keys.some((k) => k.toLowerCase() === 'connectionruntimeurl')) continue;
      // Nested inside connectionProperties: LAC011 reports it and moves it.
      const cp = entry.connectionProperties;
      if (isObject(cp) && Object.keys(cp).some((k) => k.toLowerCase() === 'connectionruntimeurl')) continue;
      const setting = `${name}-connectionRuntimeUrl`;
      const expression = `@appsetting('${setting.replace(/'/g, "''")}')`;
      ctx.report({
        file,
        path: ['managedApiConnections', name],
        key: true,
        message: `Managed API connection "${name}" has no "connectionRuntimeUrl": the runtime refuses it ("missing a required property 'connectionRuntimeUrl'"). Take the URL from the connection resource (properties.connectionRuntimeUrl).`,
        fixes: () => {
          const edits: (FileEdit | undefined)[] = [setValue(file, ['managedApiConnections', name, 'connectionRuntimeUrl'], expression)];
          const ls = ctx.project.localSettings;
          if (ls && ls.parsed && isObject(ls.value)) {
            const values = ls.value.Values;
            const has = isObject(values) && Object.prototype.hasOwnProperty.call(values, setting);
            if (!has) {
              const edit = setValue(ls, ['Values', setting], '');
              if (edit) edits.push(edit);
            }
          }
          // Not the preferred fix: the URL itself is still missing (LAC031 then reports the empty
          // setting). Fix-all and --fix apply it only with the real URL from Azure (azureFixes.ts).
          return [fix(`Add "connectionRuntimeUrl": "${expression}"${edits.length > 1 ? ' and an empty app setting to fill in' : ''}`, edits)];
        },
      });
    }
  },
});

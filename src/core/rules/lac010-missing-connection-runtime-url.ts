import { setValue } from '../json/edits';
import { locate } from '../json/index';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { FileEdit } from '../types';
import { defineRule, fix } from './rule';

export default defineRule({
  meta: {
    id: 'LAC010',
    name: 'missing-connection-runtime-url',
    defaultSeverity: 'error',
    description: 'A managed API connection without `connectionRuntimeUrl`: the runtime refuses the connection.',
    docs: {
      details:
        'Every entry of `managedApiConnections` needs the connection\'s runtime URL (`https://….azure-apihub.net/apim/{api}/{id}`): that is where the runtime sends the connector\'s calls. Without it the runtime fails with "missing a required property \'connectionRuntimeUrl\'" (Azure/logicapps#321), which often happens when connections.json is written by hand or by a deployment script. The value is in the connection resource (`properties.connectionRuntimeUrl`) or in `listConnectionKeys` (`runtimeUrls[0]`). The quick fix adds `"connectionRuntimeUrl": "@appsetting(\'<name>-connectionRuntimeUrl\')"` and, when local.settings.json exists, an empty app setting of that name to fill in.',
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
    const root = file?.value;
    if (!file || !isObject(root) || !isObject(root.managedApiConnections)) return;
    for (const [name, entry] of Object.entries(root.managedApiConnections)) {
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
              const edit = appendSetting(ls, setting) ?? setValue(ls, ['Values', setting], '');
              if (edit) edits.push(edit);
            }
          }
          return [fix(`Add "connectionRuntimeUrl": "${expression}"${edits.length > 1 ? ' and the app setting to local.settings.json' : ''}`, edits, true)];
        },
      });
    }
  },
});

/**
 * Add `"name": ""` after the last member of a non-empty `Values`, as a plain insertion: the
 * fixes of several connections then insert side by side instead of overlapping, so fixing all
 * of them at once adds every setting. Undefined when `Values` is missing or empty.
 */
function appendSetting(file: JsonFile, name: string): FileEdit | undefined {
  const loc = locate(file.index, ['Values']);
  const node = loc.depth === 1 ? loc.node : undefined;
  const last = node?.type === 'object' ? node.props![node.props!.length - 1] : undefined;
  if (!last || !last.value) return undefined;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', last.keyOffset - 1) + 1;
  const lead = text.slice(lineStart, last.keyOffset);
  const sameLine = lead.trim() !== '';
  const indent = sameLine ? ' ' : lead;
  const offset = last.value.offset + last.value.length;
  return { file: file.path, edits: [{ offset, length: 0, content: `,${sameLine ? '' : file.eol}${indent}${JSON.stringify(name)}: ""` }] };
}

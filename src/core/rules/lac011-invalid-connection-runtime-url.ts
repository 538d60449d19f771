import { combineEdits, removeValue, replaceMember, setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { runtimeUrlProblem } from '../runtimeUrl';
import type { FileEdit, JsonPath } from '../types';
import { defineRule, fix } from './rule';
import { connectionIndex } from '../connections/entries';

export default defineRule({
  meta: {
    id: 'LAC011',
    name: 'invalid-connection-runtime-url',
    defaultSeverity: 'error',
    description: '`connectionRuntimeUrl` is not an absolute https URL, or sits inside `connectionProperties`.',
    docs: {
      details:
        'The runtime sends every call of a managed connector to `connectionRuntimeUrl`, an absolute `https://….azure-apihub.net/apim/{api}/{id}` URL. A relative path, a missing scheme, `http://` or stray spaces break every action of the connection. A `connectionRuntimeUrl` written inside `connectionProperties` is a known corruption of connections.json (Azure/LogicAppsUX#8427): the runtime does not look there, so the connection has no runtime URL; the quick fix moves it to the connection entry. Values from `@parameters(\'X\')` are checked where parameters.json defines them; `@appsetting(\'X\')` and deployment placeholders are not judged.',
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionProperties": {\n        "connectionRuntimeUrl": "https://0123456789abcdef.12.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef"\n      }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "authentication": { "type": "ManagedServiceIdentity" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.12.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef"\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const file = ctx.project.connections;
    if (!file) return;
    for (const { name, value: entry } of connectionIndex(file).section('managedApiConnections')) {
      if (!isObject(entry)) continue;
      const entryPath: JsonPath = ['managedApiConnections', name];
      const own = Object.keys(entry).find((k) => k.toLowerCase() === 'connectionruntimeurl');

      if (own !== undefined) {
        const r = ctx.resolve(file, [...entryPath, own], entry[own]);
        const problem = urlProblem(r.value, !!r.via);
        if (problem) {
          const where = r.via ? ` (parameter "${r.via.name}" used by connection "${name}")` : '';
          const https = typeof r.value === 'string' ? httpsApiHubUrl(r.value) : undefined;
          ctx.report({
            file: r.file,
            path: r.path,
            message: `"connectionRuntimeUrl"${where} ${problem}`,
            fixes: https === undefined ? undefined : () => [fix('Use https', [setValue(r.file, r.path, https)], true)],
          });
        }
      }

      const cp = entry.connectionProperties;
      if (!isObject(cp)) continue;
      const nested = Object.keys(cp).find((k) => k.toLowerCase() === 'connectionruntimeurl');
      if (nested === undefined) continue;
      const nestedPath: JsonPath = [...entryPath, 'connectionProperties', nested];
      const value = cp[nested];
      if (own === undefined) {
        ctx.report({
          file,
          path: nestedPath,
          key: true,
          message: `"connectionRuntimeUrl" of "${name}" is inside "connectionProperties", where the runtime does not look: the connection has no runtime URL. Move it to the connection entry.`,
          fixes: () => [fix('Move "connectionRuntimeUrl" to the connection entry', [moveEdit(file, entryPath, cp, nested, value)], true)],
        });
      } else {
        ctx.report({
          file,
          path: nestedPath,
          key: true,
          message: `"connectionRuntimeUrl" of "${name}" is written a second time inside "connectionProperties", where the runtime ignores it (a known corruption of connections.json). Remove it.`,
          fixes: () => [fix('Remove the "connectionRuntimeUrl" inside "connectionProperties"', [removeValue(file, Object.keys(cp).length === 1 ? [...entryPath, 'connectionProperties'] : nestedPath)])],
        });
      }
    }
  },
});

/** What is wrong with a runtime URL value, or undefined when it is fine or cannot be judged. */
function urlProblem(value: unknown, fromParameters: boolean): string | undefined {
  if (typeof value !== 'string') {
    // A non-string in connections.json itself is LAC002's; parameters.json is not schema-checked.
    if (!fromParameters || value === undefined) return undefined;
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return `must be a URL string, found ${found}.`;
  }
  return runtimeUrlProblem(value);
}

/**
 * The same runtime URL over https, when it is an http URL on an API hub host (the runtime URLs
 * Azure hands out are https on `*.azure-apihub.net`): nothing else is guessed.
 */
function httpsApiHubUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !/\.azure-apihub\.net$/i.test(url.hostname) || url.port) return undefined;
  return 'https://' + value.trim().slice('http://'.length);
}

/**
 * Move the nested `connectionRuntimeUrl` to the entry: the whole connectionProperties becomes the
 * runtime URL member when nothing else is in it; otherwise the nested member goes and the entry
 * gains one. Both edits are made on the text as it is, and touch nothing else.
 */
function moveEdit(file: JsonFile, entryPath: JsonPath, cp: Record<string, unknown>, nested: string, value: unknown): FileEdit | undefined {
  const cpPath = [...entryPath, 'connectionProperties'];
  if (Object.keys(cp).length === 1) return replaceMember(file, cpPath, 'connectionRuntimeUrl', value);
  return combineEdits(file, [
    { path: [...cpPath, nested], remove: true },
    { path: [...entryPath, 'connectionRuntimeUrl'], value },
  ]);
}

import { knownConnections, sourceOf } from '../azureFacts';
import { hasPlaceholder, isExpression, wholeRef } from '../expressions';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { appSettings } from '../project';
import type { JsonPath } from '../types';
import { azureRuntimeUrl } from './azureFixes';
import { defineRule, fix, type RuleContext } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/office365`;
const URL_NOW = 'https://3d0fa9e9460b0cff.01.common.logic-westeurope.azure-apihub.net/apim/office365/2434cc358a8aff3a2133c81b22307236/';
const URL_OLD = 'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/office365/5c0e7a3b9d2f4e61a8b7c6d5e4f3a2b1/';
const example = (url: string) =>
  `{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "${ID}" },\n      "connectionRuntimeUrl": "${url}",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}`;
const azure = { connections: { [ID]: { resource: { id: ID, name: 'office365', kind: 'V2', location: 'westeurope', properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }], connectionRuntimeUrl: URL_NOW } } } } };

/** Lower case, no trailing slashes: how two runtime URLs are compared. */
function comparable(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * Where the URL the runtime will use is written as a literal: the value itself, through
 * `@parameters('X')` (parameters.json), or a whole `@appsetting('X')` (local.settings.json).
 */
function literalRuntimeUrl(ctx: RuleContext, file: JsonFile, path: JsonPath, raw: unknown): { file: JsonFile; path: JsonPath; value: string } | undefined {
  const r = ctx.resolve(file, path, raw);
  let at = { file: r.file, path: r.path, value: r.value };
  if (typeof at.value === 'string') {
    const ref = wholeRef(at.value.trim());
    if (ref?.fn === 'appsetting') {
      const ls = ctx.project.localSettings;
      const values = appSettings(ctx.project);
      if (!ls || !values || !Object.prototype.hasOwnProperty.call(values, ref.name)) return undefined;
      at = { file: ls, path: ['Values', ref.name], value: values[ref.name] };
    }
  }
  const v = at.value;
  if (typeof v !== 'string' || v.trim() === '' || isExpression(v) || hasPlaceholder(v)) return undefined;
  try {
    new URL(v.trim());
  } catch {
    return undefined; // not a URL at all: LAC011's business
  }
  return { file: at.file, path: at.path, value: v };
}

export default defineRule({
  meta: {
    id: 'LAC064',
    name: 'runtime-url-drift',
    defaultSeverity: 'error',
    description: "`connectionRuntimeUrl` differs from the connection resource's runtime URL in Azure (stale after the connection was recreated).",
    docs: {
      details:
        "The runtime sends a managed connector's calls to the `connectionRuntimeUrl` written in the project, not to the one the connection has now. When a connection is deleted and recreated under the same name, or a file is copied from another environment, the written URL points at a connection that no longer exists and calls fail (404/401 from the API hub). Signed in, the extension reads the connection's `properties.connectionRuntimeUrl`; this rule compares it with the literal URL the project uses (also through `@parameters('X')` in parameters.json or `@appsetting('X')` in local.settings.json; compared without case and trailing slash) and reports where the literal is written. The fix writes Azure's URL there.",
      bad: { file: 'connections.json', code: example(URL_OLD) },
      good: { file: 'connections.json', code: example(URL_NOW) },
      azure: { bad: azure, good: azure },
    },
    fixable: true,
    requiresAzure: true,
  },
  check(ctx) {
    for (const { ref, fact } of knownConnections(ctx.project, ctx.azure)) {
      if (fact.state !== 'found') continue;
      const azureUrl = azureRuntimeUrl(ctx, ref.name);
      if (!azureUrl) continue;
      const key = Object.keys(ref.entry).find((k) => k.toLowerCase() === 'connectionruntimeurl');
      if (key === undefined || !isObject(ref.entry)) continue;
      const at = literalRuntimeUrl(ctx, ref.file, ['managedApiConnections', ref.name, key], ref.entry[key]);
      if (!at || comparable(at.value) === comparable(azureUrl)) continue;
      ctx.report({
        file: at.file,
        path: at.path,
        message: `The connectionRuntimeUrl of "${ref.name}" is not the connection's: ${sourceOf(ctx.azure)} says ${azureUrl}. The runtime sends the connector's calls to the URL written here, which fails (the connection was probably recreated, or the value comes from another environment).`,
        fixes: () => [fix("Use the connection's runtime URL from Azure", [setValue(at.file, at.path, azureUrl)], true)],
      });
    }
  },
});

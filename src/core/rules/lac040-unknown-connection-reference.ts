import * as path from 'path';
import { isDynamic } from '../expressions';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { FileEdit } from '../types';
import { type ActionNode } from '../workflow';
import { quoted, startOf } from '../printable';
import { defineRule, fix, type RuleContext } from './rule';
import { article, connectionIndex, connectionUsage, isConnectionSection, SECTION_INFO, servesSection, templateConnections, WORKFLOW_NAME_SUFFIX, type ConnectionReference, type ConnectionSection, type TemplateConnection } from '../connections';
import { suggestNames, type Suggestion } from '../names';

/** A likely managed API name from a connection name: `office365-1` → `office365`. */
function guessApiName(name: string): string {
  const g = name.toLowerCase().replace(/[-_ ]?\d+$/, '').replace(/[^a-z0-9-]/g, '');
  return g || 'api-name';
}

/** A stub connections.json entry for a section, for the "add a stub" fix. */
export function stubEntry(section: ConnectionSection, name: string, action?: ActionNode): Record<string, unknown> {
  switch (section) {
    case 'managedApiConnections':
      return {
        api: {
          id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/${guessApiName(name)}`,
        },
        connection: {
          id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/${name}`,
        },
        connectionRuntimeUrl: `@appsetting('${name}-connectionRuntimeUrl')`,
        authentication: { type: 'Raw', scheme: 'Key', parameter: `@appsetting('${name}-connectionKey')` },
      };
    case 'serviceProviderConnections': {
      const spc = action && isObject(action.node.inputs) ? action.node.inputs.serviceProviderConfiguration : undefined;
      const spId = isObject(spc) && typeof spc.serviceProviderId === 'string' && /^\/serviceProviders\/[^/]+$/i.test(spc.serviceProviderId) ? spc.serviceProviderId : `/serviceProviders/${guessApiName(name)}`;
      return { parameterValues: {}, serviceProvider: { id: spId }, displayName: name };
    }
    case 'functionConnections':
      return {
        function: { id: '<enter-function-resource-id>' },
        triggerUrl: `@appsetting('${name}-triggerUrl')`,
        authentication: { type: 'QueryString', name: 'Code', value: `@appsetting('${name}-functionKey')` },
        displayName: name,
      };
    case 'apiManagementConnections':
      return {
        apiId: '<enter-api-resource-id>',
        baseUrl: `@appsetting('${name}-baseUrl')`,
        subscriptionKey: `@appsetting('${name}-subscriptionKey')`,
        displayName: name,
      };
    case 'agentConnections':
      return {
        displayName: name,
        type: 'model',
        endpoint: `@appsetting('${name}-endpoint')`,
        resourceId: `@appsetting('${name}-resourceId')`,
        authentication: { type: 'ManagedServiceIdentity' },
      };
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

const list = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

/** Longer names are no connection's: reported by their length, without suggestions or a stub entry. */
const MAX_NAME_CHARS = 1_024;

/** The start of a name too long to quote. */
const nameStart = (name: string): string => startOf(name, 60);

export default defineRule({
  meta: {
    id: 'LAC040',
    name: 'unknown-connection-reference',
    defaultSeverity: 'error',
    description: 'A workflow references a connection that connections.json does not define (in the section its action type needs).',
    docs: {
      details:
        'Each connector action names its connection: `ApiConnection` actions by `inputs.host.connection.referenceName` (a key of `managedApiConnections`), `ServiceProvider` actions by `serviceProviderConfiguration.connectionName` (`serviceProviderConnections`), `Function` actions by `function.connectionName`, `ApiManagement` actions by `apiManagement.connection` and agents by `modelConfigurations.*.referenceName`. A name that is missing, `null`, not a string, or present only in another section fails when the workflow loads ("No managed connection found by the API connection reference name"), and a project with a host.json but no connections.json cannot resolve any of them. A name that differs only in case is a warning. Names with deployment placeholders (`#{x}#`, `${x}`, `__x__`) cannot be checked and get an information message. The fixes change the reference to the closest existing name (up to three candidates) or add a stub entry to the right section of connections.json. A name longer than 1,024 characters names no connection: it is reported by its length, without fixes.\n\nAn entry that is `null` (or not an object) is no connection: each reference to it is reported where it is. host.json marks a project: a connections.json in a folder above does not serve it, and a project with host.json and no connections.json cannot resolve any reference, whether its workflows sit in `<name>/workflow.json`, `workflows/<name>/workflow.json` or in the project folder itself. In a Logic Apps template of the gallery format (a folder with `workflow.json` and `manifest.json`, Azure/LogicAppsTemplates), the references are checked against the manifest\'s `connections` instead: the name must be declared there, and its `kind` and `connectorId` must fit the action (`ApiConnection`: `shared` or `custom`, `…/managedApis/…` or `…/customApis/…`; `ServiceProvider`: `inapp`, `/serviceProviders/…`). Names there end with `_#workflowname#` (LAC043).',
      bad: {
        file: 'Orders/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Send_message": {\n        "type": "ApiConnection",\n        "inputs": {\n          "host": { "connection": { "referenceName": "servicebus" } },\n          "method": "post",\n          "path": "/queues/orders/messages"\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}\n// connections.json: { "managedApiConnections": {}, "serviceProviderConnections": { "serviceBus": { ... } } }',
      },
      good: {
        file: 'Orders/workflow.json',
        code: '{\n  "definition": {\n    "actions": {\n      "Send_message": {\n        "type": "ServiceProvider",\n        "inputs": {\n          "parameters": { "entityName": "orders", "message": { "contentData": "hello" } },\n          "serviceProviderConfiguration": {\n            "connectionName": "serviceBus",\n            "operationId": "sendMessage",\n            "serviceProviderId": "/serviceProviders/serviceBus"\n          }\n        }\n      }\n    }\n  },\n  "kind": "Stateful"\n}\n// connections.json: { "serviceProviderConnections": { "serviceBus": { ... } } }',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    if (project.kind === 'template') {
      checkTemplate(ctx);
      return;
    }
    // A lone workflow.json or an ARM template has no connections.json to check against.
    if (project.kind !== 'standard' || project.workflows.length === 0) return;
    const conns = project.connections;
    const index = connectionIndex(conns);
    // connections.json with syntax errors or not an object: LAC001/LAC002 report it, names are not judged.
    const judgeNames = conns ? index.readable : project.hasHost;
    const connectionsPath = conns?.path ?? path.join(project.root, 'connections.json');

    /** The fix that adds a stub entry (creating connections.json when it is missing). */
    const stubFix = (section: ConnectionSection, name: string, action: ActionNode) => {
      const stub = stubEntry(section, name, action);
      let edit: FileEdit | undefined;
      if (conns) edit = setValue(conns, [section, name], stub);
      else edit = { file: connectionsPath, create: true, edits: [{ offset: 0, length: 0, content: JSON.stringify({ [section]: { [name]: stub } }, null, 2) + '\n' }] };
      return fix(`Add a stub '${name}' to ${section} in connections.json`, [edit]);
    };
    const renameFixes = (wf: JsonFile, ref: ConnectionReference, suggestions: Suggestion[]) =>
      suggestions.map((s) => fix(`Change to '${s.name}'`, [setValue(wf, ref.path, s.name)], s.preferred));

    /** Suggestions per section and name: references to one missing name share them (they are not changed). */
    const suggested = new Map<string, Suggestion[]>();
    const suggestFor = (section: ConnectionSection, name: string, names: readonly string[]): Suggestion[] => {
      const k = `${section}\0${name}`;
      let hit = suggested.get(k);
      if (!hit) {
        hit = suggestNames(name, names);
        suggested.set(k, hit);
      }
      return hit;
    };

    /** Everything about one reference that is not an exact match (closures and lists are made here, per such reference). */
    const checkReference = (wf: JsonFile, ref: ConnectionReference): void => {
      const { section, name } = ref;
      const info = SECTION_INFO[section];
      const key = ref.key; // the last segment of ref.path, which is built only for a finding
      const hasEntries = index.hasSection(section);
      const names = index.names(section);
      // MCP tools: which section holds their connections is not documented well enough to judge.
      const lenientSection = typeof ref.action.node.type === 'string' && /^mcp/i.test(ref.action.node.type);

      if (typeof name !== 'string' || name.trim() === '') {
        const shown = typeof name === 'string' ? 'an empty string' : describeValue(name);
        const offer = names.length <= 3 ? names.map((n) => ({ name: n, distance: 0, preferred: false })) : [];
        ctx.report({
          file: wf,
          path: ref.path,
          message: `\`${key}\` must be the name of ${article(info.what)} (a key of ${section} in connections.json), but it is ${shown}.`,
          fixes: offer.length ? () => renameFixes(wf, ref, offer) : undefined,
        });
        return;
      }
      // An exact match is fine whatever the name looks like.
      const exact = judgeNames ? index.get(section, name) : undefined;
      if (exact) {
        if (conns && !isObject(exact.value)) {
          ctx.report({
            file: wf,
            path: ref.path,
            message: `The ${info.what} '${name}' is ${describeValue(exact.value)} in connections.json ${section}: the runtime finds no connection there.`,
            fixes: () => {
              const stub = stubEntry(section, name, ref.action);
              return [fix(`Replace '${name}' in connections.json with a stub ${info.what}`, [setValue(conns, [section, name], stub)])];
            },
          });
        }
        return;
      }
      if (isDynamic(name)) {
        ctx.report({
          file: wf,
          path: ref.path,
          severity: 'info',
          message: `The connection name '${name}' contains a deployment placeholder or an expression, so it cannot be checked against connections.json until it is substituted.`,
        });
        return;
      }
      if (name.length > MAX_NAME_CHARS) {
        // No connection is named like that: neither a stub entry under this key nor the closest
        // names would help, and comparing or writing megabytes per reference would cost seconds.
        ctx.report({
          file: wf,
          path: ref.path,
          message: `This ${info.what} name is ${name.length.toLocaleString('en-US')} characters long ('${nameStart(name)}…'): connections.json ${section} has no such entry, and no connection is named like that.`,
        });
        return;
      }
      if (!judgeNames) return;
      if (!conns) {
        ctx.report({
          file: wf,
          path: ref.path,
          message: `This project has a host.json but no connections.json, so the ${info.what} '${name}' cannot be found. Add connections.json with '${name}' in ${section}.`,
          fixes: () => [stubFix(section, name, ref.action)],
        });
        return;
      }
      const sameCase = index.namesAnyCase(section, name);
      if (sameCase.length) {
        const target = sameCase[0];
        ctx.report({
          file: wf,
          path: ref.path,
          severity: 'warning',
          message: `'${name}' differs only in case from the ${info.what} '${target}' in connections.json ${section}. Use the exact name: the designer and deployment tools compare names exactly.`,
          fixes: () => [fix(`Change to '${target}'`, [setValue(wf, ref.path, target)], true)],
        });
        return;
      }
      // The name (in any case) in another section of connections.json.
      const elsewhere = index.elsewhere(section, name);
      if (elsewhere && lenientSection) return;
      const suggestions = suggestFor(section, name, names);
      let message = `'${name}' is not ${article(info.what)}: connections.json ${section} `;
      if (!hasEntries) message += `does not exist.`;
      else if (names.length === 0) message += `is empty.`;
      else message += `has ${names.length <= 5 ? list(names) : `${names.length} entries`} but no '${name}'.`;
      if (elsewhere) {
        const otherInfo = isConnectionSection(elsewhere.section) ? SECTION_INFO[elsewhere.section].what : 'connection';
        const cased = elsewhere.name === name ? '' : ` (as '${elsewhere.name}', different case)`;
        message += ` It exists only in ${elsewhere.section}${cased}, as ${article(otherInfo)}; ${info.action.charAt(0).toLowerCase() + info.action.slice(1)} needs an entry in ${section}.`;
      } else if (suggestions.length) {
        message += ` Did you mean ${suggestions.map((s) => `'${s.name}'`).join(' or ')}?`;
      }
      ctx.report({
        file: wf,
        path: ref.path,
        message,
        fixes: () => [...renameFixes(wf, ref, suggestions), stubFix(section, name, ref.action)],
      });
    };

    for (const { file: wf, reference: ref } of connectionUsage(project).all) {
      if (!isObject(wf.value)) continue;
      // The common case, a name connections.json defines in the right section, is decided here
      // without allocating anything: the same decision checkReference would make.
      const name = ref.name;
      if (judgeNames && typeof name === 'string' && name.trim() !== '') {
        const entry = index.get(ref.section, name);
        if (entry && isObject(entry.value)) continue;
      }
      checkReference(wf, ref);
    }
  },
});

const KIND_OF: Partial<Record<ConnectionSection, string>> = {
  managedApiConnections: 'kind "shared" or "custom" (a managed connector: connectorId …/managedApis/<api> or …/customApis/<name>)',
  serviceProviderConnections: 'kind "inapp" (a built-in connector: connectorId /serviceProviders/<name>)',
};

function declaredAs(c: TemplateConnection): string {
  const parts = [c.kind !== undefined ? `kind ${quoted(c.kind)}` : undefined, c.connectorId !== undefined ? `connectorId ${quoted(c.connectorId)}` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no kind or connectorId';
}

/**
 * A Logic Apps template (gallery format): its workflow's references are declared in the
 * manifest's `connections`, not in a connections.json, and each must be the kind of connector its
 * action needs.
 */
function checkTemplate(ctx: RuleContext): void {
  const project = ctx.project;
  const manifest = project.manifest;
  if (!manifest) return;
  const declared = templateConnections(manifest);
  // A manifest with syntax errors (LAC001), or connections without names: nothing can be told.
  if (!declared.readable) return;
  const names = declared.entries.map((e) => e.name);
  for (const { file: wf, reference: ref } of connectionUsage(project).all) {
    const { section, name } = ref;
    const info = SECTION_INFO[section];
    if (typeof name !== 'string' || name.trim() === '') {
      const shown = typeof name === 'string' ? 'an empty string' : describeValue(name);
      ctx.report({ file: wf, path: ref.path, message: `\`${ref.key}\` must name a connection of this template (a key of "connections" in its manifest.json), but it is ${shown}.` });
      continue;
    }
    const c = declared.get(name);
    if (c && !isObject(c.value)) {
      ctx.report({ file: wf, path: ref.path, message: `The template connection '${name}' is ${describeValue(c.value)} in manifest.json "connections": it declares no connection, so the action has none.` });
      continue;
    }
    if (c) {
      if (servesSection(c, section) !== 'no') continue;
      ctx.report({
        file: wf,
        path: ref.path,
        message: `'${name}' is declared in manifest.json with ${declaredAs(c)}, which is not the connection ${info.action.charAt(0).toLowerCase() + info.action.slice(1)} needs: it needs ${KIND_OF[section] ?? `${article(info.what)}`}. Creating a workflow from this template leaves the action without a connection.`,
      });
      continue;
    }
    if (!declared.complete) continue;
    if (name.length > MAX_NAME_CHARS) {
      ctx.report({ file: wf, path: ref.path, message: `This connection name is ${name.length.toLocaleString('en-US')} characters long ('${nameStart(name)}…'): manifest.json declares no such connection, and no connection is named like that.` });
      continue;
    }
    const suggestions = suggestNames(name, names);
    const suffixed = !name.endsWith(WORKFLOW_NAME_SUFFIX) ? names.find((n) => n === name + WORKFLOW_NAME_SUFFIX) : undefined;
    const offer = suffixed ? [{ name: suffixed, distance: 0, preferred: true }, ...suggestions.filter((s) => s.name !== suffixed)] : suggestions;
    let message = `'${name}' is not a connection of this template: manifest.json ${declared.declared ? (names.length ? `declares ${names.length <= 5 ? list(names) : `${names.length} connections`} but not '${name}'` : 'declares no connections') : 'has no "connections"'}. Creating a workflow from it leaves the action without a connection.`;
    if (suffixed) message += ` Template connection names end with "${WORKFLOW_NAME_SUFFIX}": did you mean '${suffixed}'?`;
    else if (offer.length) message += ` Did you mean ${offer.map((s) => `'${s.name}'`).join(' or ')}?`;
    ctx.report({
      file: wf,
      path: ref.path,
      message,
      fixes: offer.length ? () => offer.map((s) => fix(`Change to '${s.name}'`, [setValue(wf, ref.path, s.name)], s.preferred)) : undefined,
    });
  }
}

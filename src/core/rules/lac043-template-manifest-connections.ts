import { connectionUsage, connectorClassOf, templateConnections, WORKFLOW_NAME_SUFFIX, type TemplateConnection } from '../connections';
import { replaceSpan, setValue } from '../json/edits';
import { isObject } from '../json/pointer';
import type { FileEdit } from '../types';
import { defineRule, fix, type RuleContext } from './rule';

const workflowUsing = (name: string) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    triggers: { When_a_message_is_received: { type: 'ServiceProvider', inputs: { parameters: { queueName: 'orders' }, serviceProviderConfiguration: { connectionName: name, operationId: 'receiveQueueMessages', serviceProviderId: '/serviceProviders/serviceBus' } } } },
    actions: {},
  });

const MANIFEST = (name: string, kind: string) =>
  `{\n  "id": "default",\n  "title": "Process orders from a Service Bus queue",\n  "summary": "Receives orders from a queue.",\n  "artifacts": [{ "type": "workflow", "file": "workflow.json" }],\n  "images": { "light": "workflow-light", "dark": "workflow-dark" },\n  "parameters": [],\n  "connections": {\n    "${name}": { "connectorId": "/serviceProviders/serviceBus", "kind": "${kind}" }\n  }\n}\n// default/workflow.json: ${workflowUsing(name)}\n// manifest.json: {"id": "process-orders", "title": "Process orders from a Service Bus queue", "summary": "Receives orders from a queue.", "skus": ["standard"], "workflows": {"default": {"name": "Process_Orders"}}}`;

const KINDS: Record<string, string> = { inapp: 'a built-in (service provider) connector', shared: 'a managed connector', custom: 'a custom connector' };
const ID_FOR_KIND: Record<string, string> = { inapp: '/serviceProviders/<name>', shared: '/subscriptions/#subscription#/providers/Microsoft.Web/locations/#location#/managedApis/<api>', custom: '…/providers/Microsoft.Web/customApis/<name>' };
const CLASS_OF_KIND: Record<string, string> = { inapp: 'serviceProvider', shared: 'managed', custom: 'custom' };

export default defineRule({
  meta: {
    id: 'LAC043',
    name: 'template-manifest-connections',
    defaultSeverity: 'error',
    description: 'Logic Apps template (gallery format): a manifest connection without the `_#workflowname#` suffix, or whose `kind` and `connectorId` do not go together.',
    docs: {
      details:
        'A Logic Apps template (the template gallery format of Azure/LogicAppsTemplates: a workflow folder with `workflow.json` and `manifest.json`) declares each connection its workflow uses in the manifest\'s `connections`, by `connectorId` and `kind`. The gallery\'s validator (Azure/LogicAppsTemplates, `validate_templates.ts`) requires that every connection name ends with `_#workflowname#` (the designer replaces it with the new workflow\'s name, so that workflows made from one template do not share connections), that `kind` is `inapp` (a built-in connector, `connectorId` `/serviceProviders/<name>`), `shared` (a managed connector, `…/managedApis/<api>`) or `custom` (a custom connector, `…/customApis/<name>`), and that `connectorId` starts with `/`. A kind that contradicts its `connectorId` makes the designer create the wrong kind of connection. The workflow\'s references to these connections are checked by LAC040 (and, in Consumption templates, LAC042); `$connections` in a template for Standard by LAC044. The quick fix adds the suffix to a connection name and to the workflow\'s references to it.',
      bad: { file: 'default/manifest.json', code: MANIFEST('serviceBus', 'shared') },
      good: { file: 'default/manifest.json', code: MANIFEST('serviceBus_#workflowname#', 'inapp') },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    const manifest = project.manifest;
    // A manifest one folder up that several workflows share is checked where it is a workflow's own.
    if (project.kind !== 'template' || !manifest || project.sharedManifest) return;
    const declared = templateConnections(manifest);
    if (!declared.readable) return;
    const v = manifest.value as Record<string, unknown>;
    const arrayForm = Array.isArray(v.connections);
    // Array entries without a name: their kind and connectorId are still checked.
    const all: TemplateConnection[] = [...declared.entries];
    if (arrayForm) {
      (v.connections as unknown[]).forEach((value, i) => {
        if (isObject(value) && typeof value.name !== 'string') all.push({ name: `#${i}`, value, path: ['connections', i], ...(typeof value.connectorId === 'string' ? { connectorId: value.connectorId } : {}), ...(typeof value.kind === 'string' ? { kind: value.kind } : {}) });
      });
    }
    for (const c of all) {
      const named = !c.name.startsWith('#') || !arrayForm;
      if (named && !arrayForm && !c.name.endsWith(WORKFLOW_NAME_SUFFIX)) reportSuffix(ctx, c);
      else if (named && !arrayForm && /\s/.test(c.name)) {
        ctx.report({ file: manifest, path: c.path, key: true, message: `The template connection name ${JSON.stringify(c.name)} has white space: connection names are one word ending with "${WORKFLOW_NAME_SUFFIX}" (the template gallery rejects others, Azure/LogicAppsTemplates validate_templates.ts), and the designer cannot make a connection of it.` });
      }
      if (!isObject(c.value)) {
        ctx.report({ file: manifest, path: c.path, message: `The connection ${JSON.stringify(c.name)} must be an object with "connectorId" and "kind".` });
        continue;
      }
      checkKind(ctx, c);
    }
  },
});

function reportSuffix(ctx: RuleContext, c: TemplateConnection): void {
  const manifest = ctx.project.manifest!;
  const to = c.name + WORKFLOW_NAME_SUFFIX;
  ctx.report({
    file: manifest,
    path: c.path,
    key: true,
    message: `The template connection "${c.name}" does not end with "${WORKFLOW_NAME_SUFFIX}": the designer replaces that suffix with the new workflow's name, so that workflows created from the template get connections of their own; the template gallery rejects names without it (Azure/LogicAppsTemplates validate_templates.ts). Use "${to}", here and in the workflow.`,
    fixes: () => {
      const span = manifest.span(c.path, { key: true });
      const edits: (FileEdit | undefined)[] = [replaceSpan(manifest, span.offset, span.length, JSON.stringify(to))];
      for (const u of connectionUsage(ctx.project).all) if (u.reference.name === c.name) edits.push(setValue(u.file, u.reference.path, to));
      return [fix(`Rename to "${to}" (and the workflow's references)`, edits, true)];
    },
  });
}

function checkKind(ctx: RuleContext, c: TemplateConnection): void {
  const manifest = ctx.project.manifest!;
  const entry = c.value as Record<string, unknown>;
  const kindRaw = entry.kind;
  const idRaw = entry.connectorId;
  if (kindRaw === undefined) {
    ctx.report({ file: manifest, path: c.path, message: `The template connection ${JSON.stringify(c.name)} has no "kind": it is "inapp" (a built-in connector), "shared" (a managed connector) or "custom" (a custom connector).` });
  } else if (typeof kindRaw !== 'string' || !KINDS[kindRaw.trim().toLowerCase()]) {
    ctx.report({ file: manifest, path: [...c.path, 'kind'], message: `"kind" of the template connection ${JSON.stringify(c.name)} is ${JSON.stringify(kindRaw)}: use "inapp" (a built-in connector), "shared" (a managed connector) or "custom" (a custom connector).` });
  }
  if (idRaw === undefined) {
    ctx.report({ file: manifest, path: c.path, message: `The template connection ${JSON.stringify(c.name)} has no "connectorId": the designer needs it to know which connector to create a connection for.` });
    return;
  }
  if (typeof idRaw !== 'string' || !idRaw.trim().startsWith('/')) {
    ctx.report({ file: manifest, path: [...c.path, 'connectorId'], message: `"connectorId" of the template connection ${JSON.stringify(c.name)} is ${JSON.stringify(idRaw)}: it is a connector id that starts with "/" (/serviceProviders/<name>, …/managedApis/<api>, …/customApis/<name>).` });
    return;
  }
  if (typeof kindRaw !== 'string') return;
  const kind = kindRaw.trim().toLowerCase();
  const idClass = connectorClassOf(idRaw);
  const wanted = CLASS_OF_KIND[kind];
  if (!wanted || !idClass || idClass === wanted || idClass === 'builtin') return;
  ctx.report({
    file: manifest,
    path: [...c.path, 'kind'],
    message: `The template connection ${JSON.stringify(c.name)} has "kind" "${kindRaw}" (${KINDS[kind]}, connectorId ${ID_FOR_KIND[kind]}), but its connectorId ${JSON.stringify(idRaw)} is ${idClass === 'serviceProvider' ? 'a built-in connector ("inapp")' : idClass === 'managed' ? 'a managed connector ("shared")' : 'a custom connector ("custom")'}: the designer creates the wrong kind of connection, and the workflow's actions cannot use it.`,
  });
}

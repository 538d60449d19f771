import { isDynamic } from '../expressions';
import { removeValue } from '../json/edits';
import { isObject } from '../json/pointer';
import { defineRule, fix } from './rule';
import { CONNECTION_SECTIONS, connectionIndex, connectionUsage, type ConnectionSection } from '../connections';

export default defineRule({
  meta: {
    id: 'LAC041',
    name: 'unused-connection',
    defaultSeverity: 'hint',
    description: 'A connections.json entry that no workflow of the project uses (shown faded).',
    docs: {
      details:
        'An entry no workflow references still gets deployed and still has to be kept working: its app settings, keys, access policies and role assignments. Leftovers are often a renamed connection (`office365` next to the `office365-1` the designer created) or a sample that was copied in. The hint is shown faded and the quick fix removes the entry, keeping comments and formatting. The rule stays silent when it cannot tell: a project without workflow.json files (Codeful projects, connection fragments), a workflow that does not parse, or a section referenced with a name containing a deployment placeholder. A name used in another section counts as used (LAC040 reports the mismatch).',
      bad: {
        file: 'connections.json',
        code: '{\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "parameterValues": { "connectionString": "@appsetting(\'serviceBus_connectionString\')" },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" },\n      "displayName": "serviceBus"\n    },\n    "serviceBusOld": {\n      "parameterValues": { "connectionString": "@appsetting(\'serviceBusOld_connectionString\')" },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" },\n      "displayName": "serviceBusOld"\n    }\n  }\n}\n// the workflows use only serviceBus',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "parameterValues": { "connectionString": "@appsetting(\'serviceBus_connectionString\')" },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" },\n      "displayName": "serviceBus"\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    const conns = project.connections;
    if (project.kind !== 'standard' || !conns || !conns.parsed || !isObject(conns.value)) return;
    // No workflow.json at all (Codeful projects, fragment folders): nothing tells what is used.
    if (project.workflows.length === 0) return;
    // A workflow that cannot be read could use anything.
    if (project.workflows.some((w) => !w.parsed || !isObject(w.value))) return;

    const index = connectionIndex(conns);
    // Names as written; their lower-cased forms are made only if an entry is not used as written.
    const usedExactly = new Set<string>();
    let usedAnyCase: Set<string> | undefined;
    const unknownSections = new Set<ConnectionSection>();
    for (const { reference: ref } of connectionUsage(project).all) {
      if (typeof ref.name !== 'string') continue;
      // A placeholder name might become any entry of its section once substituted.
      if (isDynamic(ref.name) && !index.get(ref.section, ref.name)) unknownSections.add(ref.section);
      usedExactly.add(ref.name);
    }

    for (const section of CONNECTION_SECTIONS) {
      if (unknownSections.has(section)) continue;
      for (const { name } of index.section(section)) {
        // Case differences and wrong sections are LAC040's business: the entry is meant to be used.
        if (usedExactly.has(name)) continue;
        usedAnyCase ??= new Set([...usedExactly].map((n) => n.toLowerCase()));
        if (usedAnyCase.has(name.toLowerCase())) continue;
        ctx.report({
          file: conns,
          path: [section, name],
          key: true,
          message: `The connection '${name}' (${section}) is not used by any workflow of this project.`,
          tags: ['unnecessary'],
          fixes: () => [fix(`Remove the unused connection '${name}'`, [removeValue(conns, [section, name])])],
        });
      }
    }
  },
});

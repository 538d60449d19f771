import * as path from 'path';
import { projectRefs, quoteName, refSpan, renameRefEdit, type ProjectRef } from '../expressionSyntax';
import { closestName } from '../names';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { FileEdit } from '../types';
import { defineRule, fix } from './rule';

export default defineRule({
  meta: {
    id: 'LAC032',
    name: 'undefined-parameter',
    defaultSeverity: 'error',
    description: "@parameters('X') with no X in parameters.json (Standard projects).",
    docs: {
      details:
        "In a Standard project, `@parameters('X')` in connections.json, parameters.json or a workflow reads `X` from the project's parameters.json (a workflow may also declare its own `definition.parameters`). When `X` is not there, the workflow fails to load: \"The workflow parameter 'X' is not found\". " +
        'A missing parameters.json makes every such reference undefined. A common slip is writing `@parameters(...)` for a value that only exists as an app setting in local.settings.json: the message says so. ' +
        "Quick fixes: use the closest existing parameter name when it looks like a typo, add `X` to parameters.json (with the value `@appsetting('X')` when such an app setting exists), or reference the app setting directly. " +
        "Consumption templates (`parameters('$connections')`, ARM template parameters) are not checked.",
      bad: {
        file: 'connections.json',
        code: "{\n  \"serviceProviderConnections\": {\n    \"sql\": {\n      \"parameterValues\": { \"connectionString\": \"@parameters('sql_connectionString')\" },\n      \"serviceProvider\": { \"id\": \"/serviceProviders/sql\" }\n    }\n  }\n}\n// parameters.json: {}",
      },
      good: {
        file: 'connections.json',
        code: "{\n  \"serviceProviderConnections\": {\n    \"sql\": {\n      \"parameterValues\": { \"connectionString\": \"@parameters('sql_connectionString')\" },\n      \"serviceProvider\": { \"id\": \"/serviceProviders/sql\" }\n    }\n  }\n}\n// parameters.json: { \"sql_connectionString\": { \"type\": \"String\", \"value\": \"@appsetting('sql_connectionString')\" } }",
      },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    if (project.kind !== 'standard') return;
    const pf = project.parameters;
    // A parameters.json that does not parse (or is not an object) tells nothing.
    if (pf && (!pf.parsed || !isObject(pf.value))) return;
    const params = pf && isObject(pf.value) ? pf.value : {};
    const defined = new Set(Object.keys(params).map((k) => k.toLowerCase()));
    const ls = project.localSettings?.value;
    const settings = isObject(ls) && isObject(ls.Values) ? Object.keys(ls.Values) : [];
    for (const ref of projectRefs(project)) {
      if (ref.fn !== 'parameters' || ref.name.startsWith('$') || ref.name.trim() === '') continue;
      const key = ref.name.toLowerCase();
      if (defined.has(key) || ref.localParameters?.has(key)) continue;
      const setting = settings.find((s) => s.toLowerCase() === key);
      const near = closestName(ref.name, Object.keys(params));
      let message = pf
        ? `Parameter "${ref.name}" is not defined in parameters.json: the workflow fails to load.`
        : `Parameter "${ref.name}" is used, but the project has no parameters.json: the workflow fails to load.`;
      if (near) message += ` Did you mean "${near}"?`;
      else if (setting) message += ` local.settings.json has an app setting "${setting}": did you mean @appsetting('${setting}')?`;
      ctx.report({
        file: ref.file,
        path: ref.path,
        span: refSpan(ref),
        message,
        fixes: () => [
          near ? fix(`Use "${near}"`, [renameRefEdit(ref, near)]) : undefined,
          fix(`Add "${ref.name}" to parameters.json`, [addParameter(project.root, pf, ref, setting)]),
          setting ? fix(`Use @appsetting('${setting}') instead`, [appSettingEdit(ref, setting)]) : undefined,
        ],
      });
    }
  },
});

/** A parameters.json entry for the reference: an object for a whole `authentication`, else a string. */
function newParameter(ref: ProjectRef, setting: string | undefined): { type: string; value: unknown } {
  const whole = ref.kind === 'whole' && ref.callStart === 1 && ref.callEnd === ref.value.length;
  const key = ref.path[ref.path.length - 1];
  if (whole && typeof key === 'string' && key.toLowerCase() === 'authentication') return { type: 'Object', value: {} };
  return { type: 'String', value: setting ? `@appsetting('${quoteName(setting)}')` : '' };
}

function addParameter(root: string, pf: JsonFile | undefined, ref: ProjectRef, setting: string | undefined): FileEdit | undefined {
  const entry = newParameter(ref, setting);
  if (pf) return setValue(pf, [ref.name], entry);
  const content = JSON.stringify({ [ref.name]: entry }, null, 2) + '\n';
  return { file: path.join(root, 'parameters.json'), create: true, edits: [{ offset: 0, length: 0, content }] };
}

/** `parameters('X')` → `appsetting('X')` in the string value. */
function appSettingEdit(ref: ProjectRef, setting: string): FileEdit | undefined {
  const out = ref.value.slice(0, ref.callStart) + `appsetting('${quoteName(setting)}')` + ref.value.slice(ref.callEnd);
  return setValue(ref.file, ref.path, out);
}

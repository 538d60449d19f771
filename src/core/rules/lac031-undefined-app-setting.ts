import { addAppSettingEdit, projectRefs, refSpan, renameRefEdit } from '../expressionSyntax';
import { closestName } from '../names';
import { hasPlaceholder } from '../expressions';
import { isObject } from '../json/pointer';
import { defineRule, fix } from './rule';

/**
 * Settings App Service sets on the app in Azure: nobody defines them, and a local run has none
 * of them. The WORKFLOWS_* settings are not among them: they are ordinary settings that the
 * designer writes to local.settings.json and deployments set on the app.
 */
const PLATFORM_SETTINGS = new Set(
  [
    'WEBSITE_SITE_NAME',
    'WEBSITE_HOSTNAME',
    'WEBSITE_RESOURCE_GROUP',
    'WEBSITE_OWNER_NAME',
    'WEBSITE_INSTANCE_ID',
    'WEBSITE_SKU',
    'WEBSITE_SLOT_NAME',
    'WEBSITE_DEPLOYMENT_ID',
    'WEBSITE_IIS_SITE_NAME',
    'WEBSITE_HOME_STAMPNAME',
    'WEBSITE_PLATFORM_VERSION',
    'REGION_NAME',
  ].map((s) => s.toLowerCase()),
);

/**
 * Why a setting's value cannot be the real one: empty, or a placeholder left to fill in (the
 * official extension adds every referenced setting with "" to local.settings.json), else undefined.
 */
function unfilledValue(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t === '') return 'empty';
  if (/^<[^<>]*>$/.test(t) || /^TODO\b/i.test(t) || hasPlaceholder(t)) return `a placeholder (${JSON.stringify(t.length > 40 ? t.slice(0, 40) + '…' : t)})`;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'LAC031',
    name: 'undefined-app-setting',
    defaultSeverity: 'warning',
    description: "@appsetting('X') with no X in local.settings.json Values, or X empty or a placeholder there (warning; info when there is no local.settings.json).",
    docs: {
      details:
        "`@appsetting('X')` in connections.json, parameters.json or a workflow reads the app setting `X`: in Azure from the app's settings, locally from the `Values` of local.settings.json. When local.settings.json exists and has no `X` (names compare case-insensitively), a local run fails to resolve the reference (warning). " +
        'local.settings.json is usually not committed: without it every reference is reported as info, as a reminder that the setting must exist on the app. ' +
        'The `WORKFLOWS_*` settings (`WORKFLOWS_SUBSCRIPTION_ID`, `WORKFLOWS_RESOURCE_GROUP_NAME`, `WORKFLOWS_LOCATION_NAME`, `WORKFLOWS_TENANT_ID`...) are ordinary settings that the designer writes to local.settings.json and a deployment sets on the app, so they are checked like any other. Settings that App Service itself provides in Azure (`WEBSITE_SITE_NAME`, `WEBSITE_RESOURCE_GROUP`, `REGION_NAME`...) are reported as info only when local.settings.json lacks them, and not at all without it. ' +
        'A setting that is there but empty (`""`) or a placeholder (`<...>`, a to-do marker, `#{x}#`, `${x}`...) is reported too (warning): a local run gets that text. The official Logic Apps extension now adds every referenced setting to local.settings.json with the value `""` (its project-consistency pass, Azure/LogicAppsUX#9377), so a setting that exists tells little; its value does. ' +
        'Quick fixes: use the closest existing setting name when it looks like a typo, or add the setting to local.settings.json.',
      bad: {
        file: 'connections.json',
        code: "{\n  \"serviceProviderConnections\": {\n    \"serviceBus\": {\n      \"parameterValues\": { \"connectionString\": \"@appsetting('serviceBus_connectionString')\" },\n      \"serviceProvider\": { \"id\": \"/serviceProviders/serviceBus\" }\n    }\n  }\n}\n// local.settings.json: { \"IsEncrypted\": false, \"Values\": { \"servicebus_connString\": \"...\" } }",
      },
      good: {
        file: 'connections.json',
        code: "{\n  \"serviceProviderConnections\": {\n    \"serviceBus\": {\n      \"parameterValues\": { \"connectionString\": \"@appsetting('serviceBus_connectionString')\" },\n      \"serviceProvider\": { \"id\": \"/serviceProviders/serviceBus\" }\n    }\n  }\n}\n// local.settings.json: { \"IsEncrypted\": false, \"Values\": { \"serviceBus_connectionString\": \"...\" } }",
      },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    if (project.kind !== 'standard') return;
    const ls = project.localSettings;
    // A local.settings.json that does not parse tells nothing: LAC001 reports it.
    if (ls && (!ls.parsed || !isObject(ls.value))) return;
    const values = ls && isObject(ls.value) && isObject(ls.value.Values) ? ls.value.Values : {};
    const names = Object.keys(values);
    // Each defined name (lower-cased) to the name as written, to read its value.
    const byKey = new Map(names.map((k) => [k.toLowerCase(), k]));
    for (const ref of projectRefs(project)) {
      if (ref.fn !== 'appsetting' || ref.name.trim() === '') continue;
      const key = ref.name.toLowerCase();
      // Written exactly as defined (the usual case): defined, without lower-casing the name.
      const written = Object.prototype.hasOwnProperty.call(values, ref.name) ? ref.name : byKey.get(key);
      if (written !== undefined) {
        const unfilled = unfilledValue(values[written]);
        if (unfilled && ls) {
          ctx.report({
            file: ref.file,
            path: ref.path,
            span: refSpan(ref),
            severity: 'warning',
            message: `App setting "${written}" is ${unfilled} in local.settings.json: a local run gets that for @appsetting('${ref.name}'). Fill in its value.`,
          });
        }
        continue;
      }
      const platform = PLATFORM_SETTINGS.has(key);
      if (platform && !ls) continue;
      const where = `@appsetting('${ref.name}')`;
      const message = platform
        ? `App Service provides "${ref.name}" in Azure, but a local run does not: add it to local.settings.json Values to run ${where} locally.`
        : ls
          ? `App setting "${ref.name}" is not in local.settings.json Values: a local run cannot resolve ${where}.`
          : `App setting "${ref.name}" must be defined on the app (there is no local.settings.json to check ${where} against; it is usually not committed).`;
      const near = ls ? closestName(ref.name, names) : undefined;
      ctx.report({
        file: ref.file,
        path: ref.path,
        span: refSpan(ref),
        severity: platform || !ls ? 'info' : 'warning',
        message: near ? `${message} Did you mean "${near}"?` : message,
        fixes: () => [
          near ? fix(`Use "${near}"`, [renameRefEdit(ref, near)]) : undefined,
          fix(`Add "${ref.name}" to local.settings.json`, [addAppSettingEdit(project.root, ls, ref.name, '')]),
        ],
      });
    }
  },
});

/**
 * Custom connector definitions as the rules LAC070–LAC074 see them: every OAuth setting
 * (`connectionParameters.<name>` of `type: oauthSetting`, and the same in each
 * `connectionParameterSets.values[].parameters`) of
 *
 * - an `apiProperties.json` (the paconn / pac layout: `{ "properties": { "connectionParameters": … } }`),
 *   with the OpenAPI file next to it (`apiDefinition.swagger.json`);
 * - each `Microsoft.Web/customApis` resource of an ARM template (nested resources and nested
 *   deployments included), with its inline `properties.swagger`;
 * - a `Microsoft.Web/customApis` resource as Resource Manager returns it (a file whose root is
 *   the resource: Diagnose lints what it reads from Azure this way).
 *
 * Shapes: REST spec azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`
 * (`CustomApiDefinition`, `CustomApiPropertiesDefinition`: `connectionParameters` is an
 * `InsensitiveDictionaryOfJToken`), the ARM template reference
 * https://learn.microsoft.com/azure/templates/microsoft.web/customapis (`ApiOAuthSettings`:
 * clientId, clientSecret, customParameters, identityProvider, properties, redirectUrl, scopes),
 * and paconn's schema microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`
 * (`oAuthSettings`, `redirectMode`, `customParameters.<name>.value`, `clientId` / `ClientID`).
 *
 * Property names are matched case-insensitively: the service reads these dictionaries without
 * regard to case (certified connectors write `ResourceUri`, `TokenUrl`, `ClientID`...).
 * Everything here is iterative and reads plain values; nothing throws on odd input.
 */
import * as path from 'path';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { Project } from '../project';
import type { JsonPath } from '../types';

type Obj = Record<string, unknown>;

/** A member found case-insensitively: its real key, its path and its value. */
export interface Member {
  key: string;
  path: JsonPath;
  value: unknown;
}

/** The member of `o` named `name` in any case (an exact match wins). */
export function memberOf(o: unknown, name: string, base: JsonPath): Member | undefined {
  if (!isObject(o)) return undefined;
  if (Object.prototype.hasOwnProperty.call(o, name)) return { key: name, path: [...base, name], value: o[name] };
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return { key: k, path: [...base, k], value: o[k] };
  return undefined;
}

/** Where an OpenAPI (Swagger 2.0) document of a definition is. */
export interface SwaggerRef {
  file: JsonFile;
  /** Path of the OpenAPI object in the file (`[]` for apiDefinition.swagger.json). */
  path: JsonPath;
  value: Obj;
}

/** One OAuth setting of a custom connector definition. */
export interface OAuthSettingRef {
  file: JsonFile;
  /** The connector: the customApis resource's name, else the definition folder's name. */
  connector: string;
  /** The connection parameter's name (`token`). */
  parameter: string;
  /** The parameter set (`connectionParameterSets.values[].name`), when the setting is in one. */
  parameterSet?: string;
  /** Path of the `oAuthSettings` object. */
  path: JsonPath;
  /** The `oAuthSettings` object (absent: `path` is the parameter's, and there is no object). */
  settings: Obj | undefined;
  /** The OpenAPI document of the same definition, when there is one. */
  swagger?: SwaggerRef;
  /** Every OAuth setting of the same definition (the others: for a swagger shared by several). */
  siblings: OAuthSettingRef[];
}

/** `customParameters.<name>.value`, case-insensitive. */
export interface CustomParameter {
  key: string;
  /** Path of `.value` (or of the parameter when it has no value member). */
  path: JsonPath;
  value: unknown;
}

/** A member of the OAuth settings, case-insensitive. */
export function setting(ref: OAuthSettingRef, name: string): Member | undefined {
  return memberOf(ref.settings, name, ref.path);
}

/** A custom parameter's value (`customParameters.<name>.value`), case-insensitive. */
export function customParameter(ref: OAuthSettingRef, name: string): CustomParameter | undefined {
  const cp = setting(ref, 'customParameters');
  if (!cp) return undefined;
  const p = memberOf(cp.value, name, cp.path);
  if (!p) return undefined;
  const v = memberOf(p.value, 'value', p.path);
  return v ? { key: p.key, path: v.path, value: v.value } : { key: p.key, path: p.path, value: isObject(p.value) ? undefined : p.value };
}

/** A member of `oAuthSettings.properties` (`IsFirstParty`, `AzureActiveDirectoryResourceId`…), any case. */
export function settingProperty(ref: OAuthSettingRef, name: string): unknown {
  const props = setting(ref, 'properties');
  return props ? memberOf(props.value, name, props.path)?.value : undefined;
}

/** A Microsoft first-party app (`properties.IsFirstParty` `True`): the service brings its own client. */
export function isFirstParty(ref: OAuthSettingRef): boolean {
  return /^\s*true\s*$/i.test(String(settingProperty(ref, 'IsFirstParty') ?? ''));
}

/** `"token"` (parameter set `"x"`): how findings name a setting. */
export function settingLabel(ref: OAuthSettingRef): string {
  return `"${ref.parameter}"${ref.parameterSet !== undefined ? ` (parameter set "${ref.parameterSet}")` : ''}`;
}

/** The identity provider as written (trimmed), or undefined. */
export function identityProviderOf(ref: OAuthSettingRef): string | undefined {
  const v = setting(ref, 'identityProvider')?.value;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

const CUSTOM_APIS = 'microsoft.web/customapis';

/** Every OAuth setting of a project's custom connector definitions (apiProperties.json, customApis resources). */
export function oauthSettingsOf(project: Project): OAuthSettingRef[] {
  const out: OAuthSettingRef[] = [];
  const props = project.apiProperties;
  if (props && isObject(props.value)) {
    const swagger = project.apiDefinition && isObject(project.apiDefinition.value) ? { file: project.apiDefinition, path: [], value: project.apiDefinition.value } : undefined;
    const root = memberOf(props.value, 'properties', []);
    if (root && isObject(root.value)) out.push(...settingsIn(props, root.value, root.path, path.basename(path.dirname(props.path)), swagger));
  }
  for (const file of project.workflows) {
    if (file.kind !== 'armTemplate' || !isObject(file.value)) continue;
    for (const r of customApiResources(file.value)) {
      const p = memberOf(r.value, 'properties', r.path);
      if (!p || !isObject(p.value)) continue;
      const sw = memberOf(p.value, 'swagger', p.path);
      const swagger = sw && isObject(sw.value) ? { file, path: sw.path, value: sw.value } : undefined;
      out.push(...settingsIn(file, p.value, p.path, r.name, swagger));
    }
  }
  return out;
}

/** The OAuth settings of one definition's `properties` object. */
function settingsIn(file: JsonFile, properties: Obj, base: JsonPath, connector: string, swagger: SwaggerRef | undefined): OAuthSettingRef[] {
  const found: OAuthSettingRef[] = [];
  const collect = (params: Member | undefined, parameterSet?: string) => {
    if (!params || !isObject(params.value)) return;
    for (const [name, def] of Object.entries(params.value)) {
      if (!isObject(def)) continue;
      const type = memberOf(def, 'type', [])?.value;
      if (typeof type !== 'string' || type.trim().toLowerCase() !== 'oauthsetting') continue;
      const paramPath = [...params.path, name];
      const s = memberOf(def, 'oAuthSettings', paramPath);
      found.push({
        file,
        connector,
        parameter: name,
        ...(parameterSet !== undefined ? { parameterSet } : {}),
        path: s ? s.path : paramPath,
        settings: s && isObject(s.value) ? s.value : undefined,
        ...(swagger ? { swagger } : {}),
        siblings: found,
      });
    }
  };
  collect(memberOf(properties, 'connectionParameters', base));
  const sets = memberOf(properties, 'connectionParameterSets', base);
  const values = memberOf(sets?.value, 'values', sets?.path ?? []);
  if (values && Array.isArray(values.value)) {
    values.value.forEach((set, i) => {
      if (!isObject(set)) return;
      const name = memberOf(set, 'name', [])?.value;
      collect(memberOf(set, 'parameters', [...values.path, i]), typeof name === 'string' ? name : String(i));
    });
  }
  return found;
}

/** A `Microsoft.Web/customApis` resource of an ARM document, with its path and name. */
export interface ResourceRef {
  path: JsonPath;
  value: Obj;
  name: string;
}

/**
 * Every customApis resource of an ARM document: the root when it is one (a resource as ARM
 * returns it), `resources` (an array, or an object of symbolic names in language version 2.0),
 * resources nested in resources, and the templates of nested deployments. Iterative.
 */
export function customApiResources(root: Obj): ResourceRef[] {
  const out: ResourceRef[] = [];
  const stack: { value: Obj; path: JsonPath }[] = [{ value: root, path: [] }];
  let visited = 0;
  while (stack.length && visited++ < 100_000) {
    const { value, path: at } = stack.pop()!;
    // ARM nests resources and deployments a few levels deep; a pathological depth is not followed
    // (paths would grow with the depth and their copies with its square).
    if (at.length > 256) continue;
    const type = memberOf(value, 'type', at)?.value;
    if (typeof type === 'string' && type.trim().toLowerCase() === CUSTOM_APIS) {
      const name = memberOf(value, 'name', at)?.value;
      out.push({ path: at, value, name: typeof name === 'string' ? name : 'customApi' });
    }
    const resources = memberOf(value, 'resources', at);
    if (resources) {
      const entries: [string | number, unknown][] = Array.isArray(resources.value) ? resources.value.map((v, i) => [i, v]) : isObject(resources.value) ? Object.entries(resources.value) : [];
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (isObject(v)) stack.push({ value: v, path: [...resources.path, k] });
      }
    }
    // A nested deployment: properties.template holds another template.
    const props = memberOf(value, 'properties', at);
    const template = memberOf(props?.value, 'template', props?.path ?? []);
    if (template && isObject(template.value)) stack.push({ value: template.value, path: template.path });
  }
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]).localeCompare(String(b[i]));
  }
  return a.length - b.length;
}

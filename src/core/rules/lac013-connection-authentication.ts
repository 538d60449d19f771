import { join } from 'path';
import { isDynamic } from '../expressions';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject, pathWith } from '../json/pointer';
import { LOCAL_AUTH_MSI_VALUE, LOCAL_AUTH_SETTING, localAuthMode } from '../localAuth';
import { findAppSetting } from '../localSettings';
import type { FileEdit, Fix, JsonPath, Severity } from '../types';
import { actionType, walkActions, type ActionNode } from '../workflow';
import { defineRule, fix, type RuleContext } from './rule';
import { connectionIndex } from '../connections/entries';

/** `authentication` of a managed API connection: how the runtime reaches the connection (token store). */
const MANAGED_TYPES = ['Raw', 'ManagedServiceIdentity', 'ActiveDirectoryOAuth'];
/** HTTP `inputs.authentication` and `connectionProperties.authentication` (the target service). */
const HTTP_TYPES = ['ManagedServiceIdentity', 'ActiveDirectoryOAuth', 'Basic', 'ClientCertificate', 'Raw', 'None'];

type Where = 'managed' | 'http' | 'target';

export default defineRule({
  meta: {
    id: 'LAC013',
    name: 'connection-authentication',
    defaultSeverity: 'error',
    description: 'Managed API connection or HTTP `authentication` missing, of an unknown `type`, or without the fields its type needs; managed identity on a managed connection when local runs use connection keys (warning).',
    docs: {
      details:
        'A managed API connection needs an `authentication` the runtime can use to reach it: `Raw` with `scheme` and `parameter` (a connection key), `ManagedServiceIdentity` (`identity` is the resource id *string* of a user-assigned identity) or `ActiveDirectoryOAuth` with `tenant`, `audience`, `clientId` and `secret`. HTTP actions accept `ManagedServiceIdentity`, `ActiveDirectoryOAuth` (`secret`, or `credentialType: "Certificate"` with `pfx` and `password`), `Basic` (`username`, `password`), `ClientCertificate` (`pfx`), `Raw` (`value`) and `None`. A missing field or an unknown type fails every call with 401 or a validation error at run time. `@parameters(\'X\')` objects are checked where parameters.json defines them; expressions and placeholders count as present.\n\n' +
        '**Local runs have two modes**, chosen by `WORKFLOWS_AUTHENTICATION_METHOD` in local.settings.json (the official Logic Apps (Standard) extension reads it so: Azure/LogicAppsUX `apps/vs-code-designer/src/app/utils/codeless/connection.ts`, `isMISettingEnabled`):\n\n' +
        '- **Managed-identity mode** (`"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"`): managed connections use `{"type": "ManagedServiceIdentity"}` locally as in Azure; the local runtime calls them with the signed-in developer\'s token, so the developer needs an access policy on each V2 connection (LAC063). No connection key is stored.\n' +
        '- **Key mode** (no such setting, or another value): managed connections use a connection key (`Raw`, `@appsetting(\'<name>-connectionKey\')`), which needs no access policy. `ManagedServiceIdentity` on a managed connection fails local runs: "The API connection reference name … has invalid authentication type ManagedServiceIdentity. Only \'Raw\' or \'ActiveDirectoryOAuth\' authentication type is allowed in local developer environment" (LogicAppUnit/TestingFramework#30). This rule warns there, with two fixes: switch the project to managed-identity mode, or parameterise `authentication` per environment the way the official parameterizer does (`"authentication": "@parameters(\'<name>-Authentication\')"`, the local value in parameters.json, ManagedServiceIdentity set by the deployment; Azure/LogicAppsUX `parameterizer.ts`, and its deploy command, which rewrites `<name>-Authentication` to ManagedServiceIdentity).\n\n' +
        'Where local.settings.json is missing (it is usually not committed), the mode is unknown and managed identity is not judged. Managed identity is right in Azure whatever the mode. The official extension has managed-identity mode behind `azureLogicAppsStandard.enableManagedIdentityAuth`; since Azure/LogicAppsUX#9446 (July 2026) it is off by default and offered at start-up, so both modes are common. A fix that writes `@appsetting(\'<name>-connectionKey\')` never invents the key: when local.settings.json has none, its title says how to get one (Refresh Connection Key, `lac connections keys refresh`).',
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "connectionRuntimeUrl": "@appsetting(\'office365-connectionRuntimeUrl\')",\n      "authentication": { "type": "Raw", "parameter": "@appsetting(\'office365-connectionKey\')" }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },\n      "connectionRuntimeUrl": "@appsetting(\'office365-connectionRuntimeUrl\')",\n      "authentication": { "type": "Raw", "scheme": "Key", "parameter": "@appsetting(\'office365-connectionKey\')" }\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const file = ctx.project.connections;
    if (file) {
      for (const { name, value: entry } of connectionIndex(file).section('managedApiConnections')) {
        if (!isObject(entry)) continue;
        const entryPath: JsonPath = ['managedApiConnections', name];
        const authKey = findKey(entry, 'authentication');
        if (authKey === undefined) {
          ctx.report({
            file,
            path: entryPath,
            key: true,
            message: `Managed API connection "${name}" has no "authentication": the runtime cannot authenticate to the connection. Use a connection key ("Raw") for local development or "ManagedServiceIdentity" in Azure.`,
            fixes: () => {
              const msi = fix('Add managed identity authentication', [setValue(file, [...entryPath, 'authentication'], { type: 'ManagedServiceIdentity' })]);
              const key = fix(`Add connection key authentication${keyNote(ctx, name)}`, [setValue(file, [...entryPath, 'authentication'], rawKey(name))]);
              // The mode the project runs in locally first.
              return localAuthMode(ctx.project).mode === 'keys' ? [key, msi] : [msi, key];
            },
          });
        } else {
          checkAuthentication(ctx, file, [...entryPath, authKey], entry[authKey], 'managed', `"authentication" of "${name}"`, name);
        }
        const cp = entry.connectionProperties;
        const cpAuth = isObject(cp) ? findKey(cp, 'authentication') : undefined;
        if (isObject(cp) && cpAuth !== undefined) {
          checkAuthentication(ctx, file, [...entryPath, 'connectionProperties', cpAuth], cp[cpAuth], 'target', `"connectionProperties.authentication" of "${name}"`, name);
        }
      }
    }

    for (const wf of ctx.project.workflows) {
      for (const action of walkActions(wf)) {
        const type = actionType(action.node);
        const inputs = action.node.inputs;
        if (!isObject(inputs)) continue;
        // Paths and labels are built only for the objects that have an authentication.
        if (type === 'http') {
          checkHttpAuthentication(ctx, wf, action, inputs, undefined);
        } else if (type === 'httpwebhook') {
          for (const k of ['subscribe', 'unsubscribe']) {
            const sub = inputs[k];
            if (isObject(sub)) checkHttpAuthentication(ctx, wf, action, sub, k);
          }
        }
      }
    }
  },
});

/** The `authentication` of an HTTP action's inputs (`sub`: of its webhook `subscribe` / `unsubscribe`). */
function checkHttpAuthentication(ctx: RuleContext, wf: JsonFile, action: ActionNode, obj: Record<string, unknown>, sub: string | undefined): void {
  const k = findKey(obj, 'authentication');
  if (k === undefined) return;
  const what = action.isTrigger ? 'trigger' : 'action';
  const path = sub === undefined ? pathWith(action.path, 'inputs', k) : pathWith(action.path, 'inputs', sub, k);
  const label = sub === undefined ? `HTTP ${what} "${action.name}"` : `HTTP webhook ${what} "${action.name}" (${sub})`;
  checkAuthentication(ctx, wf, path, obj[k], 'http', `"authentication" of ${label}`);
}

function rawKey(name: string): Record<string, string> {
  return { type: 'Raw', scheme: 'Key', parameter: `@appsetting('${`${name}-connectionKey`.replace(/'/g, "''")}')` };
}

/** The member named `name`, matched without regard to case (as the runtime does). */
function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  // The first own key equal without regard to case (Object.keys order), without a closure or a
  // keys array: this runs for every HTTP action. Lower-casing keeps the length of a key that
  // folds to one of these ASCII names, so other lengths need no lower-casing.
  for (const k in obj) {
    if (k.length === lower.length && Object.prototype.hasOwnProperty.call(obj, k) && k.toLowerCase() === lower) return k;
  }
  return undefined;
}

/** Present: not missing, not null and, unless blank values are allowed, not an empty string. */
function present(obj: Record<string, unknown>, name: string, allowBlank = false): boolean {
  const k = findKey(obj, name);
  if (k === undefined) return false;
  const v = obj[k];
  if (v === null || v === undefined) return false;
  return allowBlank || typeof v !== 'string' || v.trim() !== '';
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 80 ? v.slice(0, 77) + '…' : v)}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Where a judged authentication object is written (parameters.json when it is a parameter). */
interface AuthSite {
  file: JsonFile;
  path: JsonPath;
}

type ReportExtras = { key?: boolean; severity?: Severity; fixes?: () => (Fix | undefined)[] };

// The reports are module functions, not closures in checkAuthentication: that runs for every HTTP
// action, and a closure over its locals would make every call allocate a context.
function reportAt(ctx: RuleContext, r: AuthSite, message: string, p: JsonPath = r.path, opts: ReportExtras = {}): void {
  ctx.report({ file: r.file, path: p, message, ...opts });
}

function reportMissing(ctx: RuleContext, r: AuthSite, at: string, type: string, field: string, why: string, fixValue?: unknown, note = ''): void {
  reportAt(ctx, r, `${at} of type "${type}" has no "${field}": ${why}`, r.path, {
    fixes: fixValue === undefined ? undefined : () => [fix(`Add "${field}": ${JSON.stringify(fixValue)}${note}`, [setValue(r.file, [...r.path, field], fixValue)], true)],
  });
}

/**
 * Where a fix writes `@appsetting('<name>-connectionKey')` and local.settings.json has no such
 * setting, the fix cannot add it (the key comes from Azure): its title says so and how to get one.
 */
function keyNote(ctx: RuleContext, connection: string): string {
  const setting = `${connection}-connectionKey`;
  const ls = ctx.project.localSettings;
  if (ls && findAppSetting({ localSettings: ls }, setting)) return '';
  return ` (local.settings.json has no "${setting}" yet: get a key with Refresh Connection Key or lac connections keys refresh)`;
}

const RUNTIME_MESSAGE = (name: string) =>
  `"The API connection reference name ${name} has invalid authentication type ManagedServiceIdentity. Only 'Raw' or 'ActiveDirectoryOAuth' authentication type is allowed in local developer environment"`;

/**
 * Managed identity on a managed API connection: right in Azure and in local managed-identity mode;
 * in key mode local runs fail. Two fixes: switch the project to managed-identity mode, or
 * parameterise `authentication` per environment (the official parameterizer's names).
 */
function checkLocalMode(ctx: RuleContext, file: JsonFile, entryAuthPath: JsonPath, r: AuthSite & { via?: { name: string } }, at: string, typeKey: string, connection: string): void {
  const mode = localAuthMode(ctx.project);
  if (mode.mode !== 'keys') return;
  const ls = ctx.project.localSettings!;
  reportAt(
    ctx,
    r,
    `${at} is the managed identity, but the project runs locally with connection keys (${mode.reason}): local runs fail with ${RUNTIME_MESSAGE(connection)}. In Azure it is right. Use managed identity for local runs (${LOCAL_AUTH_SETTING}), or parameterise "authentication" per environment.`,
    [...r.path, typeKey],
    {
      severity: 'warning',
      fixes: () => {
        const out: (Fix | undefined)[] = [
          fix(`Use managed identity for local runs: "${LOCAL_AUTH_SETTING}": "${LOCAL_AUTH_MSI_VALUE}" in local.settings.json`, [setValue(ls, ['Values', LOCAL_AUTH_SETTING], LOCAL_AUTH_MSI_VALUE)]),
        ];
        const note = keyNote(ctx, connection);
        if (r.via) {
          // Already a parameter: its value in parameters.json is the local one.
          out.push(fix(`Use a connection key for local runs in parameter "${r.via.name}" (deployments set ManagedServiceIdentity)${note}`, [setValue(r.file, r.path, rawKey(connection))]));
        } else {
          const param = `${connection}-Authentication`;
          const edit = parameterEdit(ctx, param, { type: 'Object', value: rawKey(connection) });
          if (edit) {
            out.push(
              fix(`Parameterise "authentication": "@parameters('${param}')", a connection key for local runs in parameters.json (deployments set ManagedServiceIdentity)${note}`, [
                setValue(file, entryAuthPath, `@parameters('${param.replace(/'/g, "''")}')`),
                edit,
              ]),
            );
          }
        }
        return out;
      },
    },
  );
}

/** Add parameter `name` to parameters.json (created when missing); undefined when it exists or cannot be edited. */
function parameterEdit(ctx: RuleContext, name: string, value: unknown): FileEdit | undefined {
  const params = ctx.project.parameters;
  if (!params) {
    const text = JSON.stringify({ [name]: value }, null, 2) + '\n';
    return { file: join(ctx.project.root, 'parameters.json'), create: true, edits: [{ offset: 0, length: 0, content: text }] };
  }
  if (!params.parsed || !isObject(params.value)) return undefined;
  if (Object.keys(params.value).some((k) => k.toLowerCase() === name.toLowerCase())) return undefined;
  return setValue(params, [name], value);
}

function reportIdentity(ctx: RuleContext, r: AuthSite, at: string, idKey: string, id: unknown): void {
  const inner = isObject(id) ? Object.values(id).filter((v): v is string => typeof v === 'string') : [];
  const only = isObject(id) && Object.keys(id).length === 1 && inner.length === 1 ? inner[0] : undefined;
  reportAt(ctx, r, `${at}: "identity" must be the resource id (a string) of a user-assigned identity, found ${describeValue(id)}${only !== undefined ? ` holding ${JSON.stringify(only)}` : ''}. Leave "identity" out to use the system-assigned identity.`, [...r.path, idKey], {
    fixes: only === undefined ? undefined : () => [fix(`Use ${JSON.stringify(only)} as "identity"`, [setValue(r.file, [...r.path, idKey], only)], true)],
  });
}

const HTTP_TYPES_LOWER = HTTP_TYPES.map((t) => t.toLowerCase());

function checkAuthentication(ctx: RuleContext, file: JsonFile, path: JsonPath, value: unknown, where: Where, label: string, connection?: string): void {
  const r = file.kind === 'armTemplate' ? { value, file, path, via: undefined } : ctx.resolve(file, path, value);
  const at = r.via ? `${label} (parameter "${r.via.name}")` : label;
  const auth = r.value;

  if (!isObject(auth)) {
    if (typeof auth === 'string' && isDynamic(auth)) return;
    // In connections.json itself the shape is LAC002's (the schema); elsewhere nobody else looks.
    if (!r.via && file.kind === 'connections') return;
    reportAt(ctx, r, `${at} must be an object with a "type", found ${describeValue(auth)}.`);
    return;
  }

  const typeKey = findKey(auth, 'type');
  const known = where === 'managed' ? MANAGED_TYPES : HTTP_TYPES;
  if (typeKey === undefined) {
    reportAt(ctx, r, `${at} has no "type": use one of ${known.join(', ')}.`);
    return;
  }
  const typeValue = auth[typeKey];
  if (typeof typeValue !== 'string') {
    reportAt(ctx, r, `${at} has a "type" that is not a string (${describeValue(typeValue)}): use one of ${known.join(', ')}.`, [...r.path, typeKey]);
    return;
  }
  if (isDynamic(typeValue)) return;
  const wanted = typeValue.trim().toLowerCase();
  const i = HTTP_TYPES_LOWER.indexOf(wanted); // the first match, as HTTP_TYPES.find would give
  const type = i === -1 ? undefined : HTTP_TYPES[i];
  if (!type) {
    reportAt(ctx, r, `${at} has an unknown type "${typeValue}": use one of ${known.join(', ')}.`, [...r.path, typeKey]);
    return;
  }
  if (!known.includes(type)) {
    reportAt(ctx, r, `${at} is of type "${type}", which a managed API connection does not support: use Raw (connection key), ManagedServiceIdentity or ActiveDirectoryOAuth.`, [...r.path, typeKey], { severity: 'warning' });
    return;
  }

  switch (type) {
    case 'Raw':
      if (where === 'managed') {
        if (!present(auth, 'scheme')) reportMissing(ctx, r, at, type, 'scheme', 'a connection key is sent with "scheme": "Key".', 'Key');
        if (!present(auth, 'parameter')) {
          const hint = present(auth, 'value') ? ' (HTTP actions write the key in "value"; managed API connections in "parameter")' : '';
          reportMissing(ctx, r, at, type, 'parameter', `it holds the connection key, normally "@appsetting('<name>-connectionKey')"${hint}.`, connection && !hint ? rawKey(connection).parameter : undefined, connection && !hint ? keyNote(ctx, connection) : '');
        }
      } else if (!present(auth, 'value')) {
        reportMissing(ctx, r, at, type, 'value', 'it is the Authorization header value to send.');
      }
      break;
    case 'ActiveDirectoryOAuth': {
      if (!present(auth, 'tenant')) reportMissing(ctx, r, at, type, 'tenant', 'the Microsoft Entra tenant id of the app registration.');
      if (!present(auth, 'audience')) reportMissing(ctx, r, at, type, 'audience', 'the resource the token is requested for (such as "https://management.core.windows.net/").');
      if (!present(auth, 'clientId')) reportMissing(ctx, r, at, type, 'clientId', 'the application (client) id of the app registration.');
      const ctKey = findKey(auth, 'credentialType');
      const ct = ctKey === undefined ? 'secret' : auth[ctKey];
      if (typeof ct === 'string' && ct.toLowerCase() === 'certificate') {
        if (!present(auth, 'pfx')) reportMissing(ctx, r, at, type, 'pfx', 'a certificate credential needs the base64 PFX.');
        if (!present(auth, 'password', true)) reportMissing(ctx, r, at, type, 'password', "a certificate credential needs the PFX's password.");
      } else if (typeof ct === 'string' && ct.toLowerCase() === 'secret') {
        if (!present(auth, 'secret')) reportMissing(ctx, r, at, type, 'secret', 'the client secret of the app registration (or "credentialType": "Certificate" with "pfx" and "password").');
      }
      break;
    }
    case 'Basic':
      if (!present(auth, 'username')) reportMissing(ctx, r, at, type, 'username', 'Basic authentication sends a user name and a password.');
      if (!present(auth, 'password', true)) reportMissing(ctx, r, at, type, 'password', 'Basic authentication sends a user name and a password.');
      break;
    case 'ClientCertificate':
      if (!present(auth, 'pfx')) reportMissing(ctx, r, at, type, 'pfx', 'client certificate authentication needs the base64 PFX.');
      break;
    case 'ManagedServiceIdentity': {
      if (where === 'managed' && connection !== undefined && file.kind === 'connections') checkLocalMode(ctx, file, path, r, at, typeKey, connection);
      const idKey = findKey(auth, 'identity');
      if (idKey === undefined) break;
      const id = auth[idKey];
      if (typeof id === 'string' || id === null) break;
      reportIdentity(ctx, r, at, idKey, id);
      break;
    }
    default:
      break; // None
  }
}

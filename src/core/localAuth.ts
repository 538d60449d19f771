/**
 * A Standard project's local authentication mode: how the local runtime reaches its managed API
 * connections. Read from local.settings.json `WORKFLOWS_AUTHENTICATION_METHOD`, as the official
 * Logic Apps (Standard) extension reads it (Azure/LogicAppsUX,
 * apps/vs-code-designer/src/app/utils/codeless/connection.ts, `isMISettingEnabled`: the value
 * `managedServiceIdentity`, compared without regard to case; anything else, or no setting, is key
 * mode):
 *
 * - `msi`: managed connections authenticate with `{"type": "ManagedServiceIdentity"}`; locally the
 *   signed-in developer's token stands in for the app's identity, so the developer needs an access
 *   policy on each V2 connection (`ensureAccessPolicyLocalMSI` in the same file). No connection key.
 * - `keys`: managed connections authenticate with a connection key (`Raw`, `@appsetting('<name>-connectionKey')`)
 *   that needs no access policy; the runtime refuses `ManagedServiceIdentity` on a managed connection
 *   ("Only 'Raw' or 'ActiveDirectoryOAuth' authentication type is allowed in local developer
 *   environment", LogicAppUnit/TestingFramework#30).
 * - `unknown`: no local.settings.json (it is usually not committed), an encrypted or unreadable one,
 *   or a value that is an expression: nothing that depends on the mode is judged.
 *
 * Pure: no file system, no Azure SDK. Works on the core `Project` and on the CLI's project on disk.
 */
import { hasPlaceholder, isExpression } from './expressions';
import type { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import type { Project } from './project';
import { managedEntries } from './connections/entries';
import { appSettingNameOf, findAppSetting, type SettingsSource } from './localSettings';
import { followParameters } from './resolve';

/** The app setting that selects the mode. */
export const LOCAL_AUTH_SETTING = 'WORKFLOWS_AUTHENTICATION_METHOD';
/** Its value for managed-identity mode (the official extension's `workflowAuthenticationMethodMIValue`). */
export const LOCAL_AUTH_MSI_VALUE = 'managedServiceIdentity';

export type LocalAuthModeKind = 'msi' | 'keys' | 'unknown';

export interface LocalAuthMode {
  mode: LocalAuthModeKind;
  /** Why, for messages: "WORKFLOWS_AUTHENTICATION_METHOD is "managedServiceIdentity" in local.settings.json". */
  reason: string;
}

/** What `localAuthMode` reads. `kind` absent: a Standard project (the CLI's project on disk). */
export interface AuthModeSource {
  kind?: Project['kind'];
  localSettings?: JsonFile;
}

const memo = new WeakMap<JsonFile, LocalAuthMode>();

/** The project's local authentication mode (memoised per local.settings.json version). */
export function localAuthMode(p: AuthModeSource): LocalAuthMode {
  if (p.kind && p.kind !== 'standard') return { mode: 'unknown', reason: 'not a Logic Apps Standard project' };
  const ls = p.localSettings;
  if (!ls) return { mode: 'unknown', reason: 'there is no local.settings.json (it is usually not committed)' };
  const hit = memo.get(ls);
  if (hit) return hit;
  const mode = computeMode(ls);
  memo.set(ls, mode);
  return mode;
}

function computeMode(ls: JsonFile): LocalAuthMode {
  if (!ls.parsed || !isObject(ls.value)) return { mode: 'unknown', reason: 'local.settings.json cannot be read (syntax errors)' };
  if (ls.value.IsEncrypted === true) return { mode: 'unknown', reason: 'local.settings.json is encrypted' };
  const found = findAppSetting({ localSettings: ls }, LOCAL_AUTH_SETTING);
  if (!found) return { mode: 'keys', reason: `local.settings.json has no ${LOCAL_AUTH_SETTING}` };
  const v = found.value;
  if (typeof v !== 'string') return { mode: 'unknown', reason: `${found.key} in local.settings.json is not a string` };
  if (isExpression(v) || hasPlaceholder(v)) return { mode: 'unknown', reason: `${found.key} in local.settings.json is an expression or a placeholder` };
  if (v.trim().toLowerCase() === LOCAL_AUTH_MSI_VALUE.toLowerCase()) return { mode: 'msi', reason: `${found.key} is "${v.trim()}" in local.settings.json` };
  return { mode: 'keys', reason: `${found.key} is ${JSON.stringify(v)} in local.settings.json, not "${LOCAL_AUTH_MSI_VALUE}"` };
}

/** "managed identity", "connection keys", "unknown": for the tree, diagnose and messages. */
export function modeLabel(mode: LocalAuthModeKind): string {
  return mode === 'msi' ? 'managed identity' : mode === 'keys' ? 'connection keys' : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Managed connections and how they authenticate
// ---------------------------------------------------------------------------------------------

/** How a managed API connection entry authenticates, after `@parameters('X')` is followed. */
export type EntryAuth =
  | { kind: 'msi'; identity?: string }
  | { kind: 'key'; setting?: string }
  | { kind: 'oauth' }
  | { kind: 'other'; type: string }
  /** No `authentication`, not an object, no `type`, or a dynamic value: cannot tell. */
  | { kind: 'unknown' };

type Json = Record<string, unknown>;

/** The member named `name`, matched without regard to case (as the runtime does). */
export function memberKey(obj: Json, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** How the entry authenticates (`entry`: a `managedApiConnections` value). */
export function entryAuth(p: SettingsSource, entry: unknown): EntryAuth {
  if (!isObject(entry)) return { kind: 'unknown' };
  const k = memberKey(entry, 'authentication');
  if (k === undefined) return { kind: 'unknown' };
  const auth = followParameters(p, entry[k]);
  if (!isObject(auth)) return { kind: 'unknown' };
  const tk = memberKey(auth, 'type');
  const type = tk === undefined ? undefined : auth[tk];
  if (typeof type !== 'string' || isExpression(type) || hasPlaceholder(type)) return { kind: 'unknown' };
  switch (type.trim().toLowerCase()) {
    case 'managedserviceidentity': {
      const ik = memberKey(auth, 'identity');
      const id = ik === undefined ? undefined : auth[ik];
      return typeof id === 'string' && id.trim() ? { kind: 'msi', identity: id.trim() } : { kind: 'msi' };
    }
    case 'raw': {
      const pk = memberKey(auth, 'parameter');
      const setting = pk === undefined ? undefined : appSettingNameOf(p, auth[pk]);
      return setting ? { kind: 'key', setting } : { kind: 'key' };
    }
    case 'activedirectoryoauth':
      return { kind: 'oauth' };
    default:
      return { kind: 'other', type };
  }
}

/**
 * The app settings Raw managed connections read their key from (lower case): a key setting outside
 * this set is not used by any connection.
 */
export function usedKeySettings(p: SettingsSource & { connections?: JsonFile }): Set<string> {
  const used = new Set<string>();
  for (const [, entry] of managedEntries(p.connections)) {
    const a = entryAuth(p, entry);
    if (a.kind === 'key' && a.setting) used.add(a.setting.toLowerCase());
  }
  return used;
}

/** Is this app setting name a connection key by the designer's convention (`<name>-connectionKey`)? */
export function isConnectionKeyName(name: string): boolean {
  return /-connectionKey$/i.test(name);
}

/**
 * The name the official extension gives the developer's access policy for local managed-identity
 * runs: the part of the user principal name before `@`, else the object id, then `-` and the last
 * 8 characters of the object id (`ensureAccessPolicyLocalMSI`, Azure/LogicAppsUX connection.ts).
 */
export function developerPolicyName(objectId: string, userName?: string): string {
  const prefix = userName && userName.includes('@') ? userName.split('@')[0]! : objectId;
  const cleaned = prefix.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60) || objectId;
  return `${cleaned}-${objectId.slice(-8)}`;
}

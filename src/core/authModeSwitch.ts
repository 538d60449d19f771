/**
 * Switching a Standard project's local authentication mode (see localAuth.ts): what changes in
 * its files, as a plan to show before anything is written. Used by *Use Managed Identity for
 * Local Runs…* in the editor and `lac project auth-mode` in the CLI; they add the Azure part (the
 * developer's access policies, keys fetched again) and write the files after a yes.
 *
 * - to managed identity (`msi`): `"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"` in
 *   local.settings.json (and in `workflow-designtime/local.settings.json` when there is one, as the
 *   official extension does: Azure/LogicAppsUX `apps/vs-code-designer/src/app/utils/managedIdentity.ts`),
 *   each managed connection that uses a connection key gets `{"type": "ManagedServiceIdentity"}`
 *   (in parameters.json when `authentication` is `@parameters('X')`), and the `*-connectionKey`
 *   settings no connection reads any more are removed;
 * - to keys: the setting is removed, each managed-identity connection gets
 *   `{"type": "Raw", "scheme": "Key", "parameter": "@appsetting('<name>-connectionKey')"}` (the
 *   official extension's key-mode shape, `getConnectionReference` in its connection.ts), and the
 *   caller fetches the keys.
 *
 * Every edit keeps comments and formatting (one edit at a time on the current text, through
 * json/edits.ts); BOMs and line endings are kept. ActiveDirectoryOAuth and unreadable
 * authentications are left as they are. Pure: no file system, no Azure.
 */
import * as path from 'path';
import { wholeRef } from './expressions';
import { applyTextEdits, removeValue, setValue } from './json/edits';
import { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import { entryAuth, isConnectionKeyName, LOCAL_AUTH_MSI_VALUE, LOCAL_AUTH_SETTING, localAuthMode, memberKey, type LocalAuthMode } from './localAuth';
import { managedEntries } from './connections/entries';
import { findAppSetting, NEW_LOCAL_SETTINGS } from './localSettings';
import type { JsonPath } from './types';

export type AuthModeTarget = 'msi' | 'keys';

export interface AuthModeSwitchInput {
  root: string;
  connections: JsonFile;
  parameters?: JsonFile;
  localSettings?: JsonFile;
  /** `<root>/workflow-designtime/local.settings.json`, when it exists. */
  designTimeSettings?: JsonFile;
  target: AuthModeTarget;
}

/** One file to write: `before` undefined means it is created. Texts are whole files (BOM included). */
export interface PlannedFile {
  path: string;
  before?: string;
  after: string;
}

export interface AuthModePlan {
  target: AuthModeTarget;
  current: LocalAuthMode;
  files: PlannedFile[];
  /** What changes, one line each, for the preview. */
  changes: string[];
  /** Managed connections that authenticate with managed identity after the switch (to msi): the developer needs a policy on each V2 one. */
  msiConnections: string[];
  /** Managed connections that read a connection key after the switch (to keys), with the setting: keys to fetch. */
  keyConnections: { name: string; setting: string; missing: boolean }[];
  /** Things to know that change nothing by themselves. */
  notes: string[];
  /** Why nothing can be planned (a file with syntax errors…); `files` is empty then. */
  problems: string[];
}

const MSI_AUTH = { type: 'ManagedServiceIdentity' };
const keyAuth = (setting: string) => ({ type: 'Raw', scheme: 'Key', parameter: `@appsetting('${setting.replace(/'/g, "''")}')` });

/** A file being edited one change at a time. */
class Draft {
  private file: JsonFile;
  private readonly bom: string;
  changed = false;
  constructor(
    readonly original: JsonFile | undefined,
    readonly filePath: string,
    kind: JsonFile['kind'],
    initial?: string,
  ) {
    this.bom = original?.hasBom ? '\ufeff' : '';
    this.file = original ?? new JsonFile(filePath, kind, initial ?? '');
    if (!original && initial !== undefined) this.changed = true;
  }
  get current(): JsonFile {
    return this.file;
  }
  /** Apply one set/remove; false when it cannot be done safely. */
  edit(p: JsonPath, value: unknown, remove = false): boolean {
    const e = remove ? removeValue(this.file, p) : setValue(this.file, p, value);
    if (!e) return false;
    this.file = new JsonFile(this.filePath, this.file.kind, applyTextEdits(this.file.text, e.edits));
    this.changed = true;
    return true;
  }
  planned(): PlannedFile | undefined {
    if (!this.changed) return undefined;
    const before = this.original ? this.bom + this.original.text : undefined;
    const after = this.bom + this.file.text;
    return before === after ? undefined : { path: this.filePath, ...(before !== undefined ? { before } : {}), after };
  }
}

function describeAuth(kind: string): string {
  return kind === 'key' ? 'a connection key (Raw)' : kind === 'msi' ? 'ManagedServiceIdentity' : kind;
}

/** The plan (pure): what `target` changes in the project's files. */
export function planAuthModeSwitch(input: AuthModeSwitchInput): AuthModePlan {
  const { target } = input;
  const current = localAuthMode({ ...(input.localSettings ? { localSettings: input.localSettings } : {}) });
  const plan: AuthModePlan = { target, current, files: [], changes: [], msiConnections: [], keyConnections: [], notes: [], problems: [] };
  for (const f of [input.connections, input.parameters, input.localSettings, input.designTimeSettings]) {
    if (f && (!f.parsed || !isObject(f.value))) plan.problems.push(`${path.basename(f.path)} cannot be edited: ${f.parsed ? 'it is not a JSON object' : 'it has syntax errors'}`);
  }
  if (plan.problems.length) return plan;

  const source = { ...(input.parameters ? { parameters: input.parameters } : {}), ...(input.localSettings ? { localSettings: input.localSettings } : {}) };
  const connections = new Draft(input.connections, input.connections.path, 'connections');
  const parameters = new Draft(input.parameters, input.parameters?.path ?? path.join(input.root, 'parameters.json'), 'parameters');
  const settingsPath = input.localSettings?.path ?? path.join(input.root, 'local.settings.json');
  const settings = new Draft(input.localSettings, settingsPath, 'localSettings', input.localSettings ? undefined : NEW_LOCAL_SETTINGS);
  if (!input.localSettings && target === 'keys') settings.changed = false;
  const fail = (what: string) => plan.problems.push(`${what} cannot be edited safely`);

  // Managed connections.
  const keptKeySettings = new Set<string>();
  const readByConverted = new Set<string>();
  for (const [name, entry] of managedEntries(input.connections)) {
    const auth = entryAuth(source, entry);
    const authKey = memberKey(entry, 'authentication');
    const raw = authKey === undefined ? undefined : entry[authKey];
    const ref = typeof raw === 'string' ? wholeRef(raw) : undefined;
    const param = ref?.fn === 'parameters' && input.parameters && isObject(input.parameters.value) ? ref.name : undefined;
    const write = (value: unknown): boolean => {
      if (param !== undefined) {
        if (!parameters.edit([param, 'value'], value)) return false;
        plan.changes.push(`parameters.json: parameter "${param}" (connection "${name}"): ${describeAuth(auth.kind)} → ${describeAuth(value === MSI_AUTH ? 'msi' : 'key')}`);
        return true;
      }
      if (!connections.edit(['managedApiConnections', name, authKey ?? 'authentication'], value)) return false;
      plan.changes.push(`connections.json: "${name}": ${describeAuth(auth.kind)} → ${describeAuth(value === MSI_AUTH ? 'msi' : 'key')}`);
      return true;
    };
    if (target === 'msi') {
      if (auth.kind === 'key') {
        if (auth.setting) readByConverted.add(auth.setting);
        if (!write(MSI_AUTH)) fail(`the authentication of "${name}"`);
        plan.msiConnections.push(name);
      } else if (auth.kind === 'msi') {
        plan.msiConnections.push(name);
      } else {
        plan.notes.push(`"${name}" is left as it is (${auth.kind === 'oauth' ? 'ActiveDirectoryOAuth works in both modes' : 'its authentication cannot be read'}).`);
      }
    } else {
      if (auth.kind === 'msi') {
        const setting = `${name}-connectionKey`;
        if (auth.identity) plan.notes.push(`"${name}" names the user-assigned identity ${auth.identity}: it is not used locally any more (keep it in your deployment).`);
        if (!write(keyAuth(setting))) fail(`the authentication of "${name}"`);
        plan.keyConnections.push({ name, setting, missing: !findAppSetting(source, setting) });
      } else if (auth.kind === 'key') {
        const setting = auth.setting ?? `${name}-connectionKey`;
        keptKeySettings.add(setting.toLowerCase());
        const found = findAppSetting(source, setting);
        if (!found || typeof found.value !== 'string' || !found.value.trim()) plan.keyConnections.push({ name, setting, missing: true });
      } else {
        plan.notes.push(`"${name}" is left as it is (${auth.kind === 'oauth' ? 'ActiveDirectoryOAuth works in both modes' : 'its authentication cannot be read'}).`);
      }
    }
  }

  // local.settings.json (and the design-time copy).
  const setMode = (draft: Draft, label: string) => {
    const values = isObject(draft.current.value) ? draft.current.value.Values : undefined;
    const existing = isObject(values) ? Object.keys(values).find((k) => k.toLowerCase() === LOCAL_AUTH_SETTING.toLowerCase()) : undefined;
    if (target === 'msi') {
      const key = existing ?? LOCAL_AUTH_SETTING;
      if (existing && isObject(values) && values[existing] === LOCAL_AUTH_MSI_VALUE) return;
      if (!draft.edit(['Values', key], LOCAL_AUTH_MSI_VALUE)) return fail(label);
      plan.changes.push(`${label}: ${draft.original ? '' : 'create it; '}set ${key} = "${LOCAL_AUTH_MSI_VALUE}"`);
    } else if (existing) {
      if (!draft.edit(['Values', existing], undefined, true)) return fail(label);
      plan.changes.push(`${label}: remove ${existing}`);
    }
  };
  if (input.localSettings || target === 'msi') setMode(settings, 'local.settings.json');
  if (input.designTimeSettings) {
    const design = new Draft(input.designTimeSettings, input.designTimeSettings.path, 'localSettings');
    setMode(design, 'workflow-designtime/local.settings.json');
    const p = design.planned();
    if (p) plan.files.push(p);
  }
  if (target === 'msi' && input.localSettings) {
    // Keys no connection reads any more (the official extension stores none in this mode).
    const values = isObject(settings.current.value) && isObject(settings.current.value.Values) ? settings.current.value.Values : {};
    for (const k of Object.keys(values)) {
      if (keptKeySettings.has(k.toLowerCase())) continue;
      if (isConnectionKeyName(k)) {
        if (!settings.edit(['Values', k], undefined, true)) fail(`local.settings.json (${k})`);
        else plan.changes.push(`local.settings.json: remove ${k} (no connection reads a key in managed-identity mode)`);
      } else if ([...readByConverted].some((s) => s.toLowerCase() === k.toLowerCase())) {
        plan.notes.push(`${k} in local.settings.json is no longer read by a connection: remove it if nothing else uses it.`);
      }
    }
  }
  if (target === 'keys' && plan.keyConnections.length) {
    plan.notes.push('Deployments that copy connections.json as it is would then use connection keys in Azure too: parameterise "authentication" (LAC013\'s fix), or let the deployment set ManagedServiceIdentity.');
  }
  if (plan.problems.length) {
    plan.files = [];
    return plan;
  }
  for (const d of [connections, parameters, settings]) {
    const p = d.planned();
    if (p) plan.files.unshift(p);
  }
  plan.files.sort((a, b) => a.path.localeCompare(b.path));
  return plan;
}

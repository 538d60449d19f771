/**
 * The managed API connections of a Logic Apps Standard project on disk, as the Azure commands
 * need them: each connection's resource id (literal, or resolved through local.settings.json
 * `Values` and parameters.json), and the app settings that hold its connection key and runtime URL.
 * Pure file work: nothing of Azure is loaded here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasPlaceholder, wholeRef } from '../core/expressions';
import { JsonFile } from '../core/json/jsonFile';
import { applyTextEdits, setValue } from '../core/json/edits';
import { describeFsError, displayPath, UsageError } from './io';

export interface ProjectOnDisk {
  root: string;
  connections: JsonFile;
  parameters?: JsonFile;
  localSettings?: JsonFile;
  /** Where local.settings.json is (or would be created). */
  localSettingsPath: string;
  /** Raw text of local.settings.json (BOM included), when it exists. */
  localSettingsRaw?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: Json, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Whether `arg` names a project folder (or its connections.json) on disk. */
export function isProjectPath(arg: string, cwd: string): boolean {
  const abs = path.resolve(cwd, arg);
  try {
    const st = fs.statSync(abs);
    return st.isDirectory() || (st.isFile() && path.basename(abs).toLowerCase() === 'connections.json');
  } catch {
    return false;
  }
}

/** Read a project: `arg` is its folder or its connections.json. Throws UsageError. */
export function openProject(arg: string, cwd: string): ProjectOnDisk {
  const abs = path.resolve(cwd, arg);
  let root = abs;
  try {
    if (fs.statSync(abs).isFile()) root = path.dirname(abs);
  } catch (e) {
    throw new UsageError(describeFsError(e, displayPath(abs, cwd)));
  }
  const read = (name: string): string | undefined => {
    const file = path.join(root, name);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new UsageError(describeFsError(e, displayPath(file, cwd), 'read'));
    }
  };
  const connText = read('connections.json');
  if (connText === undefined) throw new UsageError(`no connections.json in ${displayPath(root, cwd)} (a Logic Apps Standard project folder is expected)`);
  const connections = new JsonFile(path.join(root, 'connections.json'), 'connections', connText);
  if (!connections.parsed) throw new UsageError(`${displayPath(connections.path, cwd)} has syntax errors (see lac lint)`);
  const paramText = read('parameters.json');
  const localSettingsPath = path.join(root, 'local.settings.json');
  const localText = read('local.settings.json');
  return {
    root,
    connections,
    ...(paramText !== undefined ? { parameters: new JsonFile(path.join(root, 'parameters.json'), 'parameters', paramText) } : {}),
    ...(localText !== undefined ? { localSettings: new JsonFile(localSettingsPath, 'localSettings', localText), localSettingsRaw: localText } : {}),
    localSettingsPath,
  };
}

/** The names of `managedApiConnections`, in file order. */
export function managedConnectionNames(p: ProjectOnDisk): string[] {
  const m = isObj(p.connections.value) ? p.connections.value.managedApiConnections : undefined;
  return isObj(m) ? Object.keys(m) : [];
}

/** The `managedApiConnections` entry called `name` (exact, else case-insensitive). */
export function managedConnection(p: ProjectOnDisk, name: string): { name: string; entry: Json } | undefined {
  const m = isObj(p.connections.value) ? p.connections.value.managedApiConnections : undefined;
  if (!isObj(m)) return undefined;
  const key = own(m, name) ? name : Object.keys(m).find((k) => k.toLowerCase() === name.toLowerCase());
  return key !== undefined && isObj(m[key]) ? { name: key, entry: m[key] as Json } : undefined;
}

/** local.settings.json `Values`. */
export function appSettings(p: ProjectOnDisk): Json {
  const v = isObj(p.localSettings?.value) ? (p.localSettings!.value as Json).Values : undefined;
  return isObj(v) ? v : {};
}

/** An app setting by name (exact, else case-insensitive, as app settings are). */
function appSetting(p: ProjectOnDisk, name: string): { key: string; value: unknown } | undefined {
  const values = appSettings(p);
  const key = own(values, name) ? name : Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : { key, value: values[key] };
}

/** Follow whole-value `@parameters('X')` into parameters.json (a few hops). */
function followParameters(p: ProjectOnDisk, value: unknown): unknown {
  let cur = value;
  for (let i = 0; i < 4 && typeof cur === 'string'; i++) {
    const ref = wholeRef(cur);
    if (!ref || ref.fn !== 'parameters') break;
    const params = p.parameters?.value;
    if (!isObj(params) || !isObj(params[ref.name]) || !own(params[ref.name] as Json, 'value')) break;
    cur = (params[ref.name] as Json).value;
  }
  return cur;
}

export type Resolution = { ok: true; value: string } | { ok: false; reason: string };

const CALL = /@\{\s*(appsetting|parameters)\s*\(\s*'((?:[^']|'')*)'\s*\)\s*\}|@(appsetting|parameters)\('((?:[^']|'')*)'\)/g;

/**
 * A string value with its `@appsetting('X')` / `@parameters('X')` references replaced: as the whole
 * value, or as `@{appsetting('X')}` parts (the unbraced form inside a string is accepted too).
 * App settings come from local.settings.json `Values`, parameters from parameters.json.
 */
export function resolveString(p: ProjectOnDisk, value: unknown): Resolution {
  let cur = followParameters(p, value);
  for (let hop = 0; hop < 4; hop++) {
    if (typeof cur !== 'string') return { ok: false, reason: 'not a string' };
    let missing: string | undefined;
    const next = cur.replace(CALL, (_m, fn1: string, n1: string, fn2: string, n2: string) => {
      const fn = fn1 ?? fn2;
      const name = (n1 ?? n2).replace(/''/g, "'");
      let v: unknown;
      if (fn === 'appsetting') {
        v = appSetting(p, name)?.value;
        if (typeof v !== 'string') missing ??= `app setting ${name} is not in local.settings.json`;
      } else {
        const params = p.parameters?.value;
        v = isObj(params) && isObj(params[name]) ? (params[name] as Json).value : undefined;
        if (typeof v !== 'string') missing ??= `parameter ${name} is not a string in parameters.json`;
      }
      return typeof v === 'string' ? v : '';
    });
    if (missing) return { ok: false, reason: missing };
    if (next === cur) {
      if (/@\{|^@[a-z]/i.test(next)) return { ok: false, reason: 'it holds an expression that cannot be resolved locally' };
      return { ok: true, value: next };
    }
    cur = next;
  }
  return { ok: false, reason: 'too many nested references' };
}

/** The resource id of a managed connection (`connection.id`), resolved. */
export function connectionIdOfEntry(p: ProjectOnDisk, entry: Json): Resolution {
  const conn = followParameters(p, entry.connection);
  const raw = isObj(conn) ? conn.id : undefined;
  if (typeof raw !== 'string' || !raw.trim()) return { ok: false, reason: 'it has no connection.id' };
  const r = resolveString(p, raw);
  if (!r.ok) return { ok: false, reason: `its connection.id cannot be resolved: ${r.reason}` };
  if (hasPlaceholder(r.value)) return { ok: false, reason: 'its connection.id holds a deployment placeholder' };
  return { ok: true, value: r.value.trim() };
}

/** The app setting a whole-value `@appsetting('X')` (through parameters) names. */
function appSettingNameOf(p: ProjectOnDisk, value: unknown): string | undefined {
  const v = followParameters(p, value);
  if (typeof v !== 'string') return undefined;
  const ref = wholeRef(v);
  return ref?.fn === 'appsetting' ? ref.name : undefined;
}

/** Where the project keeps the connection key: `authentication.parameter` → `@appsetting('X')`, else `<name>-connectionKey`. */
export function connectionKeySetting(p: ProjectOnDisk, name: string, entry: Json): string {
  const auth = followParameters(p, entry.authentication);
  const fromAuth = isObj(auth) ? appSettingNameOf(p, auth.parameter) : undefined;
  const wanted = fromAuth ?? `${name}-connectionKey`;
  return appSetting(p, wanted)?.key ?? wanted;
}

/**
 * Where the project keeps the runtime URL, if it keeps it in an app setting: the setting that
 * `connectionRuntimeUrl` refers to, or an existing `<name>-connectionRuntimeUrl`.
 */
export function runtimeUrlSetting(p: ProjectOnDisk, name: string, entry: Json): string | undefined {
  const referenced = appSettingNameOf(p, entry.connectionRuntimeUrl);
  if (referenced) return appSetting(p, referenced)?.key ?? referenced;
  return appSetting(p, `${name}-connectionRuntimeUrl`)?.key;
}

/** The connection key the project uses locally (for its expiry), if any. */
export function connectionKeyValue(p: ProjectOnDisk, name: string, entry: Json): string | undefined {
  const v = appSetting(p, connectionKeySetting(p, name, entry))?.value;
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/**
 * Set app settings in local.settings.json `Values`, keeping comments, formatting, BOM and line
 * endings (creating the file when there is none). Returns the text written.
 */
export function writeAppSettings(p: ProjectOnDisk, settings: Record<string, string>, cwd: string): string {
  const shown = displayPath(p.localSettingsPath, cwd);
  let raw = p.localSettingsRaw;
  if (raw === undefined) raw = '{\n  "IsEncrypted": false,\n  "Values": {}\n}\n';
  const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  let text = bom ? raw.slice(1) : raw;
  for (const [key, value] of Object.entries(settings)) {
    const file = new JsonFile(p.localSettingsPath, 'localSettings', text);
    if (!file.parsed) throw new UsageError(`cannot update ${shown}: it has syntax errors (see lac lint)`);
    if (!isObj(file.value)) throw new UsageError(`cannot update ${shown}: it is not a JSON object`);
    if (own(file.value, 'Values') && !isObj(file.value.Values)) throw new UsageError(`cannot update ${shown}: "Values" is not an object`);
    const edit = setValue(file, ['Values', key], value);
    if (!edit) {
      if (isObj(file.value.Values) && (file.value.Values as Json)[key] === value) continue;
      throw new UsageError(`cannot update ${shown}: the file cannot be edited safely`);
    }
    text = applyTextEdits(text, edit.edits);
  }
  const out = bom + text;
  try {
    fs.writeFileSync(p.localSettingsPath, out, 'utf8');
  } catch (e) {
    throw new UsageError(describeFsError(e, shown, 'write'));
  }
  return out;
}

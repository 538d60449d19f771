/**
 * The managed API connections of a Logic Apps Standard project on disk, as the Azure commands
 * need them: each connection's resource id (literal, or resolved through local.settings.json
 * `Values` and parameters.json), and the app settings that hold its connection key and runtime URL.
 * Pure file work: nothing of Azure is loaded here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasPlaceholder } from '../core/expressions';
import { JsonFile } from '../core/json/jsonFile';
import { findAppSetting as appSetting, followParameters, localSettingValues, setAppSettings } from '../core/localSettings';
import { checkWriteTarget } from '../core/writeGuard';
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
  return localSettingValues(p);
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

// Where the key and runtime URL of a managed connection live (shared with the editor's Refresh Connection Key).
export { connectionKeySetting, connectionKeyValue, runtimeUrlSetting } from '../core/localSettings';

/** Throws (UsageError) when writing local.settings.json would leave the project: a symbolic link, or a linked folder. */
export function assertLocalSettingsWritable(p: ProjectOnDisk, cwd: string): void {
  const check = checkWriteTarget(p.localSettingsPath, p.root, (f) => displayPath(f, cwd));
  if (!check.ok) throw new UsageError(check.message);
}

/**
 * Set app settings in local.settings.json `Values`, keeping comments, formatting, BOM and line
 * endings (creating the file when there is none). Returns the text written. Refused (UsageError)
 * when local.settings.json is a symbolic link, or in a linked folder, that leads out of the project.
 */
export function writeAppSettings(p: ProjectOnDisk, settings: Record<string, string>, cwd: string): string {
  const shown = displayPath(p.localSettingsPath, cwd);
  assertLocalSettingsWritable(p, cwd);
  const r = setAppSettings(p.localSettingsRaw, p.localSettingsPath, settings);
  if (!r.ok) throw new UsageError(`cannot update ${shown}: ${r.message}${r.reason === 'syntax' ? ' (see lac lint)' : ''}`);
  const out = r.text;
  try {
    fs.writeFileSync(p.localSettingsPath, out, 'utf8');
  } catch (e) {
    throw new UsageError(describeFsError(e, shown, 'write'));
  }
  return out;
}

/**
 * A Logic Apps Standard project on disk for the Azure commands: the core `Project` (its files
 * read the way `lac lint` reads them), plus where local.settings.json is and its raw text, so that
 * writing it keeps the BOM. Which managed connections the project has and what each
 * `connection.id` resolves to is the core connection model's (`core/connections`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { connectionIndex, managedConnection as coreManagedConnection, resolveIdValue, type IdResolution, type ManagedConnectionRef } from '../core/connections';
import { discoverOnDisk } from '../core/fs';
import type { JsonFile } from '../core/json/jsonFile';
import { isObject } from '../core/json/pointer';
import { setAppSettings } from '../core/localSettings';
import { loadProject, type Project, type ProjectLayout } from '../core/project';
import { followParameters } from '../core/resolve';
import { checkWriteTarget } from '../core/writeGuard';
import { describeFsError, displayPath, UsageError } from './io';

export interface ProjectOnDisk extends Project {
  connections: JsonFile;
  /** Where local.settings.json is (or would be created). */
  localSettingsPath: string;
  /** Raw text of local.settings.json (BOM included), when it exists. */
  localSettingsRaw?: string;
}

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
  const connectionsPath = path.join(root, 'connections.json');
  const localSettingsPath = path.join(root, 'local.settings.json');
  const rootFiles = new Set([connectionsPath, localSettingsPath, path.join(root, 'parameters.json'), path.join(root, 'host.json')]);
  const texts = new Map<string, string>();
  const read = (file: string): string | undefined => {
    try {
      const text = fs.readFileSync(file, 'utf8');
      texts.set(file, text);
      return text;
    } catch (e) {
      // A root file that exists but cannot be read is an error; a workflow that cannot be read is left out.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || !rootFiles.has(file)) return undefined;
      throw new UsageError(describeFsError(e, displayPath(file, cwd), 'read'));
    }
  };
  if (read(connectionsPath) === undefined) throw new UsageError(`no connections.json in ${displayPath(root, cwd)} (a Logic Apps Standard project folder is expected)`);
  let layout: ProjectLayout | undefined;
  try {
    layout = discoverOnDisk([root]).find((l) => l.kind === 'standard' && l.root === root && l.connections === connectionsPath);
  } catch {
    layout = undefined;
  }
  layout ??= { kind: 'standard', root, hasHost: fs.existsSync(path.join(root, 'host.json')), connections: connectionsPath, workflows: [] };
  for (const [role, name] of [['parameters', 'parameters.json'], ['localSettings', 'local.settings.json']] as const) {
    if (!layout[role] && fs.existsSync(path.join(root, name))) layout = { ...layout, [role]: path.join(root, name) };
  }
  const project = loadProject(layout, (f) => texts.get(f) ?? read(f));
  const connections = project.connections;
  if (!connections) throw new UsageError(`no connections.json in ${displayPath(root, cwd)} (a Logic Apps Standard project folder is expected)`);
  if (!connections.parsed) throw new UsageError(`${displayPath(connections.path, cwd)} has syntax errors (see lac lint)`);
  const raw = texts.get(localSettingsPath);
  return { ...project, connections, localSettingsPath, ...(project.localSettings && raw !== undefined ? { localSettingsRaw: raw } : {}) };
}

/** The names of `managedApiConnections`, in file order. */
export function managedConnectionNames(p: ProjectOnDisk): string[] {
  return [...connectionIndex(p.connections).names('managedApiConnections')];
}

/** The `managedApiConnections` entry called `name` (exact, else case-insensitive). */
export function managedConnection(p: ProjectOnDisk, name: string): ManagedConnectionRef | undefined {
  return coreManagedConnection(p, name);
}

/**
 * The resource id of a managed connection (`connection.id`), resolved through parameters.json and
 * local.settings.json. Azure evaluates a bare `@appsetting('X')` inside the id, so it is resolved
 * here too (the local runtime does not: LAC033 says so).
 */
export function connectionIdOfEntry(p: ProjectOnDisk, entry: Record<string, unknown>): IdResolution {
  const conn = followParameters(p, entry.connection);
  return resolveIdValue(p, isObject(conn) ? conn.id : undefined, { bareCalls: true });
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

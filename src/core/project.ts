import * as path from 'path';
import { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import { isOversize, type OversizeText } from './limits';
import type { FileKind } from './types';

/**
 * A Logic Apps project as the rules see it: a Standard project root with its files, a lone
 * workflow.json, or an exported ARM template.
 */
export interface Project {
  kind: 'standard' | 'workflow' | 'armTemplate';
  /** Folder of the project (for a lone file: its folder). */
  root: string;
  /** Whether the root has a host.json. */
  hasHost: boolean;
  host?: JsonFile;
  connections?: JsonFile;
  parameters?: JsonFile;
  localSettings?: JsonFile;
  /** workflow.json files (Standard) or the lone workflow / template file. */
  workflows: JsonFile[];
}

export function projectFiles(p: Project): JsonFile[] {
  const out: JsonFile[] = [];
  for (const f of [p.host, p.connections, p.parameters, p.localSettings]) if (f) out.push(f);
  out.push(...p.workflows);
  return out;
}

/** Folders never descended into. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'bin', 'obj', 'workflow-designtime', '.vscode']);

const ROOT_FILES: Record<string, FileKind> = {
  'host.json': 'host',
  'connections.json': 'connections',
  'parameters.json': 'parameters',
  'local.settings.json': 'localSettings',
};

/** A cheap look at a file's text: is it an ARM template that deploys a Logic App workflow? */
export function looksLikeArmTemplate(text: string): boolean {
  return /deploymentTemplate\.json/i.test(text) && /Microsoft\.Logic\/workflows/i.test(text);
}

export interface ProjectLayout {
  kind: Project['kind'];
  root: string;
  hasHost: boolean;
  /** Absolute paths by role. */
  host?: string;
  connections?: string;
  parameters?: string;
  localSettings?: string;
  workflows: string[];
}

/**
 * Group candidate files into projects. `files` are absolute paths of files named host.json,
 * connections.json, parameters.json, local.settings.json, workflow.json, and other *.json that
 * passed `looksLikeArmTemplate`. Pure: no file system access.
 */
export function groupProjects(files: readonly string[]): ProjectLayout[] {
  const byDir = new Map<string, Map<string, string>>();
  const armTemplates: string[] = [];
  for (const f of files) {
    const base = path.basename(f).toLowerCase();
    if (base in ROOT_FILES || base === 'workflow.json') {
      const dir = path.dirname(f);
      if (!byDir.has(dir)) byDir.set(dir, new Map());
      byDir.get(dir)!.set(base, f);
    } else {
      armTemplates.push(f);
    }
  }
  const roots = new Map<string, ProjectLayout>();
  for (const [dir, names] of byDir) {
    if (names.has('host.json') || names.has('connections.json')) {
      roots.set(dir, {
        kind: 'standard',
        root: dir,
        hasHost: names.has('host.json'),
        host: names.get('host.json'),
        connections: names.get('connections.json'),
        parameters: names.get('parameters.json'),
        localSettings: names.get('local.settings.json'),
        workflows: [],
      });
    }
  }
  const lone: ProjectLayout[] = [];
  for (const [dir, names] of byDir) {
    const wf = names.get('workflow.json');
    if (!wf) continue;
    const parent = path.dirname(dir);
    const grand = path.dirname(parent);
    const owner =
      roots.get(parent) ?? (path.basename(parent).toLowerCase() === 'workflows' ? roots.get(grand) : undefined);
    if (owner) owner.workflows.push(wf);
    else lone.push({ kind: 'workflow', root: dir, hasHost: false, workflows: [wf] });
  }
  for (const t of armTemplates) lone.push({ kind: 'armTemplate', root: path.dirname(t), hasHost: false, workflows: [t] });
  for (const p of roots.values()) p.workflows.sort();
  return [...roots.values(), ...lone].sort((a, b) => (a.root + (a.workflows[0] ?? '')).localeCompare(b.root + (b.workflows[0] ?? '')));
}

/** A file's text, its size when it is too large to read (see limits.ts), or undefined when it cannot be read. */
export type TextReader = (file: string) => string | OversizeText | undefined;

/** Build a project from a layout, reading each file's text (an open editor's text, or the disk). */
export function loadProject(layout: ProjectLayout, read: TextReader, cache?: FileCache): Project {
  const load = (file: string | undefined, kind: FileKind): JsonFile | undefined => {
    if (!file) return undefined;
    const text = read(file);
    if (text === undefined) return undefined;
    if (isOversize(text)) return new JsonFile(file, kind, text);
    return cache ? cache.get(file, kind, text) : new JsonFile(file, kind, text);
  };
  const wfKind: FileKind = layout.kind === 'armTemplate' ? 'armTemplate' : 'workflow';
  return {
    kind: layout.kind,
    root: layout.root,
    hasHost: layout.hasHost,
    host: load(layout.host, 'host'),
    connections: load(layout.connections, 'connections'),
    parameters: load(layout.parameters, 'parameters'),
    localSettings: load(layout.localSettings, 'localSettings'),
    workflows: layout.workflows.map((w) => load(w, wfKind)).filter((f): f is JsonFile => !!f),
  };
}

/** Parsed files keyed by path and text: an edit re-parses only the file that changed. */
export class FileCache {
  private readonly files = new Map<string, JsonFile>();
  get(file: string, kind: FileKind, text: string): JsonFile {
    const hit = this.files.get(file);
    if (hit && hit.kind === kind && (hit.hasBom ? '\ufeff' + hit.text : hit.text) === text) return hit;
    const f = new JsonFile(file, kind, text);
    this.files.set(file, f);
    return f;
  }
  delete(file: string): void {
    this.files.delete(file);
  }
}

/** The `Values` of local.settings.json, when the file exists and parsed. */
export function appSettings(p: Project): Record<string, unknown> | undefined {
  const v = p.localSettings?.value;
  if (!isObject(v)) return undefined;
  return isObject(v.Values) ? v.Values : {};
}

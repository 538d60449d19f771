import * as path from 'path';
import { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import { isOversize, type OversizeText } from './limits';
import type { FileKind } from './types';

/**
 * A Logic Apps project as the rules see it: a Standard project root with its files, a lone
 * workflow.json, an ARM deployment template (recognised by its content, whatever its name), a
 * Logic Apps template of the template gallery format (a folder with `manifest.json` and
 * `workflow.json`), or a custom connector definition folder (`apiProperties.json`, with or
 * without `apiDefinition.swagger.json`).
 */
export interface Project {
  kind: 'standard' | 'workflow' | 'armTemplate' | 'template' | 'customConnector';
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
  /** Custom connector definitions: `apiProperties.json`. */
  apiProperties?: JsonFile;
  /** Custom connector definitions: `apiDefinition.swagger.json` next to apiProperties.json. */
  apiDefinition?: JsonFile;
  /** Templates: the workflow's `manifest.json` (its connections, parameters, and maybe `skus`). */
  manifest?: JsonFile;
  /**
   * Templates: the template's own `manifest.json` one folder up (its `skus`), when no host.json
   * stands between them. Read, not linted: several workflows of a template share it.
   */
  templateManifest?: JsonFile;
  /** Templates: the workflow's manifest is one folder up and may serve several workflows: read, not linted here. */
  sharedManifest?: boolean;
}

/** The files of a project that are linted (a template's parent manifest is only read). */
export function projectFiles(p: Project): JsonFile[] {
  const out: JsonFile[] = [];
  for (const f of [p.host, p.connections, p.parameters, p.localSettings]) if (f) out.push(f);
  out.push(...p.workflows);
  if (p.apiProperties) out.push(p.apiProperties);
  if (p.apiDefinition) out.push(p.apiDefinition);
  if (p.manifest && !p.sharedManifest) out.push(p.manifest);
  return out;
}

/** File names of a custom connector definition folder (lower case). */
export const CONNECTOR_FILES = { apiProperties: 'apiproperties.json', apiDefinition: 'apidefinition.swagger.json' } as const;

/** Folders never descended into. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'bin', 'obj', 'workflow-designtime', '.vscode']);

const ROOT_FILES: Record<string, FileKind> = {
  'host.json': 'host',
  'connections.json': 'connections',
  'parameters.json': 'parameters',
  'local.settings.json': 'localSettings',
};

/** The file name of a Logic Apps template's manifest (the template gallery format). */
export const MANIFEST_FILE = 'manifest.json';

/**
 * A cheap look at a file's text: is it an ARM template that deploys a Logic App workflow, API
 * connections (`Microsoft.Web/connections`) or a custom connector (`Microsoft.Web/customApis`)?
 * For JSON files of any other name: whether they are Logic Apps files at all.
 */
export function looksLikeArmTemplate(text: string): boolean {
  return /deploymentTemplate\.json/i.test(text) && /Microsoft\.(?:Logic\/workflows|Web\/customApis|Web\/connections)/i.test(text);
}

const ARM_SCHEMA = /^https?:\/\/schema\.management\.azure\.com\/schemas\/[^/]+\/(?:subscription|tenant|managementGroup)?deploymentTemplate\.json#?$/i;

/**
 * Is this parsed value an ARM deployment template (`$schema` …/deploymentTemplate.json#, and
 * `resources`)? Files named like Standard project files (connections.json, workflow.json) that are
 * ARM templates are linted as ARM templates, never as what their name says.
 */
export function isArmTemplateValue(v: unknown): boolean {
  if (!isObject(v) || typeof v.$schema !== 'string' || !ARM_SCHEMA.test(v.$schema.trim())) return false;
  return Array.isArray(v.resources) || isObject(v.resources);
}

/** A quick look at a text before parsing it: can it be an ARM deployment template? */
function mayBeArmTemplate(text: string): boolean {
  return /deploymentTemplate\.json/i.test(text) && /"resources"/.test(text);
}

/** Does this parsed value look like a workflow manifest of the template gallery format? */
export function isTemplateManifestValue(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isObject(v.connections) || Array.isArray(v.connections)) return true;
  const artifacts = v.artifacts;
  return Array.isArray(artifacts) && artifacts.some((a) => isObject(a) && typeof a.type === 'string' && a.type.toLowerCase() === 'workflow');
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
  apiProperties?: string;
  apiDefinition?: string;
  manifest?: string;
  templateManifest?: string;
  /** The workflow manifest is one folder up (a template whose workflow sits in a subfolder). */
  sharedManifest?: boolean;
}

/** Every file of a layout (absolute paths). */
export function layoutPaths(l: ProjectLayout): string[] {
  const out: string[] = [];
  for (const f of [l.host, l.connections, l.parameters, l.localSettings]) if (f) out.push(f);
  out.push(...l.workflows);
  if (l.apiProperties) out.push(l.apiProperties);
  if (l.apiDefinition) out.push(l.apiDefinition);
  if (l.manifest) out.push(l.manifest);
  if (l.templateManifest) out.push(l.templateManifest);
  return out;
}

/**
 * Group candidate files into projects. `files` are absolute paths of files named host.json,
 * connections.json, parameters.json, local.settings.json, workflow.json, manifest.json,
 * apiProperties.json, apiDefinition.swagger.json, and other *.json that passed
 * `looksLikeArmTemplate`. Pure: no file system access.
 *
 * - A folder with host.json or connections.json is a Standard project root. host.json is a
 *   boundary: a project's workflows are `<root>/<name>/workflow.json`, `<root>/workflows/<name>/
 *   workflow.json`, or a workflow.json in a root that has host.json; a folder's connections.json
 *   never serves a project below it that has its own host.json.
 * - A folder with manifest.json and workflow.json is a Logic Apps template (gallery format); the
 *   manifest.json one folder up (the template's, with `skus`) joins it unless host.json is there.
 * - A folder with apiProperties.json is a custom connector definition (its
 *   apiDefinition.swagger.json joins it); an OpenAPI file alone is nothing.
 * - Any other workflow.json is a lone workflow; any other JSON file an ARM template.
 *
 * Whether a file named connections.json or workflow.json is really an ARM deployment template
 * is decided by its content when the project is loaded (`loadProject`).
 */
export function groupProjects(files: readonly string[]): ProjectLayout[] {
  const byDir = new Map<string, Map<string, string>>();
  const armTemplates: string[] = [];
  const connectorDirs = new Map<string, { apiProperties?: string; apiDefinition?: string }>();
  for (const f of files) {
    const base = path.basename(f).toLowerCase();
    if (base === CONNECTOR_FILES.apiProperties || base === CONNECTOR_FILES.apiDefinition) {
      const dir = path.dirname(f);
      const entry = connectorDirs.get(dir) ?? {};
      if (base === CONNECTOR_FILES.apiProperties) entry.apiProperties = f;
      else entry.apiDefinition = f;
      connectorDirs.set(dir, entry);
    } else if (base in ROOT_FILES || base === 'workflow.json' || base === MANIFEST_FILE) {
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
    const manifest = names.get(MANIFEST_FILE);
    if (manifest) {
      // A template: the workflow's manifest beside it; the template's manifest one folder up,
      // unless this folder is a project of its own (host.json is a boundary).
      const parent = path.dirname(dir);
      const up = !names.has('host.json') && parent !== dir ? byDir.get(parent)?.get(MANIFEST_FILE) : undefined;
      lone.push({ kind: 'template', root: dir, hasHost: names.has('host.json'), workflows: [wf], manifest, ...(up ? { templateManifest: up } : {}) });
      continue;
    }
    const here = roots.get(dir);
    if (here?.hasHost) {
      // workflow.json in the root of a project with host.json: that project's workflow.
      here.workflows.push(wf);
      continue;
    }
    const parent = path.dirname(dir);
    const grand = path.dirname(parent);
    const owner =
      roots.get(parent) ?? (path.basename(parent).toLowerCase() === 'workflows' ? roots.get(grand) : undefined);
    if (owner) owner.workflows.push(wf);
    else if (!here && parent !== dir && byDir.get(parent)?.has(MANIFEST_FILE) && !byDir.get(parent)!.has('workflow.json')) {
      // A workflow manifest one folder up (its content decides when the project is loaded).
      lone.push({ kind: 'template', root: dir, hasHost: false, workflows: [wf], manifest: byDir.get(parent)!.get(MANIFEST_FILE)!, sharedManifest: true });
    } else lone.push({ kind: 'workflow', root: dir, hasHost: false, workflows: [wf] });
  }
  for (const t of armTemplates) lone.push({ kind: 'armTemplate', root: path.dirname(t), hasHost: false, workflows: [t] });
  for (const [dir, c] of connectorDirs) {
    if (!c.apiProperties) continue;
    lone.push({ kind: 'customConnector', root: dir, hasHost: false, workflows: [], apiProperties: c.apiProperties, ...(c.apiDefinition ? { apiDefinition: c.apiDefinition } : {}) });
  }
  for (const p of roots.values()) p.workflows.sort();
  const sortKey = (l: ProjectLayout) => l.root + (l.workflows[0] ?? l.apiProperties ?? '');
  return [...roots.values(), ...lone].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

/** A file's text, its size when it is too large to read (see limits.ts), or undefined when it cannot be read. */
export type TextReader = (file: string) => string | OversizeText | undefined;

/**
 * Build a project from a layout, reading each file's text (an open editor's text, or the disk).
 * A connections.json or workflow.json whose content is an ARM deployment template is loaded as
 * an ARM template: a folder whose only Standard file is such a connections.json (no host.json, no
 * workflows) is an ARM template project; otherwise the template joins the project's files as an
 * ARM template, never as its connections.json or a Standard workflow.
 */
export function loadProject(layout: ProjectLayout, read: TextReader, cache?: FileCache): Project {
  const load = (file: string | undefined, kind: FileKind): JsonFile | undefined => {
    if (!file) return undefined;
    const text = read(file);
    if (text === undefined) return undefined;
    if (isOversize(text)) return new JsonFile(file, kind, text);
    const first = cache ? cache.get(file, kind, text) : new JsonFile(file, kind, text);
    if ((kind !== 'connections' && kind !== 'workflow') || !mayBeArmTemplate(first.text) || !isArmTemplateValue(first.value)) return first;
    return cache ? cache.get(file, 'armTemplate', text) : new JsonFile(file, 'armTemplate', text);
  };
  const wfKind: FileKind = layout.kind === 'armTemplate' ? 'armTemplate' : 'workflow';
  const connections = load(layout.connections, 'connections');
  const workflows = layout.workflows.map((w) => load(w, wfKind)).filter((f): f is JsonFile => !!f);
  const armConnections = connections?.kind === 'armTemplate' ? connections : undefined;
  let kind = layout.kind;
  let manifest = layout.manifest ? load(layout.manifest, 'templateManifest') : undefined;
  let templateManifest = layout.templateManifest ? load(layout.templateManifest, 'templateManifest') : undefined;
  if (layout.kind === 'workflow' && workflows.length === 1 && workflows[0].kind === 'armTemplate') kind = 'armTemplate';
  if (layout.kind === 'template') {
    // A manifest.json that is not a workflow manifest (a web app's, or a template's own one folder up): a lone workflow.
    const ok =
      manifest &&
      (layout.sharedManifest
        ? manifest.parsed && isTemplateManifestValue(manifest.value) && !Object.prototype.hasOwnProperty.call(manifest.value, 'workflows')
        : !manifest.parsed || isTemplateManifestValue(manifest.value));
    if (!ok) {
      kind = workflows[0]?.kind === 'armTemplate' ? 'armTemplate' : 'workflow';
      manifest = undefined;
      templateManifest = undefined;
    } else if (workflows[0]?.kind === 'armTemplate') {
      kind = 'armTemplate';
    }
  }
  const allWorkflows = armConnections ? [armConnections, ...workflows] : workflows;
  if (layout.kind === 'standard' && armConnections && !layout.hasHost && workflows.every((w) => w.kind === 'armTemplate')) {
    // An ARM template named connections.json (beside a Consumption template, say): nothing Standard here.
    return { kind: 'armTemplate', root: layout.root, hasHost: false, workflows: allWorkflows };
  }
  return {
    kind,
    root: layout.root,
    hasHost: layout.hasHost,
    host: load(layout.host, 'host'),
    connections: armConnections ? undefined : connections,
    parameters: load(layout.parameters, 'parameters'),
    localSettings: load(layout.localSettings, 'localSettings'),
    workflows: allWorkflows,
    ...(layout.apiProperties ? { apiProperties: load(layout.apiProperties, 'apiProperties') } : {}),
    ...(layout.apiDefinition ? { apiDefinition: load(layout.apiDefinition, 'apiDefinition') } : {}),
    ...(manifest ? { manifest } : {}),
    ...(templateManifest ? { templateManifest } : {}),
    ...(manifest && layout.sharedManifest ? { sharedManifest: true } : {}),
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

// Pure (no `vscode` import): the Workspace view's shape. Each Logic Apps project → its connections
// grouped by kind → the workflows that use each → their actions, with the problems of each part
// and, for managed connections whose id resolves, what Azure says. `workspaceTree.ts` renders it.
import * as path from 'path';
import { type ConnectionFact } from '../../core/azureFacts';
import type { ConnectionInfo } from '../../core/azure/model';
import { parseConnectionId } from '../../core/azure/model';
import { locate } from '../../core/json/index';
import type { JsonFile } from '../../core/json/jsonFile';
import { isObject, toPointer } from '../../core/json/pointer';
import { entryAuth, localAuthMode, modeLabel, type LocalAuthModeKind } from '../../core/localAuth';
import { findAppSetting } from '../../core/localSettings';
import { projectFiles, type Project } from '../../core/project';
import type { Finding, JsonPath } from '../../core/types';
import { statusKind, type StatusKind } from './azureModel';
import { CONNECTION_SECTIONS, connectionIndex, connectionUsage, consumptionWorkflows, managedConnections, workflowName, type ConnectionSection } from '../../core/connections';

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

export interface ProblemCount {
  errors: number;
  warnings: number;
  /** Information and hints. */
  infos: number;
  /** The first few messages (`LAC010: …`), for tooltips. */
  messages: string[];
}

export type WorkspaceStatusKind = StatusKind | 'not-found';

/** What Azure says about a workspace connection (from the facts, else the Azure view's listing). */
export interface WorkspaceAzureStatus {
  kind: WorkspaceStatusKind;
  /** `Connected`, `Error`, `not found in Azure`. */
  label: string;
  /** The connection as Azure has it (when found). */
  connection?: ConnectionInfo;
}

/** A group: a connections.json section, or the `$connections` of a Consumption workflow. */
export type GroupSection = ConnectionSection | '$connections';

export interface ActionModel {
  id: string;
  name: string;
  isTrigger: boolean;
  /** The workflow file and the path of the action object in it. */
  file: string;
  path: JsonPath;
  problems: ProblemCount;
}

export interface WorkflowModel {
  id: string;
  /** The workflow's folder name (Standard), or the workflow resource / file name. */
  name: string;
  file: string;
  actions: ActionModel[];
  problems: ProblemCount;
}

export interface ConnectionModel {
  id: string;
  projectRoot: string;
  section: GroupSection;
  name: string;
  /** connections.json (or the template / workflow file for `$connections`) and the entry's path in it. */
  file: string;
  path: JsonPath;
  /** What it connects to: API name, service provider, function, API… */
  detail?: string;
  /** The literal ARM id `connection.id` resolves to. */
  connectionId?: string;
  /** `authentication.type` when it is a literal. */
  authType?: string;
  /** The app setting of the local development key (managed connections with `Raw` authentication). */
  localKeySetting?: string;
  azure?: WorkspaceAzureStatus;
  problems: ProblemCount;
  workflows: WorkflowModel[];
  /** Tokens for `viewItem` menus: `workspaceEntry`, `resolved`, `localKey`, `consumptionEntry`. */
  contextValue: string;
  description: string;
}

export interface GroupModel {
  id: string;
  section: GroupSection;
  label: string;
  connections: ConnectionModel[];
  problems: ProblemCount;
}

export interface ProjectModel {
  id: string;
  root: string;
  kind: Project['kind'];
  label: string;
  description: string;
  /** The file a click opens for a project without connections (a lone workflow, a template). */
  mainFile?: string;
  connectionsFile?: string;
  /** Standard projects: how managed connections authenticate in local runs (local.settings.json). */
  localAuth?: { mode: LocalAuthModeKind; label: string; reason: string };
  groups: GroupModel[];
  /** Every problem of the project's files. */
  problems: ProblemCount;
}

export interface WorkspaceModelInput {
  projects: readonly Project[];
  /** The workspace folders (labels are relative to them). */
  folders: readonly { name: string; path: string }[];
  /** The problems shown for a file. */
  findings(file: string): readonly Finding[];
  /** What Azure says about a resolved connection id, when known. */
  azureStatus?(connectionId: string): WorkspaceAzureStatus | undefined;
}

export const GROUP_LABELS: Record<GroupSection, string> = {
  managedApiConnections: 'Managed API connections',
  serviceProviderConnections: 'Built-in connections',
  functionConnections: 'Function connections',
  apiManagementConnections: 'API Management connections',
  agentConnections: 'Agent connections',
  $connections: '$connections (Consumption)',
};

export const KIND_LABELS: Record<Project['kind'], string> = {
  standard: 'Standard',
  workflow: 'Workflow',
  armTemplate: 'ARM template (Consumption)',
  template: 'Logic Apps template',
  customConnector: 'Custom connector',
};

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

const MAX_MESSAGES = 5;

export function emptyCount(): ProblemCount {
  return { errors: 0, warnings: 0, infos: 0, messages: [] };
}

export function countFindings(findings: Iterable<Finding>): ProblemCount {
  const c = emptyCount();
  for (const f of findings) {
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
    if (c.messages.length < MAX_MESSAGES) c.messages.push(`${f.ruleId}: ${f.message}`);
  }
  return c;
}

export function addCounts(...counts: ProblemCount[]): ProblemCount {
  const c = emptyCount();
  for (const x of counts) {
    c.errors += x.errors;
    c.warnings += x.warnings;
    c.infos += x.infos;
    for (const m of x.messages) if (c.messages.length < MAX_MESSAGES && !c.messages.includes(m)) c.messages.push(m);
  }
  return c;
}

export function total(c: ProblemCount): number {
  return c.errors + c.warnings + c.infos;
}

/** `2 problems`, `1 problem`, or undefined. */
export function problemsText(c: ProblemCount): string | undefined {
  const n = total(c);
  return n === 0 ? undefined : n === 1 ? '1 problem' : `${n} problems`;
}

/** The worst severity of a count. */
export function worst(c: ProblemCount): 'error' | 'warning' | 'info' | undefined {
  return c.errors ? 'error' : c.warnings ? 'warning' : c.infos ? 'info' : undefined;
}

function underPointer(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/**
 * The text ranges of the member at `path` (key to the end of its value; every occurrence of a
 * repeated key), from the file's positioned index.
 */
export function memberExtents(file: JsonFile, p: JsonPath): { start: number; end: number }[] {
  if (p.length === 0) return [];
  const parent = locate(file.index, p.slice(0, -1));
  if (parent.depth < p.length - 1 || parent.node?.type !== 'object') return [];
  const key = String(p[p.length - 1]);
  const out: { start: number; end: number }[] = [];
  for (const prop of parent.node.props ?? []) {
    if (prop.key !== key) continue;
    const end = prop.value ? prop.value.offset + prop.value.length : prop.keyOffset + prop.keyLength;
    out.push({ start: prop.keyOffset, end });
  }
  return out;
}

/** Findings of `file` about the member at `p`: by JSON pointer, or by position inside the member's text. */
export function findingsWithin(findings: readonly Finding[], file: JsonFile | undefined, p: JsonPath): Finding[] {
  if (!findings.length) return [];
  const base = toPointer(p);
  let extents: { start: number; end: number }[] | undefined;
  return findings.filter((f) => {
    if (underPointer(f.pointer, base)) return true;
    if (!file) return false;
    extents ??= memberExtents(file, p);
    return extents.some((e) => f.offset >= e.start && f.offset + f.length <= e.end);
  });
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/** The last segment of an id (`…/managedApis/office365` → `office365`). */
function lastSegment(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim().replace(/\/+$/, '');
  if (!t) return undefined;
  if (t.startsWith('[') && t.endsWith(']')) {
    // An ARM expression: its last literal names the API (`…'managedApis', location, 'keyvault')]`).
    const lits = [...t.matchAll(/'([^']*)'/g)].map((m) => m[1]!).filter((x) => x && !x.includes('/'));
    return lits[lits.length - 1];
  }
  if (t.startsWith('@')) return undefined;
  return t.split('/').pop() || undefined;
}

/** What a connections.json entry connects to, in a few words. */
export function entryDetail(section: ConnectionSection, entry: Record<string, unknown>): string | undefined {
  const api = isObject(entry.api) ? entry.api : undefined;
  const dn = typeof entry.displayName === 'string' && entry.displayName.trim() ? entry.displayName.trim() : undefined;
  let what: string | undefined;
  switch (section) {
    case 'managedApiConnections':
      what = lastSegment(api?.id) ?? (typeof api?.name === 'string' ? api.name : undefined);
      break;
    case 'serviceProviderConnections':
      what = isObject(entry.serviceProvider) ? lastSegment(entry.serviceProvider.id) : undefined;
      break;
    case 'functionConnections':
      what = isObject(entry.function) ? lastSegment(entry.function.id) : undefined;
      break;
    case 'apiManagementConnections':
      what = lastSegment(entry.apiId);
      break;
    case 'agentConnections':
      what = typeof entry.type === 'string' ? entry.type : undefined;
      break;
  }
  if (what && dn && dn !== what) return `${what} (${dn})`;
  return what ?? dn;
}

/** Where the project keeps a managed connection's local key: `Raw` authentication and its app setting. */
export function localKeySettingOf(project: Project, name: string, entry: Record<string, unknown>): string | undefined {
  const auth = entryAuth(project, entry);
  if (auth.kind !== 'key') return undefined;
  if (auth.setting) return findAppSetting(project, auth.setting)?.key ?? auth.setting;
  return findAppSetting(project, `${name}-connectionKey`)?.key;
}

/** The label of a project: its folder relative to the workspace folder (a template: its file). */
export function projectLabel(project: Project, folders: readonly { name: string; path: string }[]): string {
  const target = project.kind === 'armTemplate' && project.workflows[0] ? project.workflows[0].path : project.root;
  const norm = (p: string) => path.resolve(p);
  const t = norm(target);
  let best: { name: string; path: string } | undefined;
  for (const f of folders) {
    const fp = norm(f.path);
    const rel = path.relative(fp, t);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || fp.length > norm(best.path).length) best = f;
  }
  if (!best) return target;
  const rel = path.relative(norm(best.path), t).split(path.sep).join('/');
  if (!rel) return best.name;
  return folders.length > 1 ? `${best.name}/${rel}` : rel;
}

/** `Connected`/`Error`… from a fact (preferred) or the listing; `not found in Azure` for a 404. */
export function azureStatusOf(fact: ConnectionFact | undefined, listed: ConnectionInfo | undefined): WorkspaceAzureStatus | undefined {
  if (fact?.state === 'found') return { kind: statusKind(fact.connection.status), label: fact.connection.status, connection: fact.connection };
  if (fact?.state === 'not-found') return { kind: 'not-found', label: 'not found in Azure' };
  if (listed) return { kind: statusKind(listed.status), label: listed.status, connection: listed };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

function projectId(p: Project): string {
  return `${p.kind}:${p.root}${p.kind === 'standard' ? '' : `:${p.workflows[0]?.path ?? p.apiProperties?.path ?? ''}`}`;
}

/** Build the Workspace view's model from the projects as last linted. */
export function buildWorkspaceModel(input: WorkspaceModelInput): ProjectModel[] {
  return input.projects.map((p) => buildProject(p, input));
}

function buildProject(project: Project, input: WorkspaceModelInput): ProjectModel {
  const id = projectId(project);
  const groups = project.kind === 'standard' ? standardGroups(project, id, input) : project.kind === 'customConnector' || project.kind === 'template' ? [] : consumptionGroups(project, id, input);
  const problems = countFindings(projectFiles(project).flatMap((f) => input.findings(f.path)));
  const mainFile = project.kind === 'standard' ? (project.connections?.path ?? project.host?.path) : (project.workflows[0]?.path ?? project.apiProperties?.path);
  const mode = project.kind === 'standard' ? localAuthMode(project) : undefined;
  const localAuth = mode ? { mode: mode.mode, label: modeLabel(mode.mode), reason: mode.reason } : undefined;
  return {
    id,
    root: project.root,
    kind: project.kind,
    label: projectLabel(project, input.folders),
    description: [KIND_LABELS[project.kind], localAuth && `local auth: ${localAuth.label}`, problemsText(problems)].filter(Boolean).join(' · '),
    ...(localAuth ? { localAuth } : {}),
    ...(mainFile ? { mainFile } : {}),
    ...(project.connections ? { connectionsFile: project.connections.path } : {}),
    groups,
    problems,
  };
}

interface Use {
  file: JsonFile;
  actionName: string;
  isTrigger: boolean;
  path: JsonPath;
}

function toWorkflows(project: Project, connectionId: string, uses: readonly Use[], input: WorkspaceModelInput): WorkflowModel[] {
  const byFile = new Map<JsonFile, Use[]>();
  for (const u of uses) {
    const list = byFile.get(u.file);
    if (list) list.push(u);
    else byFile.set(u.file, [u]);
  }
  const out: WorkflowModel[] = [];
  for (const [file, list] of byFile) {
    const wid = `${connectionId}|${file.path}`;
    const findings = input.findings(file.path);
    const seen = new Set<string>();
    const actions: ActionModel[] = [];
    for (const u of list) {
      const ptr = toPointer(u.path);
      if (seen.has(ptr)) continue;
      seen.add(ptr);
      actions.push({
        id: `${wid}|${ptr}`,
        name: u.actionName,
        isTrigger: u.isTrigger,
        file: file.path,
        path: u.path,
        problems: countFindings(findingsWithin(findings, file, u.path)),
      });
    }
    out.push({ id: wid, name: workflowName(project, file.path), file: file.path, actions, problems: addCounts(...actions.map((a) => a.problems)) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file));
}

function connectionDescription(detail: string | undefined, azure: WorkspaceAzureStatus | undefined, problems: ProblemCount): string {
  return [detail, azure?.label, problemsText(problems)].filter(Boolean).join(' · ');
}

function standardGroups(project: Project, pid: string, input: WorkspaceModelInput): GroupModel[] {
  const file = project.connections;
  const index = connectionIndex(file);
  if (!file || !isObject(file.value)) return [];
  const usage = connectionUsage(project);
  const resolved = new Map(managedConnections(project).map((r) => [r.name, r.id]));
  const findings = input.findings(file.path);
  const groups: GroupModel[] = [];
  for (const section of CONNECTION_SECTIONS) {
    if (!index.hasSection(section)) continue;
    const gid = `${pid}|${section}`;
    const connections: ConnectionModel[] = [];
    for (const { name, value: entry, path: p } of index.section(section)) {
      if (!isObject(entry)) continue;
      const cid = `${gid}|${name}`;
      const connectionId = section === 'managedApiConnections' ? resolved.get(name) : undefined;
      const azure = connectionId ? input.azureStatus?.(connectionId) : undefined;
      const localKeySetting = section === 'managedApiConnections' ? localKeySettingOf(project, name, entry) : undefined;
      const auth = isObject(entry.authentication) && typeof entry.authentication.type === 'string' ? entry.authentication.type : undefined;
      const problems = countFindings(findingsWithin(findings, file, p));
      const detail = entryDetail(section, entry);
      const tokens = ['workspaceEntry', ...(connectionId ? ['resolved'] : []), ...(localKeySetting ? ['localKey'] : [])];
      const uses: Use[] = usage.of(section, name).map((u) => ({ file: u.file, actionName: u.reference.action.name, isTrigger: u.reference.action.isTrigger, path: u.reference.action.path }));
      connections.push({
        id: cid,
        projectRoot: project.root,
        section,
        name,
        file: file.path,
        path: p,
        ...(detail ? { detail } : {}),
        ...(connectionId ? { connectionId } : {}),
        ...(auth ? { authType: auth } : {}),
        ...(localKeySetting ? { localKeySetting } : {}),
        ...(azure ? { azure } : {}),
        problems,
        workflows: toWorkflows(project, cid, uses, input),
        contextValue: tokens.join(' '),
        description: connectionDescription(detail, azure, problems),
      });
    }
    if (connections.length) groups.push({ id: gid, section, label: GROUP_LABELS[section], connections, problems: addCounts(...connections.map((c) => c.problems)) });
  }
  return groups;
}

/**
 * The `$connections` of Consumption workflows (an ARM template's workflow resources, a code view
 * file), when they are plain objects; anything else leaves the project without groups.
 */
function consumptionGroups(project: Project, pid: string, input: WorkspaceModelInput): GroupModel[] {
  const gid = `${pid}|$connections`;
  const connections: ConnectionModel[] = [];
  for (const file of project.workflows) {
    const workflows = consumptionWorkflows(file);
    const findings = input.findings(file.path);
    for (const wf of workflows) {
      if (typeof wf.connections === 'string') continue;
      const { entries, path: valuePath } = wf.connections;
      const byKey = new Map<string, Use[]>();
      for (const ref of wf.references) {
        if (ref.key === undefined) continue;
        const u: Use = { file, actionName: ref.action.name, isTrigger: ref.action.isTrigger, path: ref.action.path };
        const list = byKey.get(ref.key);
        if (list) list.push(u);
        else byKey.set(ref.key, [u]);
      }
      for (const [name, entry] of Object.entries(entries)) {
        if (!isObject(entry)) continue;
        const p: JsonPath = [...valuePath, name];
        const cid = `${gid}|${toPointer(p)}|${file.path}`;
        const raw = typeof entry.connectionId === 'string' ? entry.connectionId.trim() : undefined;
        const connectionId = raw && parseConnectionId(raw) ? raw.replace(/\/+$/, '') : undefined;
        const azure = connectionId ? input.azureStatus?.(connectionId) : undefined;
        const problems = countFindings(findingsWithin(findings, file, p));
        const detail = [lastSegment(entry.id), workflows.length > 1 || project.workflows.length > 1 ? wf.name : undefined].filter(Boolean).join(' · ') || undefined;
        connections.push({
          id: cid,
          projectRoot: project.root,
          section: '$connections',
          name,
          file: file.path,
          path: p,
          ...(detail ? { detail } : {}),
          ...(connectionId ? { connectionId } : {}),
          ...(azure ? { azure } : {}),
          problems,
          workflows: toWorkflows(project, cid, byKey.get(name) ?? [], input).map((w) => ({ ...w, name: wf.name })),
          contextValue: ['consumptionEntry', ...(connectionId ? ['resolved'] : [])].join(' '),
          description: connectionDescription(detail, azure, problems),
        });
      }
    }
  }
  if (!connections.length) return [];
  return [{ id: gid, section: '$connections', label: GROUP_LABELS.$connections, connections, problems: addCounts(...connections.map((c) => c.problems)) }];
}

// ---------------------------------------------------------------------------------------------
// Tests' view of a tree
// ---------------------------------------------------------------------------------------------

/** A tree node as the integration tests read it (TestingHooks): what the user sees of it. */
export interface TreeSnapshotNode {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  /** Codicon id of the icon, and its colour's theme id. */
  icon?: string;
  iconColor?: string;
  /** The command a click runs (with its arguments). */
  command?: { command: string; arguments?: unknown[] };
  /** The node's `target` (connection nodes). */
  target?: unknown;
  collapsible: 'none' | 'collapsed' | 'expanded';
  children?: TreeSnapshotNode[];
}

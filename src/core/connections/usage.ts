/**
 * Who uses each connection: the workflow actions referencing each connections.json entry by
 * (section, name), and, across projects, where an API connection (an ARM id) is used. For the
 * rules (unknown and unused references), the Workspace view, Delete Connection and Refresh
 * Connection Key.
 *
 * Pure: no Azure SDK, no file system.
 */
import * as path from 'path';
import type { JsonFile } from '../json/jsonFile';
import type { Project } from '../project';
import { connectionKey, managedConnections, type ManagedConnectionRef } from './ids';
import { connectionReferences, type ConnectionReference } from './references';
import type { ConnectionSection } from './sections';

/** One reference to a connection, in the workflow file holding it. */
export interface ReferenceUse {
  file: JsonFile;
  reference: ConnectionReference;
}

export interface ConnectionUsage {
  /** Every reference of every workflow of the project, in file and action order. */
  readonly all: readonly ReferenceUse[];
  /** The references naming exactly this entry. */
  of(section: ConnectionSection, name: string): readonly ReferenceUse[];
}

const NONE: readonly ReferenceUse[] = [];

const usageOf = new WeakMap<Project, { workflows: readonly JsonFile[]; usage: ConnectionUsage }>();

/** The references of a project's workflows, by (section, name) (memoised per project). */
export function connectionUsage(project: Project): ConnectionUsage {
  const hit = usageOf.get(project);
  if (hit && hit.workflows === project.workflows) return hit.usage;
  const all: ReferenceUse[] = [];
  for (const file of project.workflows) {
    // ARM templates name their connections through `$connections` (see consumption.ts).
    if (file.kind !== 'workflow') continue;
    for (const reference of connectionReferences(file)) all.push({ file, reference });
  }
  let byKey: Map<string, ReferenceUse[]> | undefined;
  const usage: ConnectionUsage = {
    all,
    of(section, name) {
      if (!byKey) {
        byKey = new Map();
        for (const u of all) {
          if (typeof u.reference.name !== 'string') continue;
          const k = `${u.reference.section}\u0000${u.reference.name}`;
          const list = byKey.get(k);
          if (list) list.push(u);
          else byKey.set(k, [u]);
        }
      }
      return byKey.get(`${section}\u0000${name}`) ?? NONE;
    },
  };
  usageOf.set(project, { workflows: project.workflows, usage });
  return usage;
}

export interface WorkflowUse {
  /** workflow.json (or the template file). */
  file: string;
  /** The workflow's name: its folder for a Standard project, else the file name. */
  workflow: string;
  /** How many triggers and actions reference the entry. */
  references: number;
}

export interface ConnectionUse {
  project: Project;
  /** The managed connection entry resolving to the id. */
  entry: ManagedConnectionRef & { id: string };
  /** Workflows of the project referencing the entry (file order). */
  workflows: WorkflowUse[];
}

/** The workflow name shown for a workflow file: its folder for a Standard workflow.json, else the file name. */
export function workflowName(project: Project, file: string): string {
  if (project.kind === 'standard' && path.basename(file).toLowerCase() === 'workflow.json') return path.basename(path.dirname(file));
  return path.basename(file);
}

/** The managed connection entries of `projects` whose connection id resolves to `connectionId`. */
export function entriesFor(projects: readonly Project[], connectionId: string): { project: Project; entry: ManagedConnectionRef & { id: string } }[] {
  const key = connectionKey(connectionId);
  const out: { project: Project; entry: ManagedConnectionRef & { id: string } }[] = [];
  for (const project of projects) {
    for (const ref of managedConnections(project)) {
      if (ref.id && connectionKey(ref.id) === key) out.push({ project, entry: ref as ManagedConnectionRef & { id: string } });
    }
  }
  return out;
}

/** Every workspace use of a connection: its entries and the workflows referencing each. */
export function usesOf(projects: readonly Project[], connectionId: string): ConnectionUse[] {
  return entriesFor(projects, connectionId).map(({ project, entry }) => {
    const counts = new Map<JsonFile, number>();
    for (const u of connectionUsage(project).of('managedApiConnections', entry.name)) counts.set(u.file, (counts.get(u.file) ?? 0) + 1);
    const workflows: WorkflowUse[] = [];
    for (const file of project.workflows) {
      const references = counts.get(file);
      if (references) workflows.push({ file: file.path, workflow: workflowName(project, file.path), references });
    }
    return { project, entry, workflows };
  });
}

/**
 * Where an API connection (an ARM id) is used in a set of projects: the managed connection entries
 * whose `connection.id` resolves to it, and the workflows that reference those entries. For the
 * Delete Connection warning and for finding a workspace entry from an id.
 *
 * Pure: no Azure SDK, no file system.
 */
import * as path from 'path';
import { connectionKey, managedConnections, type ManagedConnectionRef } from './azureFacts';
import type { Project } from './project';
import { connectionReferences } from './workflow';

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

/** The workflow name shown for a workflow file. */
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
    const workflows: WorkflowUse[] = [];
    for (const file of project.workflows) {
      let references = 0;
      for (const ref of connectionReferences(file)) if (ref.section === 'managedApiConnections' && ref.name === entry.name) references++;
      if (references) workflows.push({ file: file.path, workflow: workflowName(project, file.path), references });
    }
    return { project, entry, workflows };
  });
}

import * as path from 'path';
import { groupProjects, loadProject, type Project } from '../../../src/core/project';

/** Root of every virtual test project. */
export const ROOT = path.resolve('/virtual/project');

/**
 * Build projects from in-memory files: `{ 'connections.json': '...', 'wf/workflow.json': '...' }`.
 * Paths are relative to ROOT. Returns the first (or only) project.
 */
export function virtualProjects(files: Record<string, string>): Project[] {
  const abs = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  return groupProjects([...abs.keys()]).map((layout) => loadProject(layout, (f) => abs.get(f)));
}

export function virtualProject(files: Record<string, string>): Project {
  const all = virtualProjects(files);
  if (all.length === 0) throw new Error('no project in the given files');
  return all[0];
}

export function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

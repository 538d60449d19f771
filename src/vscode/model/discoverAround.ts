// Pure (no `vscode` import): unit-tested in Node.
import { promises as fs } from 'fs';
import * as path from 'path';
import { CONNECTOR_FILES, SKIPPED_FOLDERS } from '../../core/project';

const ROOT_NAMES = ['host.json', 'connections.json', 'parameters.json', 'local.settings.json'];

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)).map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

async function projectAt(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const n of ROOT_NAMES) if (await exists(path.join(root, n))) found.push(path.join(root, n));
  if (!found.some((f) => /[\\/](host|connections)\.json$/i.test(f))) return found;
  // A project with host.json may keep a workflow in its root.
  if (found.some((f) => /[\\/]host\.json$/i.test(f)) && (await exists(path.join(root, 'workflow.json')))) found.push(path.join(root, 'workflow.json'));
  const dirs = await subfolders(root);
  const workflowsDir = dirs.find((d) => path.basename(d).toLowerCase() === 'workflows');
  if (workflowsDir) dirs.push(...(await subfolders(workflowsDir)));
  for (const d of dirs) {
    const wf = path.join(d, 'workflow.json');
    if (await exists(wf)) found.push(wf);
  }
  return found;
}

/**
 * The project files around one file that is opened outside the workspace folders (so that no
 * workspace scan found its siblings): the root files of its folder (or of the folder above a
 * workflow's folder, or two above under `workflows/`) and the workflows of that root; for a custom
 * connector's apiProperties.json or apiDefinition.swagger.json, the other file of its folder.
 */
export async function discoverAround(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file).toLowerCase();
  const out = new Set<string>([file]);
  if (base === CONNECTOR_FILES.apiProperties || base === CONNECTOR_FILES.apiDefinition) {
    // A custom connector definition: the other file of its folder.
    for (const name of ['apiProperties.json', 'apiDefinition.swagger.json']) {
      const f = path.join(dir, name);
      if (await exists(f)) out.add(f);
    }
    return [...out];
  }
  const roots: string[] = [];
  if (ROOT_NAMES.includes(base)) roots.push(dir);
  else if (base === 'workflow.json' || base === 'manifest.json') {
    // A template: the workflow and its manifest, and the template's manifest one folder up.
    const manifest = path.join(dir, 'manifest.json');
    const wf = path.join(dir, 'workflow.json');
    if ((await exists(manifest)) && (await exists(wf))) {
      out.add(manifest);
      out.add(wf);
      if (!(await exists(path.join(dir, 'host.json')))) {
        const up = path.join(path.dirname(dir), 'manifest.json');
        if (await exists(up)) out.add(up);
      }
      return [...out];
    }
    if (base === 'manifest.json') return [...out];
    const parent = path.dirname(dir);
    roots.push(dir, parent);
    if (path.basename(parent).toLowerCase() === 'workflows') roots.push(path.dirname(parent));
  }
  for (const r of roots) for (const f of await projectAt(r)) out.add(f);
  return [...out];
}

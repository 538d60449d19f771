import * as fs from 'fs';
import * as path from 'path';
import { discoverOnDisk } from '../core/fs';
import { CONNECTOR_FILES, layoutPaths, type ProjectLayout } from '../core/project';
import { describeFsError, UsageError } from './io';

/** A project to lint and, when it was reached through some of its files only, those files. */
export interface Target {
  layout: ProjectLayout;
  /** Report findings in these files only (absolute paths); undefined: the whole project. */
  only?: Set<string>;
}

const ROOT_FILES = ['host.json', 'connections.json', 'parameters.json', 'local.settings.json'];

/**
 * What `lac lint <paths>` lints. Folders are walked (core discovery). A file is linted with the
 * project it belongs to — `proj/workflows/a/workflow.json` or `proj/connections.json` alone
 * would otherwise miss the connections or the workflows that other files hold — and only its
 * own findings are reported. The same goes for a folder inside a project (`proj/orders`).
 * Lone workflows and exported ARM templates are linted on their own.
 */
export function discoverTargets(inputs: readonly string[], opts: { cwd: string; ignore: readonly string[] }): Target[] {
  const { cwd, ignore } = opts;
  const folders: string[] = [];
  const files: { abs: string; input: string }[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
      // The walk skips folders it cannot read; a folder named on the command line must be readable.
      if (st.isDirectory()) fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
    } catch (e) {
      throw new UsageError(describeFsError(e, input));
    }
    if (st.isDirectory()) folders.push(abs);
    else if (st.isFile()) files.push({ abs, input });
    else throw new UsageError(`not a file or directory: ${input}`);
  }

  const discover = (roots: string[]): ProjectLayout[] => {
    try {
      return discoverOnDisk(roots, { cwd, ignore });
    } catch (e) {
      const p = (e as NodeJS.ErrnoException).path;
      throw new UsageError(describeFsError(e, p ? path.relative(cwd, p) || '.' : roots.join(', ')));
    }
  };

  const targets = new Map<string, Target>();
  const add = (layout: ProjectLayout, only: string[] | undefined): void => {
    const k = key(layout);
    const cur = targets.get(k);
    if (!cur) targets.set(k, { layout, only: only && new Set(only) });
    else if (!only) cur.only = undefined;
    else if (cur.only) for (const f of only) cur.only.add(f);
  };
  const owners = new Map<string, ProjectLayout | undefined>();
  const ownerLayout = (root: string): ProjectLayout | undefined => {
    if (!owners.has(root)) owners.set(root, discover([root]).find((l) => l.kind === 'standard' && l.root === root));
    return owners.get(root);
  };
  /** A lone workflow, or a file of a project named alone: lint it with its whole project. */
  const addInContext = (layout: ProjectLayout, focus: string[]): void => {
    const root = projectRootOf(focus[0]);
    const owner = root ? ownerLayout(root) : undefined;
    if (owner && focus.every((f) => layoutFiles(owner).includes(f))) add(owner, focus);
    else add(layout, focus.length === layoutFiles(layout).length ? undefined : focus);
  };

  if (folders.length) {
    for (const layout of discover(folders)) {
      if (layout.kind === 'workflow') addInContext(layout, layout.workflows);
      else add(layout, undefined);
    }
  }
  for (const { abs, input } of files) {
    const base = path.basename(abs).toLowerCase();
    if (base === CONNECTOR_FILES.apiProperties || base === CONNECTOR_FILES.apiDefinition) {
      // A file of a custom connector definition: linted with its folder (the other file may be needed).
      const dir = path.dirname(abs);
      const owner = discover([dir]).find((l) => l.kind === 'customConnector' && l.root === dir);
      if (!owner) throw new UsageError(`not part of a custom connector definition (no apiProperties.json next to it): ${input}`);
      add(owner, [abs]);
      continue;
    }
    const dir = path.dirname(abs);
    if ((base === 'workflow.json' || base === 'manifest.json') && fs.existsSync(path.join(dir, 'workflow.json')) && fs.existsSync(path.join(dir, 'manifest.json'))) {
      // A file of a Logic Apps template: linted with its manifest (and the template's, one folder up).
      const up = path.dirname(dir);
      const owner = (up !== dir ? discover([up]) : discover([dir])).find((l) => l.kind === 'template' && l.root === dir);
      if (owner) {
        add(owner, [abs]);
        continue;
      }
    }
    const found = discover([abs]);
    if (found.length === 0) {
      // parameters.json or local.settings.json: a project only with the connections.json or host.json next to it.
      const root = projectRootOf(abs);
      const owner = root ? ownerLayout(root) : undefined;
      if (owner && layoutFiles(owner).includes(abs)) {
        add(owner, [abs]);
        continue;
      }
      if (ROOT_FILES.includes(path.basename(abs).toLowerCase())) {
        throw new UsageError(`not part of a Logic Apps project (no host.json or connections.json next to it): ${input}`);
      }
      throw new UsageError(`not a Logic Apps file (host.json, connections.json, parameters.json, local.settings.json, workflow.json, an exported ARM template, or a custom connector's apiProperties.json): ${input}`);
    }
    for (const layout of found) {
      if (layout.kind === 'armTemplate') add(layout, undefined);
      else addInContext(layout, [abs]);
    }
  }
  if (targets.size === 0) throw new UsageError(`no Logic Apps files or custom connector definitions found in ${inputs.join(', ')}`);
  return [...targets.values()].sort((a, b) => key(a.layout).localeCompare(key(b.layout)));
}

function key(l: ProjectLayout): string {
  return `${l.root}\0${l.kind}\0${l.workflows[0] ?? ''}`;
}

export function layoutFiles(l: ProjectLayout): string[] {
  return layoutPaths(l);
}

/**
 * The Standard project root a file belongs to, looking at the disk the way `groupProjects`
 * groups files: root files sit in the root; a workflow.json in `<root>/<name>/`,
 * `<root>/workflows/<name>/`, or in a root with host.json. A root has a host.json or a
 * connections.json.
 */
export function projectRootOf(file: string): string | undefined {
  const base = path.basename(file).toLowerCase();
  const dir = path.dirname(file);
  if (ROOT_FILES.includes(base)) return isRoot(dir) ? dir : undefined;
  if (base !== 'workflow.json') return undefined;
  // host.json is a boundary: a workflow.json beside it is that project's.
  if (fs.existsSync(path.join(dir, 'host.json'))) return dir;
  const parent = path.dirname(dir);
  if (parent !== dir && isRoot(parent)) return parent;
  const grand = path.dirname(parent);
  if (path.basename(parent).toLowerCase() === 'workflows' && grand !== parent && isRoot(grand)) return grand;
  return undefined;
}

function isRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'host.json')) || fs.existsSync(path.join(dir, 'connections.json'));
}

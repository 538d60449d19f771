import * as fs from 'fs';
import * as path from 'path';
import { groupProjects, looksLikeArmTemplate, SKIPPED_FOLDERS, type ProjectLayout } from './project';

const NAMED = new Set(['host.json', 'connections.json', 'parameters.json', 'local.settings.json', 'workflow.json']);

export interface DiscoverOptions {
  /** Glob patterns (relative to `cwd`, or matched against any path suffix) to leave out. */
  ignore?: readonly string[];
  cwd?: string;
}

/**
 * Find the Logic Apps projects under the given files or folders on disk. Never descends into
 * node_modules, .git, bin, obj, workflow-designtime or .vscode.
 */
export function discoverOnDisk(inputs: readonly string[], opts: DiscoverOptions = {}): ProjectLayout[] {
  const cwd = opts.cwd ?? process.cwd();
  const ignore = (opts.ignore ?? []).map(globToRegExp);
  const isIgnored = (abs: string): boolean => {
    const rel = path.relative(cwd, abs).split(path.sep).join('/');
    return ignore.some((re) => re.test(rel) || re.test(abs.split(path.sep).join('/')));
  };
  const files = new Set<string>();
  const consider = (abs: string, explicit: boolean): void => {
    const base = path.basename(abs).toLowerCase();
    if (NAMED.has(base)) {
      files.add(abs);
      return;
    }
    if (!base.endsWith('.json')) return;
    // Other JSON files count only when they are exported Logic App ARM templates.
    try {
      const fd = fs.openSync(abs, 'r');
      try {
        const buf = Buffer.alloc(64 * 1024);
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        const head = buf.subarray(0, n).toString('utf8');
        if (looksLikeArmTemplate(head) || (explicit && looksLikeArmTemplate(fs.readFileSync(abs, 'utf8')))) files.add(abs);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // unreadable: the caller reports missing inputs
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = fs.statSync(abs); // throws ENOENT: the caller turns it into a one-line error
    if (st.isFile()) {
      consider(abs, true);
      continue;
    }
    const stack = [abs];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (isIgnored(full)) continue;
        if (e.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(e.name)) stack.push(full);
        } else if (e.isFile()) {
          consider(full, false);
        }
      }
    }
  }
  return groupProjects([...files]);
}

/** Read a file as UTF-8, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Minimal glob: `**` any folders, `*` any name part, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        re += '.*';
        i++;
        if (g[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash matches a name anywhere; with one, a path from the root or any suffix.
  return new RegExp(`(^|/)${re}(/.*)?$`);
}

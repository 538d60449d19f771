import * as fs from 'fs';
import * as path from 'path';
import { Minimatch } from 'minimatch';
import { MAX_FILE_CHARS, type OversizeText } from './limits';
import { armTemplateHead } from './armTemplateFile';
import { CONNECTOR_FILES, groupProjects, looksLikeArmTemplate, MANIFEST_FILE, SKIPPED_FOLDERS, type ProjectLayout } from './project';

const NAMED = new Set(['host.json', 'connections.json', 'parameters.json', 'local.settings.json', 'workflow.json', MANIFEST_FILE, CONNECTOR_FILES.apiProperties, CONNECTOR_FILES.apiDefinition]);

export interface DiscoverOptions {
  /** Glob patterns to leave out (see `ignoreMatcher`). */
  ignore?: readonly string[];
  cwd?: string;
}

/**
 * Find the Logic Apps projects (and custom connector definitions) under the given files or
 * folders on disk. Never descends into node_modules, .git, bin, obj, workflow-designtime or .vscode.
 */
export function discoverOnDisk(inputs: readonly string[], opts: DiscoverOptions = {}): ProjectLayout[] {
  const cwd = opts.cwd ?? process.cwd();
  const isIgnored = ignoreMatcher(opts.ignore ?? [], cwd);
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
      if (armTemplateHead(abs) || (explicit && looksLikeArmTemplate(fs.readFileSync(abs, 'utf8')))) files.add(abs);
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

/**
 * A file's text for linting: read as UTF-8, or only its size when it is above MAX_FILE_CHARS (the
 * file is then reported, not read: reading it could exhaust memory). Throws what fs throws.
 */
export function readLintText(file: string): string | OversizeText {
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_CHARS) return { oversize: size };
  return fs.readFileSync(file, 'utf8');
}

/** `readLintText`, asynchronously. */
export async function readLintTextAsync(file: string): Promise<string | OversizeText> {
  const size = (await fs.promises.stat(file)).size;
  if (size > MAX_FILE_CHARS) return { oversize: size };
  return fs.promises.readFile(file, 'utf8');
}

/** Read a file as UTF-8, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A test of absolute paths against ignore globs (minimatch syntax, `dot` on, case-insensitive on
 * Windows), gitignore-like:
 * - a pattern is matched against the path relative to `cwd` (paths outside `cwd`: the absolute path);
 * - unless it starts with `/` or `./` (anchored at `cwd`), it may match at any depth:
 *   `bin` and `*.bak.json` match a name anywhere, `samples/old` any path ending in `samples/old`;
 * - a pattern that matches a folder matches everything under it (`samples`, `samples/`, `samples/**`);
 * - an absolute pattern (`/srv/repo/legacy`, `C:/repo/legacy`) also matches absolute paths.
 */
export function ignoreMatcher(patterns: readonly string[], cwd: string = process.cwd()): (abs: string) => boolean {
  const opts = { dot: true, nocase: process.platform === 'win32', nocomment: true, nonegate: true };
  const relative: Minimatch[] = [];
  const absolute: Minimatch[] = [];
  for (const raw of patterns) {
    const slashed = raw.trim().replace(/\\/g, '/').replace(/\/+$/, '');
    const g = slashed.replace(/^\.?\/+/, '');
    if (!g) continue;
    const anchored = slashed !== g;
    // `{,/**}`: the path itself or anything under it.
    relative.push(new Minimatch(anchored ? `${g}{,/**}` : `**/${g}{,/**}`, opts));
    if (path.isAbsolute(raw.trim())) absolute.push(new Minimatch(`${slashed}{,/**}`, opts));
  }
  if (relative.length === 0) return () => false;
  return (abs: string): boolean => {
    const full = abs.split(path.sep).join('/');
    const rel = path.relative(cwd, abs).split(path.sep).join('/');
    const inside = rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel);
    const target = inside ? rel : full;
    return relative.some((m) => m.match(target)) || absolute.some((m) => m.match(full));
  };
}

// Pure (no `vscode` import): unit-tested in Node.
import { SKIPPED_FOLDERS } from '../../core/project';

/**
 * File names that make a project (ARM templates are recognised by content instead), and the two
 * files of a custom connector definition.
 */
export const PROJECT_FILE_NAMES = ['connections.json', 'workflow.json', 'parameters.json', 'local.settings.json', 'host.json', 'manifest.json', 'apiProperties.json', 'apiDefinition.swagger.json'] as const;
const NAMED = new Set<string>(PROJECT_FILE_NAMES.map((n) => n.toLowerCase()));

export function isProjectFileName(name: string): boolean {
  return NAMED.has(name.toLowerCase());
}

/** Folders never descended into, as globs. */
export const SKIPPED_FOLDER_GLOBS: readonly string[] = [...SKIPPED_FOLDERS].map((f) => `**/${f}/**`);

/** Whether a relative path (`/`-separated) goes through a folder that is never linted. */
export function inSkippedFolder(relPath: string): boolean {
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (SKIPPED_FOLDERS.has(parts[i])) return true;
  return false;
}

const MAX_EXPANSIONS = 64;

/** Expand `{a,b}` alternatives (nested too) into plain globs: `*.{json,jsonc}` → `*.json`, `*.jsonc`. */
export function expandBraces(glob: string): string[] {
  const out: string[] = [];
  const stack = [glob];
  while (stack.length && out.length < MAX_EXPANSIONS) {
    const g = stack.pop()!;
    const open = g.indexOf('{');
    if (open < 0) {
      out.push(g);
      continue;
    }
    let depth = 0;
    let close = -1;
    const parts: string[] = [];
    let start = open + 1;
    for (let i = open; i < g.length; i++) {
      const c = g[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          close = i;
          parts.push(g.slice(start, i));
          break;
        }
      } else if (c === ',' && depth === 1) {
        parts.push(g.slice(start, i));
        start = i + 1;
      }
    }
    if (close < 0) {
      out.push(g); // unbalanced: literal
      continue;
    }
    const head = g.slice(0, open);
    const tail = g.slice(close + 1);
    for (let i = parts.length - 1; i >= 0; i--) stack.push(head + parts[i] + tail);
  }
  return out;
}

function globBody(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}

export interface GlobOptions {
  /**
   * `anchored`: the pattern is matched from the folder root, like `files.exclude`.
   * `suffix`: a pattern also matches at any depth, like `lac lint --ignore` and `lac.exclude`.
   */
  mode: 'anchored' | 'suffix';
}

/** A glob as regular expressions (one per brace alternative); a match also covers everything below it. */
export function globToRegExps(glob: string, opts: GlobOptions): RegExp[] {
  return expandBraces(glob.trim().replace(/\\/g, '/'))
    .map((g) => g.replace(/^\.\//, '').replace(/^\//, '').replace(/\/+$/, ''))
    .filter((g) => g.length > 0)
    .map((g) => new RegExp(`${opts.mode === 'anchored' ? '^' : '(?:^|/)'}${globBody(g)}(?:/.*)?$`));
}

/** Keys of a `files.exclude`-like object that are switched on (`when` clauses are about sibling files: ignored). */
export function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return [];
  return Object.entries(setting as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}

/** Which files of one workspace folder are left out: skipped folders, `files.exclude`, `lac.exclude`. */
export class PathFilter {
  private readonly patterns: RegExp[];

  constructor(
    readonly filesExclude: readonly string[],
    readonly lacExclude: readonly string[],
  ) {
    this.patterns = [...filesExclude.flatMap((g) => globToRegExps(g, { mode: 'anchored' })), ...lacExclude.flatMap((g) => globToRegExps(g, { mode: 'suffix' }))];
  }

  /** `relPath` is relative to the workspace folder, `/`-separated. */
  excludes(relPath: string): boolean {
    const p = relPath.replace(/\\/g, '/').replace(/^\/+/, '');
    if (inSkippedFolder(p)) return true;
    return this.patterns.some((re) => re.test(p));
  }

  /**
   * One `findFiles` exclude glob that prunes the search (VS Code's `{a,b}` cannot nest, so braces are
   * expanded first; a pattern with a comma is left to `excludes`, which stays authoritative).
   */
  searchExclude(): string {
    const globs = new Set<string>(SKIPPED_FOLDER_GLOBS);
    for (const g of this.filesExclude.flatMap(expandBraces)) if (!g.includes(',')) globs.add(g);
    for (const g of this.lacExclude.flatMap(expandBraces)) {
      const t = g.trim().replace(/^\.\//, '').replace(/\/+$/, '');
      if (!t || t.includes(',')) continue;
      globs.add(t.startsWith('**/') || t.startsWith('/') ? t.replace(/^\//, '') : `**/${t}`);
    }
    return `{${[...globs].join(',')}}`;
  }
}

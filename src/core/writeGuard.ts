/**
 * Nothing is ever written outside the project: before a file of a project is written (a fix, a
 * refreshed connection key), the path is resolved the way the write would go, through symbolic
 * links (dangling ones too, which a write would create at their target) and linked folders, and
 * the write is refused when it lands outside the project's folder.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Links followed before giving up (a loop of links). */
const MAX_LINKS = 40;

/**
 * Where writing `file` would write: the real path after following every symbolic link on the
 * way, including a dangling last link (a write creates its target) and folders that do not exist
 * yet (created under their real parent). Undefined for a loop of links.
 */
export function resolveWritePath(file: string): string | undefined {
  let p = path.resolve(file);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) {
      p = path.resolve(path.dirname(p), fs.readlinkSync(p));
      continue;
    }
    if (st) {
      try {
        return fs.realpathSync.native(p);
      } catch {
        return undefined;
      }
    }
    // Not there (yet): where its folder really is, and the name in it.
    const parent = path.dirname(p);
    if (parent === p) return p;
    const real = resolveWritePath(parent);
    return real === undefined ? undefined : path.join(real, path.basename(p));
  }
  return undefined;
}

/** Whether `inner` is `outer` or below it (both absolute and resolved: real paths, in their real case). */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

export type WriteCheck = { ok: true; target: string } | { ok: false; target: string | undefined; message: string };

/**
 * May `file` of the project at `root` be written? Refused when the write would land outside the
 * project's folder (through a symbolic link, or a linked folder) or loops. `display` shows paths to
 * people (relative to the current folder, say).
 */
export function checkWriteTarget(file: string, root: string, display: (p: string) => string = (p) => p): WriteCheck {
  const target = resolveWritePath(file);
  const realRoot = resolveWritePath(root);
  if (target === undefined) return { ok: false, target, message: `${display(file)} is a loop of symbolic links: not written` };
  if (realRoot !== undefined && isInside(target, realRoot)) return { ok: true, target };
  const how = isLink(file) ? 'is a symbolic link to' : 'leads (through a linked folder) to';
  const shownRoot = display(root);
  const project = shownRoot === '' || shownRoot === '.' ? 'the current folder' : shownRoot;
  return { ok: false, target, message: `${display(file)} ${how} ${target}, outside its project (${project}); nothing was written` };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

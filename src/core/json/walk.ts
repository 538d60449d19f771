import type { JsonPath } from '../types';

interface Frame {
  container: unknown[] | Record<string, unknown>;
  keys: string[] | undefined;
  i: number;
}

/**
 * Visit every string value under `value` with its path and the name of the property holding it.
 * Iterative (any depth) and allocation-free per value: the `path` passed to the callback is one
 * shared array that changes as the walk goes on. Copy it (`[...path]`) to keep it.
 */
export function forEachString(
  value: unknown,
  basePath: JsonPath,
  cb: (s: string, path: JsonPath, key: string | number | undefined) => void,
): void {
  const path: JsonPath = [...basePath];
  if (typeof value === 'string') {
    cb(value, path, path[path.length - 1]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const frameOf = (v: object): Frame =>
    Array.isArray(v) ? { container: v, keys: undefined, i: 0 } : { container: v as Record<string, unknown>, keys: Object.keys(v), i: 0 };
  const stack: Frame[] = [frameOf(value)];
  const base = path.length;
  while (stack.length) {
    const top = stack[stack.length - 1];
    const n = top.keys ? top.keys.length : (top.container as unknown[]).length;
    if (top.i >= n) {
      stack.pop();
      if (path.length > base) path.pop();
      continue;
    }
    const i = top.i++;
    const key: string | number = top.keys ? top.keys[i] : i;
    const child = top.keys ? (top.container as Record<string, unknown>)[key] : (top.container as unknown[])[i];
    if (typeof child === 'string') {
      path.push(key);
      cb(child, path, key);
      path.pop();
    } else if (child !== null && typeof child === 'object') {
      path.push(key);
      stack.push(frameOf(child));
    }
  }
}

/**
 * Every string value of a parsed file in one flat table, built once per file by a single walk
 * and shared by the rules that read strings (secrets, expression references). Paths are rebuilt
 * from parent links only for the strings a rule reports.
 */
export interface StringTable {
  readonly values: readonly string[];
  /** Property name or index holding each string. */
  readonly keys: readonly (string | number)[];
  /** How many object members the value has in all (repeated keys in the text count once). */
  readonly memberCount: number;
  /** Path of the i-th string (a fresh array). */
  pathOf(i: number): JsonPath;
}

const tables = new WeakMap<object, StringTable>();

/**
 * A growable list of int32 values in a typed array: its storage is outside the JS heap, so the
 * garbage collector neither scans nor copies it while the table lives (a large file has tens of
 * thousands of entries).
 */
class IntList {
  data = new Int32Array(256);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** The string table of a parsed value (cached per value object: a file's value never changes). */
export function stringTable(value: unknown): StringTable {
  if (value !== null && typeof value === 'object') {
    const hit = tables.get(value);
    if (hit) return hit;
  }
  const values: string[] = [];
  const keys: (string | number)[] = [];
  const owner = new IntList(); // container index of each string
  const containerKey: (string | number)[] = [];
  const containerParent = new IntList();
  let memberCount = 0;
  if (typeof value === 'string') {
    values.push(value);
    keys.push('');
    owner.push(-1);
  } else if (value !== null && typeof value === 'object') {
    // Two parallel stacks (container, its id) rather than an object per container: a large
    // workflow has tens of thousands of containers.
    const stack: object[] = [value];
    const stackIds: number[] = [0];
    containerKey.push('');
    containerParent.push(-1);
    while (stack.length) {
      const v = stack.pop()!;
      const id = stackIds.pop()!;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const c = v[i];
          if (typeof c === 'string') {
            values.push(c);
            keys.push(i);
            owner.push(id);
          } else if (c !== null && typeof c === 'object') {
            stackIds.push(containerKey.length);
            containerKey.push(i);
            containerParent.push(id);
            stack.push(c);
          }
        }
      } else {
        for (const k in v) {
          memberCount++;
          const c = (v as Record<string, unknown>)[k];
          if (typeof c === 'string') {
            values.push(c);
            keys.push(k);
            owner.push(id);
          } else if (c !== null && typeof c === 'object') {
            stackIds.push(containerKey.length);
            containerKey.push(k);
            containerParent.push(id);
            stack.push(c);
          }
        }
      }
    }
  }
  const table: StringTable = {
    values,
    keys,
    memberCount,
    pathOf(i: number): JsonPath {
      const own = owner.data[i];
      if (own === -1) return [];
      const parents = containerParent.data;
      const path: JsonPath = [keys[i]];
      for (let c = own; c > 0; c = parents[c]) path.push(containerKey[c]);
      return path.reverse();
    },
  };
  if (value !== null && typeof value === 'object') tables.set(value, table);
  return table;
}

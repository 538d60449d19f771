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
  /** Length of the i-th string's path, without building it. */
  depthOf(i: number): number;
  /** Segment 0 or 1 of the i-th string's path (undefined past its end), without building the path: O(1) at any depth. */
  segment(i: number, k: 0 | 1): string | number | undefined;
}

const tables = new WeakMap<object, StringTable>();

/**
 * How many strings, containers and object members a value holds: a first, allocation-free walk
 * so that the table's arrays are made at their final size. Growing them as the walk goes copies
 * each several times (about twice the table in garbage, for every file linted).
 */
function countValue(value: object): { strings: number; containers: number; members: number } {
  let strings = 0;
  let containers = 1;
  let members = 0;
  const stack: object[] = [value];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        if (typeof c === 'string') strings++;
        else if (c !== null && typeof c === 'object') {
          containers++;
          stack.push(c);
        }
      }
    } else {
      for (const k in v) {
        members++;
        const c = (v as Record<string, unknown>)[k];
        if (typeof c === 'string') strings++;
        else if (c !== null && typeof c === 'object') {
          containers++;
          stack.push(c);
        }
      }
    }
  }
  return { strings, containers, members };
}

/** The string table of a parsed value (cached per value object: a file's value never changes). */
export function stringTable(value: unknown): StringTable {
  if (value !== null && typeof value === 'object') {
    const hit = tables.get(value);
    if (hit) return hit;
  }
  let values: string[];
  let keys: (string | number)[];
  // Container index of each string, and the key and parent of each container. Int32Arrays keep
  // their storage outside the JS heap: the collector neither scans nor copies them.
  let owner: Int32Array;
  let containerKey: (string | number)[];
  let containerParent: Int32Array;
  // Per container: its depth, and its ancestors at depth 1 and 2 (itself when it is there).
  let containerDepth: Int32Array;
  let top1: Int32Array;
  let top2: Int32Array;
  let memberCount = 0;
  if (typeof value === 'string') {
    values = [value];
    keys = [''];
    owner = Int32Array.of(-1);
    containerKey = [];
    containerParent = new Int32Array(0);
    containerDepth = top1 = top2 = new Int32Array(0);
  } else if (value !== null && typeof value === 'object') {
    const n = countValue(value);
    values = new Array<string>(n.strings);
    keys = new Array<string | number>(n.strings);
    owner = new Int32Array(n.strings);
    containerKey = new Array<string | number>(n.containers);
    containerParent = new Int32Array(n.containers);
    containerDepth = new Int32Array(n.containers);
    top1 = new Int32Array(n.containers);
    top2 = new Int32Array(n.containers);
    memberCount = n.members;
    let s = 0; // strings so far
    let cs = 1; // containers so far (the root is container 0)
    // Two parallel stacks (container, its id) rather than an object per container: a large
    // workflow has tens of thousands of containers. The order is the counting walk's.
    const stack: object[] = [value];
    const stackIds: number[] = [0];
    containerKey[0] = '';
    containerParent[0] = -1;
    top1[0] = top2[0] = -1;
    const link = (c: number, parent: number): void => {
      const d = (containerDepth[c] = containerDepth[parent]! + 1);
      top1[c] = d === 1 ? c : top1[parent]!;
      top2[c] = d === 2 ? c : d > 2 ? top2[parent]! : -1;
    };
    while (stack.length) {
      const v = stack.pop()!;
      const id = stackIds.pop()!;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const c: unknown = v[i];
          if (typeof c === 'string') {
            values[s] = c;
            keys[s] = i;
            owner[s++] = id;
          } else if (c !== null && typeof c === 'object') {
            stackIds.push(cs);
            containerKey[cs] = i;
            link(cs, id);
            containerParent[cs++] = id;
            stack.push(c);
          }
        }
      } else {
        for (const k in v) {
          const c = (v as Record<string, unknown>)[k];
          if (typeof c === 'string') {
            values[s] = c;
            keys[s] = k;
            owner[s++] = id;
          } else if (c !== null && typeof c === 'object') {
            stackIds.push(cs);
            containerKey[cs] = k;
            link(cs, id);
            containerParent[cs++] = id;
            stack.push(c);
          }
        }
      }
    }
  } else {
    values = [];
    keys = [];
    owner = new Int32Array(0);
    containerKey = [];
    containerParent = new Int32Array(0);
    containerDepth = top1 = top2 = new Int32Array(0);
  }
  const table: StringTable = {
    values,
    keys,
    memberCount,
    pathOf(i: number): JsonPath {
      const own = owner[i];
      if (own === -1) return [];
      // Depth first, then an array of the exact size filled from the end.
      let depth = 1;
      for (let c = own; c > 0; c = containerParent[c]) depth++;
      const path: JsonPath = new Array<string | number>(depth);
      path[depth - 1] = keys[i];
      let d = depth - 2;
      for (let c = own; c > 0; c = containerParent[c]) path[d--] = containerKey[c];
      return path;
    },
    depthOf(i: number): number {
      const own = owner[i]!;
      return own === -1 ? 0 : containerDepth[own]! + 1;
    },
    segment(i: number, k: 0 | 1): string | number | undefined {
      const own = owner[i]!;
      if (own === -1) return undefined;
      const d = containerDepth[own]!; // the string sits at depth d + 1
      if (k === 0) return d === 0 ? keys[i] : containerKey[top1[own]!];
      if (d === 0) return undefined;
      return d === 1 ? keys[i] : containerKey[top2[own]!];
    },
  };
  if (value !== null && typeof value === 'object') tables.set(value, table);
  return table;
}

import type { JsonPath } from '../types';

/** RFC 6901: JSON path → JSON Pointer string. */
export function toPointer(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    out += '/' + String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return out;
}

/** RFC 6901: JSON Pointer string → path (numeric-looking segments stay strings). */
export function fromPointer(pointer: string): JsonPath {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Invalid JSON Pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Read the value at `path` inside a plain JSON value (undefined when absent). */
export function getAt(value: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      const i = typeof seg === 'number' ? seg : Number(seg);
      if (!Number.isInteger(i)) return undefined;
      cur = cur[i];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[String(seg)];
    }
  }
  return cur;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

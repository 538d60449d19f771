import type { JsonPath } from '../types';

/**
 * RFC 6901: JSON path → JSON Pointer string. Made for every finding: segments without `~` or `/`
 * (nearly all) are taken as they are and the pointer is joined once into a flat string, instead of
 * two regular-expression replacements and two concatenations per segment.
 */
export function toPointer(path: readonly (string | number)[]): string {
  const n = path.length;
  if (n === 0) return '';
  const parts = new Array<string>(n + 1);
  parts[0] = '';
  for (let i = 0; i < n; i++) {
    const seg = path[i];
    const s = typeof seg === 'string' ? seg : String(seg);
    parts[i + 1] = s.indexOf('~') === -1 && s.indexOf('/') === -1 ? s : s.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return parts.join('/');
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

/**
 * `[...base, a, b, c]` (the segments given) as an array of the exact size, filled by a loop.
 * Paths are built for every action of a large workflow: an array spread over-allocates (about
 * twice the array) and `concat` goes through a slow runtime call; this does neither.
 */
export function pathWith(base: readonly (string | number)[], a: string | number, b?: string | number, c?: string | number): JsonPath {
  const n = base.length;
  const extra = c !== undefined ? 3 : b !== undefined ? 2 : 1;
  const out: JsonPath = new Array<string | number>(n + extra);
  for (let i = 0; i < n; i++) out[i] = base[i];
  out[n] = a;
  if (extra > 1) out[n + 1] = b!;
  if (extra > 2) out[n + 2] = c!;
  return out;
}

/** `[...base, ...segs]` as an array of the exact size (see pathWith). */
export function pathJoin(base: readonly (string | number)[], segs: readonly (string | number)[]): JsonPath {
  const n = base.length;
  const out: JsonPath = new Array<string | number>(n + segs.length);
  for (let i = 0; i < n; i++) out[i] = base[i];
  for (let i = 0; i < segs.length; i++) out[n + i] = segs[i];
  return out;
}

import type { JsonPath } from '../types';

/**
 * Visit every string value under `value` with its path and the name of the property holding it.
 * Iterative (any depth). The path array passed to the callback is fresh: keep it if needed.
 */
export function forEachString(
  value: unknown,
  basePath: JsonPath,
  cb: (s: string, path: JsonPath, key: string | number | undefined) => void,
): void {
  if (typeof value === 'string') {
    cb(value, basePath, basePath[basePath.length - 1]);
    return;
  }
  const stack: { v: unknown; path: JsonPath }[] = [{ v: value, path: basePath }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const c = v[i];
        if (typeof c === 'string') cb(c, [...path, i], i);
        else if (c !== null && typeof c === 'object') stack.push({ v: c, path: [...path, i] });
      }
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const c = (v as Record<string, unknown>)[k];
        if (typeof c === 'string') cb(c, [...path, k], k);
        else if (c !== null && typeof c === 'object') stack.push({ v: c, path: [...path, k] });
      }
    }
  }
}

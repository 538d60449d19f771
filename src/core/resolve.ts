import { wholeRef } from './expressions';
import type { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import type { JsonPath } from './types';

/** What `@parameters('X')` is followed into: the project's parameters.json. */
export interface ParametersSource {
  parameters?: JsonFile;
}

export interface Resolved {
  value: unknown;
  /** Where the resolved value is written (parameters.json for `@parameters('X')`). */
  file: JsonFile;
  path: JsonPath;
  /** Where the `@parameters('X')` reference was, when the value came from parameters.json. */
  via?: { file: JsonFile; path: JsonPath; name: string };
}

/** Hops followed from one `@parameters('X')` to another before giving up. */
const MAX_HOPS = 4;

/**
 * One hop: the parameters.json entry a whole-value `@parameters('X')` names, when parameters.json
 * defines `X` with a `value`.
 */
function parameterOf(source: ParametersSource, value: unknown): { name: string; value: unknown } | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = wholeRef(value);
  if (!ref || ref.fn !== 'parameters') return undefined;
  const pv = source.parameters?.value;
  if (!isObject(pv) || !Object.prototype.hasOwnProperty.call(pv, ref.name)) return undefined;
  const entry = pv[ref.name];
  if (!isObject(entry) || !('value' in entry)) return undefined;
  return { name: ref.name, value: entry.value };
}

/** Follow whole-value `@parameters('X')` into parameters.json (a few hops); other values come back as they are. */
export function followParameters(source: ParametersSource, value: unknown): unknown {
  let cur = value;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const next = parameterOf(source, cur);
    if (!next) break;
    cur = next.value;
  }
  return cur;
}

/**
 * Follow a whole-value `@parameters('X')` into parameters.json, so rules judge the value that
 * will be used and report where it is written. Values that cannot be followed come back as is.
 */
export function resolveValue(source: ParametersSource, file: JsonFile, path: JsonPath, value: unknown): Resolved {
  let cur: Resolved = { value, file, path };
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const next = parameterOf(source, cur.value);
    if (!next) return cur;
    cur = { value: next.value, file: source.parameters!, path: [next.name, 'value'], via: cur.via ?? { file: cur.file, path: cur.path, name: next.name } };
  }
  return cur;
}

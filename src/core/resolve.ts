import { wholeRef } from './expressions';
import type { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import type { Project } from './project';
import type { JsonPath } from './types';

export interface Resolved {
  value: unknown;
  /** Where the resolved value is written (parameters.json for `@parameters('X')`). */
  file: JsonFile;
  path: JsonPath;
  /** Where the `@parameters('X')` reference was, when the value came from parameters.json. */
  via?: { file: JsonFile; path: JsonPath; name: string };
}

/**
 * Follow a whole-value `@parameters('X')` into parameters.json, so rules judge the value that
 * will be used and report where it is written. Values that cannot be followed come back as is.
 */
export function resolveValue(project: Project, file: JsonFile, path: JsonPath, value: unknown): Resolved {
  let cur: Resolved = { value, file, path };
  for (let hops = 0; hops < 4; hops++) {
    if (typeof cur.value !== 'string') return cur;
    const ref = wholeRef(cur.value);
    if (!ref || ref.fn !== 'parameters') return cur;
    const params = project.parameters;
    const pv = params?.value;
    if (!params || !isObject(pv) || !Object.prototype.hasOwnProperty.call(pv, ref.name)) return cur;
    const entry = pv[ref.name];
    if (!isObject(entry) || !('value' in entry)) return cur;
    cur = { value: entry.value, file: params, path: [ref.name, 'value'], via: cur.via ?? { file: cur.file, path: cur.path, name: ref.name } };
  }
  return cur;
}

/**
 * The Consumption `$connections` reading: per workflow definition of an ARM template (or of a
 * code view file), the `$connections` value it runs with and the actions that name a key of it
 * (`@parameters('$connections')['<key>']['connectionId']`). Shared by LAC042 and the Workspace
 * view, so both read the same entries.
 */
import * as path from 'path';
import type { JsonFile } from '../json/jsonFile';
import { getAt, isObject } from '../json/pointer';
import type { JsonPath } from '../types';
import { definitionsOf, walkActions, type ActionNode } from '../workflow';

/** `@parameters('$connections')['x']['connectionId']` (also `@{...}` and `?[...]`): the key and the property. */
export const CONNECTIONS_REF = /^@\{?\s*parameters\(\s*'\$connections'\s*\)\s*\??\s*\[\s*'((?:[^']|'')*)'\s*\]\s*\??\s*\[\s*'((?:[^']|'')*)'\s*\]\s*\}?$/i;
/** The same, up to the key (what follows does not matter). */
const CONNECTIONS_KEY = /^@\{?\s*parameters\(\s*'\$connections'\s*\)\s*\??\s*\[\s*'((?:[^']|'')*)'\s*\]/i;
const MENTIONS_CONNECTIONS = /parameters\(\s*'\$connections'\s*\)/i;

export interface ConnectionsValue {
  entries: Record<string, unknown>;
  /** Where the entries object is. */
  path: JsonPath;
  /** The entries are the definition's `defaultValue` (nothing sets `$connections` for this workflow). */
  fromDefault?: boolean;
}

/** An action's `inputs.host.connection.name` that names `$connections`. */
export interface ConsumptionReference {
  action: ActionNode;
  value: string;
  path: JsonPath;
  /** The key when it is literal (`['key']`), whatever follows it. */
  key?: string;
  /** Key and property when the whole value is `@parameters('$connections')['key']['prop']`. */
  exact?: { key: string; prop: string };
}

export interface ConsumptionWorkflow {
  file: JsonFile;
  definition: Record<string, unknown>;
  defPath: JsonPath;
  /** ARM templates: the `Microsoft.Logic/workflows` resource and its path. */
  resource?: Record<string, unknown>;
  resourcePath?: JsonPath;
  /** The resource's literal name, else the file name. */
  name: string;
  /**
   * The template whose `parameters` the resource's `[parameters('X')]` read: the file's root for a
   * top-level resource; undefined inside nested deployments (they have their own scope).
   */
  template?: Record<string, unknown>;
  /** The `$connections` value: `unknown` when it is an expression; `missing` when nothing declares it. */
  connections: ConnectionsValue | 'unknown' | 'missing';
  /** Where the `$connections` value is set for this workflow (the resource's or file's `parameters`). */
  holderPath: JsonPath;
  references: ConsumptionReference[];
}

/**
 * The `$connections` value a workflow runs with: the resource's (or code view file's)
 * `parameters.$connections.value`, else the definition's `defaultValue`.
 */
function connectionsValue(holder: unknown, holderPath: JsonPath, definition: Record<string, unknown>, defPath: JsonPath): ConsumptionWorkflow['connections'] {
  if (holder !== undefined && !isObject(holder)) return 'unknown';
  if (isObject(holder) && Object.prototype.hasOwnProperty.call(holder, '$connections')) {
    const c = holder.$connections;
    if (!isObject(c)) return 'unknown';
    if (Object.prototype.hasOwnProperty.call(c, 'value')) {
      return isObject(c.value) ? { entries: c.value, path: [...holderPath, '$connections', 'value'] } : 'unknown';
    }
  }
  const dp = definition.parameters;
  if (isObject(dp) && Object.prototype.hasOwnProperty.call(dp, '$connections')) {
    const d = dp.$connections;
    if (isObject(d) && isObject(d.defaultValue)) return { entries: d.defaultValue, path: [...defPath, 'parameters', '$connections', 'defaultValue'], fromDefault: true };
    return 'unknown';
  }
  return 'missing';
}

const cache = new WeakMap<JsonFile, readonly ConsumptionWorkflow[]>();

/** The Consumption workflows of an ARM template or a code view file (memoised per parsed file). */
export function consumptionWorkflows(file: JsonFile): readonly ConsumptionWorkflow[] {
  let hit = cache.get(file);
  if (!hit) {
    hit = read(file);
    cache.set(file, hit);
  }
  return hit;
}

function read(file: JsonFile): ConsumptionWorkflow[] {
  const root = file.value;
  if (!isObject(root)) return [];
  const defs = definitionsOf(file);
  if (defs.length === 0) return [];
  const out: ConsumptionWorkflow[] = defs.map(({ definition, path: defPath }) => {
    if (file.kind === 'armTemplate') {
      const resourcePath = defPath.slice(0, -2);
      const resource = getAt(root, resourcePath) as Record<string, unknown>;
      const holderPath = [...resourcePath, 'properties', 'parameters'];
      return {
        file,
        definition,
        defPath,
        resource,
        resourcePath,
        name: typeof resource.name === 'string' ? resource.name : path.basename(file.path),
        ...(resourcePath.length === 2 ? { template: root } : {}),
        connections: connectionsValue(getAt(root, holderPath), holderPath, definition, defPath),
        holderPath,
        references: [],
      };
    }
    // A code view file (`{definition, parameters}`), or a bare definition (its parameters are the definition's).
    const holderPath: JsonPath = defPath.length ? ['parameters'] : [];
    const holder = defPath.length ? root.parameters : undefined;
    return { file, definition, defPath, name: path.basename(file.path), connections: connectionsValue(holder, holderPath, definition, defPath), holderPath, references: [] };
  });

  // Only actions with a `host.connection.name` build their path, so deep files stay linear.
  for (const action of walkActions(file)) {
    const inputs = action.node.inputs;
    if (!isObject(inputs) || !isObject(inputs.host) || !isObject(inputs.host.connection)) continue;
    const value = inputs.host.connection.name;
    if (typeof value !== 'string' || !MENTIONS_CONNECTIONS.test(value)) continue;
    const p = action.path;
    const wf = out.find((d) => d.defPath.length < p.length && d.defPath.every((seg, i) => p[i] === seg));
    if (!wf) continue;
    const prefix = CONNECTIONS_KEY.exec(value.trim());
    const full = CONNECTIONS_REF.exec(value);
    wf.references.push({
      action,
      value,
      path: [...p, 'inputs', 'host', 'connection', 'name'],
      ...(prefix ? { key: prefix[1].replace(/''/g, "'") } : {}),
      ...(full ? { exact: { key: full[1].replace(/''/g, "'"), prop: full[2].replace(/''/g, "'") } } : {}),
    });
  }
  return out;
}

/** Every `Microsoft.Web/connections` resource of a template, nested deployments included (iterative), with its path. */
export function connectionResources(root: unknown): { resource: Record<string, unknown>; path: JsonPath }[] {
  const out: { resource: Record<string, unknown>; path: JsonPath }[] = [];
  if (!isObject(root) || !Array.isArray(root.resources)) return out;
  const stack: { list: unknown[]; path: JsonPath }[] = [{ list: root.resources, path: ['resources'] }];
  while (stack.length) {
    const { list, path: at } = stack.pop()!;
    list.forEach((r, i) => {
      if (!isObject(r)) return;
      if (typeof r.type === 'string' && r.type.toLowerCase() === 'microsoft.web/connections') out.push({ resource: r, path: [...at, i] });
      if (isObject(r.properties) && isObject(r.properties.template) && Array.isArray(r.properties.template.resources)) {
        stack.push({ list: r.properties.template.resources, path: [...at, i, 'properties', 'template', 'resources'] });
      }
    });
  }
  return out;
}

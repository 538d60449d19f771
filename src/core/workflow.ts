import { isObject } from './json/pointer';
import type { JsonFile } from './json/jsonFile';
import type { JsonPath } from './types';

export interface ActionNode {
  name: string;
  /** The action or trigger object. */
  node: Record<string, unknown>;
  /** Path of the action object inside the file. */
  path: JsonPath;
  isTrigger: boolean;
  /** Nesting depth: 1 for top-level actions. */
  depth: number;
}

/** Where the workflow definitions of a file are: one for workflow.json, one per resource for ARM templates. */
export function definitionsOf(file: JsonFile): { definition: Record<string, unknown>; path: JsonPath }[] {
  const v = file.value;
  if (!isObject(v)) return [];
  if (file.kind === 'armTemplate') {
    const out: { definition: Record<string, unknown>; path: JsonPath }[] = [];
    const resources = v.resources;
    if (!Array.isArray(resources)) return out;
    // Nested deployments carry their own resources: walk them without recursion.
    const stack: { list: unknown[]; path: JsonPath }[] = [{ list: resources, path: ['resources'] }];
    while (stack.length) {
      const { list, path } = stack.pop()!;
      list.forEach((r, i) => {
        if (!isObject(r)) return;
        const props = r.properties;
        if (typeof r.type === 'string' && r.type.toLowerCase() === 'microsoft.logic/workflows' && isObject(props) && isObject(props.definition)) {
          out.push({ definition: props.definition, path: [...path, i, 'properties', 'definition'] });
        }
        if (isObject(props) && isObject(props.template) && Array.isArray(props.template.resources)) {
          stack.push({ list: props.template.resources, path: [...path, i, 'properties', 'template', 'resources'] });
        }
      });
    }
    return out;
  }
  if (isObject(v.definition)) return [{ definition: v.definition, path: ['definition'] }];
  return [];
}

/**
 * A path built from its parent link. Shallow paths (every real workflow: Logic Apps caps nesting
 * at 8) are built eagerly, as plain arrays; past EAGER_PATH_LIMIT segments a link keeps only its
 * own segments, so a pathological 10,000-deep chain costs O(depth) instead of O(depth²), and
 * the full path is built only when an action's `path` is read.
 */
interface PathLink {
  parent: PathLink | undefined;
  segs: JsonPath;
  /** The full path, when short enough to be kept. */
  full: JsonPath | undefined;
}

const EAGER_PATH_LIMIT = 64;

function link(parent: PathLink | undefined, segs: JsonPath): PathLink {
  let full: JsonPath | undefined;
  if (!parent) full = segs;
  else if (parent.full && parent.full.length + segs.length <= EAGER_PATH_LIMIT) full = [...parent.full, ...segs];
  return { parent, segs, full };
}

function materialize(l: PathLink): JsonPath {
  const parts: JsonPath[] = [];
  let cur: PathLink | undefined = l;
  for (; cur && !cur.full; cur = cur.parent) parts.push(cur.segs);
  const out: JsonPath = cur ? [...cur.full!] : [];
  for (let i = parts.length - 1; i >= 0; i--) for (const s of parts[i]) out.push(s);
  return out;
}

function actionNode(name: string, node: Record<string, unknown>, l: PathLink, isTrigger: boolean, depth: number): ActionNode {
  if (l.full) return { name, node, path: l.full, isTrigger, depth };
  let path: JsonPath | undefined;
  return {
    name,
    node,
    // An own enumerable getter: spreading the node still copies the path.
    get path(): JsonPath {
      return (path ??= materialize(l));
    },
    isTrigger,
    depth,
  };
}

/**
 * Every trigger and action of a file's workflow definitions, nested ones included (Scope,
 * Foreach, Until, If/else, Switch cases/default, agent tools). Iterative: any depth works, in
 * linear time (see PathLink).
 */
export function walkActions(file: JsonFile): readonly ActionNode[] {
  let hit = actionsCache.get(file);
  if (!hit) {
    hit = collectActions(file);
    actionsCache.set(file, hit);
  }
  return hit;
}

/** Actions per parsed file: a JsonFile never changes, and several rules walk the same workflows. */
const actionsCache = new WeakMap<JsonFile, readonly ActionNode[]>();

function collectActions(file: JsonFile): ActionNode[] {
  const out: ActionNode[] = [];
  for (const { definition, path } of definitionsOf(file)) {
    const root = link(undefined, path);
    if (isObject(definition.triggers)) {
      const triggers = link(root, ['triggers']);
      for (const [name, node] of Object.entries(definition.triggers)) {
        if (isObject(node)) out.push(actionNode(name, node, link(triggers, [name]), true, 1));
      }
    }
    const stack: ActionList[] = [];
    if (isObject(definition.actions)) stack.push({ actions: definition.actions, link: link(root, ['actions']), depth: 1 });
    while (stack.length) {
      const { actions, link: base, depth } = stack.pop()!;
      for (const name in actions) {
        const node = actions[name];
        if (!isObject(node)) continue;
        const l = link(base, [name]);
        out.push(actionNode(name, node, l, false, depth));
        pushChildActionLists(node, l, depth + 1, stack);
      }
    }
  }
  return out;
}

interface ActionList {
  actions: Record<string, unknown>;
  link: PathLink;
  depth: number;
}

function pushChildActionLists(node: Record<string, unknown>, l: PathLink, depth: number, out: ActionList[]): void {
  if (isObject(node.actions)) out.push({ actions: node.actions, link: link(l, ['actions']), depth });
  if (isObject(node.else) && isObject(node.else.actions)) out.push({ actions: node.else.actions, link: link(l, ['else', 'actions']), depth });
  if (isObject(node.default) && isObject(node.default.actions)) out.push({ actions: node.default.actions, link: link(l, ['default', 'actions']), depth });
  if (isObject(node.cases)) {
    for (const [c, v] of Object.entries(node.cases)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, link: link(l, ['cases', c, 'actions']), depth });
    }
  }
  if (isObject(node.tools)) {
    for (const [t, v] of Object.entries(node.tools)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, link: link(l, ['tools', t, 'actions']), depth });
    }
  }
}

/** The connections.json sections a workflow can reference. */
export type ConnectionSection =
  | 'managedApiConnections'
  | 'serviceProviderConnections'
  | 'functionConnections'
  | 'apiManagementConnections'
  | 'agentConnections';

export const CONNECTION_SECTIONS: readonly ConnectionSection[] = [
  'managedApiConnections',
  'serviceProviderConnections',
  'functionConnections',
  'apiManagementConnections',
  'agentConnections',
];

export interface ConnectionReference {
  section: ConnectionSection;
  /** The referenced name; not a string when the workflow holds something else there. */
  name: unknown;
  /** Path of the reference value inside the workflow file. */
  path: JsonPath;
  action: ActionNode;
}

/**
 * Where a workflow really references a connection. Only these places count: a `referenceName`
 * inside an HTTP body or a Compose value is data, not a reference. Action types are compared
 * case-insensitively (the runtime does). Linear in the number of actions: an action's path is
 * built only for the actions that hold a reference.
 */
export function connectionReferences(file: JsonFile): readonly ConnectionReference[] {
  // LAC040 and LAC041 both read them: found once per parsed file (a JsonFile never changes).
  let hit = referencesCache.get(file);
  if (!hit) {
    hit = collectReferences(file);
    referencesCache.set(file, hit);
  }
  return hit;
}

const referencesCache = new WeakMap<JsonFile, readonly ConnectionReference[]>();

function collectReferences(file: JsonFile): ConnectionReference[] {
  const refs: ConnectionReference[] = [];
  const add = (action: ActionNode, section: ConnectionSection, obj: unknown, key: string, sub: JsonPath): void => {
    if (isObject(obj) && Object.prototype.hasOwnProperty.call(obj, key)) {
      refs.push({ section, name: obj[key], path: [...action.path, 'inputs', ...sub, key], action });
    }
  };
  for (const action of walkActions(file)) {
    const node = action.node;
    const inputs = node.inputs;
    if (typeof node.type !== 'string' || !isObject(inputs)) continue;
    switch (node.type.toLowerCase()) {
      case 'apiconnection':
      case 'apiconnectionwebhook':
      case 'apiconnectionnotification':
        if (isObject(inputs.host)) add(action, 'managedApiConnections', inputs.host.connection, 'referenceName', ['host', 'connection']);
        break;
      case 'serviceprovider':
        add(action, 'serviceProviderConnections', inputs.serviceProviderConfiguration, 'connectionName', ['serviceProviderConfiguration']);
        break;
      case 'function':
        add(action, 'functionConnections', inputs.function, 'connectionName', ['function']);
        break;
      case 'apimanagement':
        add(action, 'apiManagementConnections', inputs.apiManagement, 'connection', ['apiManagement']);
        break;
      case 'agent': {
        const mc = inputs.modelConfigurations;
        if (isObject(mc)) for (const k of Object.keys(mc)) add(action, 'agentConnections', mc[k], 'referenceName', ['modelConfigurations', k]);
        break;
      }
      case 'mcpclienttool':
      case 'mcp':
        add(action, 'serviceProviderConnections', inputs.connectionReference, 'connectionName', ['connectionReference']);
        break;
      default:
        break;
    }
  }
  return refs;
}

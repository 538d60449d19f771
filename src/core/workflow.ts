import { isObject, pathJoin, pathWith } from './json/pointer';
import type { JsonFile } from './json/jsonFile';
import type { JsonPath } from './types';
import { StringMemo } from './memo';

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

/**
 * The lower-cased `type` of an action or trigger node ('' when it has none): types are compared
 * case-insensitively, and the same few names recur in every action, so each is folded once.
 */
export function actionType(node: Record<string, unknown>): string {
  const t = node.type;
  if (typeof t !== 'string') return '';
  return lowerTypes.get(t);
}

const lowerTypes = new StringMemo((t) => t.toLowerCase(), 1024, 64);

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
  // A bare definition (a template's workflow.json, a Consumption code view without its wrapper).
  if (!Object.prototype.hasOwnProperty.call(v, 'definition') && isBareDefinition(v)) return [{ definition: v, path: [] }];
  return [];
}

const WORKFLOW_DEFINITION_SCHEMA = /workflowdefinition\.json/i;

/** A workflow definition written at the root of a file: its `$schema`, or its triggers and actions. */
function isBareDefinition(v: Record<string, unknown>): boolean {
  if (typeof v.$schema === 'string') return WORKFLOW_DEFINITION_SCHEMA.test(v.$schema);
  return isObject(v.triggers) || isObject(v.actions);
}

/**
 * A path under construction. Shallow paths (every real workflow: Logic Apps caps nesting at 8)
 * are kept in full, as plain arrays; past EAGER_PATH_LIMIT segments a PathLink keeps only its
 * own segments and a link to its parent, so a pathological 10,000-deep chain costs O(depth)
 * instead of O(depth²), and the full path is built only when an action's `path` is read.
 */
type Link = JsonPath | PathLink;

interface PathLink {
  parent: Link;
  segs: JsonPath;
}

const EAGER_PATH_LIMIT = 64;

/** The link of `parent` followed by `segs` (exact-size arrays: see pathJoin). */
function extend(parent: Link, segs: JsonPath): Link {
  if (Array.isArray(parent) && parent.length + segs.length <= EAGER_PATH_LIMIT) return pathJoin(parent, segs);
  return { parent, segs };
}

/** `extend(parent, [name])` without the one-name array when the full path is kept (nearly always). */
function extendName(parent: Link, name: string): Link {
  if (Array.isArray(parent) && parent.length < EAGER_PATH_LIMIT) return pathWith(parent, name);
  return { parent, segs: [name] };
}

const ACTIONS: JsonPath = ['actions'];
const TRIGGERS: JsonPath = ['triggers'];
const ELSE_ACTIONS: JsonPath = ['else', 'actions'];
const DEFAULT_ACTIONS: JsonPath = ['default', 'actions'];

function materialize(l: PathLink): JsonPath {
  const parts: JsonPath[] = [];
  let cur: Link = l;
  // The chain starts at a definition's path, which is always kept in full.
  while (!Array.isArray(cur)) {
    parts.push(cur.segs);
    cur = cur.parent;
  }
  const out: JsonPath = [...cur];
  for (let i = parts.length - 1; i >= 0; i--) for (const s of parts[i]) out.push(s);
  return out;
}

function actionNode(name: string, node: Record<string, unknown>, l: Link, isTrigger: boolean, depth: number): ActionNode {
  if (Array.isArray(l)) return { name, node, path: l, isTrigger, depth };
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
  for (const { definition, path: root } of definitionsOf(file)) {
    if (isObject(definition.triggers)) {
      const triggers = extend(root, TRIGGERS);
      for (const [name, node] of Object.entries(definition.triggers)) {
        if (isObject(node)) out.push(actionNode(name, node, extendName(triggers, name), true, 1));
      }
    }
    const stack: ActionList[] = [];
    if (isObject(definition.actions)) stack.push({ actions: definition.actions, link: extend(root, ACTIONS), depth: 1 });
    while (stack.length) {
      const { actions, link: base, depth } = stack.pop()!;
      for (const name in actions) {
        const node = actions[name];
        if (!isObject(node)) continue;
        const l = extendName(base, name);
        out.push(actionNode(name, node, l, false, depth));
        pushChildActionLists(node, l, depth + 1, stack);
      }
    }
  }
  return out;
}

interface ActionList {
  actions: Record<string, unknown>;
  link: Link;
  depth: number;
}

function pushChildActionLists(node: Record<string, unknown>, l: Link, depth: number, out: ActionList[]): void {
  if (isObject(node.actions)) out.push({ actions: node.actions, link: extend(l, ACTIONS), depth });
  if (isObject(node.else) && isObject(node.else.actions)) out.push({ actions: node.else.actions, link: extend(l, ELSE_ACTIONS), depth });
  if (isObject(node.default) && isObject(node.default.actions)) out.push({ actions: node.default.actions, link: extend(l, DEFAULT_ACTIONS), depth });
  if (isObject(node.cases)) {
    for (const [c, v] of Object.entries(node.cases)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, link: extend(l, ['cases', c, 'actions']), depth });
    }
  }
  if (isObject(node.tools)) {
    for (const [t, v] of Object.entries(node.tools)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, link: extend(l, ['tools', t, 'actions']), depth });
    }
  }
}

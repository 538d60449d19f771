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
 * Every trigger and action of a file's workflow definitions, nested ones included (Scope,
 * Foreach, Until, If/else, Switch cases/default, agent tools). Iterative: any depth works.
 */
export function* walkActions(file: JsonFile): Generator<ActionNode> {
  for (const { definition, path } of definitionsOf(file)) {
    if (isObject(definition.triggers)) {
      for (const [name, node] of Object.entries(definition.triggers)) {
        if (isObject(node)) yield { name, node, path: [...path, 'triggers', name], isTrigger: true, depth: 1 };
      }
    }
    const stack: { actions: Record<string, unknown>; path: JsonPath; depth: number }[] = [];
    if (isObject(definition.actions)) stack.push({ actions: definition.actions, path: [...path, 'actions'], depth: 1 });
    while (stack.length) {
      const { actions, path: base, depth } = stack.pop()!;
      for (const name of Object.keys(actions)) {
        const node = actions[name];
        if (!isObject(node)) continue;
        const p = [...base, name];
        yield { name, node, path: p, isTrigger: false, depth };
        for (const child of childActionLists(node, p)) stack.push({ ...child, depth: depth + 1 });
      }
    }
  }
}

function childActionLists(node: Record<string, unknown>, p: JsonPath): { actions: Record<string, unknown>; path: JsonPath }[] {
  const out: { actions: Record<string, unknown>; path: JsonPath }[] = [];
  if (isObject(node.actions)) out.push({ actions: node.actions, path: [...p, 'actions'] });
  if (isObject(node.else) && isObject(node.else.actions)) out.push({ actions: node.else.actions, path: [...p, 'else', 'actions'] });
  if (isObject(node.default) && isObject(node.default.actions)) out.push({ actions: node.default.actions, path: [...p, 'default', 'actions'] });
  if (isObject(node.cases)) {
    for (const [c, v] of Object.entries(node.cases)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, path: [...p, 'cases', c, 'actions'] });
    }
  }
  if (isObject(node.tools)) {
    for (const [t, v] of Object.entries(node.tools)) {
      if (isObject(v) && isObject(v.actions)) out.push({ actions: v.actions, path: [...p, 'tools', t, 'actions'] });
    }
  }
  return out;
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
 * inside an HTTP body or a Compose value is data, not a reference.
 */
export function connectionReferences(file: JsonFile): ConnectionReference[] {
  const refs: ConnectionReference[] = [];
  for (const action of walkActions(file)) {
    const { node, path } = action;
    const type = typeof node.type === 'string' ? node.type.toLowerCase() : '';
    const inputs = node.inputs;
    if (!isObject(inputs)) continue;
    const add = (section: ConnectionSection, obj: Record<string, unknown>, key: string, sub: JsonPath): void => {
      if (Object.prototype.hasOwnProperty.call(obj, key)) refs.push({ section, name: obj[key], path: [...path, 'inputs', ...sub, key], action });
    };
    if (type === 'apiconnection' || type === 'apiconnectionwebhook' || type === 'apiconnectionnotification') {
      const host = inputs.host;
      if (isObject(host) && isObject(host.connection)) add('managedApiConnections', host.connection, 'referenceName', ['host', 'connection']);
    } else if (type === 'serviceprovider') {
      const spc = inputs.serviceProviderConfiguration;
      if (isObject(spc)) add('serviceProviderConnections', spc, 'connectionName', ['serviceProviderConfiguration']);
    } else if (type === 'function') {
      if (isObject(inputs.function)) add('functionConnections', inputs.function, 'connectionName', ['function']);
    } else if (type === 'apimanagement') {
      if (isObject(inputs.apiManagement)) add('apiManagementConnections', inputs.apiManagement, 'connection', ['apiManagement']);
    } else if (type === 'agent') {
      const mc = inputs.modelConfigurations;
      if (isObject(mc)) {
        for (const [k, v] of Object.entries(mc)) {
          if (isObject(v)) add('agentConnections', v, 'referenceName', ['modelConfigurations', k]);
        }
      }
    } else if (type === 'mcpclienttool' || type === 'mcp') {
      const cr = inputs.connectionReference;
      if (isObject(cr)) add('serviceProviderConnections', cr, 'connectionName', ['connectionReference']);
    }
  }
  return refs;
}

/**
 * Where Standard workflows reference connections.json entries: by action type, the member that
 * names the connection and the section it must be in.
 */
import { isObject } from '../json/pointer';
import type { JsonFile } from '../json/jsonFile';
import type { JsonPath } from '../types';
import { actionType, walkActions, type ActionNode } from '../workflow';
import type { ConnectionSection } from './sections';

export interface ConnectionReference {
  section: ConnectionSection;
  /** The referenced name; not a string when the workflow holds something else there. */
  name: unknown;
  /** The member holding the name (`referenceName`, `connectionName`, `connection`): the last segment of `path`. */
  readonly key: string;
  /** Path of the reference value inside the workflow file. */
  readonly path: JsonPath;
  action: ActionNode;
}

/** A reference whose path is built on first read: most references are never reported. */
class Reference implements ConnectionReference {
  private _path: JsonPath | undefined;
  constructor(
    readonly section: ConnectionSection,
    readonly name: unknown,
    readonly action: ActionNode,
    /** Path of the object holding the name, from the action's `inputs`. */
    private readonly sub: readonly (string | number)[],
    readonly key: string,
  ) {}

  get path(): JsonPath {
    return (this._path ??= [...this.action.path, 'inputs', ...this.sub, this.key]);
  }
}

const HOST_CONNECTION = ['host', 'connection'];
const SERVICE_PROVIDER_CONFIGURATION = ['serviceProviderConfiguration'];
const FUNCTION = ['function'];
const API_MANAGEMENT = ['apiManagement'];
const CONNECTION_REFERENCE = ['connectionReference'];

/**
 * Where a workflow really references a connection. Only these places count: a `referenceName`
 * inside an HTTP body or a Compose value is data, not a reference. Action types are compared
 * case-insensitively (the runtime does). Linear in the number of actions: a reference's path is
 * built only when it is read. The list is shared by the rules: do not change it.
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
  const add = (action: ActionNode, section: ConnectionSection, obj: unknown, key: string, sub: readonly (string | number)[]): void => {
    if (isObject(obj) && Object.prototype.hasOwnProperty.call(obj, key)) refs.push(new Reference(section, obj[key], action, sub, key));
  };
  for (const action of walkActions(file)) {
    const node = action.node;
    const inputs = node.inputs;
    if (typeof node.type !== 'string' || !isObject(inputs)) continue;
    switch (actionType(node)) {
      case 'apiconnection':
      case 'apiconnectionwebhook':
      case 'apiconnectionnotification':
        if (isObject(inputs.host)) add(action, 'managedApiConnections', inputs.host.connection, 'referenceName', HOST_CONNECTION);
        break;
      case 'serviceprovider':
        add(action, 'serviceProviderConnections', inputs.serviceProviderConfiguration, 'connectionName', SERVICE_PROVIDER_CONFIGURATION);
        break;
      case 'function':
        add(action, 'functionConnections', inputs.function, 'connectionName', FUNCTION);
        break;
      case 'apimanagement':
        add(action, 'apiManagementConnections', inputs.apiManagement, 'connection', API_MANAGEMENT);
        break;
      case 'agent': {
        const mc = inputs.modelConfigurations;
        if (isObject(mc)) for (const k of Object.keys(mc)) add(action, 'agentConnections', mc[k], 'referenceName', ['modelConfigurations', k]);
        break;
      }
      case 'mcpclienttool':
      case 'mcp':
        add(action, 'serviceProviderConnections', inputs.connectionReference, 'connectionName', CONNECTION_REFERENCE);
        break;
      default:
        break;
    }
  }
  return refs;
}

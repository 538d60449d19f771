// Pure (no `vscode` import): what the connection commands act on, whoever calls them.
import { parseConnectionId } from '../../core/azure/model';

/** A connections.json entry of a workspace project. */
export interface WorkspaceEntryRef {
  /** Project folder (file system path). */
  projectRoot: string;
  /** connections.json (file system path). */
  connectionsPath: string;
  /** Section of connections.json: `managedApiConnections`, `serviceProviderConnections`… */
  section: string;
  /** Key of the entry in its section. */
  name: string;
}

/**
 * What a connection command acts on. The commands take one from any caller: a connection id
 * (string: code actions, tests), a target (code lenses), or a tree node carrying `target`.
 */
export interface ConnectionTarget {
  /** The ARM resource id, when known (an Azure node, or a workspace entry whose id resolves). */
  connectionId?: string;
  /** A name for messages: the entry key or the resource name. */
  name: string;
  /** Set when the target is (also) a workspace entry. */
  workspace?: WorkspaceEntryRef;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function isWorkspaceRef(v: unknown): v is WorkspaceEntryRef {
  return isObj(v) && typeof v.projectRoot === 'string' && typeof v.connectionsPath === 'string' && typeof v.section === 'string' && typeof v.name === 'string';
}

/**
 * The target of a command argument: a connection id string, a `ConnectionTarget`, or an object
 * with a `target` (tree nodes). Undefined for anything else (the command then asks with a pick).
 */
export function toConnectionTarget(arg: unknown): ConnectionTarget | undefined {
  if (typeof arg === 'string') {
    const parts = parseConnectionId(arg);
    return parts ? { connectionId: arg.trim().replace(/\/+$/, ''), name: parts.name } : undefined;
  }
  if (!isObj(arg)) return undefined;
  const t = isObj(arg.target) ? arg.target : arg;
  if (typeof t.name !== 'string') return undefined;
  const id = typeof t.connectionId === 'string' && parseConnectionId(t.connectionId) ? t.connectionId : undefined;
  const workspace = isWorkspaceRef(t.workspace) ? t.workspace : undefined;
  if (!id && !workspace) return undefined;
  return { name: t.name, ...(id ? { connectionId: id } : {}), ...(workspace ? { workspace } : {}) };
}

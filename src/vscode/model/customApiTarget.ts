// Pure (no `vscode` import): what the custom connector commands act on, whoever calls them.
import { parseCustomApiId } from '../../core/azure/customApis';

/** A custom connector (`Microsoft.Web/customApis`). */
export interface CustomApiTarget {
  customApiId: string;
  name: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function fromId(id: unknown): CustomApiTarget | undefined {
  if (typeof id !== 'string') return undefined;
  const parts = parseCustomApiId(id);
  return parts ? { customApiId: id.trim().replace(/\/+$/, ''), name: parts.name } : undefined;
}

/**
 * The custom connector of a command argument: its id (string), a target, a tree node carrying
 * `customApi`, or (with `viaConnection`) an Azure view connection node made from a custom
 * connector (its `connection.api.id`). Undefined for anything else.
 */
export function toCustomApiTarget(arg: unknown, opts: { viaConnection?: boolean } = {}): CustomApiTarget | undefined {
  if (typeof arg === 'string') return fromId(arg);
  if (!isObj(arg)) return undefined;
  const t = isObj(arg.customApi) ? arg.customApi : arg;
  const direct = fromId(t.customApiId);
  if (direct) return typeof t.name === 'string' && t.name ? { ...direct, name: t.name } : direct;
  if (opts.viaConnection && isObj(arg.connection) && isObj(arg.connection.api)) {
    const api = arg.connection.api;
    const t2 = fromId(api.id);
    return t2 && typeof api.name === 'string' && api.name ? { ...t2, name: api.name } : t2;
  }
  return undefined;
}

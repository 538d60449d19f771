/**
 * Tolerant reading of Azure answers: ARM, Resource Graph and Microsoft Graph bodies, whose
 * property casing varies between api-versions and resource providers. One home for these small
 * readers, shared by every Azure module.
 */

export type Json = Record<string, unknown>;

/** The value as an object (not an array), or undefined. */
export const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The value as a non-empty string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The value as an array, or an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The strings of an array value. */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Case-insensitive property read (ARM casing varies between api-versions and RPs). */
export function prop(o: Json | undefined, name: string): unknown {
  if (!o) return undefined;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** The managed identities of a resource (`identity` of a site or a workflow). */
export interface ManagedIdentities {
  type?: string;
  /** System-assigned managed identity. */
  principalId?: string;
  tenantId?: string;
  userAssigned: { resourceId: string; principalId?: string; clientId?: string }[];
}

/** Read the `identity` block of an ARM resource body (sites and workflows share its shape). */
export function parseManagedIdentities(raw: unknown): ManagedIdentities {
  const identity = obj(prop(obj(raw), 'identity')) ?? {};
  const out: ManagedIdentities = { userAssigned: [] };
  const type = str(prop(identity, 'type'));
  if (type) out.type = type;
  const pid = str(prop(identity, 'principalId'));
  if (pid) out.principalId = pid;
  const tid = str(prop(identity, 'tenantId'));
  if (tid) out.tenantId = tid;
  for (const [resourceId, v] of Object.entries(obj(prop(identity, 'userAssignedIdentities')) ?? {})) {
    const o = obj(v);
    const ua: ManagedIdentities['userAssigned'][number] = { resourceId };
    const upid = str(prop(o, 'principalId'));
    if (upid) ua.principalId = upid;
    const cid = str(prop(o, 'clientId'));
    if (cid) ua.clientId = cid;
    out.userAssigned.push(ua);
  }
  return out;
}

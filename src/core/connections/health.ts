/** Whether an API connection works, from what Azure reports about it (LAC061, the code lenses, the trees). */
import { isConnectedStatus, type ConnectionInfo } from '../azure/model';

/** Why a connection is not working, from its own status; undefined when it looks fine or Azure does not say. */
export function unhealthy(info: ConnectionInfo): { status: string; code?: string; message?: string } | undefined {
  const withError = info.statuses.find((s) => s.error);
  const connected = isConnectedStatus(info.status);
  if (connected && !withError) return undefined;
  // "Unknown" (no status at all) tells nothing.
  if (!connected && /^unknown$/i.test(info.status) && !withError) return undefined;
  return { status: info.status, ...(withError?.error?.code ? { code: withError.error.code } : {}), ...(withError?.error?.message ? { message: withError.error.message } : {}) };
}

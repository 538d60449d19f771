/**
 * Microsoft Graph for the Azure commands (`lac diagnose`): the active cloud's Graph endpoint and a
 * token from the same sign-in.
 *
 * - `--auth cli|default|secret` (and no LAC_ACCESS_TOKEN): the same @azure/identity credential,
 *   asked for a Graph token;
 * - LAC_ACCESS_TOKEN (a Resource Manager token): never sent to Graph. `LAC_GRAPH_TOKEN` is used when
 *   set; with a loopback Resource Manager endpoint (the emulator, which serves Graph too) the same
 *   token goes to that same loopback origin.
 *
 * The endpoint: `LAC_GRAPH_ENDPOINT` (the cloud's Graph origin, or loopback only), else the
 * loopback ARM endpoint's origin, else the cloud's Graph endpoint (graph.ts refuses anything else).
 */
import type { GraphClient } from '../core/azure';
import { ACCESS_TOKEN_ENV, RETRY_DELAY_ENV, type AzureSession } from './azure';
import { VERSION } from './version';

export const GRAPH_TOKEN_ENV = 'LAC_GRAPH_TOKEN';
export const GRAPH_ENDPOINT_ENV = 'LAC_GRAPH_ENDPOINT';

export interface GraphSession {
  graph?: GraphClient;
  /** Why there is no Graph client. */
  unavailable?: string;
}

export function openGraph(s: AzureSession): GraphSession {
  const { azure, opts, io } = s;
  const env = io.env;
  const arm = s.client.cloud.armEndpoint;
  const loopbackArm = (() => {
    try {
      return azure.isLoopbackHostname(new URL(arm).hostname);
    } catch {
      return false;
    }
  })();
  const endpoint = env[GRAPH_ENDPOINT_ENV]?.trim() || (loopbackArm ? arm : undefined);
  const envTokenMode = opts.auth === 'env' || (opts.auth === 'auto' && !!env[ACCESS_TOKEN_ENV]?.trim());
  let credential = s.credential;
  const graphToken = env[GRAPH_TOKEN_ENV]?.trim();
  if (graphToken) credential = azure.staticTokenCredential(graphToken);
  else if (envTokenMode) {
    let graphLoopback: boolean;
    try {
      graphLoopback = !!endpoint && azure.isLoopbackHostname(new URL(endpoint).hostname);
    } catch {
      graphLoopback = false;
    }
    if (!graphLoopback) return { unavailable: `no Microsoft Graph token (${ACCESS_TOKEN_ENV} is a Resource Manager token and is never sent to Graph): set ${GRAPH_TOKEN_ENV}, or sign in with --auth cli or --auth default` };
  }
  if (!credential) return { unavailable: 'no credential for Microsoft Graph' };
  const retryDelay = env[RETRY_DELAY_ENV]?.trim();
  const baseDelayMs = retryDelay && /^\d+$/.test(retryDelay) ? Number(retryDelay) : undefined;
  try {
    return {
      graph: azure.createGraphClient({
        credential,
        cloud: opts.cloud,
        ...(endpoint ? { endpoint } : {}),
        timeoutMs: opts.timeoutMs,
        ...(baseDelayMs !== undefined ? { retry: { baseDelayMs, maxDelayMs: Math.max(baseDelayMs * 8, 1) } } : {}),
        ...(opts.verbose ? { log: (line: string) => io.stderr.write(`lac: graph: ${line}\n`) } : {}),
        userAgentPrefix: `lac/${VERSION}`,
      }),
    };
  } catch (e) {
    return { unavailable: `Microsoft Graph is refused: ${azure.redact(e instanceof Error ? e.message : String(e))}` };
  }
}

/**
 * Connection health across subscriptions: list the selected API connections once, then test each
 * (the same test as `lac connections test`: its test link, else its test request) with a bounded
 * number of tests in flight. The client's limiter still holds every request to its
 * per-subscription rate, and 429s are retried there (Retry-After), so a check of thousands of
 * connections neither floods a subscription nor shows the user a throttled answer it could wait out.
 *
 * Tests are started round-robin across subscriptions: while one subscription waits for its rate,
 * the others keep the slots busy.
 *
 * Loads nothing itself; the client (and with it the SDK) is handed in.
 */
import type { AzureClient, ListConnectionsResult } from './client';
import { azureError, fail, ok, type Result } from './errors';
import type { ConnectionInfo } from './model';
import { testResultFromError, type TestConnectionResult, type TestStatus } from './test';

export const TEST_STATUSES: readonly TestStatus[] = ['connected', 'unauthenticated', 'forbidden', 'not-found', 'unreachable', 'throttled', 'error'];

/** Tests in flight at once by default. */
export const DEFAULT_CHECK_CONCURRENCY = 8;

export interface CheckedConnection {
  connection: ConnectionInfo;
  result: TestConnectionResult;
  /** When the test finished (ms since the epoch). */
  testedAt: number;
  /** How long the test took, waits for the rate limits included. */
  durationMs: number;
}

export interface CheckProgress {
  done: number;
  total: number;
  /** Results so far by status. */
  byStatus: Record<TestStatus, number>;
  last?: CheckedConnection;
}

export interface TestAllOptions {
  /** Tests in flight at once (default 8; the client's own limits still apply). */
  concurrency?: number;
  signal?: AbortSignal;
  tenantId?: string;
  /** Called after each test. */
  onProgress?: (p: CheckProgress) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface TestAllResult {
  /** In the order of the input; connections not tested because of a cancellation are left out. */
  checked: CheckedConnection[];
  cancelled: boolean;
  durationMs: number;
}

export function emptyByStatus(): Record<TestStatus, number> {
  return Object.fromEntries(TEST_STATUSES.map((s) => [s, 0])) as Record<TestStatus, number>;
}

/** The order tests start in: one of each subscription in turn (input order within one). */
export function roundRobin<T>(items: readonly T[], keyOf: (item: T) => string): number[] {
  const queues = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = keyOf(item).toLowerCase();
    let q = queues.get(k);
    if (!q) queues.set(k, (q = []));
    q.push(i);
  });
  const lists = [...queues.values()];
  const out: number[] = [];
  for (let round = 0; out.length < items.length; round++) {
    for (const q of lists) if (round < q.length) out.push(q[round]!);
  }
  return out;
}

function isCancelledResult(r: TestConnectionResult): boolean {
  return r.status === 'error' && r.code === 'Cancelled';
}

/**
 * Test every connection. A connection listed without test links or test requests is read first
 * (a listing may omit them), exactly as `connections test` does for an id.
 */
export async function testAll(client: AzureClient, connections: readonly ConnectionInfo[], options: TestAllOptions = {}): Promise<TestAllResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const order = roundRobin(connections, (c) => c.subscriptionId ?? '');
  const results: (CheckedConnection | undefined)[] = new Array(connections.length);
  const byStatus = emptyByStatus();
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency ?? DEFAULT_CHECK_CONCURRENCY), 256, connections.length || 1));
  let next = 0;
  let done = 0;
  let cancelled = false;
  const testOne = async (c: ConnectionInfo): Promise<TestConnectionResult> => {
    const opts = { signal: options.signal, ...(options.tenantId ? { tenantId: options.tenantId } : {}) };
    if (!c.testLinks.length && !c.testRequests.length) {
      const got = await client.getConnection(c.id, { signal: options.signal });
      if (!got.ok) return testResultFromError({ id: c.id, via: 'none' }, got.error);
      return client.testConnection(got.value, opts);
    }
    return client.testConnection(c, opts);
  };
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) {
        cancelled = true;
        return;
      }
      const at = next++;
      if (at >= order.length) return;
      const i = order[at]!;
      const c = connections[i]!;
      const t0 = now();
      const result = await testOne(c);
      if (options.signal?.aborted && isCancelledResult(result)) {
        cancelled = true;
        return;
      }
      const testedAt = now();
      const checked: CheckedConnection = { connection: c, result, testedAt, durationMs: testedAt - t0 };
      results[i] = checked;
      byStatus[result.status]++;
      done++;
      try {
        options.onProgress?.({ done, total: connections.length, byStatus: { ...byStatus }, last: checked });
      } catch {
        /* a failing progress callback never stops the check */
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { checked: results.filter((r): r is CheckedConnection => !!r), cancelled: cancelled || !!options.signal?.aborted, durationMs: now() - started };
}

// ---------------------------------------------------------------------------------------------
// Check: list, select, test
// ---------------------------------------------------------------------------------------------

export interface CheckOptions extends TestAllOptions {
  /** Subscriptions (default: every enabled one the credential sees). */
  subscriptionIds?: string[];
  /** Only connections of these resource groups (any case). */
  resourceGroups?: string[];
  /** Only report connections whose result is one of these statuses (every connection is tested). */
  statuses?: TestStatus[];
  /** Called once the listing is known, before the first test. */
  onListed?: (listing: { total: number; selected: number; source: ListConnectionsResult['source'] }) => void;
}

export interface CheckSummary {
  /** Connections tested. */
  tested: number;
  /** Connections reported (after `statuses`). */
  reported: number;
  connected: number;
  /** Reported connections that are not connected. */
  failing: number;
  byStatus: Record<TestStatus, number>;
  subscriptions: number;
  resourceGroups: number;
  durationMs: number;
  cancelled: boolean;
}

export interface CheckReport {
  /** Reported connections, sorted by subscription, resource group and name. */
  connections: CheckedConnection[];
  summary: CheckSummary;
  source: ListConnectionsResult['source'];
  /** Subscriptions that could not be listed (or only in part). */
  listErrors: ListConnectionsResult['errors'];
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Sort by subscription, resource group, name (case-insensitive). */
export function sortConnections<T extends { connection: ConnectionInfo }>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      lower(a.connection.subscriptionId).localeCompare(lower(b.connection.subscriptionId)) ||
      lower(a.connection.resourceGroup).localeCompare(lower(b.connection.resourceGroup)) ||
      lower(a.connection.name).localeCompare(lower(b.connection.name)),
  );
}

/** Summary of checked connections (`tested` may be more than reported when a status filter applies). */
export function summarize(reported: readonly CheckedConnection[], tested: number, durationMs: number, cancelled = false): CheckSummary {
  const byStatus = emptyByStatus();
  const subs = new Set<string>();
  const groups = new Set<string>();
  for (const c of reported) {
    byStatus[c.result.status]++;
    subs.add(lower(c.connection.subscriptionId));
    groups.add(`${lower(c.connection.subscriptionId)}/${lower(c.connection.resourceGroup)}`);
  }
  return {
    tested,
    reported: reported.length,
    connected: byStatus.connected,
    failing: reported.length - byStatus.connected,
    byStatus,
    subscriptions: subs.size,
    resourceGroups: groups.size,
    durationMs,
    cancelled,
  };
}

/**
 * List the connections of the selected subscriptions (and resource groups), test each, and report
 * them (those of `statuses`, when given). Fails only when nothing could be listed at all.
 */
export async function checkConnections(client: AzureClient, options: CheckOptions = {}): Promise<Result<CheckReport>> {
  const now = options.now ?? Date.now;
  const started = now();
  const listed = await client.listConnections({ signal: options.signal, ...(options.subscriptionIds?.length ? { subscriptionIds: options.subscriptionIds } : {}) });
  if (!listed.ok) return listed;
  const { connections, errors, subscriptionIds, source } = listed.value;
  if (errors.length && errors.length >= subscriptionIds.length && !connections.length) return fail(errors[0]!.error);
  const groups = options.resourceGroups?.map(lower);
  const selected = groups?.length ? connections.filter((c) => groups.includes(lower(c.resourceGroup))) : connections;
  options.onListed?.({ total: connections.length, selected: selected.length, source });
  const run = await testAll(client, selected, options);
  if (run.cancelled && !run.checked.length) return fail(azureError({ kind: 'cancelled', message: 'The check was cancelled.' }));
  const statuses = options.statuses?.length ? new Set(options.statuses) : undefined;
  const reported = sortConnections(statuses ? run.checked.filter((c) => statuses.has(c.result.status)) : [...run.checked]);
  return ok({ connections: reported, summary: summarize(reported, run.checked.length, now() - started, run.cancelled), source, listErrors: errors });
}

/** Parse a status word (`connected`, `not-found`…), any case; undefined when it is not one. */
export function parseTestStatus(word: string): TestStatus | undefined {
  const w = word.trim().toLowerCase();
  return TEST_STATUSES.find((s) => s === w);
}

// ---------------------------------------------------------------------------------------------
// Who needs a sign-in (the post-deployment checklist)
// ---------------------------------------------------------------------------------------------

/**
 * Whether Azure reports that the connection needs someone to sign in: its status is
 * Unauthenticated, or one of its statuses carries an Unauthenticated / Unauthorized error (a
 * deployed OAuth connection nobody authorized yet, an expired or revoked consent).
 */
export function needsSignIn(c: ConnectionInfo): boolean {
  if (/unauthenticated|unauthorized/i.test(c.status) || /unauthenticated|unauthorized/i.test(c.connectionState ?? '')) return true;
  return c.statuses.some((s) => /^(unauthenticated|unauthorized)$/i.test(s.error?.code ?? '') || (/^error$/i.test(s.status ?? '') && /^token$/i.test(s.target ?? '')));
}


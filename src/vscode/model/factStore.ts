// Pure (no `vscode` import): Azure facts per connection id, cached with a TTL, fetched in the background.
import { type AzureFacts, type AzureIdentity, type ConnectionFact } from '../../core/azureFacts';
import { connectionKey } from '../../core/connections';

export interface FetchResult {
  /** By the ids asked for (any case). Ids left out (cancelled) are asked again later. */
  facts: Map<string, ConnectionFact>;
  identity?: AzureIdentity;
}

export interface FactFetcher {
  fetch(ids: readonly string[], signal: AbortSignal): Promise<FetchResult>;
}

export interface FactStoreOptions {
  /** How long a found / not-found fact is used before it is fetched again (default 5 min). */
  ttlMs?: number;
  /** The same for "Azure could not tell" facts (network, 403…; default 1 min). */
  errorTtlMs?: number;
  /** Ids asked for within this window are fetched together (default 25 ms). */
  batchDelayMs?: number;
  now?: () => number;
  /** Facts of these ids (lower case) changed: lint what names them again. */
  onUpdate: (ids: string[]) => void;
  onError?: (e: unknown) => void;
}

interface Entry {
  fact: ConnectionFact;
  at: number;
  /** JSON of the fact, to tell whether a refresh changed anything. */
  sig: string;
}

/**
 * The editor's Azure facts. `facts(ids)` answers at once with what is known (stale facts too) and
 * fetches what is missing or stale in the background; when answers differ from what was known,
 * `onUpdate` names the ids, and the linter lints again. Linting never waits for the network.
 */
export class FactStore {
  private readonly entries = new Map<string, Entry>();
  private readonly queued = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private fetcher: FactFetcher | undefined;
  private identity: AzureIdentity | undefined;
  private source: string | undefined;
  private generation = 0;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly batchDelayMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FactStoreOptions) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.errorTtlMs = options.errorTtlMs ?? 60_000;
    this.batchDelayMs = options.batchDelayMs ?? 25;
    this.now = options.now ?? Date.now;
  }

  /** Whether Azure is in use (signed in, trusted): Azure-aware rules run. */
  get active(): boolean {
    return !!this.fetcher;
  }

  /** Start over with another source of facts (sign-in, sign-out, endpoint change), or none. */
  setFetcher(fetcher: FactFetcher | undefined, source?: string): void {
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.entries.clear();
    this.queued.clear();
    this.inFlight.clear();
    this.identity = undefined;
    this.fetcher = fetcher;
    this.source = fetcher ? source : undefined;
  }

  /** What is known about `ids` now; missing and stale ones are fetched in the background. */
  facts(ids: Iterable<string>): AzureFacts | undefined {
    if (!this.fetcher) return undefined;
    const connections = new Map<string, ConnectionFact>();
    const now = this.now();
    for (const id of ids) {
      const key = connectionKey(id);
      const e = this.entries.get(key);
      if (e) connections.set(key, e.fact);
      if (!e || now - e.at >= (e.fact.state === 'error' ? this.errorTtlMs : this.ttlMs)) this.request(key, id);
    }
    return { connections, ...(this.identity ? { identity: this.identity } : {}), ...(this.source ? { source: this.source } : {}) };
  }

  /** The fact known for one id (no fetch). */
  get(id: string): ConnectionFact | undefined {
    return this.entries.get(connectionKey(id))?.fact;
  }

  /** Fetch these ids again now (after Test connection, say) and resolve when done. */
  async refresh(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.request(connectionKey(id), id, true);
    await this.whenIdle();
  }

  /** Resolves when nothing is queued or being fetched. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.timer) this.flush();
      if (this.running.size === 0) return;
      await Promise.all([...this.running]);
    }
  }

  dispose(): void {
    this.setFetcher(undefined);
  }

  private request(key: string, id: string, force = false): void {
    if (!this.fetcher || this.queued.has(key) || (this.inFlight.has(key) && !force)) return;
    this.queued.set(key, id);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.batchDelayMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const fetcher = this.fetcher;
    if (!fetcher || this.queued.size === 0) return;
    const batch = new Map(this.queued);
    this.queued.clear();
    for (const k of batch.keys()) this.inFlight.add(k);
    const gen = this.generation;
    this.controller ??= new AbortController();
    const signal = this.controller.signal;
    const run = (async () => {
      try {
        const r = await fetcher.fetch([...batch.values()], signal);
        if (gen !== this.generation) return;
        if (r.identity) this.identity = r.identity;
        const changed: string[] = [];
        const at = this.now();
        for (const [id, fact] of r.facts) {
          const key = connectionKey(id);
          const sig = JSON.stringify(fact);
          const before = this.entries.get(key);
          this.entries.set(key, { fact, at, sig });
          if (before?.sig !== sig) changed.push(key);
        }
        if (changed.length) this.options.onUpdate(changed);
      } catch (e) {
        if (gen === this.generation) this.options.onError?.(e);
      } finally {
        if (gen === this.generation) for (const k of batch.keys()) this.inFlight.delete(k);
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }
}

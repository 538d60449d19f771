/**
 * A small request limiter: a global semaphore (requests in flight) and a token bucket per key
 * (per subscription). A slot is taken only when the key's bucket has a token, so at send time
 * both limits hold; a key that is out of tokens does not hold a slot while it waits. A 429's
 * Retry-After pauses its key's bucket for everyone. Every wait is abortable.
 *
 * Pure: no Azure SDK.
 */

export interface LimiterOptions {
  /** Requests in flight at once, all keys together. Default 8. */
  maxConcurrent?: number;
  /** Tokens added per second per key. Default 12. */
  ratePerSecond?: number;
  /** Bucket size per key. Default = ratePerSecond. */
  burst?: number;
  /** Other rates for some keys (e.g. Resource Graph's own quota). */
  keyRates?: Record<string, { ratePerSecond: number; burst?: number }>;
  /** Clock, for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updated: number;
  pausedUntil: number;
}

/** The part of an AbortSignal the limiter uses (the SDK's `AbortSignalLike` fits). */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class AbortedError extends Error {
  constructor() {
    super('The operation was aborted.');
    this.name = 'AbortError';
  }
}

export function sleep(ms: number, signal?: SignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RequestLimiter {
  readonly maxConcurrent: number;
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly now: () => number;
  private readonly keyRates: Record<string, { ratePerSecond: number; burst: number }>;
  private inFlight = 0;
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void; signal?: SignalLike; onAbort?: () => void }[] = [];
  private readonly buckets = new Map<string, Bucket>();
  /** Highest number of requests in flight seen (for tests and diagnostics). */
  peakInFlight = 0;

  constructor(options: LimiterOptions = {}) {
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? 8));
    this.ratePerSecond = Math.max(0.001, options.ratePerSecond ?? 12);
    this.burst = Math.max(1, options.burst ?? Math.ceil(this.ratePerSecond));
    this.now = options.now ?? (() => Date.now());
    this.keyRates = Object.fromEntries(
      Object.entries(options.keyRates ?? {}).map(([k, v]) => [
        k,
        { ratePerSecond: Math.max(0.001, v.ratePerSecond), burst: Math.max(1, v.burst ?? Math.ceil(v.ratePerSecond)) },
      ]),
    );
  }

  private rateOf(key: string): { ratePerSecond: number; burst: number } {
    return this.keyRates[key] ?? { ratePerSecond: this.ratePerSecond, burst: this.burst };
  }

  get active(): number {
    return this.inFlight;
  }

  private bucket(key: string): Bucket {
    const { ratePerSecond, burst } = this.rateOf(key);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, updated: this.now(), pausedUntil: 0 };
      this.buckets.set(key, b);
    }
    const t = this.now();
    b.tokens = Math.min(burst, b.tokens + ((t - b.updated) / 1000) * ratePerSecond);
    b.updated = t;
    return b;
  }

  /** Take a token for `key` now if there is one: 0; else ms until one may be available. */
  tryTake(key: string): number {
    const b = this.bucket(key);
    const t = this.now();
    if (b.pausedUntil > t) return b.pausedUntil - t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - b.tokens) / this.rateOf(key).ratePerSecond) * 1000));
  }

  /** Stop sending for `key` for `ms` (a 429 with Retry-After). */
  pause(key: string, ms: number): void {
    if (!(ms > 0)) return;
    const b = this.bucket(key);
    b.pausedUntil = Math.max(b.pausedUntil, this.now() + ms);
  }

  private acquireSlot(signal?: SignalLike): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new AbortedError());
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
    });
  }

  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) {
      if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
      // The slot passes directly to the waiter: inFlight is unchanged.
      next.resolve();
      return;
    }
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /**
   * Wait until a request for `key` may be sent (a slot and a token), then return a release
   * function to call when the request is finished.
   */
  async acquire(key: string, signal?: SignalLike): Promise<() => void> {
    for (;;) {
      await this.acquireSlot(signal);
      const wait = this.tryTake(key);
      if (wait === 0) {
        let released = false;
        return () => {
          if (!released) {
            released = true;
            this.releaseSlot();
          }
        };
      }
      this.releaseSlot();
      await sleep(wait, signal);
    }
  }

  /** Run `fn` under the limiter. */
  async run<T>(key: string, fn: () => Promise<T>, signal?: SignalLike): Promise<T> {
    const release = await this.acquire(key, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

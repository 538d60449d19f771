// Pure (no `vscode` import): unit-tested in Node with a fake clock.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Debounce of linting while typing. */
export const TYPING_DELAY_MS = 300;

/** Typing debounce for a file of this size: big files wait longer (a 20 MB workflow takes seconds to lint). */
export function typingDelay(size: number): number {
  return TYPING_DELAY_MS + Math.min(2_000, Math.floor(size / (1024 * 1024)) * 100);
}

/** What a run must lint: everything, or the projects of these files. */
export interface LintWork {
  all: boolean;
  paths: ReadonlySet<string>;
}

/** Handed to a run so it can stop early. */
export interface RunControl {
  /** A newer request made this whole run pointless (settings changed, full rescan): stop. */
  readonly cancelled: boolean;
  /** The file changed again since the run started: skip its project, the next run lints it. */
  isStale(path: string): boolean;
}

export type LintRun = (work: LintWork, control: RunControl) => Promise<void>;

/**
 * Debounced, one-at-a-time linting. Requests accumulate (file paths, or "all"); a run starts
 * when the delay of the latest request has passed and no other run is going. A file requested
 * again while a run is going is stale for that run (its project is skipped and linted by the
 * next run); a request for everything cancels the current run.
 */
export class LintScheduler {
  private pending = new Set<string>();
  private pendingAll = false;
  private timer: unknown;
  private dueAt = 0;
  private running: { control: { cancelled: boolean } } | undefined;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;

  constructor(
    private readonly run: LintRun,
    private readonly onError: (e: unknown) => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** A run is going (what it lints was asked before it started). */
  get busy(): boolean {
    return !!this.running;
  }

  get idle(): boolean {
    return !this.running && this.timer === undefined && !this.pendingAll && this.pending.size === 0;
  }

  /** Lint the projects of these files after `delayMs` (debounced: each request pushes the run back). */
  request(paths: Iterable<string>, delayMs: number): void {
    if (this.disposed) return;
    let any = false;
    for (const p of paths) {
      this.pending.add(p);
      any = true;
    }
    if (any) this.schedule(delayMs);
  }

  /** Lint everything after `delayMs`, cancelling a run in progress. */
  requestAll(delayMs: number): void {
    if (this.disposed) return;
    this.pendingAll = true;
    if (this.running) this.running.control.cancelled = true;
    this.schedule(delayMs);
  }

  /** Whether a file waits for a run (used to drop stale fixes and results). */
  isPending(path: string): boolean {
    return this.pendingAll || this.pending.has(path);
  }

  /** Run what is pending now, without waiting for the delay; resolves when idle. */
  flush(): Promise<void> {
    if (this.pendingAll || this.pending.size > 0) this.schedule(0);
    return this.whenIdle();
  }

  /** Resolves when nothing is pending or running. */
  whenIdle(): Promise<void> {
    if (this.idle || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) this.running.control.cancelled = true;
    this.pending.clear();
    this.pendingAll = false;
    this.settleIdle(true);
  }

  private schedule(delayMs: number): void {
    const now = this.clock.now();
    const target = now + Math.max(0, delayMs);
    if (delayMs <= 0 || (this.timer === undefined && !this.running)) this.dueAt = target;
    else this.dueAt = Math.max(this.dueAt, target);
    if (!this.running) this.arm(); // otherwise the run's end arms the timer for what came in meanwhile
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.start();
    }, Math.max(0, this.dueAt - this.clock.now()));
  }

  private async start(): Promise<void> {
    if (this.disposed || this.running) return;
    const work: LintWork = { all: this.pendingAll, paths: this.pending };
    this.pending = new Set();
    this.pendingAll = false;
    if (!work.all && work.paths.size === 0) {
      this.settleIdle();
      return;
    }
    const control = { cancelled: false };
    const runControl: RunControl = {
      get cancelled() {
        return control.cancelled;
      },
      isStale: (p) => this.pendingAll || this.pending.has(p),
    };
    this.running = { control };
    try {
      await this.run(work, runControl);
    } catch (e) {
      try {
        this.onError(e);
      } catch {
        // never let logging take the scheduler down
      }
    } finally {
      this.running = undefined;
    }
    if (this.disposed) return;
    if (this.pendingAll || this.pending.size > 0) this.arm();
    else this.settleIdle();
  }

  private settleIdle(force = false): void {
    if (!force && !this.idle) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

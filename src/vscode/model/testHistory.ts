// Pure (no `vscode` import): when each API connection was last tested and with what result (the
// Azure view's "tested 5 min ago"), kept across sessions in a memento (at most MAX_ENTRIES, the
// oldest dropped first). Only the status word, HTTP status and time are kept: never a message.
import type { TestStatus } from '../../core/azure/test';

export interface TestRecord {
  status: TestStatus;
  httpStatus?: number;
  /** When the test finished (ms since the epoch). */
  at: number;
}

/** The part of `vscode.Memento` the history uses. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const HISTORY_KEY = 'lac.azure.testHistory';
export const MAX_ENTRIES = 10_000;

const keyOf = (id: string) => id.trim().replace(/\/+$/, '').toLowerCase();

export class TestHistory {
  private readonly entries = new Map<string, TestRecord>();
  private readonly listeners = new Set<(ids: string[]) => void>();
  private saving: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly memento?: MementoLike) {
    const saved = memento?.get<Record<string, TestRecord>>(HISTORY_KEY);
    if (saved && typeof saved === 'object') {
      for (const [k, v] of Object.entries(saved)) if (v && typeof v.at === 'number' && typeof v.status === 'string') this.entries.set(k, v);
    }
  }

  get(id: string): TestRecord | undefined {
    return this.entries.get(keyOf(id));
  }

  /** Record results (one notification for all of them). */
  record(results: readonly { id: string; status: TestStatus; httpStatus?: number; at: number }[]): void {
    if (!results.length) return;
    for (const r of results) {
      const k = keyOf(r.id);
      // Re-inserted at the end: the map's order is the age order.
      this.entries.delete(k);
      this.entries.set(k, { status: r.status, ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}), at: r.at });
    }
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.scheduleSave();
    const ids = results.map((r) => r.id);
    for (const l of this.listeners) {
      try {
        l(ids);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  onDidChange(listener: (ids: string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Write now (and on dispose). */
  flush(): void {
    if (this.saving) clearTimeout(this.saving);
    this.saving = undefined;
    void this.memento?.update(HISTORY_KEY, Object.fromEntries(this.entries));
  }

  dispose(): void {
    if (this.saving) this.flush();
    this.listeners.clear();
  }

  private scheduleSave(): void {
    if (!this.memento || this.saving) return;
    this.saving = setTimeout(() => this.flush(), 1000);
  }
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" (relative to `now`). */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}

/** `tested 5 min ago: connected` for a description; undefined when never tested. */
export function lastTestedText(r: TestRecord | undefined, now: number): string | undefined {
  if (!r) return undefined;
  return `tested ${ago(r.at, now)}: ${r.status}`;
}

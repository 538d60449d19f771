import * as vscode from 'vscode';

/** One piece of Azure work in flight (a test, a listing, a diagnosis), for the status bar. */
export interface ActivityEntry {
  readonly id: number;
  /** What the user sees: "Testing office365-orders…". Never a token, key or URL. */
  readonly label: string;
  readonly started: number;
}

/**
 * What the extension is doing against Azure right now. Commands and the Azure view wrap their
 * work in `run()`; the status bar shows it while anything runs.
 */
export class Activity implements vscode.Disposable {
  private readonly running = new Map<number, ActivityEntry>();
  private readonly emitter = new vscode.EventEmitter<readonly ActivityEntry[]>();
  private next = 1;
  readonly onDidChange = this.emitter.event;

  /** Run `work` as an activity labelled `label` (shown until it settles). */
  async run<T>(label: string, work: () => Promise<T>): Promise<T> {
    const entry: ActivityEntry = { id: this.next++, label, started: Date.now() };
    this.running.set(entry.id, entry);
    this.emitter.fire(this.current());
    try {
      return await work();
    } finally {
      this.running.delete(entry.id);
      this.emitter.fire(this.current());
    }
  }

  /** What runs now, oldest first. */
  current(): readonly ActivityEntry[] {
    return [...this.running.values()];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

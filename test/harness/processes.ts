/**
 * Child processes that must never outlive the launcher.
 *
 * Every long-lived child is started in its own process group (`detached`) and registered here; on
 * a normal end, Ctrl+C (SIGINT), SIGTERM or SIGHUP the whole group is sent TERM, then KILL after a
 * grace period. A synchronous KILL of every registered group also runs in `process.on('exit')` as a
 * last resort. Processes are only ever addressed by the ids we started, never by name.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

type Cleanup = () => Promise<void> | void;

const groups = new Set<number>();
const cleanups: Cleanup[] = [];
let installed = false;
let exiting = false;

/** Runs before the process groups are killed (close the browser, write logs…). */
export function onCleanup(fn: Cleanup): () => void {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** TERM the process group, wait up to `graceMs` for it to go, then KILL it. */
export async function killGroup(pgid: number, graceMs = 3000): Promise<void> {
  groups.delete(pgid);
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await sleep(50);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    const hard = Date.now() + 2000;
    while (Date.now() < hard && groupAlive(pgid)) await sleep(50);
  }
}

/** Start a child in its own process group; it is killed with its group when the launcher ends. */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  installSignalHandlers();
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) {
    const pid = child.pid;
    groups.add(pid);
    // The leader exiting does not mean its group is gone (grandchildren): keep it registered.
    child.once('exit', () => {
      if (!groupAlive(pid)) groups.delete(pid);
    });
  }
  return child;
}

/** Run every cleanup, then kill every registered group. Safe to call more than once. */
export async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await withTimeout(Promise.resolve(fn()), 10_000);
    } catch (e) {
      console.error(`[harness] cleanup failed: ${(e as Error).message}`);
    }
  }
  await Promise.all([...groups].map((g) => killGroup(g)));
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (exiting) {
      // Second Ctrl+C: stop waiting for graceful shutdown.
      killAllSync();
      process.exit(code);
    }
    exiting = true;
    console.error(`\n[harness] ${signal}: stopping…`);
    cleanupAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', killAllSync);
}

function killAllSync(): void {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  groups.clear();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function withTimeout<T>(p: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

/** Run a command to completion (in its own group, so Ctrl+C stops it too); resolves with its exit code. */
export function run(cmd: string, args: string[], opts: SpawnOptions & { log?: (chunk: string) => void } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(cmd, args, { stdio: opts.log ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...opts });
    if (opts.log) {
      child.stdout?.on('data', (d) => opts.log!(String(d)));
      child.stderr?.on('data', (d) => opts.log!(String(d)));
    }
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (child.pid && !groupAlive(child.pid)) groups.delete(child.pid);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** code-server on 127.0.0.1, one per run, with its own folders; killed with its process group. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_DIR, CODE_SERVER_ENTRY } from './paths';
import { killGroup, sleep, spawnGroup } from './processes';
import type { RunDirs } from './runDir';

export interface Server {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment for code-server (and, through it, the extension host): per-run XDG dirs. */
export function serverEnv(dirs: RunDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    // Offline: no extension gallery (open-vsx.org) lookups, and so no errors about them.
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
    ...extra,
  };
  // Settings of the npm process that started us would leak into the extension host's terminals/tasks.
  for (const k of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/i.test(k)) delete env[k];
  // VS Code refuses to run its server as an extension host child when these are set by an outer VS Code.
  for (const k of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_PID', 'VSCODE_CWD', 'ELECTRON_RUN_AS_NODE', 'VSCODE_NLS_CONFIG']) delete env[k];
  return env;
}

/** `code-server --install-extension <vsix>` into the run's extensions folder (offline, ~1 s); returns the installed folder. */
export function installExtension(vsix: string, dirs: RunDirs): string {
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', path.resolve(vsix), '--force'],
    { env: serverEnv(dirs), encoding: 'utf8', timeout: 120_000 },
  );
  fs.appendFileSync(dirs.serverLog, `$ code-server --install-extension ${vsix}\n${r.stdout ?? ''}${r.stderr ?? ''}\n`);
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout ?? '')) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`);
  }
  const installed = fs
    .readdirSync(dirs.extensions, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dirs.extensions, d.name, 'package.json')))
    .map((d) => path.join(dirs.extensions, d.name));
  if (installed.length !== 1) throw new Error(`expected one installed extension in ${dirs.extensions}, found ${installed.length}`);
  return installed[0];
}

export async function startServer(dirs: RunDirs, opts: { env?: Record<string, string>; startTimeoutMs?: number; port?: number } = {}): Promise<Server> {
  if (opts.port) return startOnce(dirs, opts.port, opts);
  let lastError: Error | undefined;
  // A port found free can be taken before code-server binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(dirs, await freePort(), opts);
    } catch (e) {
      lastError = e as Error;
      if (!/EADDRINUSE/.test(lastError.message)) break;
    }
  }
  throw lastError;
}

async function startOnce(dirs: RunDirs, port: number, opts: { env?: Record<string, string>; startTimeoutMs?: number }): Promise<Server> {
  const log = fs.createWriteStream(dirs.serverLog, { flags: 'a' });
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--log', 'info',
  ];
  log.write(`$ node ${args.join(' ')}\n`);
  const child = spawnGroup(process.execPath, args, {
    cwd: dirs.root,
    env: serverEnv(dirs, opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (d: Buffer) => {
    log.write(d);
    if (output.length < 20_000) output += String(d);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `code-server exited (${signal ?? code})`;
    log.write(`\n[harness] ${exited}\n`);
  });
  const pid = child.pid!;
  fs.writeFileSync(dirs.pidFile, JSON.stringify({ launcher: process.pid, server: pid, port, tmp: dirs.tmp }) + '\n');
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await killGroup(pid);
    await new Promise((r) => log.end(r));
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`${exited} before it was ready: ${lastLines(output)}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${origin}/healthz within ${(opts.startTimeoutMs ?? 30_000) / 1000} s: ${lastLines(output)}`);
    }
    await sleep(100);
  }
  return { port, origin, pid, logFile: dirs.serverLog, stop };
}

function lastLines(s: string, n = 3): string {
  return s.trim().split('\n').slice(-n).join(' | ') || '(no output)';
}

/** A launcher killed with SIGKILL cannot clean up: kill the server groups such runs left behind. */
export function reapOrphans(runsDir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(runsDir);
  } catch {
    return;
  }
  for (const id of entries) {
    const pidFile = path.join(runsDir, id, 'pids.json');
    try {
      const { launcher, server, tmp } = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { launcher: number; server: number; tmp?: string };
      if (launcher === process.pid || pidAliveQuiet(launcher)) continue;
      // Only the group we started: its processes (the leader may be gone) run our code-server or name this run.
      const ours = groupMembers(server).some((pid) => {
        try {
          const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          return cmdline.includes(CODE_SERVER_DIR) || cmdline.includes(path.join(runsDir, id));
        } catch {
          return false;
        }
      });
      if (ours) {
        console.error(`[harness] stopping code-server processes (group ${server}) left behind by run ${id}`);
        process.kill(-server, 'SIGKILL');
      }
      if (tmp && path.basename(tmp).startsWith('lac-run-')) fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(pidFile, { force: true });
    } catch {
      /* nothing to reap */
    }
  }
}

/** Processes of a process group (Linux /proc; elsewhere none, so nothing is reaped). */
function groupMembers(pgid: number): number[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      try {
        // Fields after the command name in parentheses: state, ppid, pgrp.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function pidAliveQuiet(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

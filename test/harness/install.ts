/**
 * Install code-server from npm on first use into `.vscode-test/code-server-<version>/`, the way
 * @vscode/test-electron caches VS Code. Works offline except for the npm registry.
 *
 * Pitfalls handled (see /work/shared/reference/vscode-harness.md):
 * - npm 11 blocks dependency install scripts not listed in `allowScripts`. The cache folder's own
 *   package.json allows code-server and argon2. code-server's postinstall runs `npm install` inside
 *   lib/vscode, a separate npm project: an `allow-scripts` *config* would reach that nested npm as
 *   `npm_config_allow_scripts`, which npm rejects in a project install (EALLOWSCRIPTS). So we install
 *   in two steps: `npm install --ignore-scripts`, then add `allowScripts` for VS Code's native modules
 *   to lib/vscode/package.json, then `npm rebuild`, which runs code-server's postinstall for real.
 * - As root, code-server's postinstall wants `npm_config_unsafe_perm=true`.
 * - `~/.npmrc` may say `yes=false`, which makes node-pty's `npx node-gyp` abort: `npm_config_yes=true`.
 * - @vscode/ripgrep downloads rg from GitHub; it first looks in `$TMPDIR/vscode-ripgrep-cache-<v>/`,
 *   so we put a tarball of the machine's `rg` there (TMPDIR points into the cache folder).
 * - XDG_* point into the cache folder so nothing is written to the user's home.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_DIR, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_PKG, CODE_SERVER_VERSION, rel } from './paths';
import { ensureInstallPrerequisites } from './prerequisites';
import { run, sleep } from './processes';

const MARKER = path.join(CODE_SERVER_DIR, '.installed.json');
const LOCK = `${CODE_SERVER_DIR}.lock`;

/** Packages whose install scripts must run. Top level: the cache folder's package.json. */
const TOP_LEVEL_SCRIPTS = ['code-server', 'argon2'];
/** Inside code-server's lib/vscode (its own npm project): native modules VS Code's server loads.
 *  (The Windows-only ones and anything else stay blocked: npm just lists them as skipped.) */
const NESTED_SCRIPTS = ['@parcel/watcher', '@vscode/deviceid', '@vscode/ripgrep', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty'];

/** @vscode/ripgrep as pinned by code-server's lib/vscode shrinkwrap, and the rg release it fetches. */
const RIPGREP = { pkg: '1.15.11', tag: 'v13.0.0-10' };

export interface Installed {
  entry: string;
  version: string;
  installedAt: string;
  seconds: number;
  node: string;
}

function readMarker(): Installed | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(MARKER, 'utf8')) as Installed;
    // Native modules are built for one Node ABI: a different Node major means reinstalling.
    if (m.node.split('.')[0] !== process.version.split('.')[0] || !fs.existsSync(CODE_SERVER_ENTRY)) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One installer at a time (parallel runs wait for the first one). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !pidAlive(owner)) {
        fs.rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another code-server install holds ${rel(LOCK)}`, { cause: e });
      if (!announced) console.log(`[harness] waiting for another code-server install (pid ${owner || '?'})…`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function ripgrepTarget(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch as string];
}

/** Put the machine's rg where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrepCache(tmpDir: string, rg: string): void {
  const target = ripgrepTarget();
  if (!target) return;
  const dir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP.pkg}`);
  const tarball = path.join(dir, `ripgrep-${RIPGREP.tag}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(dir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(tmpDir, 'rg-'));
  fs.copyFileSync(fs.realpathSync(rg), path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  const r = spawnSync('tar', ['-czf', tarball, '-C', stage, 'rg']);
  fs.rmSync(stage, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`could not create ${tarball}: ${r.stderr}`);
}

/** Let lib/vscode's own `npm install` (run by code-server's postinstall) build VS Code's native modules. */
function allowNestedScripts(): void {
  const file = path.join(CODE_SERVER_PKG, 'lib', 'vscode', 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  pkg.allowScripts = { ...(pkg.allowScripts ?? {}), ...Object.fromEntries(NESTED_SCRIPTS.map((n) => [n, true])) };
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
}

export async function ensureCodeServer(opts: { quiet?: boolean } = {}): Promise<Installed> {
  const have = readMarker();
  if (have) return have;
  return withLock(async () => {
    const again = readMarker();
    if (again) return again;
    const major = Number(process.version.slice(1).split('.')[0]);
    if (major !== 20 && !process.env.FORCE_NODE_VERSION) {
      throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is ${process.version})`);
    }
    const rg = await ensureInstallPrerequisites();
    const t0 = Date.now();
    console.log(`[harness] installing code-server ${CODE_SERVER_VERSION} into ${rel(CODE_SERVER_DIR)} (first use, ~1 min)…`);
    fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
    const tmp = path.join(CODE_SERVER_DIR, '.tmp');
    const xdg = path.join(CODE_SERVER_DIR, '.xdg');
    for (const d of [tmp, `${xdg}/config`, `${xdg}/data`, `${xdg}/cache`]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(
      path.join(CODE_SERVER_DIR, 'package.json'),
      JSON.stringify(
        {
          name: 'lac-code-server-cache',
          private: true,
          description: 'code-server for the Logic Apps Connections editor tests (test/harness). Safe to delete.',
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          allowScripts: Object.fromEntries(TOP_LEVEL_SCRIPTS.map((n) => [n, true])),
        },
        null,
        2,
      ) + '\n',
    );
    seedRipgrepCache(tmp, rg);

    const logFile = path.join(CODE_SERVER_DIR, 'install.log');
    const log = fs.createWriteStream(logFile);
    const env = {
      ...process.env,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
      TMPDIR: tmp,
      XDG_CONFIG_HOME: `${xdg}/config`,
      XDG_DATA_HOME: `${xdg}/data`,
      XDG_CACHE_HOME: `${xdg}/cache`,
    };
    let lastLine = '';
    const npm = (args: string[]) =>
      run('npm', [...args, '--prefix', CODE_SERVER_DIR, '--no-audit', '--no-fund', '--loglevel=warn'], {
        cwd: CODE_SERVER_DIR,
        env,
        log: (s) => {
          log.write(s);
          for (const line of s.split('\n')) if (line.trim()) lastLine = line.trim();
          if (!opts.quiet && /ERR!|npm error|Using cached download|Installing Code dependencies/i.test(s)) {
            process.stdout.write(s.replace(/^(?=.)/gm, '  npm: '));
          }
        },
      });
    log.write('$ npm install --ignore-scripts --omit=dev\n');
    let code = await npm(['install', '--ignore-scripts', '--omit=dev']);
    if (code === 0) {
      allowNestedScripts();
      log.write('$ npm rebuild\n');
      code = await npm(['rebuild']);
    }
    await new Promise((r) => log.end(r));
    const problems = verify();
    if (code !== 0 || problems.length) {
      throw new Error(
        `installing code-server failed (npm exit ${code}${problems.length ? `; ${problems.join('; ')}` : ''}): see ${rel(logFile)}` +
          (lastLine ? `\n  last line: ${lastLine}` : ''),
      );
    }
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    const installed: Installed = {
      entry: CODE_SERVER_ENTRY,
      version: CODE_SERVER_VERSION,
      installedAt: new Date().toISOString(),
      seconds,
      node: process.version,
    };
    fs.writeFileSync(MARKER, JSON.stringify(installed, null, 2) + '\n');
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`[harness] code-server ${CODE_SERVER_VERSION} installed in ${seconds} s (${du(CODE_SERVER_DIR)})`);
    return installed;
  });
}

/** What a working install has: the server entry, rg, and the native modules built. */
function verify(): string[] {
  const vs = path.join(CODE_SERVER_PKG, 'lib', 'vscode');
  const need: [string, string][] = [
    [CODE_SERVER_ENTRY, 'code-server entry'],
    [path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), 'ripgrep binary'],
    [path.join(vs, 'node_modules', 'node-pty', 'build', 'Release'), 'node-pty build'],
    [path.join(vs, 'node_modules', '@vscode', 'spdlog', 'build', 'Release'), 'spdlog build'],
    [path.join(vs, 'node_modules.asar'), 'node_modules.asar link'],
  ];
  return need.filter(([p]) => !fs.existsSync(p)).map(([, what]) => `no ${what}`);
}

function du(dir: string): string {
  const r = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\t')[0] : '?';
}

/**
 * Debian packages the harness needs: `chromium` (the browser Playwright drives; never
 * `npx playwright install`), and only to install code-server: `libkrb5-dev` (kerberos builds
 * against it) and `ripgrep` (Debian's `rg` stands in for the GitHub download of @vscode/ripgrep).
 *
 * Missing ones are installed with apt-get when we run as root (CI containers); otherwise the
 * harness stops with one line naming the package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from './processes';

export class MissingPrerequisite extends Error {}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const out = r.stdout.trim();
  return r.status === 0 && out ? out : undefined;
}

function debInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Install Debian packages with apt-get (root only), or throw naming the first one missing. */
async function aptInstall(pkgs: string[], why: string): Promise<void> {
  if (!pkgs.length) return;
  const hasApt = !!onPath('apt-get');
  if (!isRoot() || !hasApt) {
    throw new MissingPrerequisite(
      `missing Debian package ${pkgs[0]} (${why}): install it with \`sudo apt-get install -y ${pkgs.join(' ')}\``,
    );
  }
  console.log(`[harness] apt-get install ${pkgs.join(' ')} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['install', '-y', '-q', '--no-install-recommends', ...pkgs];
  const log = (s: string) => process.stdout.write(s.replace(/^/gm, '  apt: '));
  if ((await run('apt-get', args, { env, log })) === 0) return;
  // A fresh container has no package lists yet.
  await run('apt-get', ['update', '-q'], { env, log });
  if ((await run('apt-get', args, { env, log })) !== 0) {
    throw new MissingPrerequisite(`missing Debian package ${pkgs[0]}: apt-get install ${pkgs.join(' ')} failed`);
  }
}

/** Path of a Chromium binary: $CHROMIUM_PATH, Debian's, or any chromium/chrome on PATH; apt-installs `chromium` as root. */
export async function ensureChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new MissingPrerequisite(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const find = () =>
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ??
    onPath('chromium') ??
    onPath('chromium-browser') ??
    onPath('google-chrome');
  const found = find();
  if (found) return found;
  await aptInstall(['chromium'], 'the browser the harness drives');
  const after = find();
  if (!after) throw new MissingPrerequisite('missing Debian package chromium: installed, but no chromium binary found');
  return after;
}

/** What installing code-server needs: a C++ toolchain, libkrb5-dev, ripgrep. Returns the `rg` path. */
export async function ensureInstallPrerequisites(): Promise<string> {
  const missing: string[] = [];
  const haveDpkg = !!onPath('dpkg-query');
  if (haveDpkg ? !debInstalled('libkrb5-dev') : !onPath('krb5-config')) missing.push('libkrb5-dev');
  if (!onPath('rg')) missing.push('ripgrep');
  if (!onPath('make') || !(onPath('g++') || onPath('c++'))) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  await aptInstall(missing, 'needed to install code-server');
  const rg = onPath('rg');
  if (!rg) throw new MissingPrerequisite('missing Debian package ripgrep: no `rg` on PATH after installing it');
  return rg;
}

export function commandVersion(cmd: string, args = ['--version']): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return '?';
  }
}

/** Per-run folders under `.vscode-test/runs/<id>/`: nothing is shared between runs or with $HOME. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUNS_DIR } from './paths';

export interface RunDirs {
  id: string;
  root: string;
  userData: string;
  extensions: string;
  browserProfile: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  tmp: string;
  /** Where a copied workspace goes. */
  workspace: string;
  serverLog: string;
  consoleLog: string;
  screenshot: string;
  pidFile: string;
}

/** How many finished runs' folders to keep (failed ones are kept; successful ones are deleted). */
const KEEP_RUNS = 10;

/**
 * `workspaceName`: the folder a copied workspace gets (its name is the project's name in the
 * editor: `npm start` calls the samples' copy `contoso-integration`).
 */
export function createRunDir(label: string, userSettings: Record<string, unknown> = {}, workspaceName = 'workspace'): RunDirs {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const id = `${stamp}-${label}-${process.pid}`;
  pruneRuns();
  const root = path.join(RUNS_DIR, id);
  const d: RunDirs = {
    id,
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    browserProfile: path.join(root, 'browser-profile'),
    xdgConfig: path.join(root, 'xdg', 'config'),
    xdgData: path.join(root, 'xdg', 'data'),
    xdgCache: path.join(root, 'xdg', 'cache'),
    // Short, outside the repository: Chromium and VS Code put UNIX sockets here (108-byte path limit).
    tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'lac-run-')),
    workspace: path.join(root, workspaceName),
    serverLog: path.join(root, 'server.log'),
    consoleLog: path.join(root, 'browser-console.log'),
    screenshot: path.join(root, 'screenshot.png'),
    pidFile: path.join(root, 'pids.json'),
  };
  for (const dir of [d.userData, d.extensions, d.browserProfile, d.xdgConfig, d.xdgData, d.xdgCache, d.tmp]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(d, userSettings);
  return d;
}

/** User settings of a test editor: quiet, offline, no welcome page, no trust prompt. */
export const DEFAULT_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
};

function writeUserSettings(d: RunDirs, extra: Record<string, unknown> = {}): void {
  const dir = path.join(d.userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...extra }, null, 2) + '\n');
}

/** Copy a workspace folder into the run, so tests can edit, save and delete files freely. */
export function copyWorkspace(src: string, dirs: RunDirs): string {
  fs.cpSync(src, dirs.workspace, { recursive: true, filter: (s) => !/[/\\](node_modules|\.git)$/.test(s) });
  return dirs.workspace;
}

/** Successful runs leave nothing behind unless asked; failed runs keep logs, screenshot, everything. */
export function finishRunDir(dirs: RunDirs, ok: boolean, keep: boolean): void {
  fs.rmSync(dirs.pidFile, { force: true });
  fs.rmSync(dirs.tmp, { recursive: true, force: true });
  if (ok && !keep) {
    fs.rmSync(dirs.root, { recursive: true, force: true });
    return;
  }
  // The bulky parts are not evidence; logs, screenshot and the workspace are.
  for (const d of [dirs.browserProfile, dirs.xdgCache]) fs.rmSync(d, { recursive: true, force: true });
}

function pruneRuns(): void {
  let ids: string[];
  try {
    ids = fs.readdirSync(RUNS_DIR).sort();
  } catch {
    return;
  }
  const finished = ids.filter((id) => !fs.existsSync(path.join(RUNS_DIR, id, 'pids.json')));
  for (const id of finished.slice(0, Math.max(0, finished.length - KEEP_RUNS))) {
    fs.rmSync(path.join(RUNS_DIR, id), { recursive: true, force: true });
  }
}

/**
 * One editor session: code-server (installed on first use) with per-run folders, a workspace
 * (copied into the run by default), the extension either loaded from a folder
 * (extensionDevelopmentPath) or installed from a VSIX, and optionally a browser on the workbench.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, workbenchUrl, type Browser } from './browser';
import { ensureCodeServer } from './install';
import { RUNS_DIR, rel } from './paths';
import { ensureChromium } from './prerequisites';
import { installSignalHandlers, onCleanup } from './processes';
import { copyWorkspace, createRunDir, finishRunDir, type RunDirs } from './runDir';
import { installExtension, reapOrphans, startServer, type Server } from './server';

export interface SessionOptions {
  label: string;
  /** Folder to open in the workbench. */
  workspace?: string;
  /** Open a copy under the run folder (default), or the folder itself. */
  copyWorkspace?: boolean;
  /** The copy's folder name (default `workspace`): the editor names the project after it. */
  workspaceName?: string;
  /** Called with the copy's folder before the editor starts (to add files next to it). */
  prepareWorkspace?: (dir: string) => void;
  /** Load the extension from this folder (extensionDevelopmentPath). */
  extensionPath?: string;
  /** Or install it from this VSIX with `--install-extension`. */
  vsix?: string;
  /** Compiled tests module exporting run() (extensionTestsPath). */
  testsPath?: string;
  /** Environment for code-server and so the extension host. */
  env?: Record<string, string>;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** User settings on top of DEFAULT_USER_SETTINGS (runDir.ts). */
  userSettings?: Record<string, unknown>;
  /** Browser options; `false` for a server only (npm start). */
  browser?: false | Parameters<typeof launchBrowser>[1];
}

export interface Session {
  dirs: RunDirs;
  server: Server;
  workspace?: string;
  url: string;
  browser?: Browser;
  /** Close the browser, stop the server, keep or delete the run folder. */
  finish(ok: boolean, opts?: { keep?: boolean; screenshot?: boolean }): Promise<void>;
}

export async function openSession(o: SessionOptions): Promise<Session> {
  installSignalHandlers();
  reapOrphans(RUNS_DIR);
  await ensureCodeServer();
  if (o.browser !== false) await ensureChromium();
  const dirs = createRunDir(o.label, o.userSettings, o.workspaceName);
  let server: Server | undefined;
  let browser: Browser | undefined;
  let finished = false;
  const finish = async (ok: boolean, f: { keep?: boolean; screenshot?: boolean } = {}) => {
    if (finished) return;
    finished = true;
    if (!ok && browser && f.screenshot !== false) await browser.screenshot();
    await browser?.close();
    await server?.stop();
    finishRunDir(dirs, ok, !!f.keep);
    if (!ok || f.keep) {
      const kept = ['screenshot.png', 'server.log', 'browser-console.log', 'harness-error.log'].filter((f) => fs.existsSync(path.join(dirs.root, f)));
      console.error(`[harness] kept ${rel(dirs.root)}/ (${kept.join(', ')}${kept.length ? ', ' : ''}user-data/logs)`);
    }
  };
  // Ctrl+C while the session runs: the same finish (kept as a failure).
  onCleanup(() => finish(false));
  try {
    const workspace = o.workspace
      ? o.copyWorkspace === false
        ? path.resolve(o.workspace)
        : copyWorkspace(path.resolve(o.workspace), dirs)
      : undefined;
    if (workspace && o.prepareWorkspace) o.prepareWorkspace(workspace);
    const installed = o.vsix ? installExtension(o.vsix, dirs) : undefined;
    // A test payload only runs with an extensionDevelopmentPath: for a VSIX, the installed folder
    // (the VSIX's own files, loaded once: the development location takes the installed one's place).
    const extensionPath = o.extensionPath ?? (o.testsPath ? installed : undefined);
    server = await startServer(dirs, { env: o.env, port: o.port });
    const url = workbenchUrl(server.origin, {
      folder: workspace,
      extensionDevelopmentPath: extensionPath && path.resolve(extensionPath),
      extensionTestsPath: o.testsPath && path.resolve(o.testsPath),
    });
    if (o.browser !== false) browser = await launchBrowser(dirs, o.browser ?? {});
    return { dirs, server, workspace, url, browser, finish };
  } catch (e) {
    fs.appendFileSync(path.join(dirs.root, 'harness-error.log'), `${(e as Error).stack ?? e}\n`);
    await finish(false);
    throw e;
  }
}

/**
 * Headless Debian Chromium driven by playwright-core (never `npx playwright install`), with its own
 * profile and XDG dirs, its console written to the run's browser-console.log.
 */
import * as fs from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from './prerequisites';
import { onCleanup, withTimeout } from './processes';
import type { RunDirs } from './runDir';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Append a line to browser-console.log. */
  note(line: string): void;
  screenshot(file?: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(
  dirs: RunDirs,
  opts: {
    /** Functions exposed to every page before anything navigates (codeAutomationLog…). */
    expose?: Record<string, (...args: never[]) => unknown>;
    viewport?: { width: number; height: number };
    headless?: boolean;
    deviceScaleFactor?: number;
  } = {},
): Promise<Browser> {
  const executablePath = await ensureChromium();
  const headless = opts.headless ?? process.env.LAC_HEADED !== '1';
  const context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath,
    headless,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
    // Our own handlers stop the server too; Playwright's would exit before that.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      TMPDIR: dirs.tmp,
      HOME: process.env.HOME ?? dirs.root,
    },
    args: [
      ...(headless ? ['--headless'] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const consoleLog = fs.createWriteStream(dirs.consoleLog, { flags: 'a' });
  const note = (line: string) => consoleLog.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
  context.on('console', (m) => note(`[${m.type()}] ${m.text()}`));
  context.on('weberror', (e) => note(`[pageerror] ${e.error().stack ?? e.error().message}`));
  context.on('page', (p) => p.on('crash', () => note('[crash] page crashed')));
  for (const [name, fn] of Object.entries(opts.expose ?? {})) {
    await context.exposeFunction(name, fn as (...args: unknown[]) => unknown);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    await withTimeout(context.close(), 10_000, 'closing the browser').catch(() => undefined);
    await new Promise((r) => consoleLog.end(r));
  };
  const unregister = onCleanup(close);
  return {
    context,
    page,
    note,
    close,
    screenshot: async (file = dirs.screenshot) => {
      try {
        await page.screenshot({ path: file, timeout: 10_000 });
      } catch (e) {
        note(`[harness] screenshot failed: ${(e as Error).message}`);
      }
    },
  };
}

/** The workbench URL: a folder to open and, optionally, the extension development/test payload. */
export function workbenchUrl(
  origin: string,
  opts: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string {
  const authority = new URL(origin).host;
  const remote = (p: string) => `vscode-remote://${authority}${p}`;
  const payload: [string, string][] = [];
  if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const q = new URLSearchParams();
  if (opts.folder) q.set('folder', opts.folder);
  q.set('payload', JSON.stringify(payload));
  return `${origin}/?${q.toString()}`;
}

/**
 * Drive the VS Code workbench (code-server, headless Chromium) the way a person does: keyboard
 * shortcuts, Quick Open, the command palette, the mouse on squiggles. Selectors are VS Code 1.100's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../harness/paths';
import { openSession, type Session } from '../harness/session';

export const SQUIGGLE = { error: '.squiggly-error', warning: '.squiggly-warning', info: '.squiggly-info', any: '.squiggly-error, .squiggly-warning, .squiggly-info' };

/** The VSIX `npm run package` builds (or $LAC_VSIX). */
export function vsixPath(): string {
  if (process.env.LAC_VSIX) return path.resolve(process.env.LAC_VSIX);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
}

export class Workbench {
  private constructor(
    readonly session: Session,
    readonly page: Page,
  ) {}

  /**
   * code-server with the extension installed from the VSIX (no extensionDevelopmentPath, no test
   * payload: what a user gets), a per-run copy of `workspace` open, the workbench loaded.
   */
  static async open(o: {
    label: string;
    workspace: string;
    vsix?: string;
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    userSettings?: Record<string, unknown>;
    /** Environment of code-server and the extension host (LAC_ARM_ENDPOINT + LAC_ACCESS_TOKEN for the emulator). */
    env?: Record<string, string>;
    /** The copy's folder name (the project's name in the editor); default `workspace`. */
    workspaceName?: string;
    /** Called with the copy before the editor starts. */
    prepareWorkspace?: (dir: string) => void;
  }): Promise<Workbench> {
    const vsix = o.vsix ?? vsixPath();
    if (!fs.existsSync(vsix)) throw new Error(`no VSIX at ${vsix}: run \`npm run package\` first`);
    const session = await openSession({
      label: o.label,
      workspace: o.workspace,
      vsix,
      ...(o.env ? { env: o.env } : {}),
      ...(o.workspaceName ? { workspaceName: o.workspaceName } : {}),
      ...(o.prepareWorkspace ? { prepareWorkspace: o.prepareWorkspace } : {}),
      userSettings: { 'editor.fontSize': 14, 'editor.minimap.enabled': false, 'editor.stickyScroll.enabled': false, 'workbench.colorTheme': 'Default Dark Modern', ...o.userSettings },
      browser: { viewport: o.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: o.deviceScaleFactor },
    });
    const wb = new Workbench(session, session.browser!.page);
    await wb.page.goto(session.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await wb.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    // The extension host is up once the status bar shows the problems item.
    await wb.page.locator('[id="status.problems"]').waitFor({ timeout: 60_000 });
    return wb;
  }

  get workspace(): string {
    return this.session.workspace!;
  }

  /** Quick Open (Ctrl+P), type a path relative to the workspace, Enter: the file is the active editor. */
  async openFile(rel: string): Promise<Locator> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(rel);
    // Wait for the match, so Enter opens this file and not the first recent one.
    const base = path.basename(rel);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first().waitFor();
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
    const editor = this.activeEditor();
    await this.page.locator(`.tab.active[data-resource-name="${base}"]`).waitFor();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  /** Ctrl+G, line (and column), Enter: the line is revealed and the cursor on it (1-based). */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`:${line}${column ? `:${column}` : ''}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  squiggles(kind: keyof typeof SQUIGGLE = 'any'): Locator {
    return this.activeEditor().locator(SQUIGGLE[kind]);
  }

  /** The problems counts of the status bar, e.g. "1 1" (errors, warnings). */
  async statusProblems(): Promise<string> {
    return ((await this.page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '').trim();
  }

  /** Move the mouse onto a squiggle; resolves with the hover's text. */
  async hover(squiggle: Locator): Promise<string> {
    const box = (await squiggle.boundingBox())!;
    await this.page.mouse.move(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2 - 4, { steps: 4 });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /LAC\d{3}/ }).first();
    await hover.waitFor({ timeout: 15_000 });
    return (await hover.innerText()).trim();
  }

  async hideHover(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.mouse.move(5, 5);
  }

  /** Put the cursor on a squiggle (a click). */
  async clickOn(squiggle: Locator): Promise<void> {
    const box = (await squiggle.boundingBox())!;
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2 - 4);
  }

  /** Ctrl+. at the cursor: the light bulb menu; resolves with its entries. */
  async openQuickFixMenu(): Promise<Locator> {
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget');
    await menu.locator('.monaco-list-row.action').first().waitFor({ timeout: 15_000 });
    return menu;
  }

  async menuTitles(menu: Locator): Promise<string[]> {
    return (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.trim());
  }

  /** Pick an entry of the open light bulb menu with the keyboard (arrows, Enter), as a person does. */
  async choose(menu: Locator, title: RegExp): Promise<void> {
    const rows = menu.locator('.monaco-list-row.action');
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const focused = (await menu.locator('.monaco-list-row.action.focused').getAttribute('aria-label')) ?? '';
      if (title.test(focused)) {
        await this.page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no ${title} in the menu: ${(await this.menuTitles(menu)).join(' | ')}`);
  }

  /** F1, type, Enter on the first command that matches `label`. */
  async runCommand(label: string): Promise<void> {
    await this.runCommandKeepOpen(label);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Click the extension's activity bar icon: its views (Workspace, Azure) show in the side bar. */
  async openSidebar(title = 'Logic Apps Connections'): Promise<Locator> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    const sidebar = this.page.locator('.part.sidebar');
    const header = sidebar.locator('.composite.title', { hasText: title });
    if (!(await header.isVisible().catch(() => false))) await item.click();
    await header.waitFor();
    return sidebar;
  }

  /** A view of the side bar by its title ("Azure", "Workspace"): expanded; resolves with its body. */
  async view(title: string): Promise<Locator> {
    const pane = this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }) }).first();
    const header = pane.locator('.pane-header').first();
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return pane.locator('.pane-body');
  }

  /** The row of a tree whose label matches `label` (waits for it). */
  async treeRow(body: Locator, label: string | RegExp, timeout = 30_000): Promise<Locator> {
    const row = body.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ timeout });
    return row;
  }

  /** Expand a collapsed tree row (a click on its twistie). */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** F1, run `label`, then pick `item` in the quick pick that follows (typed, then Enter). */
  async runCommandAndPick(label: string, item: string): Promise<void> {
    await this.runCommandKeepOpen(label);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await input.fill(item);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: item }).first().waitFor({ timeout: 30_000 });
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
  }

  /** F1, type, Enter on the first command that matches `label`, without waiting for the palette to close. */
  async runCommandKeepOpen(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${label}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor();
    await this.page.waitForTimeout(150);
    // The command whose title is `label` (the palette may rank a longer title first: "Test All
    // Connections" for "Test Connection"); Enter on the first row when the label is only a prefix.
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const labels = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').replace(/, recently used$/, '')));
    const exact = labels.findIndex((l) => l === label);
    if (exact > 0) {
      for (let i = 0; i < exact; i++) await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
  }

  /** A notification toast whose message matches `text` (waits for it). */
  async notification(text: RegExp, timeout = 60_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
    await toast.waitFor({ timeout });
    return toast;
  }

  /**
   * A notification whose message matches `text`, as a toast or, failing that, in the notification
   * center. A page that another page (a popup) covered does not draw the toasts the workbench
   * queued meanwhile: headless Chromium gives it no animation frames, and the workbench then keeps
   * them in the center, where the user finds them behind the bell.
   */
  async notificationShown(text: RegExp, timeout = 60_000): Promise<Locator> {
    const toastWait = Math.min(15_000, timeout);
    try {
      return await this.notification(text, toastWait);
    } catch {
      await this.runCommand('Notifications: Show Notifications');
      const entry = this.page.locator('.notifications-center .monaco-list-row').filter({ hasText: text }).first();
      await entry.waitFor({ timeout: Math.max(timeout - toastWait, 5_000) });
      return entry;
    }
  }

  /** Close every notification toast. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  }

  /** Ctrl+Shift+M: the Problems panel; resolves with its rows. */
  async openProblems(): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  /** The text of the active editor as shown (Monaco renders no-break spaces). */
  async visibleText(): Promise<string> {
    return (await this.activeEditor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async screenshot(file: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, clip });
  }

  async close(ok: boolean): Promise<void> {
    await this.session.finish(ok);
  }
}

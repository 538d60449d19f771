/**
 * `npm start` as a new user meets it: the VSIX in code-server, the copy of samples/ named
 * `contoso-integration` (with `azure-emulator-demo/` inside), the local ARM emulator of
 * test/harness/demo.ts (the samples' own subscription and connections, its own consent page).
 *
 * Drives the workbench the way a person does: the project's name in the Workspace view, Test
 * Connection on a samples/ connection (connected), Authorize Connection through the consent flow:
 * VS Code asks before opening the emulator's consent page, the page's Allow sends the browser back
 * to the editor with a code, the extension completes the consent and tests the connection again
 * (connected). Then the Get Started walkthrough.
 */
import * as assert from 'node:assert';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { sampleConnectionId, type Emulator } from '../emulator';
import { addAzureDemo, DEMO_WORKSPACE_NAME, demoEnv, startDemoEmulator } from '../harness/demo';
import { SAMPLES } from '../harness/paths';
import { Workbench } from './workbench';

describe('npm start: the samples against the emulator, Test and Authorize to connected', function () {
  let wb: Workbench;
  let emu: Emulator;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    emu = await startDemoEmulator();
    wb = await Workbench.open({ label: 'e2e-demo', workspace: SAMPLES, workspaceName: DEMO_WORKSPACE_NAME, prepareWorkspace: addAzureDemo, env: demoEnv(emu) });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      failed = true;
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await wb.screenshot(path.join(wb.session.dirs.root, `failed-${name}.png`)).catch(() => undefined);
    }
  });

  after(async () => {
    await wb?.close(!failed);
    await emu?.close();
  });

  /** Run a connection command from the palette and pick the samples' entry `name` (not the Azure one of the same prefix). */
  async function commandOnSample(command: string, name: string): Promise<void> {
    await wb.runCommandKeepOpen(command);
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await wb.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await input.fill(name);
    const row = wb.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) })
      .filter({ hasText: DEMO_WORKSPACE_NAME })
      .first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
  }

  it('the sample project carries its own name in the Workspace view', async () => {
    await wb.openSidebar();
    const ws = await wb.view('Workspace');
    const project = await wb.treeRow(ws, DEMO_WORKSPACE_NAME);
    assert.match((await project.getAttribute('aria-label')) ?? (await project.innerText()), /contoso-integration/);
    await wb.treeRow(ws, 'azure-emulator-demo');
  });

  it('Test Connection on a samples/ connection: connected', async function () {
    this.timeout(120_000);
    await wb.clearNotifications();
    await commandOnSample('Logic Apps Connections: Test Connection', 'office365');
    const toast = await wb.notification(/Connection "office365" works/, 90_000);
    assert.match(await toast.innerText(), /works/);
  });

  it('Authorize Connection on a samples/ connection: the emulator\'s consent page, Allow, back in the editor, tested: connected', async function () {
    this.timeout(180_000);
    await wb.clearNotifications();
    const before = emu.requests.length;
    await commandOnSample('Logic Apps Connections: Authorize Connection', 'teams');
    // How to authorize: the consent flow (the emulator's API is an OAuth one).
    const consent = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /consent flow/ }).first();
    await consent.waitFor({ timeout: 30_000 });
    const popupPromise = wb.page.context().waitForEvent('page', { timeout: 60_000 });
    await consent.click();
    // VS Code opens a loopback page without asking; should it ask, the dialog names the emulator's page.
    const dialog = wb.page.locator('.monaco-dialog-box');
    const popup: Page = await Promise.race([
      popupPromise,
      dialog.waitFor({ timeout: 60_000 }).then(
        async () => {
          assert.match(await dialog.innerText(), /127\.0\.0\.1:\d+\/_emulator\/consent/);
          await dialog.getByRole('button', { name: /^Open$/ }).click();
          return popupPromise;
        },
        // No dialog: the popup decides.
        () => new Promise<Page>(() => undefined),
      ),
    ]);
    // The emulator's page: directly, or (code-server) through its port proxy, which keeps neither
    // the link's path nor its query: the emulator's root lists the sign-ins waiting.
    await popup.waitForLoadState('domcontentloaded');
    assert.match(popup.url(), /\/_emulator\/consent\?data=|\/proxy\/\d+\/$/);
    assert.match(await popup.locator('body').innerText(), /LOCAL ARM EMULATOR[\s\S]*teams/);
    // Meanwhile the editor waits in one notification, which links to pasting the address should the
    // browser not come back by itself.
    await wb.page.bringToFront();
    const waiting = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Waiting for the sign-in for "teams"/ }).first();
    const pasteLink = waiting.locator('a', { hasText: 'paste the address it landed on' });
    await pasteLink.waitFor({ timeout: 30_000 });
    // The link runs Paste Sign-in Address for this sign-in: a password box; dismissed, the wait goes on.
    await pasteLink.click();
    const box = wb.page.locator('.quick-input-widget', { hasText: 'Authorize "teams"' });
    await box.waitFor({ timeout: 15_000 });
    assert.strictEqual(await box.locator('input').getAttribute('type'), 'password');
    await wb.page.keyboard.press('Escape');
    await box.waitFor({ state: 'hidden', timeout: 15_000 });
    await popup.bringToFront();
    await popup.locator('#allow').click();
    // The browser returns to the editor (code-server's /callback) with the code; the extension confirms and tests.
    await popup.waitForURL(/\/callback\?/, { timeout: 30_000 }).catch(() => undefined);
    await wb.page.bringToFront();
    const toast = await wb.notificationShown(/Connection "teams" works/, 90_000);
    assert.match(await toast.innerText(), /works/);
    // Nothing about the sign-in stays behind once it is done.
    await waiting.waitFor({ state: 'detached', timeout: 15_000 });
    const confirmed = emu.requests.slice(before).find((r) => r.route === 'confirmConsentCode' && r.path === `${sampleConnectionId('teams')}/confirmConsentCode`);
    assert.ok(confirmed, 'the extension confirmed the consent code');
    assert.strictEqual(confirmed.status, 200);
    await popup.close().catch(() => undefined);
  });

  it('the Get Started walkthrough opens on its steps', async function () {
    this.timeout(60_000);
    await wb.runCommandKeepOpen('Welcome: Open Walkthrough');
    const pick = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /Get Started with Logic Apps Connections/ }).first();
    await pick.waitFor({ timeout: 30_000 });
    await pick.click();
    const page = wb.page.locator('.gettingStartedContainer');
    await page.waitFor({ timeout: 30_000 });
    for (const title of ['Open a project and see its problems', 'Apply a fix', 'Sign in to Azure', 'Test a connection', 'Authorize a connection', 'Check all connections']) {
      await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 15_000 });
    }
  });
});

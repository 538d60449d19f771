/**
 * The Azure half as a person sees it, against the local ARM emulator (fake Azure on 127.0.0.1):
 * the extension installed from the VSIX into code-server, "signed in" through LAC_ARM_ENDPOINT +
 * LAC_ACCESS_TOKEN (honoured only for a loopback endpoint), test/fixtures/azure open (a copy).
 *
 * The sidebar's Azure view shows the fixture tenant's connections with their statuses, the
 * Workspace view the project's connections and the workflows using them; "Test Connection" from
 * the palette gives the right answer for a healthy, an expired (401), a forbidden (403) and an
 * unreachable connection; code lenses sit above the entries of connections.json; Authorize
 * opens the connection's portal page (VS Code asks before opening an external site: the dialog
 * names the URL).
 */
import * as assert from 'node:assert';
import * as path from 'node:path';
import { DEFAULT_TOKEN, FIXTURE, FIXTURE_NAMES, startEmulator, type Emulator } from '../emulator';
import { ROOT } from '../harness/paths';
import { Workbench } from './workbench';

const AZURE_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'azure');

describe('Azure in the editor (installed from the VSIX, against the ARM emulator)', function () {
  let wb: Workbench;
  let emu: Emulator;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    emu = await startEmulator();
    wb = await Workbench.open({ label: 'e2e-azure', workspace: AZURE_FIXTURE, env: { LAC_ARM_ENDPOINT: emu.url, LAC_ACCESS_TOKEN: DEFAULT_TOKEN } });
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

  it('the Azure view lists the tenant: subscription → resource group → connections with their status', async () => {
    await wb.openSidebar();
    const azure = await wb.view('Azure');
    // Labelled: this is the emulator's data, not Azure.
    const header = wb.page.locator('.part.sidebar .pane-header', { hasText: /^\s*Azure/i }).first();
    await header.locator('.description', { hasText: /local emulator, not Azure/ }).waitFor({ timeout: 30_000 });
    const sub = await wb.treeRow(azure, 'Contoso Production');
    await wb.expand(sub);
    const group = await wb.treeRow(azure, FIXTURE.resourceGroups.integrationProd);
    await wb.expand(group);
    const healthy = await wb.treeRow(azure, FIXTURE_NAMES.healthy);
    assert.match((await healthy.getAttribute('aria-label')) ?? (await healthy.innerText()), /connected/i);
    const expired = await wb.treeRow(azure, FIXTURE_NAMES.expired);
    assert.match(await expired.innerText(), /error/i);
  });

  it('the Workspace view lists the project\'s connections and the workflows that use them', async () => {
    const ws = await wb.view('Workspace');
    const managed = await wb.treeRow(ws, /managed/i);
    await wb.expand(managed);
    const entry = await wb.treeRow(ws, 'office365-orders');
    await wb.expand(entry);
    await wb.treeRow(ws, 'orders');
  });

  for (const [key, answer] of [
    ['healthy', /works/],
    ['expired', /— unauthenticated:[\s\S]*AADSTS700082/],
    ['forbidden', /— forbidden:/],
    ['unreachable', /— unreachable:/],
  ] as const) {
    it(`"Test Connection" from the palette: ${key} (${FIXTURE_NAMES[key]})`, async function () {
      this.timeout(120_000);
      await wb.clearNotifications();
      await wb.runCommandAndPick('Logic Apps Connections: Test Connection', FIXTURE_NAMES[key]);
      // The result's toast (the progress toast "Testing connection …" names it too, but not the answer).
      const name = FIXTURE_NAMES[key];
      const toast = await wb.notification(new RegExp(`^(?=[\\s\\S]*${name})(?![\\s\\S]*Testing connection)(?=[\\s\\S]*(?:${answer.source}))`, 'i'), 90_000);
      const text = await toast.innerText();
      assert.match(text, answer, text);
      assert.match(text, new RegExp(name));
    });
  }

  it('shows code lenses above the entries of connections.json', async () => {
    await wb.openFile('connections.json');
    const lenses = wb.activeEditor().locator('.contentWidgets .codelens-decoration, .codelens-decoration');
    await lenses.first().waitFor({ timeout: 30_000 });
    const text = (await lenses.allInnerTexts()).join(' | ');
    assert.match(text, /Test/);
    assert.match(text, /Authorize/);
  });

  it('Authorize opens the connection\'s page in the Azure portal', async function () {
    this.timeout(120_000);
    await wb.clearNotifications();
    await wb.runCommandAndPick('Logic Apps Connections: Authorize Connection', FIXTURE_NAMES.expired);
    // A choice between the consent flow and the portal may follow: take the portal.
    const portalChoice = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /portal/i }).first();
    if (await portalChoice.waitFor({ timeout: 15_000 }).then(() => true, () => false)) {
      await portalChoice.click();
    }
    // VS Code asks before opening an external website, and shows the address.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, /portal\.azure\.com/);
    assert.match(text, new RegExp(FIXTURE_NAMES.expired));
    await wb.page.keyboard.press('Escape');
  });
});

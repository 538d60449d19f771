/**
 * What a person sees: the extension installed from the VSIX into code-server, the fixture
 * project open (a per-run copy), squiggles, a hover, the Problems panel, a quick fix from the
 * light bulb (Ctrl+.) and "Fix All Problems in File" from the command palette.
 *
 *   npm run test:e2e          (builds the VSIX first)
 *   LAC_VSIX=x.vsix npx mocha --config test/e2e/.mocharc.json
 */
import * as assert from 'node:assert';
import * as path from 'node:path';
import { FIXTURE_WORKSPACE } from '../harness/paths';
import { Workbench } from './workbench';

describe('the extension in the editor (installed from the VSIX)', function () {
  let wb: Workbench;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    const t0 = Date.now();
    wb = await Workbench.open({ label: 'e2e', workspace: FIXTURE_WORKSPACE });
    console.log(`    workbench with the VSIX installed, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
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
  });

  it('shows a red squiggle under the duplicate key in connections.json', async () => {
    await wb.openFile('connections.json');
    await wb.squiggles('error').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await wb.squiggles('error').count(), 1);
  });

  it('explains it on hover, with the rule id', async () => {
    const text = await wb.hover(wb.squiggles('error').first());
    assert.match(text, /"connectionRuntimeUrl" is defined again on line 14/);
    assert.match(text, /LAC003/);
    await wb.hideHover();
  });

  it('lists the problems of the workspace in the Problems panel', async () => {
    const rows = await wb.openProblems();
    await rows.filter({ hasText: 'LAC001' }).first().waitFor({ timeout: 30_000 });
    const text = (await rows.allInnerTexts()).join('\n');
    assert.match(text, /LAC003/);
    assert.match(text, /Trailing comma/);
    assert.match(await wb.statusProblems(), /1/);
  });

  it('applies a quick fix from the light bulb (Ctrl+.)', async () => {
    await wb.openFile('connections.json');
    await wb.clickOn(wb.squiggles('error').first());
    const menu = await wb.openQuickFixMenu();
    const titles = await wb.menuTitles(menu);
    assert.ok(titles.some((t) => /Show documentation for LAC003/.test(t)), titles.join(' | '));
    await wb.choose(menu, /Remove this overridden "connectionRuntimeUrl"/);
    await wb.squiggles('error').first().waitFor({ state: 'detached', timeout: 30_000 });
    const text = await wb.visibleText();
    assert.doesNotMatch(text, /0123456789abcdef0123456789abcdef/, 'the overridden URL is gone');
    assert.match(text, /fedcba9876543210fedcba9876543210/, 'the winning URL stays');
  });

  it('runs "Fix All Problems in File" from the command palette', async () => {
    await wb.openFile('orders/workflow.json');
    await wb.goToLine(25);
    await wb.squiggles('warning').first().waitFor({ timeout: 30_000 });
    await wb.runCommand('Fix All Problems in File');
    await wb.squiggles('warning').first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.match(await wb.visibleText(), /"Subject": "Order received"\s*\n\s*}/);
  });
});

/**
 * README pictures: the extension installed from the VSIX in code-server, a copy of samples/ open.
 *
 *   npm run screenshots      (builds the VSIX first)
 *
 * Writes media/readme/quick-fix.png (squiggles with the light bulb menu open on an error that has
 * a fix), media/readme/hover.png and media/readme/problems.png; then, against the local ARM
 * emulator (fake Azure data, the view says so) with test/fixtures/azure open,
 * media/readme/tree.png (the sidebar) and media/readme/test-result.png (Test Connection on an
 * expired connection, code lenses above the entries). media/readme/ is not shipped in the VSIX
 * (.vscodeignore).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_TOKEN, FIXTURE, FIXTURE_NAMES, startEmulator } from '../emulator';
import { FIXTURE_WORKSPACE, ROOT, SAMPLES, rel } from '../harness/paths';
import { Workbench } from './workbench';

const OUT = path.join(ROOT, 'media', 'readme');
const FILE = process.env.LAC_SCREENSHOT_FILE ?? 'connections.json';

interface CliFinding {
  ruleId: string;
  severity: string;
  range: { start: { line: number; character: number } };
}

/** Where the errors of the file are (the CLI runs the same rules), to put the cursor on one. */
function errorsOf(workspace: string, file: string): CliFinding[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lint', path.join(workspace, file), '--format', 'json'], { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // exit code 1 when there are errors
  }
  const findings = (JSON.parse(out).findings ?? []) as CliFinding[];
  return findings.filter((f) => f.severity === 'error');
}

async function main(): Promise<void> {
  const workspace = fs.existsSync(path.join(SAMPLES, FILE)) ? SAMPLES : FIXTURE_WORKSPACE;
  const candidates = errorsOf(workspace, FILE);
  if (!candidates.length) throw new Error(`no errors in ${rel(path.join(workspace, FILE))} to show`);
  const wb = await Workbench.open({ label: 'screenshots', workspace, viewport: { width: 1280, height: 720 } });
  let ok = false;
  try {
    await wb.openFile(FILE);
    await wb.squiggles().first().waitFor({ timeout: 30_000 });
    fs.mkdirSync(OUT, { recursive: true });

    // 1. The light bulb menu (Ctrl+.) on the first error that has a quick fix.
    let shot = false;
    for (const f of candidates) {
      await wb.goToLine(f.range.start.line + 1, f.range.start.character + 1);
      await wb.squiggles('error').first().waitFor({ timeout: 15_000 });
      const menu = await wb.openQuickFixMenu();
      const titles = await wb.menuTitles(menu);
      if (titles.some((t) => !/^Show documentation/i.test(t))) {
        await wb.page.waitForTimeout(300); // menu fade-in
        await wb.screenshot(path.join(OUT, 'quick-fix.png'));
        console.log(`quick-fix.png: ${f.ruleId} at ${FILE}:${f.range.start.line + 1}, menu: ${titles.join(' | ')}`);
        shot = true;
        await wb.page.keyboard.press('Escape');
        break;
      }
      await wb.page.keyboard.press('Escape');
    }
    if (!shot) throw new Error(`no error in ${FILE} offers a quick fix`);

    // 2. The hover on an error squiggle.
    await wb.page.keyboard.press('Escape');
    // The first error squiggle that shows its hover (one may sit under a code lens or off screen).
    let text = '';
    const squiggles = wb.squiggles('error');
    for (let i = 0; i < Math.min(await squiggles.count(), 6) && !text; i++) {
      text = await wb.hover(squiggles.nth(i)).catch(() => '');
      if (!text) await wb.hideHover();
    }
    if (!text) throw new Error('no error squiggle showed its hover');
    await wb.page.waitForTimeout(300);
    await wb.screenshot(path.join(OUT, 'hover.png'));
    console.log(`hover.png: ${text.split('\n')[0].slice(0, 100)}`);
    await wb.hideHover();

    // 3. The Problems panel over the whole project.
    const rows = await wb.openProblems();
    await rows.first().waitFor();
    await wb.page.waitForTimeout(500);
    await wb.screenshot(path.join(OUT, 'problems.png'));
    console.log(`problems.png: ${await rows.count()} rows shown`);
    ok = true;
  } finally {
    await wb.close(ok);
  }
  await azureShots();
  for (const f of ['quick-fix.png', 'hover.png', 'problems.png', 'tree.png', 'test-result.png']) {
    console.log(`  ${rel(path.join(OUT, f))}  ${(fs.statSync(path.join(OUT, f)).size / 1024).toFixed(0)} KiB`);
  }
}

/** The sidebar and a Test Connection result, against the emulator. */
async function azureShots(): Promise<void> {
  const emu = await startEmulator();
  let wb: Workbench | undefined;
  let ok = false;
  try {
    wb = await Workbench.open({
      label: 'screenshots-azure',
      workspace: path.join(ROOT, 'test', 'fixtures', 'azure'),
      viewport: { width: 1280, height: 720 },
      env: { LAC_ARM_ENDPOINT: emu.url, LAC_ACCESS_TOKEN: DEFAULT_TOKEN },
    });
    await wb.openFile('connections.json');
    await wb.openSidebar();
    const ws = await wb.view('Workspace');
    // Open the project and its managed connections (two levels).
    for (let level = 0; level < 2; level++) {
      await ws.locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
      const collapsed = ws.locator('.monaco-list-row[aria-expanded="false"]').first();
      if (await collapsed.count()) await wb.expand(collapsed);
      await wb.page.waitForTimeout(300);
    }
    const azure = await wb.view('Azure');
    await wb.expand(await wb.treeRow(azure, 'Contoso Production'));
    await wb.expand(await wb.treeRow(azure, FIXTURE.resourceGroups.integrationProd));
    await wb.treeRow(azure, FIXTURE_NAMES.expired);
    await wb.page.waitForTimeout(800);
    await wb.screenshot(path.join(OUT, 'tree.png'));
    console.log('tree.png: the Workspace and Azure views');

    // Test from the code lens above the expired connection (its status lens runs Test Connection).
    await wb.activeEditor().locator('.codelens-decoration a', { hasText: /Unauthenticated/ }).first().click();
    // The result: a toast, or (when the workbench files it silently) the notification center.
    const result = new RegExp(`${FIXTURE_NAMES.expired}[\\s\\S]*— unauthenticated:`);
    const toast = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: result }).first();
    if (!(await toast.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      await wb.runCommand('Notifications: Show Notifications');
      await wb.page.locator('.notifications-center .monaco-list-row').filter({ hasText: result }).first().waitFor({ timeout: 30_000 });
    }
    await wb.page.waitForTimeout(800);
    await wb.screenshot(path.join(OUT, 'test-result.png'));
    console.log('test-result.png: Test Connection on an expired connection');
    ok = true;
  } finally {
    await wb?.close(ok);
    await emu.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`screenshots: ${(e as Error).message}`);
    process.exit(1);
  },
);

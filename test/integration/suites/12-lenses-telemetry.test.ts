/**
 * Code lenses above connections.json entries (against the local ARM emulator, like 09-azure), the
 * Azure activity item of the status bar, and usage telemetry following VS Code's telemetry setting.
 *
 * Telemetry in tests: VS Code never calls an extension's TelemetrySender while extension tests run
 * (the extension host's loggers are "logging only" when extensionTestsLocationURI is set), so the
 * suite injects a sender through `testing.setTelemetrySender`; the extension delivers to it after
 * the same checks as in production (the logger's `isUsageEnabled`, the allowlist).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { FIXTURE } from '../../emulator';
import { closeAll, file, lac, log, original, restore, setSetting, settle, sleep, uri, waitFor, type LacTestApi } from '../helpers';

const FIXTURES = process.env.LAC_TEST_FIXTURES ?? path.resolve(__dirname, '../../../../test/fixtures');
const FOLDER = 'lenses';
const CONNECTIONS = `${FOLDER}/connections.json`;

interface LensTarget {
  connectionId: string;
  name: string;
  workspace: { projectRoot: string; connectionsPath: string; section: string; name: string };
}

async function lenses(u: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', u, 100)) ?? [];
}

/** The line of `"name": {` under managedApiConnections in the editor's text. */
function keyLine(doc: vscode.TextDocument, name: string): number {
  const i = doc.getText().indexOf(`"${name}": {`);
  assert.ok(i >= 0, name);
  return doc.positionAt(i).line;
}

const describeLenses = (ls: readonly vscode.CodeLens[]) => ls.map((l) => `${l.range.start.line}: ${l.command?.title}`).join(' | ');

describe('Code lenses, status bar and telemetry', function () {
  this.timeout(120_000);
  let api: LacTestApi;

  before(async () => {
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
  });

  describe('code lenses in connections.json (ARM emulator)', () => {
    const emulator = !!process.env.LAC_ARM_ENDPOINT && !!process.env.LAC_ACCESS_TOKEN;

    before(async function () {
      if (!emulator) {
        log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
        this.skip();
      }
      fs.cpSync(path.join(FIXTURES, 'azure'), file(FOLDER), { recursive: true });
      original(CONNECTIONS);
      await api.lintNow?.();
    });
    afterEach(async () => {
      await closeAll();
      await setSetting('lac', 'codeLens.enabled', undefined);
      if (fs.existsSync(file(CONNECTIONS))) await restore(CONNECTIONS);
    });
    after(async () => {
      if (!emulator) return;
      fs.rmSync(file(FOLDER), { recursive: true, force: true });
      await settle();
    });

    it('status, Test and Authorize above each managedApiConnections entry, with the emulator\'s statuses and the right ids', async () => {
      const u = uri(CONNECTIONS);
      const doc = await vscode.workspace.openTextDocument(u);
      await vscode.window.showTextDocument(doc);
      const all = await pollSettled(u, 15);
      const expected: Record<string, { status: string; id: string }> = {
        'office365-missing': { status: '$(question) Not found in Azure', id: FIXTURE.missing },
        'office365-expired': { status: '$(error) Error: Unauthenticated (AADSTS700082)', id: FIXTURE.expired },
        'keyvault-v1': { status: '$(pass) Connected', id: FIXTURE.keyvaultV1 },
        'office365-orders': { status: '$(pass) Connected', id: FIXTURE.healthy },
        'office365-dev': { status: '$(pass) Connected', id: FIXTURE.devOffice365 },
      };
      for (const [name, want] of Object.entries(expected)) {
        const line = keyLine(doc, name);
        const here = all.filter((l) => l.range.start.line === line);
        assert.deepStrictEqual(
          here.map((l) => l.command?.title),
          [want.status, 'Test', 'Authorize'],
          `${name} (line ${line + 1}): ${describeLenses(all)}`,
        );
        const target: LensTarget = {
          connectionId: want.id,
          name,
          workspace: { projectRoot: file(FOLDER), connectionsPath: file(CONNECTIONS), section: 'managedApiConnections', name },
        };
        const [status, test, authorize] = here;
        assert.strictEqual(status!.command!.command, 'lac.testConnection', `${name}: clicking the status tests it`);
        assert.strictEqual(test!.command!.command, 'lac.testConnection');
        assert.strictEqual(authorize!.command!.command, 'lac.authorizeConnection');
        for (const l of here) assert.deepStrictEqual(l.command!.arguments, [target], `${name}: ${l.command!.title}`);
      }
      // The tooltips say where the answer comes from: the emulator, not Azure.
      const orders = all.find((l) => l.range.start.line === keyLine(doc, 'office365-orders'))!;
      assert.match(orders.command!.tooltip ?? '', /the local ARM endpoint http:\/\/127\.0\.0\.1:\d+ reports "office365-orders" as Connected/);
    });

    it('clicking the status lens tests the connection (the emulator answers 401 with AADSTS700082)', async () => {
      const u = uri(CONNECTIONS);
      const doc = await vscode.workspace.openTextDocument(u);
      const all = await pollSettled(u, 15);
      const status = all.find((l) => l.range.start.line === keyLine(doc, 'office365-expired'))!;
      const result = (await vscode.commands.executeCommand(status.command!.command, ...(status.command!.arguments ?? []))) as { status?: string; message?: string } | undefined;
      assert.strictEqual(result?.status, 'unauthenticated', JSON.stringify(result));
      assert.match(result?.message ?? '', /AADSTS700082/);
    });

    it('an entry whose connection.id does not resolve gets one lens saying why; lenses follow the editor\'s text', async () => {
      const u = uri(CONNECTIONS);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(u));
      const at = editor.document.positionAt(editor.document.getText().indexOf('"office365-missing"'));
      const entry = `"unresolved": {\n      "api": { "id": "/subscriptions/aaaa0001-0000-4000-8000-000000000001/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "@appsetting('NOT_IN_LOCAL_SETTINGS')" },\n      "connectionRuntimeUrl": "https://example.azure-apihub.net/apim/office365/x/",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    },\n    `;
      assert.ok(await editor.edit((b) => b.insert(at, entry)));
      await api.lintNow?.(u);
      const all = await pollSettled(u, 16);
      const doc = editor.document;
      const line = keyLine(doc, 'unresolved');
      const here = all.filter((l) => l.range.start.line === line);
      assert.strictEqual(here.length, 1, describeLenses(all));
      assert.strictEqual(here[0]!.command!.title, '$(circle-slash) connection.id does not resolve: nothing to test');
      // (Its hover text is shown by the editor; the API drops tooltips of lenses without a command.)
      assert.ok(!here[0]!.command!.command, 'nothing to run');
      // The other entries moved down with the text and keep their lenses.
      const missing = all.filter((l) => l.range.start.line === keyLine(doc, 'office365-missing'));
      assert.deepStrictEqual(missing.map((l) => l.command?.title), ['$(question) Not found in Azure', 'Test', 'Authorize']);
    });

    it('lac.codeLens.enabled: false removes them, and they come back', async () => {
      const u = uri(CONNECTIONS);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(u));
      await pollSettled(u, 15);
      await setSetting('lac', 'codeLens.enabled', false);
      const deadline = Date.now() + 10_000;
      while ((await lenses(u)).length > 0) {
        assert.ok(Date.now() < deadline, 'the lenses are still shown with lac.codeLens.enabled: false');
        await sleep(100);
      }
      await setSetting('lac', 'codeLens.enabled', undefined);
      await pollSettled(u, 15);
    });

    it('no lenses on files that are not a linted Standard project\'s connections.json', async () => {
      const workflow = uri(`${FOLDER}/orders/workflow.json`);
      await vscode.workspace.openTextDocument(workflow);
      assert.deepStrictEqual(await lenses(workflow), []);
      // The same connections.json in a folder that is never linted (node_modules).
      const rel = `${FOLDER}/node_modules/copy/connections.json`;
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.copyFileSync(file(CONNECTIONS), file(rel));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(rel)));
      await settle();
      assert.deepStrictEqual(await lenses(uri(rel)), []);
      assert.ok((await pollSettled(uri(CONNECTIONS), 15)).length, 'while the project\'s own file has them');
    });

    async function pollSettled(u: vscode.Uri, count: number): Promise<vscode.CodeLens[]> {
      const deadline = Date.now() + 30_000;
      let last: vscode.CodeLens[] = [];
      while (Date.now() < deadline) {
        last = await lenses(u);
        if (last.length === count && !last.some((l) => /Checking/.test(l.command?.title ?? ''))) return last;
        await sleep(100);
      }
      assert.fail(`timed out waiting for ${count} settled lenses; now: ${describeLenses(last)}`);
    }
  });

  describe('status bar while Azure work runs', () => {
    it('shows the oldest activity with "+N", lists all in the tooltip, opens the output, and hides when idle', async () => {
      const testing = api.testing!;
      assert.strictEqual(testing.statusBar().visible, false, 'hidden when idle');
      let finishFirst!: () => void;
      let finishSecond!: () => void;
      const first = testing.runActivity('Testing office365-orders…', () => new Promise<void>((r) => (finishFirst = r)));
      let s = testing.statusBar();
      assert.strictEqual(s.visible, true);
      assert.strictEqual(s.text, '$(sync~spin) Testing office365-orders…');
      assert.strictEqual(s.command, 'lac.showOutput');
      const second = testing.runActivity('Listing API connections…', () => new Promise<void>((r) => (finishSecond = r)));
      s = testing.statusBar();
      assert.strictEqual(s.text, '$(sync~spin) Testing office365-orders… +1');
      assert.match(s.tooltip, /Testing office365-orders…\n• Listing API connections…/);
      finishFirst();
      await first;
      s = testing.statusBar();
      assert.strictEqual(s.text, '$(sync~spin) Listing API connections…', 'the next oldest');
      finishSecond();
      await second;
      assert.strictEqual(testing.statusBar().visible, false, 'hidden again');
      // A failing piece of work leaves nothing behind either.
      await assert.rejects(testing.runActivity('Testing broken…', () => Promise.reject(new Error('boom'))));
      assert.strictEqual(testing.statusBar().visible, false);
    });
  });

  describe('telemetry follows VS Code\'s telemetry setting', () => {
    const events: { name: string; data: { properties?: Record<string, unknown>; measurements?: Record<string, unknown> } }[] = [];
    let errors = 0;
    const sender: vscode.TelemetrySender = {
      sendEventData: (name, data) => void events.push({ name, data: (data ?? {}) as (typeof events)[number]['data'] }),
      sendErrorData: () => void errors++,
    };
    const telemetry = () => vscode.workspace.getConfiguration('telemetry');
    let previousLevel: unknown;

    before(() => {
      previousLevel = telemetry().inspect('telemetryLevel')?.globalValue;
      api.testing!.setTelemetrySender(sender);
    });
    after(async () => {
      api.testing?.setTelemetrySender(undefined);
      await telemetry().update('telemetryLevel', previousLevel, vscode.ConfigurationTarget.Global);
    });

    /** Things the extension does that report events when telemetry is on. */
    async function use(): Promise<void> {
      await vscode.commands.executeCommand('lac.showOutput');
      await api.lintNow?.();
      if (process.env.LAC_ARM_ENDPOINT && process.env.LAC_ACCESS_TOKEN) {
        // Test connection by id (what a code action does): the emulator answers 401.
        const r = (await vscode.commands.executeCommand('lac.testConnection', FIXTURE.expired)) as { status?: string } | undefined;
        assert.strictEqual(r?.status, 'unauthenticated');
        // The Azure view lists the account's connections (once), Refresh lists them again.
        await api.testing!.azureTree();
        await vscode.commands.executeCommand('lac.refresh');
      }
      await sleep(300);
    }

    it('"off": nothing reaches the sender; "all": allowlisted events, and never a name, id, path, URL or email', async () => {
      await telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global);
      await waitFor('vscode.env.isTelemetryEnabled to be false', () => !vscode.env.isTelemetryEnabled, 10_000);
      events.length = 0;
      await use();
      assert.strictEqual(events.length, 0, `nothing is sent while telemetry is off: ${JSON.stringify(events)}`);

      await telemetry().update('telemetryLevel', 'all', vscode.ConfigurationTarget.Global);
      await waitFor(
        'vscode.env.isTelemetryEnabled to follow telemetry.telemetryLevel = "all"',
        () => vscode.env.isTelemetryEnabled,
        10_000,
        () => `isTelemetryEnabled=${vscode.env.isTelemetryEnabled}, telemetry.telemetryLevel=${String(telemetry().get('telemetryLevel'))}`,
      );
      await use();
      const prefix = 'logic-apps-connections.logic-apps-connections/';
      const byName = (n: string) => events.filter((e) => e.name === prefix + n);
      await waitFor('a lint summary', () => byName('lint').length > 0, 10_000, () => events.map((e) => e.name).join(', '));

      const output = byName('command').find((e) => e.data.properties?.command === 'lac.showOutput');
      assert.ok(output, events.map((e) => `${e.name} ${JSON.stringify(e.data)}`).join('\n'));
      assert.deepStrictEqual(output.data.properties, { command: 'lac.showOutput', outcome: 'ok' });
      assert.deepStrictEqual(Object.keys(output.data.measurements ?? {}), ['durationMs']);
      assert.strictEqual(typeof output.data.measurements!.durationMs, 'number');

      const [lint] = byName('lint');
      assert.deepStrictEqual(Object.keys(lint!.data.properties ?? {}), ['ruleIds']);
      assert.match(String(lint!.data.properties!.ruleIds), /^LAC\d{3}(,LAC\d{3})*$/, 'the fixture workspace has findings');
      const ids = String(lint!.data.properties!.ruleIds).split(',');
      assert.deepStrictEqual(ids, [...new Set(ids)].sort(), 'sorted, distinct');
      for (const k of ['projects', 'files', 'findings', 'durationMs']) assert.ok(Number.isInteger(lint!.data.measurements![k]), k);
      assert.ok((lint!.data.measurements!.projects as number) >= 1 && (lint!.data.measurements!.findings as number) >= 1);
      assert.strictEqual(byName('lint').length, 1, 'at most one lint summary a minute');

      if (process.env.LAC_ARM_ENDPOINT && process.env.LAC_ACCESS_TOKEN) {
        const test = byName('testConnection');
        assert.deepStrictEqual(
          test.map((e) => e.data.properties),
          [{ category: 'unauthenticated' }],
        );
        assert.ok(byName('command').some((e) => e.data.properties?.command === 'lac.testConnection' && e.data.properties.outcome === 'ok'));
        const [listing] = await waitFor('an Azure listing event', () => (byName('azureListing').length ? byName('azureListing') : undefined), 10_000, () => events.map((e) => e.name).join(', '));
        assert.ok(['resource-graph', 'arm'].includes(String(listing!.data.properties?.source)), JSON.stringify(listing));
        assert.ok((listing!.data.measurements!.connections as number) >= 5 && (listing!.data.measurements!.subscriptions as number) >= 1, JSON.stringify(listing));
      }

      // Whatever was sent: only allowlisted events, short fixed values, nothing identifying.
      const allowed = new Set(['activation', 'command', 'testConnection', 'lint', 'azureListing'].map((n) => prefix + n));
      const hostile = [/\//, /\\/, /@/, /:\/\//, /[0-9a-f]{8}-[0-9a-f]{4}-/i, /office365|keyvault|contoso/i];
      for (const e of events) {
        assert.ok(allowed.has(e.name), e.name);
        for (const [k, v] of Object.entries(e.data.properties ?? {})) {
          assert.strictEqual(typeof v, 'string', `${e.name}.${k}`);
          for (const h of hostile) assert.ok(!h.test(v as string), `${e.name}.${k} = ${String(v)}`);
        }
        for (const [k, v] of Object.entries(e.data.measurements ?? {})) assert.strictEqual(typeof v, 'number', `${e.name}.${k}`);
      }
      assert.strictEqual(errors, 0, 'no error telemetry');

      // Off again: silence again. (VS Code for the Web, code-server included, can keep reporting
      // isTelemetryEnabled = true after a change back to "off" when the window started with
      // telemetry off: the extension checks the setting itself too.)
      await telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global);
      const stale = Date.now() + 3_000;
      while (vscode.env.isTelemetryEnabled && Date.now() < stale) await sleep(100);
      log(`      (after "all" → "off", 3 s later: vscode.env.isTelemetryEnabled = ${vscode.env.isTelemetryEnabled})`);
      events.length = 0;
      await use();
      assert.strictEqual(events.length, 0, JSON.stringify(events));
    });
  });
});

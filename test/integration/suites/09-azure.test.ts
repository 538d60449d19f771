/**
 * The Azure-aware rules in the real editor, against the local ARM emulator (test/emulator):
 * `npm run test:integration` starts it (`--emulator`) and gives the extension host
 * LAC_ARM_ENDPOINT + LAC_ACCESS_TOKEN, which the extension honours only for a loopback endpoint.
 * The project is test/fixtures/azure (copied in as `azure/`): connections of the emulator's data.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { defaultData, FIXTURE, runtimeUrlOf } from '../../emulator';
import { applyAction, closeAll, codeActions, codeOf, file, hasRule, lac, lacksRule, log, open, original, problems, restore, settle, show, sleep, uri, waitFor, waitForProblems, type LacTestApi } from '../helpers';

const FIXTURES = process.env.LAC_TEST_FIXTURES ?? path.resolve(__dirname, '../../../../test/fixtures');
const CONNECTIONS = 'azure/connections.json';
const urlOf = (id: string): string => {
  const c = defaultData().connections.find((x) => `/subscriptions/${x.subscriptionId}/resourceGroups/${x.resourceGroup}/providers/Microsoft.Web/connections/${x.name}`.toLowerCase() === id.toLowerCase());
  assert.ok(c, id);
  return runtimeUrlOf(c);
};

/** The diagnostic of `rule` whose line mentions `needle` (the connection it is about). */
async function problemAt(rule: string, needle: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  const u = uri(CONNECTIONS);
  const doc = await vscode.workspace.openTextDocument(u);
  return waitFor(
    `${rule} on the line with ${needle}`,
    () => problems(u, rule).find((d) => doc.lineAt(d.range.start.line).text.includes(needle) || doc.getText(d.range).includes(needle)),
    timeoutMs,
    () => show(problems(u)),
  );
}

/** Code actions at a diagnostic, asked again until `wanted` is offered (Azure's answers arrive after the first lint and may change the fixes). */
async function actionsAt(d: vscode.Diagnostic, wanted: RegExp): Promise<vscode.CodeAction[]> {
  const u = uri(CONNECTIONS);
  await open(u);
  let actions: vscode.CodeAction[];
  const deadline = Date.now() + 10_000;
  do {
    actions = await codeActions(u, d.range, vscode.CodeActionKind.QuickFix);
    if (actions.some((a) => wanted.test(a.title))) break;
    await sleep(100);
  } while (Date.now() < deadline);
  return actions;
}

describe('Azure-aware rules against the local ARM emulator', function () {
  this.timeout(120_000);
  let api: LacTestApi;

  before(async function () {
    if (!process.env.LAC_ARM_ENDPOINT || !process.env.LAC_ACCESS_TOKEN) {
      log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
      this.skip();
    }
    api = await lac();
    // Every test here needs the emulator's facts: wait for the sign-in, also when a test runs alone.
    await waitFor('the Azure state', () => (api.azureState?.().kind === 'signed-in' ? true : undefined));
    fs.cpSync(path.join(FIXTURES, 'azure'), file('azure'), { recursive: true });
    original(CONNECTIONS);
    await api.lintNow?.();
  });
  afterEach(async () => {
    await closeAll();
    if (fs.existsSync(file(CONNECTIONS))) await restore(CONNECTIONS);
  });
  after(async () => {
    fs.rmSync(file('azure'), { recursive: true, force: true });
    await settle();
  });

  it('uses LAC_ACCESS_TOKEN with the loopback endpoint (no sign-in), and says the facts are not Azure\'s', async () => {
    const state = await waitFor('the Azure state', () => {
      const s = api.azureState?.();
      return s && s.kind === 'signed-in' ? s : undefined;
    });
    assert.ok(state.kind === 'signed-in');
    assert.strictEqual(state.mode, 'token');
    assert.strictEqual(state.source, `the local ARM endpoint ${process.env.LAC_ARM_ENDPOINT!.replace(/\/+$/, '')}`);
  });

  it('LAC060: a connection id (resolved from local.settings.json) that the emulator does not have', async () => {
    const d = await problemAt('LAC060', 'does-not-exist');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /"does-not-exist" in resource group "rg-integration-prod".*404 ResourceNotFound/);
    assert.match(d.message, /the local ARM endpoint http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(FIXTURE.missing.endsWith('/does-not-exist'));
  });

  it('LAC061: the expired connection, with Azure\'s message and the AADSTS explanation; Authorize and Test actions', async () => {
    const d = await problemAt('LAC061', FIXTURE.expired);
    assert.match(d.message, /reports it as Error \(Unauthenticated\)/);
    assert.match(d.message, /former\.employee@contoso\.com/);
    assert.match(d.message, /AADSTS700082: The refresh token expired after inactivity \(typically 90 days\)\. Fix: Re-authorize the connection\./);
    const actions = await actionsAt(d, /^Test connection/);
    const authorize = actions.find((a) => /^Authorize connection/.test(a.title));
    const test = actions.find((a) => /^Test connection/.test(a.title));
    assert.ok(authorize && test, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(authorize.command?.command, 'lac.authorizeConnection');
    assert.deepStrictEqual(authorize.command?.arguments, [FIXTURE.expired]);
    assert.strictEqual(authorize.edit, undefined, 'actions are not edits');
    // Test runs against the emulator's test link: 401 with the same AADSTS code.
    const result = (await vscode.commands.executeCommand(test.command!.command, ...(test.command!.arguments ?? []))) as { status?: string; message?: string } | undefined;
    assert.strictEqual(result?.status, 'unauthenticated', JSON.stringify(result));
    assert.match(result?.message ?? '', /AADSTS700082/);
  });

  it('LAC062: a V1 (Consumption) connection in a Standard project', async () => {
    const d = await problemAt('LAC062', FIXTURE.keyvaultV1);
    assert.match(d.message, /V1 \(Consumption\)/);
  });

  it('LAC064: a stale connectionRuntimeUrl; the fix writes the emulator\'s URL', async () => {
    const u = uri(CONNECTIONS);
    const want = urlOf(FIXTURE.healthy);
    const d = await problemAt('LAC064', 'apim/office365/5c0e7a3b9d2f4e61a8b7c6d5e4f3a2b1');
    assert.ok(d.message.includes(want), d.message);
    const actions = await actionsAt(d, /runtime URL from Azure/);
    const fix = actions.find((a) => /runtime URL from Azure/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    await applyAction(fix);
    await waitForProblems(u, lacksRule('LAC064'), 'LAC064 gone', 30_000);
    const doc = await vscode.workspace.openTextDocument(u);
    assert.strictEqual(doc.getText(), original(CONNECTIONS).replace('https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/office365/5c0e7a3b9d2f4e61a8b7c6d5e4f3a2b1/', want));
  });

  it('LAC010: "Use the connection\'s runtime URL from Azure" is the preferred fix and writes the real URL; the app-setting fix is offered too', async () => {
    const u = uri(CONNECTIONS);
    const d = await problemAt('LAC010', '"office365-dev"');
    const actions = await actionsAt(d, /runtime URL from Azure/);
    const titles = actions.map((a) => a.title);
    const appSetting = titles.findIndex((t) => t.startsWith('Add "connectionRuntimeUrl"'));
    const fromAzure = titles.findIndex((t) => t === "Use the connection's runtime URL from Azure");
    assert.ok(appSetting >= 0 && fromAzure >= 0 && fromAzure < appSetting, `Azure's URL first (preferred), then the app-setting fix: ${titles.join(' | ')}`);
    assert.strictEqual(actions[fromAzure]!.isPreferred, true);
    assert.notStrictEqual(actions[appSetting]!.isPreferred, true);
    await applyAction(actions[fromAzure]!);
    await waitForProblems(u, lacksRule('LAC010'), 'LAC010 gone', 30_000);
    const doc = await vscode.workspace.openTextDocument(u);
    const value = JSON.parse(doc.getText()).managedApiConnections['office365-dev'].connectionRuntimeUrl;
    assert.strictEqual(value, urlOf(FIXTURE.devOffice365));
  });

  it('nothing Azure-related on the connections the emulator reports healthy, and the Azure bundle is loaded only now', async () => {
    const u = uri(CONNECTIONS);
    await waitForProblems(u, hasRule('LAC064'), 'the Azure findings');
    const azureIds = problems(u).map(codeOf).filter((c) => c >= 'LAC060').sort();
    assert.deepStrictEqual(azureIds, ['LAC060', 'LAC061', 'LAC062', 'LAC064'], show(problems(u)));
    assert.strictEqual(api.azureLoaded?.(), true);
    assert.strictEqual(api.azureLoadedAtActivation, false);
  });
});

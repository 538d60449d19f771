/**
 * The connection commands in the real editor against the local ARM emulator (like 09-azure):
 * Test Connection, Authorize Connection (portal and consent flow through the URI handler),
 * Diagnose, Show JSON, Open in Portal, Copy Resource ID, Refresh Connection Key and Delete.
 *
 * Prompts are scripted through the API's `testing.setUserInput` (quick picks, messages, modal
 * dialogs, openExternal); the consent redirect is delivered through `testing.handleUri`, as VS
 * Code does for `<scheme>://<extension id>/consent?…` links. The project is written by the suite
 * (`commands-azure/`, and `commands-nolocal/` without local.settings.json) from the emulator's ids.
 *
 * Changes the emulator's data for the rest of the run: `teams-unauthenticated` is authorized and
 * `onedrive-v1` (Fabrikam) is deleted.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/azure/diagnose';
import type { TestConnectionResult } from '../../../src/core/azure/test';
import type { AuthorizeOutcome } from '../../../src/vscode/commands/authorizeConnection';
import type { RefreshKeyOutcome } from '../../../src/vscode/commands/refreshConnectionKey';
import type { TestingHooks } from '../../../src/vscode/api';
import { defaultData, FIXTURE, FIXTURE_NAMES, runtimeUrlOf } from '../../emulator';
import { closeAll, EXTENSION_ID, file, lac, log, ScriptedInput, settle, waitFor, type LacTestApi } from '../helpers';

const PROJECT = 'commands-azure';
const NOLOCAL = 'commands-nolocal';
const LOCAL = `${PROJECT}/local.settings.json`;
const PROD = FIXTURE.subscriptions.contosoProd;
const COMMENT = '// local runs only: Refresh Connection Key must keep this comment';

const apiId = (sub: string, loc: string, api: string) => `/subscriptions/${sub}/providers/Microsoft.Web/locations/${loc}/managedApis/${api}`;
const fixtureOf = (id: string) => {
  const c = defaultData().connections.find((x) => `/subscriptions/${x.subscriptionId}/resourceGroups/${x.resourceGroup}/providers/Microsoft.Web/connections/${x.name}`.toLowerCase() === id.toLowerCase());
  assert.ok(c, id);
  return c;
};
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const portalUrl = (id: string) => new RegExp(`^https://portal\\.azure\\.com/#(@[^/]+)?/resource${reEscape(id)}/edit$`);

function writeProjects(): void {
  const root = file(PROJECT);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'host.json'), JSON.stringify({ version: '2.0' }, null, 2));
  fs.writeFileSync(
    path.join(root, 'connections.json'),
    JSON.stringify(
      {
        managedApiConnections: {
          'office365-orders': {
            api: { id: apiId(PROD, 'westeurope', 'office365') },
            connection: { id: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/rg-integration-prod/providers/Microsoft.Web/connections/${FIXTURE_NAMES.healthy}` },
            connectionRuntimeUrl: "@appsetting('office365-orders-connectionRuntimeUrl')",
            authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-orders-connectionKey')" },
          },
          'office365-expired': {
            api: { id: apiId(PROD, 'westeurope', 'office365') },
            connection: { id: FIXTURE.expired },
            connectionRuntimeUrl: runtimeUrlOf(fixtureOf(FIXTURE.expired)),
            authentication: { type: 'ManagedServiceIdentity' },
          },
          onedrive: {
            api: { id: apiId(FIXTURE.subscriptions.fabrikam, 'eastus', 'onedrive') },
            connection: { id: FIXTURE.fabrikamOnedriveV1 },
            connectionRuntimeUrl: 'https://0123456789abcdef.00.common.logic-eastus.azure-apihub.net/apim/onedrive/0123456789abcdef0123456789abcdef/',
            authentication: { type: 'ManagedServiceIdentity' },
          },
        },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(root, 'local.settings.json'),
    [
      '{',
      `  ${COMMENT}`,
      '  "IsEncrypted": false,',
      '  "Values": {',
      '    "FUNCTIONS_WORKER_RUNTIME": "dotnet",',
      `    "WORKFLOWS_SUBSCRIPTION_ID": "${PROD}",`,
      '    "office365-orders-connectionRuntimeUrl": "https://old.example.com/apim/office365/x/"',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const apiAction = (ref: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName: ref } }, method: 'get', path: '/x' }, runAfter: {} });
  const workflow = (actions: Record<string, unknown>) => JSON.stringify({ definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', triggers: {}, actions, contentVersion: '1.0.0.0' }, kind: 'Stateful' }, null, 2);
  fs.mkdirSync(path.join(root, 'orders'), { recursive: true });
  fs.writeFileSync(path.join(root, 'orders', 'workflow.json'), workflow({ send_mail: apiAction('office365-orders') }));
  fs.mkdirSync(path.join(root, 'archive'), { recursive: true });
  fs.writeFileSync(path.join(root, 'archive', 'workflow.json'), workflow({ save_file: apiAction('onedrive'), notify: apiAction('office365-orders') }));

  const other = file(NOLOCAL);
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(other, 'host.json'), JSON.stringify({ version: '2.0' }, null, 2));
  fs.writeFileSync(
    path.join(other, 'connections.json'),
    JSON.stringify({ managedApiConnections: { mail: { api: { id: apiId(FIXTURE.subscriptions.contosoDev, 'northeurope', 'office365') }, connection: { id: FIXTURE.devOffice365 }, connectionRuntimeUrl: runtimeUrlOf(fixtureOf(FIXTURE.devOffice365)), authentication: { type: 'ManagedServiceIdentity' } } } }, null, 2),
  );
}

/** A workspace entry as the Workspace view and code lenses pass it. */
function workspaceTarget(folder: string, name: string, connectionId: string) {
  const root = file(folder);
  return { connectionId, name, workspace: { projectRoot: root, connectionsPath: path.join(root, 'connections.json'), section: 'managedApiConnections', name } };
}


const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;
const isSeparator = (i: vscode.QuickPickItem) => i.kind === vscode.QuickPickItemKind.Separator;

/** The connection as the emulator has it now (status 200 or 404), read directly. */
async function armGet(id: string): Promise<number> {
  const r = await fetch(`${process.env.LAC_ARM_ENDPOINT!.replace(/\/+$/, '')}${id}?api-version=2018-07-01-preview`, { headers: { authorization: `Bearer ${process.env.LAC_ACCESS_TOKEN}` } });
  return r.status;
}

/** local.settings.json `Values` (the suite's files have comments on lines of their own only). */
const valuesOf = (rel: string) =>
  (JSON.parse(fs.readFileSync(file(rel), 'utf8').split('\n').filter((l) => !l.trim().startsWith('//')).join('\n')) as { Values: Record<string, string> }).Values;
const expiryOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).exp * 1000;

/** The state of the consent redirect URL the extension registered (inside a consent link's data). */
function consentState(link: string): { redirectUrl: string; state: string; connectionId: string } {
  const data = new URL(link).searchParams.get('data');
  assert.ok(data, link);
  const decoded = JSON.parse(Buffer.from(data, 'base64url').toString()) as { redirectUrl: string; connectionId: string };
  let text = decoded.redirectUrl;
  for (let i = 0; i < 3; i++) text = decodeURIComponent(text);
  const m = /\/consent\?state=([A-Za-z0-9_-]+)/.exec(text) ?? /state=([A-Za-z0-9_-]{16,})/.exec(text);
  assert.ok(m, `a state in ${decoded.redirectUrl}`);
  return { redirectUrl: decoded.redirectUrl, state: m[1]!, connectionId: decoded.connectionId };
}

describe('Connection commands against the local ARM emulator', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  let hooks: TestingHooks | undefined;
  const script = new ScriptedInput({ waitForInputs: true });
  /** Keys written during the suite: none may reach the log or a message. */
  const keys: string[] = [];

  before(async function () {
    if (!process.env.LAC_ARM_ENDPOINT || !process.env.LAC_ACCESS_TOKEN) {
      log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
      this.skip();
    }
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
    hooks = api.testing;
    writeProjects();
    hooks.setUserInput(script.input);
    await api.lintNow?.();
    await waitFor('the emulator sign-in', () => api.azureState?.().kind === 'signed-in');
  });
  beforeEach(() => script.reset());
  afterEach(async () => {
    await closeAll();
  });
  after(async () => {
    hooks?.setUserInput(undefined);
    fs.rmSync(file(PROJECT), { recursive: true, force: true });
    fs.rmSync(file(NOLOCAL), { recursive: true, force: true });
    await settle();
  });

  it('Test Connection reports each category: connected, unauthenticated (AADSTS), forbidden, unreachable, with the right buttons', async () => {
    const healthy = await cmd<TestConnectionResult>('lac.testConnection', FIXTURE.healthy);
    assert.strictEqual(healthy.status, 'connected', JSON.stringify(healthy));
    const ok = script.message(/office365-orders/);
    assert.deepStrictEqual([ok.severity, ok.buttons], ['info', []]);
    assert.match(ok.message, /works/);

    const expired = await cmd<TestConnectionResult>('lac.testConnection', FIXTURE.expired);
    assert.strictEqual(expired.status, 'unauthenticated', JSON.stringify(expired));
    assert.strictEqual(expired.httpStatus, 401);
    const m = script.message(/office365-expired/);
    assert.strictEqual(m.severity, 'error');
    assert.match(m.message, /AADSTS700082/);
    assert.match(m.message, /Re-authorize/i);
    assert.deepStrictEqual(m.buttons, ['Authorize…', 'Open in Portal', 'Diagnose']);

    // A tree node carries its target.
    const forbidden = await cmd<TestConnectionResult>('lac.testConnection', { target: { connectionId: FIXTURE.forbidden, name: FIXTURE_NAMES.forbidden } });
    assert.strictEqual(forbidden.status, 'forbidden', JSON.stringify(forbidden));
    assert.strictEqual(forbidden.httpStatus, 403);
    assert.deepStrictEqual(script.message(new RegExp(FIXTURE_NAMES.forbidden)).buttons, ['Authorize…', 'Open in Portal', 'Diagnose']);

    const unreachable = await cmd<TestConnectionResult>('lac.testConnection', FIXTURE.unreachable);
    assert.strictEqual(unreachable.status, 'unreachable', JSON.stringify(unreachable));
    const u = script.message(new RegExp(FIXTURE_NAMES.unreachable));
    assert.deepStrictEqual([u.severity, u.buttons], ['warning', ['Open in Portal', 'Diagnose']]);
  });

  it('Test Connection from the palette: workspace entries first, then the account\'s other connections; tests the one picked', async () => {
    script.pick((items) => items.find((i) => i.label === FIXTURE_NAMES.keyvaultV2));
    const result = await cmd<TestConnectionResult>('lac.testConnection');
    assert.strictEqual(result.id, FIXTURE.keyvaultV2);
    assert.strictEqual(result.status, 'connected');
    const [pick] = script.picks;
    assert.ok(pick);
    assert.strictEqual(pick.options?.matchOnDescription, true);
    const labels = pick.items.map((i) => (isSeparator(i) ? `-- ${i.label}` : i.label));
    const azureAt = labels.indexOf('-- Azure');
    assert.strictEqual(labels[0], '-- Workspace', labels.join(' | '));
    assert.ok(azureAt > 0, labels.join(' | '));
    const workspace = pick.items.slice(1, azureAt);
    for (const name of ['office365-orders', 'office365-expired', 'onedrive', 'mail']) {
      const item = workspace.find((i) => i.label === name);
      assert.ok(item, `${name} among the workspace entries: ${labels.join(' | ')}`);
    }
    const orders = workspace.filter((i) => i.label === 'office365-orders').map((i) => i.description);
    assert.ok(orders.some((d) => new RegExp(`^${PROJECT}( · Connected)?$`).test(d ?? '')), `the entry's folder and status: ${orders.join(' | ')}`);
    const azure = pick.items.slice(azureAt + 1);
    assert.ok(azure.length > 5, labels.join(' | '));
    assert.strictEqual(azure.find((i) => i.label === FIXTURE_NAMES.keyvaultV2)?.description, 'Connected · rg-shared-prod · Contoso Production');
    assert.ok(!azure.some((i) => i.label === FIXTURE_NAMES.healthy), 'a connection the workspace uses is offered once, as a workspace entry');
  });

  it('Authorize Connection: the portal\'s Edit API connection page (allowlisted), then Test Connection', async () => {
    script.pick((items) => items.find((i) => /portal/i.test(i.label)));
    script.answer(/In the portal/, 'Test Connection');
    const out = await cmd<AuthorizeOutcome>('lac.authorizeConnection', FIXTURE.expired);
    assert.deepStrictEqual(
      script.picks[0]?.items.map((i) => i.label),
      ['Sign in with the consent flow', 'Open the Edit API connection page in the portal'],
      'office365 signs in with OAuth: both ways are offered',
    );
    assert.strictEqual(out.via, 'portal');
    assert.strictEqual(out.opened, true);
    assert.deepStrictEqual(script.opened.length, 1);
    assert.match(script.opened[0]!, portalUrl(FIXTURE.expired));
    assert.strictEqual(out.test?.status, 'unauthenticated');
  });

  it('Authorize Connection: the consent flow completes through the URI handler or a pasted address; a bad code is reported', async () => {
    const id = FIXTURE.teamsUnauthenticated;
    // A code the service refuses.
    script.pick((items) => items.find((i) => /consent flow/.test(i.label)));
    const refused = cmd<AuthorizeOutcome>('lac.authorizeConnection', id);
    const link = await waitFor('the consent page to open', () => script.opened[0]);
    assert.strictEqual(new URL(link).host, 'logic-apis-westeurope.consent.azure-apim.net');
    const first = consentState(link);
    assert.strictEqual(first.connectionId.toLowerCase(), id.toLowerCase());
    hooks!.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/consent?state=${first.state}&code=not-the-code`));
    const bad = await refused;
    assert.deepStrictEqual([bad.via, bad.confirmed, bad.stopped], ['consent', false, 'not-confirmed']);
    const error = script.message(/did not accept the sign-in/);
    assert.strictEqual(error.severity, 'error');
    assert.match(error.message, /invalid or has expired/);
    assert.strictEqual(await cmd<TestConnectionResult>('lac.testConnection', id).then((r) => r.status), 'unauthenticated', 'still not authorized');

    // The emulator's valid code.
    script.reset();
    script.pick((items) => items.find((i) => /consent flow/.test(i.label)));
    const running = cmd<AuthorizeOutcome>('lac.authorizeConnection', id);
    const second = consentState(await waitFor('the consent page to open again', () => script.opened[0]));
    assert.notStrictEqual(second.state, first.state, 'a new one-time state per flow');
    // The first flow's state is spent: its redirect is refused.
    hooks!.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/consent?state=${first.state}&code=${FIXTURE.validConsentCode}`));
    assert.strictEqual(script.message(/not expected any more/).severity, 'warning');
    hooks!.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/consent?state=${second.state}&code=${FIXTURE.validConsentCode}`));
    const good = await running;
    assert.deepStrictEqual([good.via, good.confirmed], ['consent', true], JSON.stringify(good));
    assert.strictEqual(good.test?.status, 'connected', JSON.stringify(good.test));
    assert.strictEqual(script.message(/Connection "teams-unauthenticated"/).severity, 'info');

    // Where the browser cannot come back by itself (a browser-hosted or remote window): the address it
    // landed on, pasted through Paste Sign-in Address (the waiting notification links to it).
    script.reset();
    assert.strictEqual(await cmd<boolean>('lac.pasteSignInAddress'), false, 'nothing to paste into');
    assert.match(script.message(/No sign-in is waiting/).message, /Run Authorize Connection/);
    script.reset();
    script.pick((items) => items.find((i) => /consent flow/.test(i.label)));
    const running3 = cmd<AuthorizeOutcome>('lac.authorizeConnection', id);
    const third = consentState(await waitFor('the consent page to open a third time', () => script.opened[0]));
    // Another sign-in's address (its state is not this one's) is refused; the wait goes on.
    script.inputs.push(`${third.redirectUrl.replace(third.state, 'another-state')}&code=${FIXTURE.validConsentCode}`);
    assert.strictEqual(await cmd<boolean>('lac.pasteSignInAddress', third.state), false);
    assert.strictEqual(script.message(/not the one of this sign-in/).severity, 'error');
    script.inputs.push(`${third.redirectUrl}${third.redirectUrl.includes('?') ? '&' : '?'}code=${FIXTURE.validConsentCode}`);
    assert.strictEqual(await cmd<boolean>('lac.pasteSignInAddress', third.state), true);
    const pastedOutcome = await running3;
    assert.deepStrictEqual([pastedOutcome.via, pastedOutcome.confirmed], ['consent', true], JSON.stringify(pastedOutcome));
    assert.strictEqual(pastedOutcome.test?.status, 'connected');
    // No message with a button was left behind by the wait (the offer lives in its progress notification).
    assert.deepStrictEqual(script.messages.filter((m) => m.buttons.length > 0).map((m) => m.message), []);

    // The sign-in ends (its redirect comes back) while the address box is open: the pasted address is not used.
    script.reset();
    script.pick((items) => items.find((i) => /consent flow/.test(i.label)));
    const running4 = cmd<AuthorizeOutcome>('lac.authorizeConnection', id);
    const fourth = consentState(await waitFor('the consent page to open a fourth time', () => script.opened[0]));
    const pasting = cmd<boolean>('lac.pasteSignInAddress', fourth.state);
    await waitFor('the address box', () => script.inputBoxes > 0);
    hooks!.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/consent?state=${fourth.state}&code=${FIXTURE.validConsentCode}`));
    script.inputs.push(`${fourth.redirectUrl}${fourth.redirectUrl.includes('?') ? '&' : '?'}code=${FIXTURE.validConsentCode}`);
    assert.strictEqual(await pasting, false);
    assert.match(script.message(/already ended/).message, /the address was not used/);
    const redirected = await running4;
    assert.deepStrictEqual([redirected.via, redirected.confirmed], ['consent', true], JSON.stringify(redirected));
  });

  it('Diagnose Connection opens a read-only Markdown report naming the connection and its status', async () => {
    const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', workspaceTarget(PROJECT, 'office365-expired', FIXTURE.expired));
    assert.strictEqual(report.name, 'office365-expired');
    assert.strictEqual(report.overall, 'error');
    assert.strictEqual(report.test?.status, 'unauthenticated');
    const editor = await waitFor('the report editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
    const doc = editor.document;
    assert.strictEqual(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Connection diagnosis: office365-expired\n/);
    assert.match(text, /\| Status \| Error \|/);
    // Markdown-escaped by the report: "Status: Error \(Unauthenticated\)".
    assert.match(text, /Status: Error \\\(Unauthenticated\\\)/);
    assert.match(text, /Test: unauthenticated \\\(HTTP 401\\\)/);
  });

  it('Show JSON, Open in Portal and Copy Resource ID', async () => {
    const text = await cmd<string>('lac.showConnectionJson', { target: { connectionId: FIXTURE.keyvaultV2, name: FIXTURE_NAMES.keyvaultV2 } });
    const editor = await waitFor('the JSON editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
    assert.strictEqual(editor.document.languageId, 'json');
    assert.strictEqual(editor.document.getText(), text);
    const json = JSON.parse(text) as { id: string; properties: { parameterValueSet: { name: string; values: Record<string, { value: string }> } } };
    assert.strictEqual(json.id.toLowerCase(), FIXTURE.keyvaultV2.toLowerCase());
    assert.strictEqual(json.properties.parameterValueSet.name, 'oauthMI');
    assert.deepStrictEqual(json.properties.parameterValueSet.values, { vaultName: { value: '[not shown]' } });
    assert.ok(!/"value": "kv-orders-prod"/.test(text), 'parameter values are not shown');

    assert.strictEqual(await cmd<boolean>('lac.openInPortal', workspaceTarget(PROJECT, 'office365-orders', FIXTURE.healthy)), true);
    assert.strictEqual(script.opened.length, 1);
    assert.match(script.opened[0]!, portalUrl(FIXTURE.healthy));

    const copied = await cmd<string>('lac.copyResourceId', FIXTURE.blobKey);
    assert.strictEqual(copied, FIXTURE.blobKey);
    try {
      assert.strictEqual(await vscode.env.clipboard.readText(), FIXTURE.blobKey);
    } catch (e) {
      log(`      (clipboard not readable here: ${(e as Error).message})`);
    }
  });

  it('Refresh Connection Key writes the key (and the runtime URL setting) into local.settings.json, keeping its comment', async () => {
    // The palette offers the workspace's managed connections only.
    script.pick((items) => items.find((i) => i.label === 'office365-orders' && i.description?.startsWith(PROJECT)));
    const out = await cmd<RefreshKeyOutcome>('lac.refreshConnectionKey');
    const labels = script.picks[0]!.items.map((i) => (isSeparator(i) ? `-- ${i.label}` : i.label));
    assert.ok(!labels.includes('-- Azure') && labels.includes('office365-orders') && labels.includes('mail'), labels.join(' | '));
    assert.deepStrictEqual(out.settings, ['office365-orders-connectionKey', 'office365-orders-connectionRuntimeUrl']);
    assert.strictEqual(out.created, false);
    const text = fs.readFileSync(file(LOCAL), 'utf8');
    assert.ok(text.includes(COMMENT), text);
    const values = valuesOf(LOCAL);
    const key = values['office365-orders-connectionKey']!;
    keys.push(key);
    assert.strictEqual(key.split('.').length, 3, 'a JWT');
    assert.ok(Math.abs(expiryOf(key) - (Date.now() + 7 * 86400_000)) < 120_000, 'valid for 7 days');
    assert.strictEqual(values['office365-orders-connectionRuntimeUrl'], runtimeUrlOf(fixtureOf(FIXTURE.healthy)));
    assert.strictEqual(values.WORKFLOWS_SUBSCRIPTION_ID, PROD);
    const m = script.message(/new connection key of "office365-orders"/);
    assert.match(m.message, /expires .*in 7 days/);
    assert.ok(!m.message.includes(key));
    assert.strictEqual(out.expiresAt, new Date(expiryOf(key)).toISOString());

    // Diagnose reads the key's expiry from local.settings.json.
    await settle();
    const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', workspaceTarget(PROJECT, 'office365-orders', FIXTURE.healthy));
    const keyCheck = report.checks.find((c) => c.id === 'connection-key');
    assert.deepStrictEqual([keyCheck?.severity, keyCheck?.title], ['ok', 'Connection key valid'], JSON.stringify(report.checks));
    assert.ok(!vscode.window.activeTextEditor!.document.getText().includes(key));
  });

  it('Refresh Connection Key through an open editor (edited and saved) and by connection id', async () => {
    const doc = await vscode.workspace.openTextDocument(file(LOCAL));
    await vscode.window.showTextDocument(doc);
    const stale = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf(keys[0]!);
    assert.ok(at > 0);
    stale.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + keys[0]!.length)), 'stale');
    assert.ok(await vscode.workspace.applyEdit(stale));
    assert.ok(await doc.save());
    // By id: the workspace entry that uses it (asked when several projects do, as when another suite's project is still known).
    script.pick((items) => items.find((i) => i.description === PROJECT));
    const out = await cmd<RefreshKeyOutcome>('lac.refreshConnectionKey', FIXTURE.healthy);
    assert.strictEqual(out.unsaved, false);
    assert.strictEqual(doc.isDirty, false, 'saved');
    assert.strictEqual(doc.getText(), fs.readFileSync(file(LOCAL), 'utf8'));
    assert.ok(doc.getText().includes(COMMENT));
    const key = valuesOf(LOCAL)['office365-orders-connectionKey']!;
    keys.push(key);
    assert.notStrictEqual(key, 'stale');
    assert.strictEqual(key.split('.').length, 3);
  });

  it('Refresh Connection Key asks before creating local.settings.json', async () => {
    const target = workspaceTarget(NOLOCAL, 'mail', FIXTURE.devOffice365);
    const created = file(`${NOLOCAL}/local.settings.json`);
    assert.strictEqual(await cmd<RefreshKeyOutcome | undefined>('lac.refreshConnectionKey', target), undefined);
    const ask = script.message(/has no local\.settings\.json/);
    assert.deepStrictEqual([ask.modal, ask.buttons], [true, ['Create']]);
    assert.ok(!fs.existsSync(created), 'not created without a yes');

    script.reset();
    script.answer(/has no local\.settings\.json/, 'Create');
    const out = await cmd<RefreshKeyOutcome>('lac.refreshConnectionKey', target);
    assert.strictEqual(out.created, true);
    const values = valuesOf(`${NOLOCAL}/local.settings.json`);
    keys.push(values['mail-connectionKey']!);
    assert.strictEqual(values['mail-connectionKey']!.split('.').length, 3);
    assert.match(script.message(/new connection key of "mail"/).message, /connections\.json does not read it yet/);
  });

  it('Delete Connection: nothing from the palette; a modal warning listing the workflows that use it; cancel keeps it, Delete removes it', async () => {
    const id = FIXTURE.fabrikamOnedriveV1;
    assert.strictEqual(await cmd<boolean>('lac.deleteConnection'), false);
    assert.match(script.message(/Azure view/).message, /right-click/);
    assert.ok(!script.messages.some((m) => m.modal), 'no dialog without a connection');

    const node = { target: { connectionId: id, name: FIXTURE_NAMES.fabrikamOnedriveV1 } };
    script.reset();
    assert.strictEqual(await cmd<boolean>('lac.deleteConnection', node), false);
    const ask = script.message(/Delete API connection "onedrive-v1"\?/);
    assert.deepStrictEqual([ask.severity, ask.modal, ask.buttons], ['warning', true, ['Delete']]);
    assert.match(ask.detail ?? '', /Workflows in this workspace that still use it:\n• archive \(commands-azure, "onedrive"\)/);
    assert.ok(!/• orders/.test(ask.detail ?? ''), 'orders does not use it');
    assert.match(ask.detail ?? '', /rg-fabrikam-apps/);
    assert.strictEqual(await armGet(id), 200, 'cancelled: still there');

    script.reset();
    script.answer(/Delete API connection/, 'Delete');
    assert.strictEqual(await cmd<boolean>('lac.deleteConnection', node), true);
    assert.strictEqual(await armGet(id), 404, 'deleted in the emulator');
    assert.match(script.message(/Deleted connection "onedrive-v1"/).message, /archive/);
  });

  it('no token, key or consent code reaches the log or a message', async () => {
    const secrets = [process.env.LAC_ACCESS_TOKEN!, FIXTURE.validConsentCode, 'not-the-code', ...keys, ...keys.map((k) => k.split('.')[1]!)];
    assert.ok(keys.length >= 3, 'keys were written');
    for (const m of script.history) {
      for (const s of secrets) assert.ok(!`${m.message}\n${m.detail ?? ''}`.includes(s), `a message holds a secret (${s.slice(0, 4)}…): ${m.message}`);
    }
    assert.ok(script.history.length > 10, 'messages were captured');
    const logFile = hooks!.outputLogFile().fsPath;
    const text = await waitFor(
      'the test lines in the log file',
      () => {
        const t = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        return /Test connection office365-orders: connected/.test(t) && /Refresh connection key mail: wrote/.test(t) && /Delete connection onedrive-v1: deleted/.test(t) ? t : undefined;
      },
      20_000,
    );
    assert.match(text, /Authorize teams-unauthenticated: consent confirmed/);
    for (const s of secrets) assert.ok(!text.includes(s), `the log holds a secret (${s.slice(0, 4)}…)`);
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}/.test(text), 'no JWT in the log');
    assert.ok(!/[?&](code|state)=/.test(text), 'no redirect query in the log');
  });
});

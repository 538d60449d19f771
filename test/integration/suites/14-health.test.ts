/**
 * Connection health and "who uses this connection" in the real editor, against the local ARM
 * emulator: the deployed logic apps below each connection of the Azure view, Test All Connections
 * on a resource group (each connection then shows when it was last tested), Authorize
 * Unauthenticated Connections… walking the connections that need a sign-in (the consent flow
 * completes through the URI handler), the users in Diagnose and in the Delete confirmation, and
 * the Get Started walkthrough.
 *
 * Prompts are scripted through `testing.setUserInput`. Runs after 11-commands, which authorized
 * `teams-unauthenticated` and deleted `onedrive-v1`. Changes the emulator's data for the rest of
 * the run: `office365-revoked` (Fabrikam) is authorized.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/azure/diagnose';
import type { AuthorizeAllOutcome } from '../../../src/vscode/commands/authorizeUnauthenticated';
import type { TestAllOutcome } from '../../../src/vscode/commands/testAllConnections';
import type { TestingHooks } from '../../../src/vscode/api';
import type { TreeSnapshotNode } from '../../../src/vscode/model/workspaceModel';
import { FIXTURE, FIXTURE_NAMES } from '../../emulator';
import { closeAll, EXTENSION_ID, lac, log, ScriptedInput, sleep, waitFor, type LacTestApi } from '../helpers';


const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;
const byLabel = (ns: readonly TreeSnapshotNode[] | undefined, label: string) => (ns ?? []).find((n) => n.label === label);

/** The state the extension registered in a consent link's redirect URL. */
function consentState(link: string): string {
  const data = new URL(link).searchParams.get('data');
  assert.ok(data, link);
  let text = (JSON.parse(Buffer.from(data, 'base64url').toString()) as { redirectUrl: string }).redirectUrl;
  for (let i = 0; i < 3; i++) text = decodeURIComponent(text);
  const m = /state=([A-Za-z0-9_-]{16,})/.exec(text);
  assert.ok(m, text);
  return m[1]!;
}

describe('Connection health and who uses each connection (Azure view, commands)', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  let hooks: TestingHooks;
  const script = new ScriptedInput();

  /** The Azure view, every node expanded, once `ok` holds. */
  async function azureTree(ok: (t: TreeSnapshotNode[]) => boolean, what: string): Promise<TreeSnapshotNode[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const last = await hooks.azureTree();
      if (ok(last)) return last;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last.map((s) => s.label))}`);
      await sleep(200);
    }
  }
  const connectionNode = (t: TreeSnapshotNode[], sub: string, group: string, name: string) => byLabel(byLabel(byLabel(t, sub)?.children, group)?.children, name);

  before(async function () {
    if (!process.env.LAC_ARM_ENDPOINT || !process.env.LAC_ACCESS_TOKEN) {
      log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
      this.skip();
    }
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
    hooks = api.testing;
    hooks.setUserInput(script.input);
    await waitFor('the emulator sign-in', () => api.azureState?.().kind === 'signed-in');
    await cmd('lac.refresh');
  });
  beforeEach(() => script.reset());
  afterEach(() => closeAll());
  after(() => hooks?.setUserInput(undefined));

  it('below each connection of the Azure view: the deployed Standard apps and Consumption workflows that use it', async () => {
    const tree = await azureTree((t) => !!connectionNode(t, 'Contoso Production', FIXTURE.resourceGroups.integrationProd, FIXTURE_NAMES.healthy)?.children?.length, 'the users of office365-orders');
    const healthy = connectionNode(tree, 'Contoso Production', FIXTURE.resourceGroups.integrationProd, FIXTURE_NAMES.healthy)!;
    assert.strictEqual(healthy.collapsible, 'collapsed');
    assert.deepStrictEqual(
      healthy.children!.map((c) => [c.label, c.description, c.contextValue]),
      [['la-orders-prod', 'Standard app · connections.json "office365"', 'azureUser standard']],
    );
    const kv = connectionNode(tree, 'Contoso Dev', FIXTURE.resourceGroups.integrationDev, FIXTURE_NAMES.keyvaultV1)!;
    assert.deepStrictEqual(
      kv.children!.map((c) => [c.label, c.description]),
      [
        ['la-invoice-sync', 'Consumption workflow · $connections "keyvault"'],
        ['la-invoice-sync-old', 'Consumption workflow · $connections "keyvault" · Disabled'],
      ],
    );
    const dev = connectionNode(tree, 'Contoso Dev', FIXTURE.resourceGroups.integrationDev, FIXTURE_NAMES.devOffice365)!;
    assert.strictEqual(dev.children![0]!.label, 'la-notify-dev');
    assert.match(dev.children![0]!.tooltip ?? '', /with app settings/);
    const expired = connectionNode(tree, 'Contoso Production', FIXTURE.resourceGroups.integrationProd, FIXTURE_NAMES.expired)!;
    assert.deepStrictEqual(expired.children!.map((c) => [c.label, c.contextValue]), [['Used by no deployed logic app', 'azureNote']]);
  });

  it('Test All Connections on a resource group: every connection tested, then shown with when it was tested', async () => {
    script.answer(/^Tested \d+ connections of resource group rg-integration-dev/, undefined);
    const before = await azureTree((t) => !!byLabel(byLabel(t, 'Contoso Dev')?.children, FIXTURE.resourceGroups.integrationDev), 'Contoso Dev');
    const group = byLabel(byLabel(before, 'Contoso Dev')!.children, FIXTURE.resourceGroups.integrationDev)!;
    const names = group.children!.filter((c) => c.contextValue?.includes('azureConnection')).map((c) => c.label);
    const lastTest = (n: TreeSnapshotNode | undefined) => /Last tested: [^\n]*/.exec(n?.tooltip ?? '')?.[0] ?? 'never';
    const outsideBefore = lastTest(connectionNode(before, 'Contoso Production', FIXTURE.resourceGroups.sharedProd, FIXTURE_NAMES.keyvaultV2));
    assert.match(group.contextValue ?? '', /^azureResourceGroup$/);
    const outcome = await cmd<TestAllOutcome>('lac.testAllConnections', { scope: { subscriptionId: FIXTURE.subscriptions.contosoDev, resourceGroup: FIXTURE.resourceGroups.integrationDev, label: FIXTURE.resourceGroups.integrationDev } });
    assert.strictEqual(outcome.total, names.length);
    assert.strictEqual(outcome.tested, names.length);
    assert.strictEqual(outcome.cancelled, false);
    assert.strictEqual(outcome.byStatus.unauthenticated, 1, 'ftp-v1-testrequests-unauthorized');
    assert.strictEqual(outcome.byStatus.connected, names.length - 1);
    const m = script.message(/^Tested \d+ connections of resource group rg-integration-dev in [\d.]+ s: \d+ connected, 1 unauthenticated\.$/);
    assert.strictEqual(m.severity, 'warning');
    assert.deepStrictEqual(m.buttons, ['Authorize Unauthenticated…', 'Show Output']);
    const after = await azureTree(
      (t) => byLabel(byLabel(t, 'Contoso Dev')?.children, FIXTURE.resourceGroups.integrationDev)?.children?.every((c) => !c.contextValue?.includes('azureConnection') || /· tested /.test(c.description ?? '')) ?? false,
      'every connection of the group marked as tested',
    );
    const ftp = connectionNode(after, 'Contoso Dev', FIXTURE.resourceGroups.integrationDev, FIXTURE_NAMES.testRequestsUnauthorized)!;
    assert.match(ftp.description ?? '', / · tested just now: unauthenticated$/);
    assert.match(ftp.tooltip ?? '', /Last tested: .+ \(unauthenticated, HTTP 401\)/);
    // Outside the group: not tested by it (another suite may have tested it before).
    assert.strictEqual(lastTest(connectionNode(after, 'Contoso Production', FIXTURE.resourceGroups.sharedProd, FIXTURE_NAMES.keyvaultV2)), outsideBefore);
  });

  it('Authorize Unauthenticated Connections…: one by one (skip, authorize through the consent flow, stop), then a summary', async () => {
    const scope = { scope: { subscriptionId: FIXTURE.subscriptions.fabrikam, label: 'Fabrikam' } };
    // 1: fabrikam-tickets-oauth → Skip; 2: office365-revoked → Authorize (consent flow); 3: sharepoint-no-consent → Stop.
    script.pick((items) => items.find((i) => i.label === 'Skip'));
    script.pick((items) => items.find((i) => /Authorize "office365-revoked"/.test(i.label)));
    script.pick((items) => items.find((i) => /consent flow/.test(i.label)));
    const run = cmd<AuthorizeAllOutcome>('lac.authorizeUnauthenticated', scope);
    const link = await waitFor('the consent page to open', () => script.opened[0], 30_000);
    script.pick((items) => items.find((i) => i.label === 'Stop'));
    hooks.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/consent?state=${consentState(link)}&code=${FIXTURE.validConsentCode}`));
    const outcome = await run;
    assert.deepStrictEqual(outcome.offered, [FIXTURE_NAMES.customRefreshBroken, FIXTURE_NAMES.fabrikamRevoked]);
    assert.deepStrictEqual(outcome.skipped, [FIXTURE_NAMES.customRefreshBroken]);
    assert.deepStrictEqual(outcome.authorized, [FIXTURE_NAMES.fabrikamRevoked]);
    assert.deepStrictEqual(outcome.notOffered, [FIXTURE_NAMES.fabrikamConsentMissing]);
    const walk = script.picks.filter((p) => /^Authorize Unauthenticated Connections \(\d of 3\)$/.test(p.title ?? ''));
    assert.deepStrictEqual(walk.map((p) => p.title), ['Authorize Unauthenticated Connections (1 of 3)', 'Authorize Unauthenticated Connections (2 of 3)', 'Authorize Unauthenticated Connections (3 of 3)']);
    assert.match(walk[1]!.placeHolder ?? '', /office365-revoked \(rg-fabrikam-apps\): .*AADSTS50173/);
    assert.match(script.message(/connections authorized; still to sign in/).message, /^1 of 3 connections authorized; still to sign in: fabrikam-tickets-oauth, sharepoint-no-consent\.$/);
    assert.match(script.message(/Connection "office365-revoked" works/).message, /works/);
    // Nothing left to do in a scope without such connections.
    script.reset();
    const none = await cmd<AuthorizeAllOutcome>('lac.authorizeUnauthenticated', { scope: { subscriptionId: FIXTURE.subscriptions.contosoDev, resourceGroup: FIXTURE.resourceGroups.sandboxDev } });
    assert.deepStrictEqual(none.offered, []);
    script.message(/No connection in resource group rg-sandbox-dev needs a sign-in\./);
  });

  it('Diagnose names the deployed logic apps that use the connection', async () => {
    const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', FIXTURE.healthy);
    assert.deepStrictEqual(report.deployedUsers?.users.map((u) => [u.kind, u.name, u.reference]), [['standard', 'la-orders-prod', 'office365']]);
    const doc = vscode.window.activeTextEditor?.document;
    assert.match(doc?.getText() ?? '', /## Used by[\s\S]*la-orders-prod \| Standard/);
  });

  it('the Delete confirmation names the deployed logic apps that still use the connection', async () => {
    const node = { target: { connectionId: FIXTURE.keyvaultV1, name: FIXTURE_NAMES.keyvaultV1 } };
    assert.strictEqual(await cmd<boolean>('lac.deleteConnection', node), false);
    const ask = script.message(/Delete API connection "keyvault-v1"\?/);
    assert.match(ask.detail ?? '', /Deployed logic apps that use it:\n• la-invoice-sync \(Consumption, \$connections "keyvault"\)\n• la-invoice-sync-old \(Consumption, \$connections "keyvault", Disabled\)/);
    assert.match(ask.detail ?? '', /Those logic apps stop working\. This cannot be undone\./);
    const unused = { target: { connectionId: FIXTURE.forbidden, name: FIXTURE_NAMES.forbidden } };
    script.reset();
    assert.strictEqual(await cmd<boolean>('lac.deleteConnection', unused), false);
    assert.match(script.message(/Delete API connection "sharepoint-forbidden"\?/).detail ?? '', /No deployed logic app uses it/);
  });

  it('the Get Started walkthrough opens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const w = (ext.packageJSON.contributes.walkthroughs as { id: string; steps: unknown[] }[])[0]!;
    assert.strictEqual(w.steps.length, 6);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${w.id}`, false);
    const tab = await waitFor('the walkthrough editor', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.isActive && /Welcome|Walkthrough|Get Started/i.test(t.label)), 20_000, () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', '),
    );
    assert.ok(tab);
  });
});

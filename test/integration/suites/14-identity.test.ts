/**
 * Identities and credentials in the real editor, against the local ARM emulator: a copy of the
 * repository's samples/ (the emulator's la-orders-prod runs it) in the workspace. Diagnose on the
 * sample `servicebus` connection finds the missing role on its namespace and Grant Access creates
 * it end to end (asked in a modal dialog, PUT roleAssignments/{guid}); Diagnose Identities and
 * Credentials on the project asks which Logic App runs it and reports the missing Key Vault role,
 * the app registration secret that expires within 30 days, and the calendar.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/azure/diagnose';
import type { IdentityReport } from '../../../src/core/identity/doctor';
import type { UserInput } from '../../../src/vscode/ui';
import { FIXTURE } from '../../emulator';
import { closeAll, file, lac, log, settle, setSetting, waitFor, type LacTestApi } from '../helpers';

const COPY = 'samples-identity';
const REPO_SAMPLES = path.resolve(__dirname, '../../../../samples');
const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;

interface Message {
  severity: string;
  message: string;
  detail?: string;
  modal: boolean;
  buttons: string[];
}

/** Role assignments of la-orders-prod's identity that apply at a scope, read from the emulator directly. */
async function rolesAt(scope: string): Promise<string[]> {
  const filter = encodeURIComponent(`principalId eq '${FIXTURE.sitePrincipalId}'`);
  const r = await fetch(`${process.env.LAC_ARM_ENDPOINT!.replace(/\/+$/, '')}${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${filter}`, { headers: { authorization: `Bearer ${process.env.LAC_ACCESS_TOKEN}` } });
  const body = (await r.json()) as { value: { properties: { roleDefinitionId: string; scope: string } }[] };
  return body.value.filter((a) => a.properties.scope.toLowerCase() === scope.toLowerCase()).map((a) => a.properties.roleDefinitionId.split('/').pop()!);
}

function copySamples(): string {
  const dest = file(COPY);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(REPO_SAMPLES, dest, { recursive: true, filter: (src) => !/[\\/](consumption|custom-connectors)([\\/]|$)/.test(src) });
  return dest;
}

describe('Identities and credentials (samples/ on the emulator\'s la-orders-prod)', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  let root: string;
  const messages: Message[] = [];
  const picks: { title?: string; labels: string[] }[] = [];
  let answer: (m: Message) => string | undefined = () => undefined;
  let pick: (items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined = () => undefined;

  const input: UserInput = {
    showQuickPick: (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      const list = [...(await items)];
      picks.push({ title: options?.title, labels: list.map((i) => i.label) });
      return pick(list);
    }) as UserInput['showQuickPick'],
    showInputBox: async () => undefined,
    showMessage: async (severity, message, options, ...buttons) => {
      const m = { severity, message, detail: options.detail, modal: !!options.modal, buttons };
      messages.push(m);
      return answer(m);
    },
    openExternal: async () => true,
  };

  before(async function () {
    if (!process.env.LAC_ARM_ENDPOINT || !process.env.LAC_ACCESS_TOKEN) {
      log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
      this.skip();
    }
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
    api.testing.setUserInput(input);
    root = copySamples();
    await api.lintNow?.();
    await settle();
    await waitFor('the emulator sign-in', () => api.azureState?.().kind === 'signed-in');
  });
  beforeEach(() => {
    messages.length = 0;
    picks.length = 0;
    answer = () => undefined;
    pick = () => undefined;
  });
  afterEach(async () => {
    await closeAll();
  });
  after(async () => {
    api?.testing?.setUserInput(undefined);
    await setSetting('lac', 'azure.logicApp', undefined);
    fs.rmSync(file(COPY), { recursive: true, force: true });
    await settle();
  });

  it('Diagnose on the sample servicebus connection finds the missing role; Grant Access creates it end to end', async () => {
    await setSetting('lac', 'azure.logicApp', FIXTURE.site);
    const target = { name: 'servicebus', connectionId: FIXTURE.samples.servicebus, workspace: { projectRoot: root, connectionsPath: path.join(root, 'connections.json'), section: 'managedApiConnections', name: 'servicebus' } };
    assert.deepStrictEqual(await rolesAt(FIXTURE.identity.serviceBus.fulfilment), [], 'no role before');

    // Grant Access… from the finding, then "Grant" in the modal dialog.
    answer = (m) => (m.buttons.includes('Grant Access…') ? 'Grant Access…' : m.modal && m.buttons.includes('Grant') ? 'Grant' : undefined);
    const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', target);
    const finding = report.checks.find((c) => c.id === 'role-assignment')!;
    assert.ok(finding, JSON.stringify(report.checks, null, 1));
    assert.strictEqual(finding.severity, 'error');
    assert.match(finding.title, /Service Bus namespace sb-contoso-fulfilment: la-orders-prod \(system-assigned\) may not receive messages/);
    assert.strictEqual(finding.grant?.roleName, 'Azure Service Bus Data Receiver');
    const editor = await waitFor('the report editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
    const text = editor.document.getText().replace(/\\/g, '');
    assert.match(text, /❌ \*\*Service Bus namespace sb-contoso-fulfilment: /);
    assert.match(text, /Grant Access: `lac access grant --app \S+la-orders-prod --target \S+sb-contoso-fulfilment --role "Azure Service Bus Data Receiver"`/);

    // The dialog named the principal, the role and the scope; the role assignment exists.
    const dialog = await waitFor('the Grant dialog', () => messages.find((m) => m.modal && /^Grant la-orders-prod \(system-assigned\) the role Azure Service Bus Data Receiver on Service Bus namespace sb-contoso-fulfilment\?$/.test(m.message)));
    assert.match(dialog.detail!, new RegExp(`Principal: la-orders-prod \\(system-assigned\\) \\(object id ${FIXTURE.sitePrincipalId}\\)`));
    assert.match(dialog.detail!, new RegExp(`Scope: ${FIXTURE.identity.serviceBus.fulfilment.replace(/[/.]/g, '\\$&')}`));
    await waitFor('the granted message', () => messages.find((m) => /^Granted la-orders-prod \(system-assigned\) the role Azure Service Bus Data Receiver/.test(m.message)), 20_000);
    assert.deepStrictEqual(await rolesAt(FIXTURE.identity.serviceBus.fulfilment), ['4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0']);

    // Diagnose again: the role is there.
    answer = () => undefined;
    const again = await cmd<DiagnosisReport>('lac.diagnoseConnection', target);
    assert.strictEqual(again.checks.find((c) => c.id === 'role-assignment')?.severity, 'ok', JSON.stringify(again.checks, null, 1));
  });

  it('Grant Access asks: Cancel creates nothing', async () => {
    await setSetting('lac', 'azure.logicApp', FIXTURE.site);
    const plan = (await cmd<DiagnosisReport>('lac.diagnoseConnection', { name: 'servicebus', connectionId: FIXTURE.samples.servicebus, workspace: { projectRoot: root, connectionsPath: path.join(root, 'connections.json'), section: 'managedApiConnections', name: 'servicebus' } })).checks.find((c) => c.id === 'role-assignment');
    assert.strictEqual(plan?.severity, 'ok', 'granted by the previous test');
    const kv = { appId: FIXTURE.site, principalId: FIXTURE.sitePrincipalId, principalLabel: 'la-orders-prod (system-assigned)', principalType: 'ServicePrincipal', roleName: 'Key Vault Secrets User', roleDefinitionGuid: '4633458b-17de-408a-b874-0445c86b69e6', scope: FIXTURE.identity.keyVaults.rbac, scopeLabel: 'Key Vault contoso-kv', needs: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'], command: '' };
    answer = () => undefined;
    assert.strictEqual(await cmd('lac.grantAccess', kv), undefined);
    assert.ok(messages.some((m) => m.modal));
    assert.deepStrictEqual(await rolesAt(FIXTURE.identity.keyVaults.rbac), []);
  });

  it('Diagnose Identities and Credentials asks which Logic App runs the project, then reports the Key Vault role, the expiring secret and the calendar', async () => {
    await setSetting('lac', 'azure.logicApp', undefined);
    pick = (items) => items.find((i) => i.label === 'la-orders-prod');
    const report = await cmd<IdentityReport>('lac.diagnoseIdentity', { projectRoot: root });
    assert.ok(report, 'a report');
    assert.ok(picks.some((p) => /Which Logic App runs/.test(p.title ?? '') && p.labels.includes('la-orders-prod') && p.labels.includes('la-orders-consumption')), JSON.stringify(picks));
    assert.strictEqual(report.app?.name, 'la-orders-prod');
    const kv = report.checks.find((c) => c.id === 'role-assignment' && /contoso-kv/.test(c.title))!;
    assert.strictEqual(kv.severity, 'error');
    const secret = report.checks.find((c) => c.id === 'credential-expiry' && /Contoso Inventory API client/.test(c.title))!;
    assert.strictEqual(secret.severity, 'warning');
    assert.ok(report.calendar.some((e) => e.kind === 'client-secret' && e.daysLeft === FIXTURE.identity.inventorySecretDays));
    const editor = await waitFor('the identity report', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('.identity.md') ? vscode.window.activeTextEditor : undefined));
    const text = editor.document.getText();
    assert.match(text, /^# Identities and credentials: /);
    assert.match(text, /^## Calendar$/m);
    assert.ok(!text.includes('sample-only-not-a-real-client-secret'));
    // Remembered: not asked again.
    picks.length = 0;
    await cmd<IdentityReport>('lac.diagnoseIdentity', { projectRoot: root });
    assert.deepStrictEqual(picks, []);
  });
});

/**
 * Local authentication modes in the real editor against the ARM emulator (signed in as the
 * emulator's developer: the harness gives the extension a token whose claims name them):
 * the project node shows the mode, *Use Managed Identity for Local Runs…* previews, asks and
 * applies (files with comments kept, your access policy created with the official body, which
 * the emulator records), *Add Access Policy…* from LAC063's code action and code lens, and
 * *Use Connection Keys for Local Runs…* fetching keys again.
 *
 * The projects are written by the suite (`authmode/` in key mode, `authmode-msi/` in
 * managed-identity mode, `authmode-rules/` for the rules that follow the mode). Changes the emulator's data for the rest of the run: the developer gets
 * access policies on `azureblob-key`, `keyvault-prod` and `office365-regional`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AddAccessPolicyOutcome } from '../../../src/vscode/commands/addAccessPolicy';
import type { AuthModeOutcome } from '../../../src/vscode/connections/switchAuthMode';
import type { TreeSnapshotNode } from '../../../src/vscode/model/workspaceModel';
import type { UserInput } from '../../../src/vscode/ui';
import { defaultData, FIXTURE, runtimeUrlOf } from '../../emulator';
import { applyAction, closeAll, codeActions, codeOf, file, lac, log, problems, settle, show, sleep, uri, waitForProblems, type LacTestApi } from '../helpers';

const KEYS = 'authmode';
const MSI = 'authmode-msi';
const DEV_POLICY = `developer-${FIXTURE.developerObjectId.slice(-8)}`;
const OFFICIAL_BODY = { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId } } } };

const fixtureOf = (id: string) => {
  const c = defaultData().connections.find((x) => `/subscriptions/${x.subscriptionId}/resourceGroups/${x.resourceGroup}/providers/Microsoft.Web/connections/${x.name}`.toLowerCase() === id.toLowerCase());
  assert.ok(c, id);
  return c;
};
const entry = (id: string, auth: string) => {
  const c = fixtureOf(id);
  return `{\n      "api": { "id": "/subscriptions/${c.subscriptionId}/providers/Microsoft.Web/locations/${c.location}/managedApis/${c.api}" },\n      "connection": { "id": "${id}" },\n      "connectionRuntimeUrl": "${runtimeUrlOf(c)}",\n      "authentication": ${auth}\n    }`;
};
const RAW = (name: string) => `{ "type": "Raw", "scheme": "Key", "parameter": "@appsetting('${name}-connectionKey')" }`;
const MSI_AUTH = '{ "type": "ManagedServiceIdentity" }';
const workflowUsing = (...refs: string[]) =>
  JSON.stringify({ definition: { triggers: {}, actions: Object.fromEntries(refs.map((r) => [`use_${r}`, { type: 'ApiConnection', inputs: { host: { connection: { referenceName: r } }, method: 'get', path: '/x' }, runAfter: {} }])) }, kind: 'Stateful' }, null, 2);

const RULES = 'authmode-rules';

/** Key mode, a managed-identity managed connection (V2, no access policy for anyone) and a built-in one, and an old key. */
function writeRulesProject(): void {
  const dir = file(RULES);
  fs.mkdirSync(path.join(dir, 'orders'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'host.json'), '{ "version": "2.0" }\n');
  fs.writeFileSync(
    path.join(dir, 'connections.json'),
    `{\n  "managedApiConnections": {\n    "sp": ${entry(FIXTURE.forbidden, MSI_AUTH)}\n  },\n  "serviceProviderConnections": {\n    "bus": {\n      "parameterValues": { "fullyQualifiedNamespace": "sb-orders.servicebus.windows.net", "authProvider": { "Type": "ManagedServiceIdentity" } },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" },\n      "displayName": "bus"\n    }\n  }\n}\n`,
  );
  fs.writeFileSync(path.join(dir, 'local.settings.json'), '{\n  "IsEncrypted": false,\n  "Values": {\n    "FUNCTIONS_WORKER_RUNTIME": "dotnet",\n    "old-connectionKey": "not-a-key"\n  }\n}\n');
  fs.writeFileSync(
    path.join(dir, 'orders', 'workflow.json'),
    JSON.stringify({ definition: { triggers: { t: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName: 'bus', operationId: 'receiveQueueMessages', serviceProviderId: '/serviceProviders/serviceBus' } } } }, actions: { use_sp: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: 'sp' } }, method: 'get', path: '/x' }, runAfter: {} } } }, kind: 'Stateful' }, null, 2),
  );
}

function writeProjects(): void {
  writeRulesProject();
  const keys = file(KEYS);
  fs.mkdirSync(path.join(keys, 'orders'), { recursive: true });
  fs.writeFileSync(path.join(keys, 'host.json'), '{ "version": "2.0" }\n');
  fs.writeFileSync(
    path.join(keys, 'connections.json'),
    `{\n  // the orders app's managed connections\n  "managedApiConnections": {\n    "blob": ${entry(FIXTURE.blobKey, RAW('blob'))},\n    "office": ${entry(FIXTURE.devOffice365, RAW('office'))}\n  }\n}\n`,
  );
  fs.writeFileSync(path.join(keys, 'local.settings.json'), '{\n  "IsEncrypted": false,\n  "Values": {\n    // keys for local runs\n    "FUNCTIONS_WORKER_RUNTIME": "dotnet",\n    "blob-connectionKey": "old-blob-key",\n    "office-connectionKey": "old-office-key"\n  }\n}\n');
  fs.writeFileSync(path.join(keys, 'orders', 'workflow.json'), workflowUsing('blob', 'office'));

  const msi = file(MSI);
  fs.mkdirSync(path.join(msi, 'orders'), { recursive: true });
  fs.writeFileSync(path.join(msi, 'host.json'), '{ "version": "2.0" }\n');
  fs.writeFileSync(path.join(msi, 'connections.json'), `{\n  "managedApiConnections": {\n    "kv": ${entry(FIXTURE.keyvaultV2, MSI_AUTH)},\n    "regional": ${entry(FIXTURE.regional, MSI_AUTH)}\n  }\n}\n`);
  fs.writeFileSync(path.join(msi, 'local.settings.json'), '{\n  "IsEncrypted": false,\n  "Values": { "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity" }\n}\n');
  fs.writeFileSync(path.join(msi, 'orders', 'workflow.json'), workflowUsing('kv', 'regional'));
}

interface Message {
  severity: string;
  message: string;
  detail?: string;
  modal: boolean;
}

/** Scripted prompts: the first quick-pick item, messages answered by rules. */
class Script {
  readonly messages: Message[] = [];
  readonly picks: vscode.QuickPickItem[][] = [];
  private answers: { match: RegExp; answer: string | undefined }[] = [];
  readonly input: UserInput = {
    showQuickPick: (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      const list = [...(await items)];
      this.picks.push(list);
      return list[0] as vscode.QuickPickItem | undefined;
    }) as unknown as UserInput['showQuickPick'],
    showInputBox: async () => undefined,
    showMessage: async (severity, message, options) => {
      this.messages.push({ severity, message, detail: options.detail, modal: !!options.modal });
      return this.answers.find((a) => a.match.test(message))?.answer;
    },
    openExternal: async () => true,
  };
  answer(match: RegExp, answer: string | undefined): void {
    this.answers.unshift({ match, answer });
  }
  reset(): void {
    this.messages.length = 0;
    this.picks.length = 0;
    this.answers = [];
  }
}

/** What the emulator recorded (its `/_emulator/requests`, not ARM). */
async function recorded(route: string, method: string): Promise<{ path: string; query: Record<string, string>; body: unknown }[]> {
  const r = await fetch(`${process.env.LAC_ARM_ENDPOINT!.replace(/\/+$/, '')}/_emulator/requests?route=${route}&method=${method}`, { headers: { authorization: `Bearer ${process.env.LAC_ACCESS_TOKEN}` } });
  assert.strictEqual(r.status, 200);
  return ((await r.json()) as { value: { path: string; query: Record<string, string>; body: unknown }[] }).value;
}

const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;
const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');

describe('Local authentication modes (managed identity or keys) against the ARM emulator', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  const script = new Script();

  before(async function () {
    if (!process.env.LAC_ARM_ENDPOINT || !process.env.LAC_ACCESS_TOKEN) {
      log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
      this.skip();
    }
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
    assert.strictEqual(api.azureState?.().kind, 'signed-in');
    writeProjects();
    await api.lintNow?.();
    api.testing.setUserInput(script.input);
  });
  afterEach(async () => {
    script.reset();
    await closeAll();
  });
  after(async () => {
    api.testing?.setUserInput(undefined);
    for (const d of [KEYS, MSI, RULES]) fs.rmSync(file(d), { recursive: true, force: true });
    await settle();
  });

  async function projectNode(name: string, ok: (n: TreeSnapshotNode) => boolean = () => true): Promise<TreeSnapshotNode> {
    const deadline = Date.now() + 30_000;
    let last: TreeSnapshotNode | undefined;
    for (;;) {
      last = (await api.testing!.workspaceTree()).find((x) => x.label === name);
      if (last && ok(last)) return last;
      if (Date.now() > deadline) assert.fail(`timed out waiting for the project node ${name}; now: ${JSON.stringify(last && { description: last.description, contextValue: last.contextValue })}`);
      await sleep(100);
    }
  }

  it('the Workspace view shows each project\'s local authentication mode', async () => {
    const keys = await projectNode(KEYS);
    assert.match(keys.description ?? '', /^Standard · local auth: connection keys/);
    assert.match(keys.contextValue ?? '', /\blocalAuth-keys\b/);
    assert.match(keys.tooltip ?? '', /Local runs authenticate managed connections with: connection keys \(local\.settings\.json has no WORKFLOWS\\?_AUTHENTICATION\\?_METHOD\)/);
    const msi = await projectNode(MSI);
    assert.match(msi.description ?? '', /^Standard · local auth: managed identity/);
  });

  it('LAC013, LAC050, LAC063 follow the mode; LAC014 is information in either: key mode, then the quick fix that switches to managed identity', async () => {
    const conns = uri(`${RULES}/connections.json`);
    const settings = uri(`${RULES}/local.settings.json`);
    // Key mode: managed identity fails local runs (LAC013), nobody needs an access policy (no LAC063).
    const before = await waitForProblems(conns, (x) => x.some((d) => codeOf(d) === 'LAC013') && x.some((d) => codeOf(d) === 'LAC014'), 'LAC013 and LAC014', 60_000);
    await api.whenAzureIdle?.();
    await api.whenIdle?.();
    assert.ok(!problems(conns).some((d) => codeOf(d) === 'LAC063'), show(problems(conns)));
    const lac013 = before.find((d) => codeOf(d) === 'LAC013')!;
    assert.strictEqual(lac013.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(lac013.message, /Only 'Raw' or 'ActiveDirectoryOAuth' authentication type is allowed in local developer environment/);
    assert.strictEqual(before.find((d) => codeOf(d) === 'LAC014')!.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(!problems(settings).some((d) => codeOf(d) === 'LAC050'), 'key mode: the key is not a leftover');
    // The quick fix: managed-identity mode.
    await vscode.window.showTextDocument(conns);
    const fix = (await codeActions(conns, lac013.range)).find((a) => a.title.startsWith('Use managed identity for local runs'));
    assert.ok(fix?.edit, 'the switch-mode fix');
    await applyAction(fix);
    await vscode.workspace.saveAll();
    await api.lintNow?.(settings);
    // Managed-identity mode: no LAC013; the old key is a faded hint; the developer needs a policy (LAC063).
    await waitForProblems(conns, (x) => !x.some((d) => codeOf(d) === 'LAC013') && x.some((d) => codeOf(d) === 'LAC063'), 'LAC013 gone, LAC063 there', 60_000);
    const hint = (await waitForProblems(settings, (x) => x.some((d) => codeOf(d) === 'LAC050'), 'the leftover key hint', 30_000)).find((d) => codeOf(d) === 'LAC050')!;
    assert.deepStrictEqual([hint.severity, hint.tags], [vscode.DiagnosticSeverity.Hint, [vscode.DiagnosticTag.Unnecessary]]);
    assert.strictEqual(problems(conns).find((d) => codeOf(d) === 'LAC014')?.severity, vscode.DiagnosticSeverity.Information);
  });

  it('Use Managed Identity for Local Runs…: Cancel writes nothing and sends nothing', async () => {
    const before = [read(`${KEYS}/connections.json`), read(`${KEYS}/local.settings.json`)];
    const puts = (await recorded('accessPolicy', 'PUT')).length;
    script.answer(/Apply these changes\?/, undefined);
    const outcome = await cmd<AuthModeOutcome>('lac.useManagedIdentityLocally', file(KEYS));
    assert.strictEqual(outcome.applied, false);
    assert.deepStrictEqual([read(`${KEYS}/connections.json`), read(`${KEYS}/local.settings.json`)], before);
    assert.strictEqual((await recorded('accessPolicy', 'PUT')).length, puts);
  });

  it('Use Managed Identity for Local Runs…: the dialog lists every change; Apply adds your access policy (official body) and rewrites the files, comments kept', async () => {
    const puts = (await recorded('accessPolicy', 'PUT')).length;
    script.answer(/Apply these changes\?/, 'Apply');
    const node = await projectNode(KEYS);
    const outcome = await cmd<AuthModeOutcome>('lac.useManagedIdentityLocally', { kind: 'project', model: { root: file(KEYS) }, label: node.label });
    const dialog = script.messages.find((m) => m.modal)!;
    assert.ok(dialog, JSON.stringify(script.messages));
    assert.match(dialog.message, /local runs of authmode will use managed identity instead of connection keys/);
    for (const line of [
      'connections.json: "blob": a connection key (Raw) → ManagedServiceIdentity',
      'local.settings.json: set WORKFLOWS_AUTHENTICATION_METHOD = "managedServiceIdentity"',
      'local.settings.json: remove blob-connectionKey (no connection reads a key in managed-identity mode)',
      `Azure: "blob": add access policy "${DEV_POLICY}" for you (developer@contoso.com, object id ${FIXTURE.developerObjectId})`,
      'Azure: "office": you already have access policy "developer"',
    ]) {
      assert.ok(dialog.detail?.includes(line), `${line}\nin:\n${dialog.detail}`);
    }
    assert.strictEqual(outcome.applied, true, JSON.stringify(outcome));
    const put = (await recorded('accessPolicy', 'PUT')).slice(puts);
    assert.deepStrictEqual(put.map((p) => [p.path, p.query['api-version'], p.body]), [[`${FIXTURE.blobKey}/accessPolicies/${DEV_POLICY}`, '2016-06-01', OFFICIAL_BODY]]);
    const connections = read(`${KEYS}/connections.json`);
    assert.ok(connections.includes("// the orders app's managed connections"));
    assert.strictEqual((connections.match(/"type": "ManagedServiceIdentity"/g) ?? []).length, 2, connections);
    const settings = read(`${KEYS}/local.settings.json`);
    assert.ok(settings.includes('// keys for local runs') && settings.includes('"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"') && !settings.includes('connectionKey'), settings);
    const after = await projectNode(KEYS, (n) => /local auth: managed identity/.test(n.description ?? ''));
    assert.match(after.contextValue ?? '', /\blocalAuth-msi\b/);
    assert.match(script.messages.find((m) => m.severity === 'info')?.message ?? '', /authmode now uses managed identity for local runs\. Access policies added for you: 1\./);
  });

  it('LAC063 in managed-identity mode: a code action and a code lens offer Add Access Policy…, which adds yours; the problem goes', async () => {
    const u = uri(`${MSI}/connections.json`);
    const ds = await waitForProblems(u, (x) => x.filter((d) => codeOf(d) === 'LAC063').length === 2, 'LAC063 on kv and regional', 60_000);
    const kv = ds.find((d) => codeOf(d) === 'LAC063' && d.message.startsWith('Connection "kv"'))!;
    assert.match(kv.message, /no access policy for you, developer@contoso\.com \(object id de7e1000-.*local managed-identity mode/);
    await vscode.window.showTextDocument(u);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', u, kv.range)) ?? [];
    const add = actions.find((a) => a.command?.command === 'lac.addAccessPolicy');
    assert.ok(add, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(add.title, 'Add an access policy for you on "kv"…');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', u, 100)) ?? [];
    const lensFor = lenses.filter((l) => l.command?.command === 'lac.addAccessPolicy');
    assert.strictEqual(lensFor.length, 2, lenses.map((l) => l.command?.title).join(' | '));

    // The code action: "You" is the first pick.
    const puts = (await recorded('accessPolicy', 'PUT')).length;
    const viaAction = await cmd<AddAccessPolicyOutcome>(add.command!.command, ...(add.command!.arguments ?? []));
    assert.deepStrictEqual([viaAction.added, viaAction.policy.objectId, viaAction.policy.name], [true, FIXTURE.developerObjectId, DEV_POLICY]);
    assert.strictEqual(script.picks[0]?.[0]?.label, 'You');
    // The code lens of the other entry (regional).
    const regional = lensFor.find((l) => JSON.stringify(l.command?.arguments).includes('office365-regional'))!;
    const viaLens = await cmd<AddAccessPolicyOutcome>(regional.command!.command, ...(regional.command!.arguments ?? []));
    assert.strictEqual(viaLens.added, true);
    const put = (await recorded('accessPolicy', 'PUT')).slice(puts);
    assert.deepStrictEqual(put.map((p) => [p.path, p.body]), [[`${FIXTURE.keyvaultV2}/accessPolicies/${DEV_POLICY}`, OFFICIAL_BODY], [`${FIXTURE.regional}/accessPolicies/${DEV_POLICY}`, OFFICIAL_BODY]]);
    await waitForProblems(u, (x) => !x.some((d) => codeOf(d) === 'LAC063'), 'LAC063 gone', 60_000);
    // Again: nothing is sent.
    const again = await cmd<AddAccessPolicyOutcome>('lac.addAccessPolicy', FIXTURE.keyvaultV2);
    assert.strictEqual(again.added, false);
    assert.strictEqual((await recorded('accessPolicy', 'PUT')).length, puts + 2);
  });

  it('Add Access Policy… on a V1 connection says V1 connections have none, and sends nothing', async () => {
    const puts = (await recorded('accessPolicy', 'PUT')).length;
    const r = await cmd<AddAccessPolicyOutcome | undefined>('lac.addAccessPolicy', FIXTURE.keyvaultV1);
    assert.strictEqual(r, undefined);
    assert.match(script.messages.map((m) => m.message).join('\n'), /"keyvault-v1" is a V1 connection: V1 connections have no access policies/);
    assert.strictEqual((await recorded('accessPolicy', 'PUT')).length, puts);
  });

  it('Use Connection Keys for Local Runs…: fetches new keys into local.settings.json; the entries read them again', async () => {
    const before = (await recorded('listConnectionKeys', 'POST')).length;
    script.answer(/Apply these changes\?/, 'Apply');
    const outcome = await cmd<AuthModeOutcome>('lac.useConnectionKeysLocally', file(KEYS));
    assert.strictEqual(outcome.applied, true, JSON.stringify(outcome));
    assert.strictEqual((await recorded('listConnectionKeys', 'POST')).length, before + 2);
    const settings = read(`${KEYS}/local.settings.json`);
    assert.ok(!settings.includes('WORKFLOWS_AUTHENTICATION_METHOD') && settings.includes('// keys for local runs'), settings);
    assert.match(settings, /"blob-connectionKey": "ey[^"]+"/);
    assert.match(settings, /"office-connectionKey": "ey[^"]+"/);
    assert.strictEqual((read(`${KEYS}/connections.json`).match(/"parameter": "@appsetting\('(blob|office)-connectionKey'\)"/g) ?? []).length, 2);
    await projectNode(KEYS, (n) => /local auth: connection keys/.test(n.description ?? ''));
  });
});

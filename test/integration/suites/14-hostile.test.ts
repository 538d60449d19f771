/**
 * Hostile and odd input in the real editor:
 * - VS Code's JSON support and our rules say each problem once (comments, trailing commas, an
 *   unknown section: ours alone; local.settings.json is JSON with Comments);
 * - a binary workflow.json gets one LAC001, the same as `lac lint`'s, without its bytes;
 * - a connection id with markdown in it stays inline code in the Workspace view's tooltip;
 * - Open in Azure Portal refuses in an untrusted workspace;
 * - against an ARM emulator this suite starts on the IPv6 loopback (`http://[::1]:PORT`, set as
 *   `lac.azure.armEndpoint`): Azure calls work; Refresh Connection Key never writes through a
 *   local.settings.json link out of the project and never writes a runtime URL that is not https;
 *   a raw exception holding the token reaches the output channel redacted.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestConnectionResult } from '../../../src/core/azure/test';
import type { TestingHooks } from '../../../src/vscode/api';
import type { RefreshKeyOutcome } from '../../../src/vscode/commands/refreshConnectionKey';
import { markdownCode } from '../../../src/vscode/model/azureModel';
import type { TreeSnapshotNode } from '../../../src/vscode/model/workspaceModel';
import type { UserInput } from '../../../src/vscode/ui';
import { FIXTURE, startEmulator, type Emulator } from '../../emulator';
import { closeAll, codeOf, DIAGNOSTIC_SOURCE, extension, file, lac, log, settle, sleep, uri, waitFor, waitForProblems, writeOnDisk, type LacTestApi } from '../helpers';

interface Shown {
  severity: 'info' | 'warning' | 'error';
  message: string;
}

const shown: Shown[] = [];
const opened: string[] = [];
const input: UserInput = {
  showQuickPick: (async () => undefined) as UserInput['showQuickPick'],
  showInputBox: async () => undefined,
  showMessage: async (severity, message) => {
    shown.push({ severity, message });
    return undefined;
  },
  openExternal: async (u) => {
    opened.push(u.toString(true));
    return true;
  },
};

const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;
const others = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source !== DIAGNOSTIC_SOURCE);
const ours = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === DIAGNOSTIC_SOURCE);

function findNode(nodes: readonly TreeSnapshotNode[], label: string): TreeSnapshotNode | undefined {
  for (const n of nodes) {
    if (n.label === label) return n;
    const inner = findNode(n.children ?? [], label);
    if (inner) return inner;
  }
  return undefined;
}

describe('hostile and odd input in the editor', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  let hooks: TestingHooks;
  const made: string[] = [];

  before(async () => {
    api = await lac();
    assert.ok(api.testing, 'the extension runs in test mode');
    hooks = api.testing;
    hooks.setUserInput(input);
  });
  beforeEach(() => {
    shown.length = 0;
    opened.length = 0;
  });
  after(async () => {
    hooks?.setUserInput(undefined);
    hooks?.setWorkspaceTrust(undefined);
    await closeAll();
    for (const rel of made) fs.rmSync(file(rel), { recursive: true, force: true });
    await api.lintNow?.();
  });

  describe('VS Code JSON support and our rules say it once', () => {
    it('a comment, a trailing comma and an unknown section in connections.json: our findings only', async () => {
      made.push('jsonsupport');
      const conns = writeOnDisk(
        'jsonsupport/connections.json',
        ['{', '  // the connections of this project', '  "managedApiConnections": {', '    "office365": {', '      "api": { "id": "/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },', '      "connection": { "id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },', '      "connectionRuntimeUrl": "https://0123456789abcdef.12.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef",', '      "authentication": { "type": "ManagedServiceIdentity" },', '    }', '  },', '  "serviceProviderConection": {}', '}', ''].join('\n'),
      );
      writeOnDisk('jsonsupport/host.json', '{\n  // host settings\n  "version": "2.0",\n}\n');
      writeOnDisk('jsonsupport/orders/workflow.json', '{\n  /* orders */\n  "definition": { "actions": {}, },\n  "kind": "Stateful"\n}\n');
      writeOnDisk('jsonsupport/local.settings.json', '{\n  // local runs only\n  "IsEncrypted": false,\n  "Values": {},\n}\n');
      // Control: a JSON file of no project, where VS Code's JSON support does report a comment.
      const control = writeOnDisk('jsonsupport/other.json', '{\n  // a comment\n  "a": 1\n}\n');
      await api.lintNow?.();
      for (const rel of ['connections.json', 'host.json', 'orders/workflow.json', 'local.settings.json', 'other.json']) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(`jsonsupport/${rel}`)), { preview: false });
      // VS Code's JSON language server validates open documents: it has once the control shows its problem.
      await waitFor('the JSON language server to report the comment in other.json', () => others(control).some((d) => /Comments are not permitted/.test(d.message)), 60_000);
      await waitForProblems(conns, (ds) => ds.some((d) => codeOf(d) === 'LAC002'), 'LAC002');
      await sleep(1500); // let a late report of the language server arrive, if there were one
      const mine = ours(conns)
        .filter((d) => codeOf(d) === 'LAC001' || codeOf(d) === 'LAC002')
        .map((d) => `${codeOf(d)} ${d.range.start.line + 1}`)
        .sort();
      assert.deepStrictEqual(mine, ['LAC001 2', 'LAC001 8', 'LAC002 11'], 'the comment, the trailing comma and the unknown section, once each');
      for (const rel of ['connections.json', 'host.json', 'orders/workflow.json', 'local.settings.json']) {
        const u = uri(`jsonsupport/${rel}`);
        assert.deepStrictEqual(others(u).map((d) => `${d.source}: ${d.message}`), [], `${rel}: VS Code's JSON support reported what LAC001/LAC002 report`);
        assert.ok(ours(u).some((d) => codeOf(d) === 'LAC001'), `${rel}: LAC001 reports its comment`);
      }
    });

    it('local.settings.json opens as JSON with Comments', async () => {
      const doc = await vscode.workspace.openTextDocument(uri('jsonsupport/local.settings.json'));
      assert.strictEqual(doc.languageId, 'jsonc');
      assert.strictEqual((await vscode.workspace.openTextDocument(uri('jsonsupport/connections.json'))).languageId, 'json');
    });
  });

  it('a binary workflow.json: one LAC001, the same as lac lint, without its bytes', async () => {
    made.push('binary');
    writeOnDisk('binary/host.json', '{"version": "2.0"}\n');
    const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(40), Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x07, 0x7b])]);
    fs.mkdirSync(file('binary/orders'), { recursive: true });
    fs.writeFileSync(file('binary/orders/workflow.json'), bytes);
    await api.lintNow?.();
    const u = uri('binary/orders/workflow.json');
    const ds = await waitForProblems(u, (x) => x.length > 0, 'LAC001');
    assert.deepStrictEqual(ds.map(codeOf), ['LAC001']);
    assert.match(ds[0]!.message, /^[\x20-\x7e]+$/, 'printable text only');
    const js = path.join(extension().extensionPath, 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [js, 'lint', '.', '--format', 'json'], { cwd: file('binary'), encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const cli = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; range: { start: { line: number; character: number } } }[] }).findings;
    assert.deepStrictEqual(
      cli.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character} ${f.message}`),
      ds.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character} ${d.message}`),
    );
  });

  it('a connection id with markdown in it stays inline code in the Workspace view tooltip', async () => {
    made.push('hostile-tooltip');
    // What a resource id may hold and the tree still resolves (no parentheses, no placeholders).
    const id = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/x`**evil**`[link]';
    writeOnDisk('hostile-tooltip/host.json', '{"version": "2.0"}\n');
    writeOnDisk('hostile-tooltip/connections.json', JSON.stringify({ managedApiConnections: { hostile: { api: { id: '/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/office365' }, connection: { id }, authentication: { type: 'ManagedServiceIdentity' } } } }, null, 2));
    await api.lintNow?.();
    await settle();
    let node: TreeSnapshotNode | undefined;
    for (let i = 0; i < 100 && !node; i++) {
      node = findNode(await hooks.workspaceTree(), 'hostile');
      if (!node) await sleep(100);
    }
    assert.ok(node, 'the hostile entry in the Workspace view');
    const lines = String(node.tooltip ?? '').split('\n\n');
    assert.ok(lines.includes(markdownCode(id)), `the id as one code span: ${lines.join(' | ')}`);
    assert.ok(!lines.includes(`\`${id}\``), 'not the single-backtick span a backtick in the id closes');
  });

  it('Open in Azure Portal refuses in an untrusted workspace, like the other Azure commands', async () => {
    hooks.setWorkspaceTrust(false);
    try {
      assert.strictEqual(api.azureState?.().kind, 'untrusted');
      assert.strictEqual(await cmd<boolean>('lac.openInPortal', FIXTURE.healthy), false);
      assert.deepStrictEqual(opened, [], 'no browser');
      assert.ok(shown.some((m) => m.severity === 'warning' && /only in trusted workspaces/.test(m.message)), JSON.stringify(shown));
      // The same as Test Connection there.
      shown.length = 0;
      assert.strictEqual(await cmd('lac.testConnection', FIXTURE.healthy), undefined);
      assert.ok(shown.some((m) => /only in trusted workspaces/.test(m.message)), JSON.stringify(shown));
    } finally {
      hooks.setWorkspaceTrust(undefined);
    }
    shown.length = 0;
    assert.strictEqual(await cmd<boolean>('lac.openInPortal', FIXTURE.healthy), true);
    assert.strictEqual(opened.length, 1);
    assert.match(opened[0]!, /^https:\/\/portal\.azure\.com\//);
  });

  describe('Azure on the IPv6 loopback (an emulator this suite starts on [::1])', () => {
    let emu: Emulator;
    const TOKEN = process.env.LAC_ACCESS_TOKEN ?? '';
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-outside-'));
    const PROJECT = 'hostile-keys';

    const writeProject = (local: 'link' | 'file') => {
      fs.rmSync(file(PROJECT), { recursive: true, force: true });
      writeOnDisk(`${PROJECT}/host.json`, '{"version": "2.0"}\n');
      writeOnDisk(
        `${PROJECT}/connections.json`,
        JSON.stringify(
          {
            managedApiConnections: {
              keyvault: {
                api: { id: `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` },
                connection: { id: FIXTURE.keyvaultV2 },
                connectionRuntimeUrl: "@appsetting('keyvault-connectionRuntimeUrl')",
                authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('keyvault-connectionKey')" },
              },
            },
          },
          null,
          2,
        ),
      );
      if (local === 'link') fs.symlinkSync(path.join(outside, 'stolen.settings.json'), file(`${PROJECT}/local.settings.json`));
      else writeOnDisk(`${PROJECT}/local.settings.json`, '{\n  "IsEncrypted": false,\n  "Values": {}\n}\n');
    };
    const target = () => {
      const root = file(PROJECT);
      return { connectionId: FIXTURE.keyvaultV2, name: 'keyvault', workspace: { projectRoot: root, connectionsPath: path.join(root, 'connections.json'), section: 'managedApiConnections', name: 'keyvault' } };
    };

    before(async function () {
      if (!TOKEN) {
        log('      (no LAC_ACCESS_TOKEN: run through `npm run test:integration`)');
        this.skip();
      }
      try {
        emu = await startEmulator({ token: TOKEN, host: '::1' });
      } catch (e) {
        log(`      (no IPv6 loopback here: ${(e as Error).message})`);
        this.skip();
      }
      made.push(PROJECT);
      await vscode.workspace.getConfiguration('lac').update('azure.armEndpoint', emu.url, vscode.ConfigurationTarget.Global);
      await waitFor(`signed in to ${emu.url}`, () => {
        const s = api.azureState?.();
        return s?.kind === 'signed-in' && s.source.includes('[::1]');
      });
    });
    after(async () => {
      await vscode.workspace.getConfiguration('lac').update('azure.armEndpoint', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the harness emulator again', () => {
        const s = api.azureState?.();
        return s?.kind === 'signed-in' && !s.source.includes('[::1]');
      });
      await emu?.close();
      fs.rmSync(outside, { recursive: true, force: true });
    });
    afterEach(() => emu?.clearFaults());

    it('Test Connection reaches the emulator on http://[::1]:PORT', async () => {
      const before = emu.requests.length;
      const r = await cmd<TestConnectionResult>('lac.testConnection', FIXTURE.healthy);
      assert.strictEqual(r.status, 'connected', JSON.stringify(r));
      assert.ok(emu.requests.length > before && emu.requests.slice(before).every((q) => q.tokenOk));
    });

    it('Refresh Connection Key refuses a local.settings.json that links out of the project, before a key is made', async () => {
      writeProject('link');
      await api.lintNow?.();
      const before = emu.requests.length;
      assert.strictEqual(await cmd<RefreshKeyOutcome | undefined>('lac.refreshConnectionKey', target()), undefined);
      assert.ok(shown.some((m) => m.severity === 'error' && /leads outside the project/.test(m.message)), JSON.stringify(shown));
      assert.deepStrictEqual(fs.readdirSync(outside), [], 'nothing created outside the project');
      assert.ok(!emu.requests.slice(before).some((q) => /listConnectionKeys/i.test(q.path)), 'no key was made');
    });

    it('Refresh Connection Key writes the key but not a runtime URL that is not https', async () => {
      writeProject('file');
      await api.lintNow?.();
      emu.fault({ method: 'POST', path: /listConnectionKeys$/i }, { status: 200, body: { connectionKey: 'eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln', runtimeUrls: ['http://attacker.example/apim/keyvault/0123'] } });
      const out = await cmd<RefreshKeyOutcome>('lac.refreshConnectionKey', target());
      assert.deepStrictEqual(out.settings, ['keyvault-connectionKey']);
      const values = JSON.parse(fs.readFileSync(file(`${PROJECT}/local.settings.json`), 'utf8')).Values as Record<string, string>;
      assert.deepStrictEqual(Object.keys(values), ['keyvault-connectionKey']);
      assert.ok(shown.some((m) => /keyvault-connectionRuntimeUrl was not written: the runtime URL Azure returned is not an https URL/.test(m.message)), JSON.stringify(shown));
    });

    it('a raw exception holding the token reaches the output channel redacted', async () => {
      const marker = `boom-${Date.now()}`;
      // A command argument whose reading throws: the command wrapper logs the raw exception.
      const hostile = {
        get name(): string {
          throw new Error(`${marker} Authorization: ${TOKEN} (token ${TOKEN})`);
        },
      };
      await cmd('lac.testConnection', hostile);
      const logFile = hooks.outputLogFile().fsPath;
      const text = await waitFor('the failure in the log file', () => {
        const t = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        return t.includes(marker) ? t : undefined;
      });
      const line = text.split('\n').find((l) => l.includes(marker))!;
      assert.match(line, /Command lac\.testConnection failed/);
      assert.ok(!text.includes(TOKEN), `the token reached the log: ${line}`);
      assert.match(line, /\[redacted\]/);
    });
  });
});

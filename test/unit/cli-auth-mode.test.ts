/**
 * Local authentication modes in the CLI, end to end against the ARM emulator signed in as the
 * fixture developer (DEVELOPER_TOKEN: a token whose claims name them): `lac diagnose <project>`
 * shows the mode and checks access policies by it, `lac connections access list|add`, and
 * `lac project auth-mode <project> msi|keys` (preview, --yes, the emulator recording the PUT
 * bodies, comments kept, nothing written when Azure fails).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { main } from '../../src/cli/main';
import { connectionIdOf, DEVELOPER_TOKEN, FIXTURE, FIXTURE_NAMES, runtimeUrlOf, startEmulator, type Emulator } from '../emulator';

interface Run {
  code: number;
  out: string;
  err: string;
}

const DEV = FIXTURE.subscriptions.contosoDev;
const PUT_BODY = { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: FIXTURE.developerObjectId, tenantId: FIXTURE.tenantId } } } };
const DEV_POLICY = `developer-${FIXTURE.developerObjectId.slice(-8)}`;

const managedApi = (api: string) => `/subscriptions/${DEV}/providers/Microsoft.Web/locations/northeurope/managedApis/${api}`;
const conn = (c: { api: string; id: string; runtimeUrl: string }, auth: string) =>
  `{\n      "api": { "id": "${managedApi(c.api)}" },\n      "connection": { "id": "${c.id}" },\n      "connectionRuntimeUrl": "${c.runtimeUrl}",\n      "authentication": ${auth}\n    }`;
const RAW = (name: string) => `{ "type": "Raw", "scheme": "Key", "parameter": "@appsetting('${name}-connectionKey')" }`;

describe('lac: local authentication modes against the ARM emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const temps: string[] = [];
  const printed: string[] = [];

  async function lac(args: string[], cwd: string): Promise<Run> {
    let out = '';
    let err = '';
    const code = await main(args[0] === 'lint' ? args : [...args, '--arm-endpoint', emu.url], {
      cwd,
      env: { LAC_ACCESS_TOKEN: DEVELOPER_TOKEN, LAC_RETRY_DELAY_MS: '5' },
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s) },
    });
    printed.push(out, err);
    return { code, out, err };
  }

  const fixtureOf = (key: 'blobKey' | 'devOffice365' | 'keyvaultV1') => emu.data.connections.find((c) => connectionIdOf(c) === FIXTURE[key])!;
  const info = (key: 'blobKey' | 'devOffice365' | 'keyvaultV1') => {
    const c = fixtureOf(key);
    return { api: c.api, id: FIXTURE[key], runtimeUrl: runtimeUrlOf(c) };
  };
  /** A key-mode project: blob (V2, no policy for the developer), office (V2, has one), kv (V1); comments everywhere. */
  function keyModeProject(extra: { localSettings?: string | null; designTime?: boolean } = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-authmode-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, 'host.json'), '{ "version": "2.0" }\n');
    fs.writeFileSync(
      path.join(dir, 'connections.json'),
      `{\n  // managed connections of the orders app\n  "managedApiConnections": {\n    "blob": ${conn(info('blobKey'), RAW('blob'))},\n    "office": ${conn(info('devOffice365'), RAW('office'))},\n    "kv": ${conn(info('keyvaultV1'), '{ "type": "ManagedServiceIdentity" }')}\n  }\n}\n`,
    );
    if (extra.localSettings !== null) {
      fs.writeFileSync(
        path.join(dir, 'local.settings.json'),
        extra.localSettings ?? '\ufeff{\r\n  "IsEncrypted": false,\r\n  "Values": {\r\n    // keys for local runs\r\n    "FUNCTIONS_WORKER_RUNTIME": "dotnet",\r\n    "blob-connectionKey": "old-blob-key",\r\n    "office-connectionKey": "old-office-key"\r\n  }\r\n}\r\n',
      );
    }
    if (extra.designTime) {
      fs.mkdirSync(path.join(dir, 'workflow-designtime'));
      fs.writeFileSync(path.join(dir, 'workflow-designtime', 'local.settings.json'), '{\n  "IsEncrypted": false,\n  "Values": { "FUNCTIONS_WORKER_RUNTIME": "node" }\n}\n');
    }
    return dir;
  }
  const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const snapshot = (dir: string) => Object.fromEntries(['connections.json', 'local.settings.json', 'parameters.json'].filter((f) => fs.existsSync(path.join(dir, f))).map((f) => [f, read(dir, f)]));
  const puts = () => emu.requests.filter((r) => r.route === 'accessPolicy' && r.method === 'PUT');

  before(async () => {
    emu = await startEmulator({ token: DEVELOPER_TOKEN });
  });
  afterEach(() => emu.clearFaults());
  after(async () => {
    await emu.close();
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('lac diagnose <project>', () => {
    it('shows the mode; in key mode no identity needs a policy', async () => {
      const dir = keyModeProject();
      const r = await lac(['diagnose', '.', '--no-test'], dir);
      assert.match(r.out, /^\.: local authentication: connection keys \(local\.settings\.json has no WORKFLOWS_AUTHENTICATION_METHOD\)\n/);
      const doc = JSON.parse((await lac(['diagnose', '.', '--no-test', '-f', 'json'], dir)).out) as { localAuthentication: { mode: string }; connections: { name: string; report?: { checks: { id: string; severity: string; detail: string }[] } }[] };
      assert.strictEqual(doc.localAuthentication.mode, 'keys');
      const acl = doc.connections.find((c) => c.name === 'blob')!.report!.checks.find((c) => c.id === 'access-policies')!;
      assert.deepStrictEqual([acl.severity, acl.detail], ['info', 'No identity policy is checked: it authenticates with a connection key, which needs no access policy.']);
    });

    it('in managed-identity mode, managed-identity entries are checked against you', async () => {
      const dir = keyModeProject({ localSettings: '{ "Values": { "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity" } }' });
      fs.writeFileSync(path.join(dir, 'connections.json'), `{ "managedApiConnections": { "blob": ${conn(info('blobKey'), '{ "type": "ManagedServiceIdentity" }')}, "office": ${conn(info('devOffice365'), '{ "type": "ManagedServiceIdentity" }')} } }`);
      const doc = JSON.parse((await lac(['diagnose', '.', '--no-test', '-f', 'json'], dir)).out) as { localAuthentication: { mode: string }; connections: { name: string; report: { checks: { id: string; severity: string; detail: string }[] } }[] };
      assert.strictEqual(doc.localAuthentication.mode, 'msi');
      const acl = (n: string) => doc.connections.find((c) => c.name === n)!.report.checks.find((c) => c.id === 'access-policies')!;
      assert.strictEqual(acl('office').severity, 'ok');
      assert.strictEqual(acl('blob').severity, 'error');
      assert.match(acl('blob').detail, /none for you, developer@contoso\.com \(object id de7e1000-/);
    });

    it('unknown without local.settings.json', async () => {
      const dir = keyModeProject({ localSettings: null });
      const r = await lac(['diagnose', '.', '--no-test', '-f', 'markdown'], dir);
      assert.match(r.out, /Local authentication: unknown \\\(there is no local\.settings\.json \\\(it is usually not committed\\\)\\\)/);
    });
  });

  describe('lac connections access', () => {
    it('list; add for you (the official body, at 2016-06-01, named as the official extension names it); again: nothing sent', async () => {
      const cwd = os.tmpdir();
      const listed = await lac(['connections', 'access', 'list', FIXTURE.devOffice365], cwd);
      assert.strictEqual(listed.code, 0, listed.err);
      assert.match(listed.out, /^office365-dev: 1 access policy\n {2}developer {2}object id de7e1000-/);
      const before = puts().length;
      const name = 'azureblob-key';
      const added = await lac(['connections', 'access', 'add', name], cwd);
      assert.strictEqual(added.code, 0, added.err);
      assert.strictEqual(added.out, `azureblob-key: added access policy "${DEV_POLICY}" for you (developer@contoso.com), object id ${FIXTURE.developerObjectId} (tenant ${FIXTURE.tenantId})\n`);
      const put = puts().slice(before);
      assert.strictEqual(put.length, 1);
      assert.deepStrictEqual([put[0]!.path, put[0]!.query['api-version'], put[0]!.body], [`${FIXTURE.blobKey}/accessPolicies/${DEV_POLICY}`, '2016-06-01', PUT_BODY]);
      const again = await lac(['connections', 'access', 'add', FIXTURE.blobKey, '-f', 'json'], cwd);
      assert.deepStrictEqual([again.code, (JSON.parse(again.out) as { added: boolean }).added], [0, false]);
      assert.strictEqual(puts().length, before + 1, 'nothing sent the second time');
    });

    it('add for another identity with --object-id, --tenant and --name', async () => {
      const oid = 'b6b6b6b6-0000-4000-8000-00000000000b';
      const r = await lac(['connections', 'access', 'add', FIXTURE.blobKey, '--object-id', oid, '--tenant', FIXTURE.tenantId, '--name', 'la-orders-uai'], os.tmpdir());
      assert.strictEqual(r.code, 0, r.err);
      const put = puts().pop()!;
      assert.deepStrictEqual([put.path, put.body], [`${FIXTURE.blobKey}/accessPolicies/la-orders-uai`, { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: oid, tenantId: FIXTURE.tenantId } } } }]);
    });

    it('V1: a clear one-line error, nothing sent; bad ids are usage errors', async () => {
      const before = puts().length;
      const r = await lac(['connections', 'access', 'add', FIXTURE.keyvaultV1], os.tmpdir());
      assert.deepStrictEqual([r.code, r.out], [2, '']);
      assert.match(r.err, /^lac: keyvault-v1 is a V1 connection: V1 connections have no access policies .*\n$/);
      assert.strictEqual(puts().length, before);
      assert.match((await lac(['connections', 'access', 'add', FIXTURE.blobKey, '--object-id', 'me'], os.tmpdir())).err, /--object-id needs a GUID/);
      assert.match((await lac(['connections', 'access', 'remove', FIXTURE.blobKey], os.tmpdir())).err, /unknown action "remove"/);
    });
  });

  describe('lac project auth-mode', () => {
    beforeEach(() => {
      // A fresh developer-less blob connection for every case.
      fixtureOf('blobKey').accessPolicies = [];
    });

    it('msi, preview: says what changes (files and Azure) and writes nothing', async () => {
      const dir = keyModeProject({ designTime: true });
      const before = snapshot(dir);
      const designBefore = read(dir, 'workflow-designtime/local.settings.json');
      const n = puts().length;
      const r = await lac(['project', 'auth-mode', '.', 'msi'], dir);
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(r.out.split('\n').filter(Boolean), [
        '.: local authentication connection keys → managed identity',
        '  connections.json: "blob": a connection key (Raw) → ManagedServiceIdentity',
        '  connections.json: "office": a connection key (Raw) → ManagedServiceIdentity',
        '  local.settings.json: set WORKFLOWS_AUTHENTICATION_METHOD = "managedServiceIdentity"',
        '  workflow-designtime/local.settings.json: set WORKFLOWS_AUTHENTICATION_METHOD = "managedServiceIdentity"',
        '  local.settings.json: remove blob-connectionKey (no connection reads a key in managed-identity mode)',
        '  local.settings.json: remove office-connectionKey (no connection reads a key in managed-identity mode)',
        `  Azure: "blob": add access policy "${DEV_POLICY}" for you (developer@contoso.com, object id ${FIXTURE.developerObjectId})`,
        '  Azure: "kv": a V1 connection: V1 connections have no access policies (Standard needs V2: LAC062)',
        '  Azure: "office": you already have access policy "developer"',
        'Nothing was written: run again with --yes to apply.',
      ]);
      assert.deepStrictEqual(snapshot(dir), before);
      assert.strictEqual(read(dir, 'workflow-designtime/local.settings.json'), designBefore);
      assert.strictEqual(puts().length, n, 'no PUT in a preview');
      assert.ok(!r.out.includes('old-blob-key'));
    });

    it('msi --yes: the policy is created (the emulator records the official body), files rewritten with comments, BOM and CRLF kept', async () => {
      const dir = keyModeProject({ designTime: true });
      const n = puts().length;
      const r = await lac(['project', 'auth-mode', '.', 'msi', '--yes'], dir);
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.out, /Azure: "blob": add access policy .* \(done\)\n/);
      const put = puts().slice(n);
      assert.deepStrictEqual(put.map((p) => [p.path, p.query['api-version'], p.body]), [[`${FIXTURE.blobKey}/accessPolicies/${DEV_POLICY}`, '2016-06-01', PUT_BODY]]);
      const connections = read(dir, 'connections.json');
      assert.ok(connections.includes('// managed connections of the orders app'));
      assert.ok(!fs.existsSync(path.join(dir, 'parameters.json')), 'no file the switch does not need');
      const parsed = parseJsonc(connections) as { managedApiConnections: Record<string, { authentication: unknown }> };
      assert.deepStrictEqual(Object.values(parsed.managedApiConnections).map((e) => e.authentication), [{ type: 'ManagedServiceIdentity' }, { type: 'ManagedServiceIdentity' }, { type: 'ManagedServiceIdentity' }]);
      const settings = read(dir, 'local.settings.json');
      assert.ok(settings.startsWith('\ufeff{\r\n') && settings.includes('// keys for local runs') && !/(^|[^\r])\n/.test(settings), JSON.stringify(settings));
      const values = (parseJsonc(settings.slice(1)) as { Values: Record<string, string> }).Values;
      assert.deepStrictEqual(values, { FUNCTIONS_WORKER_RUNTIME: 'dotnet', WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' });
      assert.strictEqual((parseJsonc(read(dir, 'workflow-designtime/local.settings.json')) as { Values: Record<string, string> }).Values.WORKFLOWS_AUTHENTICATION_METHOD, 'managedServiceIdentity');
      // Linting the result: no managed-identity warning (LAC013), no leftover key (LAC050).
      const lint = await lac(['lint', '.', '--format', 'json'], dir);
      const ids = (JSON.parse(lint.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('LAC013') && !ids.includes('LAC050'), ids.join(','));
    });

    it('msi --yes when Azure refuses the policy: exit 1, no file written', async () => {
      const dir = keyModeProject();
      const before = snapshot(dir);
      emu.fault({ method: 'PUT', path: /\/accessPolicies\// }, { status: 403 });
      const r = await lac(['project', 'auth-mode', '.', 'msi', '--yes'], dir);
      assert.strictEqual(r.code, 1);
      assert.match(r.out, /Azure: "blob": add access policy .*\(FAILED: forbidden: .*\)\n[\s\S]*An Azure step failed: no file of the project was written\.\n$/);
      assert.deepStrictEqual(snapshot(dir), before);
    });

    it('keys --yes: the setting goes, managed-identity entries read a key again, keys are fetched (never printed)', async () => {
      const dir = keyModeProject({ localSettings: '{\n  "Values": {\n    "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"\n  }\n}\n' });
      fs.writeFileSync(path.join(dir, 'connections.json'), `{ "managedApiConnections": { "blob": ${conn(info('blobKey'), '{ "type": "ManagedServiceIdentity" }')} } }\n`);
      const preview = await lac(['project', 'auth-mode', '.', 'keys'], dir);
      assert.match(preview.out, /Azure: "blob": fetch a connection key \(7 days\) into blob-connectionKey\n/);
      assert.match(preview.out, /note: Deployments that copy connections\.json as it is would then use connection keys in Azure too/);
      const n = emu.requests.filter((x) => x.route === 'listConnectionKeys').length;
      const r = await lac(['project', 'auth-mode', '.', 'keys', '--yes'], dir);
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(emu.requests.filter((x) => x.route === 'listConnectionKeys').length, n + 1);
      const values = (parseJsonc(read(dir, 'local.settings.json')) as { Values: Record<string, string> }).Values;
      assert.deepStrictEqual(Object.keys(values), ['blob-connectionKey']);
      assert.match(values['blob-connectionKey']!, /^ey/);
      assert.ok(!printed.some((p) => p.includes(values['blob-connectionKey']!)), 'the key is never printed');
      const entry = (parseJsonc(read(dir, 'connections.json')) as { managedApiConnections: { blob: { authentication: unknown } } }).managedApiConnections.blob;
      assert.deepStrictEqual(entry.authentication, { type: 'Raw', scheme: 'Key', parameter: "@appsetting('blob-connectionKey')" });
    });

    it('usage: a mode that is not one, files with syntax errors', async () => {
      const dir = keyModeProject();
      assert.match((await lac(['project', 'auth-mode', '.', 'oauth'], dir)).err, /^lac: lac project auth-mode: "oauth" is not a mode \(msi or keys\)\n$/);
      fs.writeFileSync(path.join(dir, 'local.settings.json'), '{ "Values": { ');
      const r = await lac(['project', 'auth-mode', '.', 'msi'], dir);
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /cannot switch \.: local\.settings\.json cannot be edited: it has syntax errors/);
    });
  });

  it('no output holds the token', () => {
    for (const p of printed) assert.ok(!p.includes(DEVELOPER_TOKEN.split('.')[1]!), p);
    assert.ok(FIXTURE_NAMES.blobKey === 'azureblob-key');
  });
});

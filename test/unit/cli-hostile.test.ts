/**
 * `lac` on hostile and odd input, through `main(argv, io)` on real files in temporary folders:
 * binary and non-UTF-8 files, symbolic links that lead out of the project (`--fix` and
 * `connections keys refresh` never write through them), and a runtime URL from Azure that is not
 * https (never written).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { FIXTURE, startEmulator, type Emulator } from '../emulator';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function lac(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd,
    env,
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (err += s) },
  });
  return { code, out, err };
}

const temps: string[] = [];
function temp(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lac-hostile-')));
  temps.push(dir);
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
}

/** Every file under a folder with its bytes (links as `-> target`, not followed). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (e.isDirectory()) walk(full);
      else out[rel] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** A one-line error, exit 2. */
function refused(r: Run, re: RegExp): void {
  assert.strictEqual(r.code, 2, `exit ${r.code}: ${r.err}`);
  assert.match(r.err, /^lac: [^\n]+\n$/);
  assert.match(r.err, re);
}

/** A service bus connection string written in connections.json: LAC030's preferred fix moves it to local.settings.json. */
const SECRET = 'Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0LWtleS1ub3QtZm9yLWFueW9uZS0xMjM0NTY=';
const WITH_SECRET = {
  'host.json': '{"version": "2.0"}\n',
  'connections.json': JSON.stringify({ serviceProviderConnections: { serviceBus: { parameterValues: { connectionString: SECRET }, serviceProvider: { id: '/serviceProviders/serviceBus' } } } }, null, 2),
};

describe('lac on hostile input', () => {
  describe('binary and non-UTF-8 files', () => {
    it('a binary workflow.json: exactly one LAC001, without the bytes in the message (text and json)', async () => {
      const dir = temp();
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64), Buffer.from([0xff, 0xfe, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x07])]);
      write(dir, { 'host.json': '{}', 'orders/workflow.json': elf });
      const json = await lac(['lint', '.', '--format', 'json'], dir);
      assert.strictEqual(json.code, 1, json.err);
      const findings = (JSON.parse(json.out) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
      assert.deepStrictEqual(
        findings.map((f) => `${f.ruleId} ${f.file}`),
        ['LAC001 orders/workflow.json'],
      );
      assert.match(findings[0]!.message, /^[\x20-\x7e]+$/, 'printable ASCII only');
      assert.match(findings[0]!.message, /not UTF-8 JSON text/);
      const text = await lac(['lint', '.'], dir);
      assert.ok(![...text.out].some((c) => c !== "\n" && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)), "no control character reaches the terminal");
    });

    it('a Windows-1252 workflow.json: one LAC001 warning, and --fix leaves it alone', async () => {
      const dir = temp();
      const wf = Buffer.concat([Buffer.from('{"definition": {"actions": {}, "description": "Caf'), Buffer.from([0xe9]), Buffer.from('"}, "kind": "Stateful"}\n')]);
      write(dir, { 'host.json': '{}', 'orders/workflow.json': wf });
      const before = snapshot(dir);
      const r = await lac(['lint', '.', '--format', 'json', '--fix'], dir);
      const findings = (JSON.parse(r.out) as { findings: { ruleId: string; severity: string }[] }).findings;
      assert.deepStrictEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['LAC001 warning']);
      assert.deepStrictEqual(snapshot(dir), before, 'the bytes are kept');
    });
  });

  describe('--fix never writes outside the project', () => {
    it('a dangling local.settings.json link to outside: refused, exit 2, nothing written anywhere', async () => {
      const dir = temp();
      const outside = temp();
      write(dir, WITH_SECRET);
      fs.symlinkSync(path.join(outside, 'stolen.json'), path.join(dir, 'local.settings.json'));
      const before = snapshot(dir);
      const r = await lac(['lint', '.', '--fix'], dir);
      refused(r, /local\.settings\.json is a symbolic link to .*stolen\.json, outside its project/);
      assert.deepStrictEqual(fs.readdirSync(outside), [], 'no file created outside the project');
      assert.deepStrictEqual(snapshot(dir), before, 'connections.json kept its secret: no half-done fix');
      // Without --fix the link changes nothing: the finding is reported as usual.
      const lint = await lac(['lint', '.'], dir);
      assert.strictEqual(lint.code, 1);
      assert.match(lint.out, /LAC030/);
    });

    it('a local.settings.json link to an existing file outside: that file is untouched, the secret stays reported', async () => {
      const dir = temp();
      const outside = temp();
      write(outside, { 'shared.settings.json': '{\n  "IsEncrypted": false,\n  "Values": {}\n}\n' });
      write(dir, WITH_SECRET);
      fs.symlinkSync(path.join(outside, 'shared.settings.json'), path.join(dir, 'local.settings.json'));
      const outsideBefore = snapshot(outside);
      const before = snapshot(dir);
      const r = await lac(['lint', '.', '--fix'], dir);
      assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}`);
      assert.deepStrictEqual(snapshot(outside), outsideBefore);
      assert.deepStrictEqual(snapshot(dir), before);
      if (r.code === 1) assert.match(r.out, /LAC030/);
    });

    it('a project file named on the command line that links outside, and a chain of links: refused', async () => {
      const dir = temp();
      const outside = temp();
      write(outside, { 'connections.json': '{\n  "managedApiConnections": {},\n}\n' });
      write(dir, { 'host.json': '{}' });
      fs.symlinkSync(path.join(outside, 'connections.json'), path.join(dir, 'connections.json'));
      const outsideBefore = snapshot(outside);
      refused(await lac(['lint', 'connections.json', '--fix'], dir), /connections\.json is a symbolic link to .*connections\.json, outside its project \(the current folder\); nothing was written/);
      assert.deepStrictEqual(snapshot(outside), outsideBefore);

      const dir2 = temp();
      write(dir2, WITH_SECRET);
      fs.symlinkSync(path.join(dir2, 'hop.json'), path.join(dir2, 'local.settings.json'));
      fs.symlinkSync(path.join(outside, 'far.json'), path.join(dir2, 'hop.json'));
      refused(await lac(['lint', '.', '--fix'], dir2), /local\.settings\.json is a symbolic link to .*far\.json/);
      assert.ok(!fs.existsSync(path.join(outside, 'far.json')));
    });

    it('a loop of links: refused', async () => {
      const dir = temp();
      write(dir, WITH_SECRET);
      fs.symlinkSync(path.join(dir, 'b.json'), path.join(dir, 'local.settings.json'));
      fs.symlinkSync(path.join(dir, 'local.settings.json'), path.join(dir, 'b.json'));
      refused(await lac(['lint', '.', '--fix'], dir), /loop of symbolic links/);
    });

    it('a link that stays inside the project is written through', async () => {
      const dir = temp();
      write(dir, WITH_SECRET);
      fs.mkdirSync(path.join(dir, 'settings'));
      fs.symlinkSync(path.join(dir, 'settings', 'local.json'), path.join(dir, 'local.settings.json'));
      const r = await lac(['lint', '.', '--fix'], dir);
      assert.notStrictEqual(r.code, 2, r.err);
      assert.match(fs.readFileSync(path.join(dir, 'settings', 'local.json'), 'utf8'), /serviceBus_connectionString/);
      assert.ok(fs.lstatSync(path.join(dir, 'local.settings.json')).isSymbolicLink(), 'the link is kept');
      assert.ok(!fs.readFileSync(path.join(dir, 'connections.json'), 'utf8').includes(SECRET));
    });
  });

  describe('Azure commands against the emulator', function () {
    this.timeout(30_000);
    const TOKEN = 'lac-hostile-token-7d1c';
    let emu: Emulator;
    before(async () => {
      emu = await startEmulator({ token: TOKEN });
    });
    afterEach(() => emu.clearFaults());
    after(() => emu.close());

    const project = (): string => {
      const dir = temp();
      write(dir, {
        'host.json': '{}',
        'connections.json': JSON.stringify({
          managedApiConnections: {
            keyvault: {
              api: { id: `/subscriptions/${FIXTURE.subscriptions.contosoProd}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` },
              connection: { id: FIXTURE.keyvaultV2 },
              connectionRuntimeUrl: "@appsetting('keyvault-connectionRuntimeUrl')",
              authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('keyvault-connectionKey')" },
            },
          },
        }),
      });
      return dir;
    };
    const refresh = (dir: string) => lac(['connections', 'keys', 'refresh', '.', 'keyvault', '--arm-endpoint', emu.url], dir, { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '5' });

    it('a local.settings.json link to outside: refused before a key is made', async () => {
      const dir = project();
      const outside = temp();
      fs.symlinkSync(path.join(outside, 'local.settings.json'), path.join(dir, 'local.settings.json'));
      const calls = emu.requests.length;
      refused(await refresh(dir), /local\.settings\.json is a symbolic link to .*, outside its project/);
      assert.deepStrictEqual(fs.readdirSync(outside), []);
      assert.ok(!emu.requests.slice(calls).some((r) => /listConnectionKeys/i.test(r.path)), 'no key was made');
    });

    it('a runtime URL from Azure that is not https is not written (the key is)', async () => {
      const dir = project();
      emu.fault({ method: 'POST', path: /listConnectionKeys$/i }, { status: 200, body: { connectionKey: 'eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln', runtimeUrls: ['http://attacker.example/apim/keyvault/0123'] } });
      const r = await refresh(dir);
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.err, /^lac: warning: keyvault-connectionRuntimeUrl not written: the runtime URL Azure returned must use https, not http: "http:\/\/attacker\.example\/apim\/keyvault\/0123"\.\n$/);
      const values = JSON.parse(fs.readFileSync(path.join(dir, 'local.settings.json'), 'utf8')).Values as Record<string, string>;
      assert.deepStrictEqual(Object.keys(values), ['keyvault-connectionKey']);
      assert.match(r.out, /\(keyvault-connectionKey\)/);
    });

    it('--arm-endpoint http://[::1]:PORT (IPv6 loopback, allowed like 127.0.0.1) reaches the emulator bound on ::1', async () => {
      const v6 = await startEmulator({ token: TOKEN, host: '::1' });
      try {
        assert.match(v6.url, /^http:\/\/\[::1\]:\d+$/);
        const r = await lac(['connections', 'list', '--format', 'json', '--arm-endpoint', v6.url], temp(), { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '5' });
        assert.strictEqual(r.code, 0, r.err);
        const names = (JSON.parse(r.out) as { connections: { name: string }[] }).connections.map((c) => c.name);
        assert.ok(names.includes('keyvault-prod'), names.join(', '));
        assert.ok(v6.requests.length > 0 && v6.requests.every((q) => q.tokenOk), 'the token went to [::1]');
        // A non-loopback IPv6 literal over http is refused as before (no token leaves over http).
        const far = await lac(['connections', 'list', '--arm-endpoint', 'http://[2001:db8::1]:8080'], temp(), { LAC_ACCESS_TOKEN: TOKEN });
        refused(far, /plain http is allowed only to loopback/);
      } finally {
        await v6.close();
      }
    });

    it('a short token echoed back by the server is redacted from the error line and from JSON', async () => {
      const short = 'tk7';
      const shortEmu = await startEmulator({ token: short });
      const echo = { error: { code: 'InvalidAuthenticationToken', message: `The access token '${short}' is invalid (token ${short}).` } };
      try {
        shortEmu.fault({ path: /./ }, { status: 401, body: echo });
        const env = { LAC_ACCESS_TOKEN: short, LAC_RETRY_DELAY_MS: '5' };
        const list = await lac(['connections', 'list', '--arm-endpoint', shortEmu.url], temp(), env);
        assert.strictEqual(list.code, 2);
        assert.match(list.err, /InvalidAuthenticationToken|not valid|invalid/i);
        const test = await lac(['connections', 'test', FIXTURE.keyvaultV2, '--format', 'json', '--arm-endpoint', shortEmu.url], temp(), env);
        for (const out of [list.out, list.err, test.out, test.err]) {
          assert.ok(!new RegExp(`\\b${short}\\b`).test(out), `the token reached the output: ${out}`);
        }
        assert.match(list.err + test.out + test.err, /\[redacted\]/);
      } finally {
        await shortEmu.close();
      }
    });

    it('an https runtime URL from Azure is written', async () => {
      const dir = project();
      const r = await refresh(dir);
      assert.strictEqual(r.code, 0, r.err);
      const values = JSON.parse(fs.readFileSync(path.join(dir, 'local.settings.json'), 'utf8')).Values as Record<string, string>;
      assert.match(values['keyvault-connectionRuntimeUrl'] ?? '', /^https:\/\//);
    });
  });
});

/**
 * The built `dist/cli.js` and Azure: `lac lint` runs none of the bundled Azure SDK (it requires
 * none of the Node modules the SDK needs at load: http, https, tls, net, zlib), an Azure command
 * does; `lac connections list` against the ARM emulator exits on its own (no handle left open).
 * Builds first (scripts/build.mjs).
 */
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startEmulator, type Emulator } from '../emulator';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.resolve(__dirname, '../fixtures/cli');
const TOKEN = 'lac-process-RECOGNISABLE-token-9e8d7c6b';
/** Node modules the bundled Azure SDK requires when it initialises; linting needs none of them. */
const SDK_BUILTINS = ['http', 'https', 'node:http', 'node:https', 'tls', 'net', 'zlib', 'node:zlib'];

interface ProcessRun {
  code: number | null;
  out: string;
  err: string;
  requires: string[];
  ms: number;
}

describe('lac (dist/cli.js) and Azure', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let hook: string;
  let dir: string;

  /** Run the built CLI asynchronously (the emulator lives in this process), recording its requires. */
  function run(args: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
    const started = Date.now();
    const requiresFile = path.join(dir, `requires-${Math.random().toString(36).slice(2)}.json`);
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-r', hook, CLI, ...args],
        {
          cwd: FIXTURES,
          encoding: 'utf8',
          timeout: 30_000,
          env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LAC_REQUIRES_FILE: requiresFile, LAC_RETRY_DELAY_MS: '5', ...env },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          const requires = fs.existsSync(requiresFile) ? (JSON.parse(fs.readFileSync(requiresFile, 'utf8')) as string[]) : [];
          resolve({ code, out: stdout, err: stderr, requires, ms: Date.now() - started });
        },
      );
    });
  }

  before(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-azure-process-'));
    hook = path.join(dir, 'hook.js');
    fs.writeFileSync(
      hook,
      `const Module = require('module');
       const seen = new Set();
       const original = Module.prototype.require;
       Module.prototype.require = function (id) { seen.add(id); return original.apply(this, arguments); };
       process.on('exit', () => require('fs').writeFileSync(process.env.LAC_REQUIRES_FILE, JSON.stringify([...seen].sort())));
      `,
    );
    emu = await startEmulator({ token: TOKEN });
  });
  after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lac lint and lac rules run none of the bundled Azure SDK; an Azure command does', async () => {
    for (const args of [['lint', 'clean'], ['rules'], ['--help']]) {
      const r = await run(args);
      assert.strictEqual(r.code, 0, r.err);
      assert.ok(r.requires.length > 0, 'the hook recorded the requires');
      const sdk = r.requires.filter((m) => SDK_BUILTINS.includes(m));
      assert.deepStrictEqual(sdk, [], `${args.join(' ')} required ${sdk.join(', ')}`);
    }
    const azure = await run(['connections', 'list', '--auth', 'env']);
    assert.strictEqual(azure.code, 2);
    assert.strictEqual(azure.err, 'lac: not signed in: LAC_ACCESS_TOKEN is not set (--auth env)\n');
    assert.ok(azure.requires.includes('https') || azure.requires.includes('node:https'), azure.requires.join(', '));
  });

  it('lac connections list against the emulator: JSON, exit 0, and the process ends on its own', async () => {
    const r = await run(['connections', 'list', '--format', 'json', '--subscription', 'fab00003-0000-4000-8000-000000000003'], {
      LAC_ACCESS_TOKEN: TOKEN,
      LAC_ARM_ENDPOINT: emu.url,
    });
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.err, '');
    const doc = JSON.parse(r.out) as { connections: { subscriptionId: string }[] };
    assert.strictEqual(doc.connections.length, emu.data.connections.filter((c) => c.subscriptionId === 'fab00003-0000-4000-8000-000000000003').length);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.ok(!r.out.includes(TOKEN) && !r.err.includes(TOKEN));
  });

  it('an Azure error is one line with exit 2, never a stack trace', async () => {
    const r = await run(['connections', 'test', '/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Web/connections/x'], {
      LAC_ACCESS_TOKEN: 'a-wrong-token-for-the-emulator',
      LAC_ARM_ENDPOINT: emu.url,
    });
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /^lac: not signed in: [^\n]+\n$/);
    assert.ok(!r.err.includes('a-wrong-token-for-the-emulator'));
  });
});

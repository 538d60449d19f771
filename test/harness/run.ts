/**
 * Run extension tests inside a real VS Code (code-server's workbench in headless Chromium).
 *
 *   node --import tsx test/harness/run.ts [options]
 *
 *   --tests <file>        compiled tests module exporting run() (default out/test/integration/index.js)
 *   --workspace <dir>     folder to open; a per-run copy is opened (default test/fixtures/workspace)
 *   --in-place            open the workspace folder itself instead of a copy
 *   --extension <dir>     extensionDevelopmentPath (default: the repository)
 *   --vsix <file>         install this VSIX with --install-extension instead of loading a folder
 *   --timeout <seconds>   whole run, server start to exit code (default 300)
 *   --env KEY=VALUE       environment for the extension host (repeatable)
 *   --grep <pattern>      only tests whose title matches (LAC_TEST_GREP)
 *   --label <name>        run folder label (default integration)
 *   --keep                keep .vscode-test/runs/<id>/ even when the tests pass
 *   --emulator            start the local ARM emulator (test/emulator, fake Azure) first and give the
 *                         extension host LAC_ARM_ENDPOINT + LAC_ACCESS_TOKEN for it (the Azure suites)
 *
 * Mocha's output streams to stdout; the exit code is the tests' (0 passed, 1 failed or timed out,
 * 2 the harness could not start). On failure the run folder keeps screenshot.png, server.log,
 * browser-console.log and the extension host logs (user-data/logs/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Emulator } from '../emulator';
import { FIXTURE_WORKSPACE, INTEGRATION_INDEX, ROOT, rel } from './paths';
import { MissingPrerequisite } from './prerequisites';
import { onCleanup } from './processes';
import { openSession, type Session } from './session';

/** Marks the extension host's console lines among the workbench's (see test/integration/index.ts). */
export const LOG_MARK = '\u2063LAC\u2063';

interface Options {
  tests: string;
  workspace: string;
  inPlace: boolean;
  extension: string;
  vsix?: string;
  timeout: number;
  env: Record<string, string>;
  label: string;
  keep: boolean;
  emulator: boolean;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = {
    tests: INTEGRATION_INDEX,
    workspace: FIXTURE_WORKSPACE,
    inPlace: false,
    extension: ROOT,
    timeout: Number(process.env.LAC_TEST_TIMEOUT ?? 300),
    env: {},
    label: 'integration',
    keep: false,
    emulator: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--tests': o.tests = val(); break;
      case '--workspace': o.workspace = val(); break;
      case '--in-place': o.inPlace = true; break;
      case '--extension': o.extension = val(); break;
      case '--vsix': o.vsix = val(); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--grep': o.env.LAC_TEST_GREP = val(); break;
      case '--label': o.label = val(); break;
      case '--keep': o.keep = true; break;
      case '--emulator': o.emulator = true; break;
      case '--env': {
        const kv = val();
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`--env wants KEY=VALUE, got ${kv}`);
        o.env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '-h':
      case '--help':
        console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a} (see --help)`);
    }
  }
  if (!(o.timeout > 0)) throw new Error('--timeout wants seconds');
  return o;
}

export async function runTests(o: Options): Promise<number> {
  const t0 = Date.now();
  const secs = (t = t0) => ((Date.now() - t) / 1000).toFixed(1);
  if (!fs.existsSync(o.tests)) {
    console.error(`[harness] no tests module at ${rel(o.tests)}: run \`npm run build:tests\` first`);
    return 2;
  }
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (resolveExit = r));
  // The workbench sends its own log lines to codeAutomationLog too; the test index marks the
  // extension host's console (mocha) with LOG_MARK so only that goes to stdout.
  const automationLog: string[] = [];
  let testOutput = false;
  const out = (level: string, message: unknown) => {
    const text = Array.isArray(message) ? format(...(message as [unknown, ...unknown[]])) : typeof message === 'string' ? message : format(message);
    const at = text.indexOf(LOG_MARK);
    if (at >= 0) {
      testOutput = true;
      process.stdout.write(text.slice(at + LOG_MARK.length) + '\n');
    } else {
      automationLog.push(`[${level}] ${text}`);
    }
  };
  // The local ARM emulator (in this process, on 127.0.0.1): the extension host reaches it through
  // LAC_ARM_ENDPOINT + LAC_ACCESS_TOKEN, which the extension honours only for a loopback endpoint.
  let emulator: Emulator | undefined;
  const env: Record<string, string> = { LAC_TEST_FIXTURES: path.join(ROOT, 'test', 'fixtures') };
  if (o.emulator) {
    // The developer's token (its claims name the fixture developer): the extension knows who is
    // signed in, as with a real sign-in (access policies for local managed-identity runs).
    const { startEmulator, DEVELOPER_TOKEN } = await import('../emulator');
    emulator = await startEmulator({ token: DEVELOPER_TOKEN });
    const emu = emulator;
    onCleanup(() => emu.close());
    Object.assign(env, { LAC_ARM_ENDPOINT: emulator.url, LAC_ACCESS_TOKEN: DEVELOPER_TOKEN });
    console.log(`[harness] local ARM emulator (fake Azure, test/emulator) on ${emulator.url}`);
  }
  let session: Session | undefined;
  try {
    session = await openSession({
      label: o.label,
      workspace: o.workspace,
      copyWorkspace: !o.inPlace,
      extensionPath: o.vsix ? undefined : o.extension,
      vsix: o.vsix,
      testsPath: o.tests,
      env: { LAC_TEST_COLOR: process.stdout.isTTY ? '1' : '', LAC_TEST_LOG_MARK: LOG_MARK, ...env, ...o.env },
      browser: {
        expose: {
          // The workbench forwards the extension host's console here when it runs a test payload…
          codeAutomationLog: (level: string, message: unknown) => out(level, message),
          // …and the tests' result (0/1) here.
          codeAutomationExit: (code: number) => resolveExit(Number(code)),
        },
      },
    });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    console.error(`[harness] ${e instanceof MissingPrerequisite ? '' : 'could not start: '}${msg}`);
    await emulator?.close();
    return 2;
  }
  const { page, note } = session.browser!;
  const tServer = secs();
  console.log(`[harness] run ${session.dirs.id}: code-server ${session.server.origin} ready in ${tServer} s; opening the workbench`);
  note(`[harness] ${session.url}`);
  const tNav = Date.now();
  page
    .waitForSelector('.monaco-workbench', { timeout: o.timeout * 1000 })
    .then(() => console.log(`[harness] workbench ready in ${secs(tNav)} s`))
    .catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), o.timeout * 1000)));
  let code: number;
  try {
    await page.goto(session.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const r = await Promise.race([exited, timedOut]);
    if (r === 'timeout') {
      console.error(`[harness] timed out after ${o.timeout} s without an exit code from the tests`);
      code = 1;
    } else {
      code = r;
      console.log(`[harness] tests exited with ${code} at ${secs()} s`);
    }
  } catch (e) {
    console.error(`[harness] ${(e as Error).message}`);
    code = 1;
  } finally {
    clearTimeout(timer);
  }
  fs.writeFileSync(`${session.dirs.root}/automation.log`, automationLog.join('\n') + '\n');
  if (code !== 0) {
    // Why the tests could not run at all (module not found, activation failed…) is only in the workbench log.
    const errors = automationLog.filter((l) => /^\[(error|warn)\]/.test(l) && !/open-vsx|Failed to load resource/.test(l));
    if (errors.length && !testOutput) console.error(`[harness] workbench errors:\n${errors.slice(-20).join('\n')}`);
  }
  await session.finish(code === 0, { keep: o.keep });
  if (emulator) {
    console.log(`[harness] ARM emulator answered ${emulator.requests.length} request(s)`);
    await emulator.close();
  }
  console.log(`[harness] ${code === 0 ? 'passed' : 'FAILED'} (exit ${code}) in ${secs()} s`);
  return code;
}

if (require.main === module) {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[harness] ${(e as Error).message}`);
    process.exit(2);
  }
  runTests(opts).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`[harness] ${(e as Error).stack ?? e}`);
      process.exit(2);
    },
  );
}

/**
 * Entry of the integration tests inside the VS Code extension host (the extensionTestsPath
 * contract shared by @vscode/test-electron and test/harness/run.ts): `run()` builds a Mocha
 * instance, adds the suite files and rejects when anything failed.
 *
 * Bundled by scripts/build-tests.mjs to out/test/integration/index.js, each suite to
 * out/test/integration/suites/<name>.test.js (`vscode` and `mocha` stay external).
 *
 * Environment (passed through the launcher to the extension host):
 *   LAC_TEST_GREP     only tests whose full title matches this regular expression
 *   LAC_TEST_COLOR    "1" for coloured mocha output
 *   LAC_TEST_TIMEOUT_MS  per-test timeout (default 60000)
 *   LAC_TEST_LOG_MARK set by test/harness/run.ts: prefix of our console lines
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';

export async function run(): Promise<void> {
  const mod = require('mocha');
  const Mocha = (mod.default ?? mod) as typeof import('mocha');
  // Under test/harness/run.ts the workbench mixes its own log lines into the channel that carries
  // the extension host's console; mark the reporter's lines so the launcher prints only those.
  // (console.* itself cannot be wrapped: VS Code pins it in the extension host.)
  const mark = process.env.LAC_TEST_LOG_MARK;
  if (mark) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(mark + format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.LAC_TEST_COLOR === '1',
    timeout: Number(process.env.LAC_TEST_TIMEOUT_MS ?? 60_000),
    slow: 2_000,
  });
  if (process.env.LAC_TEST_GREP) mocha.grep(new RegExp(process.env.LAC_TEST_GREP));
  const dir = path.join(__dirname, 'suites');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (!files.length) throw new Error(`no suites in ${dir}: run npm run build:tests`);
  for (const f of files) mocha.addFile(path.join(dir, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`);
}

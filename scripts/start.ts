/**
 * npm start: the extension in a real VS Code (code-server) with samples/ open, on a free
 * loopback port. Prints the URL; Ctrl+C stops everything.
 *
 *   npm start                    packages the VSIX and installs it (what a user gets)
 *   npm start -- --dev           loads dist/ as a development extension instead (pair with
 *                                `npm run watch` and "Developer: Reload Window")
 *   npm start -- --in-place      open samples/ itself (fixes then change the repository's files);
 *                                by default a copy under .vscode-test/runs/<id>/workspace is opened
 *   npm start -- --port 8080 --workspace <dir>
 *   npm start -- --no-emulator   no local ARM emulator: the extension signs in to real Azure
 *
 * By default the local ARM emulator (test/emulator: FAKE Azure Resource Manager data, on
 * 127.0.0.1) runs too, and code-server's extension host gets LAC_ARM_ENDPOINT + LAC_ACCESS_TOKEN
 * for it, so the Azure-aware rules (LAC060–LAC064) work without an Azure account. A copied
 * workspace also gets `azure-emulator-demo/` (test/fixtures/azure), whose connections are the
 * emulator's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vsixPath } from '../test/e2e/workbench';
import { DEFAULT_TOKEN, startEmulator, type Emulator } from '../test/emulator';
import { ROOT, SAMPLES, rel } from '../test/harness/paths';
import { onCleanup } from '../test/harness/processes';
import { openSession } from '../test/harness/session';

async function main(argv: string[]): Promise<void> {
  const dev = argv.includes('--dev');
  const inPlace = argv.includes('--in-place');
  const at = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const port = at('--port') ? Number(at('--port')) : undefined;
  const workspace = path.resolve(at('--workspace') ?? SAMPLES);
  const withEmulator = !argv.includes('--no-emulator');

  const step = dev ? ['scripts/build.mjs'] : ['scripts/package.mjs'];
  const built = spawnSync(process.execPath, step, { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);

  let emulator: Emulator | undefined;
  if (withEmulator) {
    emulator = await startEmulator();
    const emu = emulator;
    onCleanup(() => emu.close());
  }
  const session = await openSession({
    label: 'start',
    workspace,
    copyWorkspace: !inPlace,
    vsix: dev ? undefined : vsixPath(),
    extensionPath: dev ? ROOT : undefined,
    port,
    browser: false,
    ...(emulator ? { env: { LAC_ARM_ENDPOINT: emulator.url, LAC_ACCESS_TOKEN: DEFAULT_TOKEN } } : {}),
  });
  onCleanup(() => session.finish(true));
  // A project whose connections are the emulator's, next to the samples (never into the repository).
  const demo = emulator && !inPlace ? path.join(session.workspace!, 'azure-emulator-demo') : undefined;
  if (demo) fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'azure'), demo, { recursive: true });
  console.log(`\nLogic Apps Connections in VS Code (code-server ${session.server.origin}), ${dev ? 'development build' : 'VSIX installed'}:`);
  console.log(`\n  ${session.url}\n`);
  console.log(`workspace: ${rel(session.workspace!)}${inPlace ? '' : ` (a copy of ${rel(workspace)})`}`);
  console.log(`server log: ${rel(session.server.logFile)}`);
  if (emulator) {
    console.log('');
    console.log('  AZURE DATA IS FAKE: the local ARM emulator (test/emulator), not Azure.');
    console.log(`  emulator: ${emulator.url}  (LAC_ARM_ENDPOINT; LAC_ACCESS_TOKEN=${DEFAULT_TOKEN})`);
    console.log(`  The Azure-aware rules (LAC060-LAC064) read its data${demo ? `; see ${rel(demo)}/` : ''}.`);
    console.log('  `npm start -- --no-emulator` signs in to real Azure instead.');
    console.log('');
  }
  console.log(`Ctrl+C stops the server${emulator ? ' and the emulator' : ''}.`);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`start: ${(e as Error).message}`);
  process.exit(1);
});

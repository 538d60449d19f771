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
 * for it, so the Azure-aware rules (LAC060–LAC064) work without an Azure account. The emulator
 * holds the samples' own subscription and connections and completes the consent flow on its own
 * page (test/harness/demo.ts). The copy is named `contoso-integration` (the project's name in
 * the editor) and gets `azure-emulator-demo/` (test/fixtures/azure), whose connections are the
 * emulator's other fixtures.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { vsixPath } from '../test/e2e/workbench';
import type { Emulator } from '../test/emulator';
import { addAzureDemo, DEMO_TOKEN, DEMO_WORKSPACE_NAME, demoEnv, startDemoEmulator } from '../test/harness/demo';
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
    emulator = await startDemoEmulator();
    const emu = emulator;
    onCleanup(() => emu.close());
  }
  let demo: string | undefined;
  const session = await openSession({
    label: 'start',
    workspace,
    copyWorkspace: !inPlace,
    // The samples' copy carries the project's own name (its folder name) in the editor.
    ...(at('--workspace') ? {} : { workspaceName: DEMO_WORKSPACE_NAME }),
    // A project whose connections are the emulator's, next to the samples (never into the repository).
    ...(emulator && !inPlace ? { prepareWorkspace: (dir: string) => void (demo = addAzureDemo(dir)) } : {}),
    vsix: dev ? undefined : vsixPath(),
    extensionPath: dev ? ROOT : undefined,
    port,
    browser: false,
    ...(emulator ? { env: demoEnv(emulator) } : {}),
  });
  onCleanup(() => session.finish(true));
  console.log(`\nLogic Apps Connections in VS Code (code-server ${session.server.origin}), ${dev ? 'development build' : 'VSIX installed'}:`);
  console.log(`\n  ${session.url}\n`);
  console.log(`workspace: ${rel(session.workspace!)}${inPlace ? '' : ` (a copy of ${rel(workspace)})`}`);
  console.log(`server log: ${rel(session.server.logFile)}`);
  if (emulator) {
    console.log('');
    console.log('  AZURE DATA IS FAKE: the local ARM emulator (test/emulator), not Azure.');
    console.log(`  emulator: ${emulator.url}  (LAC_ARM_ENDPOINT; the extension is signed in as its fake developer)`);
    console.log(`  The Azure-aware rules (LAC060-LAC064) read its data, the samples' connections included${demo ? `; see also ${rel(demo)}/` : ''}.`);
    console.log('  Authorize Connection → "Sign in with the consent flow" opens the emulator\'s own consent page: Allow completes it.');
    console.log('  lac against it (the token is the emulator\'s fake developer, not a secret):');
    console.log(`    export LAC_ARM_ENDPOINT=${emulator.url} LAC_ACCESS_TOKEN=${DEMO_TOKEN}`);
    console.log('    node dist/cli.js connections check');
    console.log('  `npm start -- --no-emulator` signs in to real Azure instead.');
    console.log('');
  }
  console.log(`Ctrl+C stops the server${emulator ? ' and the emulator' : ''}.`);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`start: ${(e as Error).message}`);
  process.exit(1);
});

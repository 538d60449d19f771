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
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { vsixPath } from '../test/e2e/workbench';
import { ROOT, SAMPLES, rel } from '../test/harness/paths';
import { onCleanup } from '../test/harness/processes';
import { openSession } from '../test/harness/session';

async function main(argv: string[]): Promise<void> {
  const dev = argv.includes('--dev');
  const inPlace = argv.includes('--in-place');
  const at = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const port = at('--port') ? Number(at('--port')) : undefined;
  const workspace = path.resolve(at('--workspace') ?? SAMPLES);

  const step = dev ? ['scripts/build.mjs'] : ['scripts/package.mjs'];
  const built = spawnSync(process.execPath, step, { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const session = await openSession({
    label: 'start',
    workspace,
    copyWorkspace: !inPlace,
    vsix: dev ? undefined : vsixPath(),
    extensionPath: dev ? ROOT : undefined,
    port,
    browser: false,
  });
  onCleanup(() => session.finish(true));
  console.log(`\nLogic Apps Connections in VS Code (code-server ${session.server.origin}), ${dev ? 'development build' : 'VSIX installed'}:`);
  console.log(`\n  ${session.url}\n`);
  console.log(`workspace: ${rel(session.workspace!)}${inPlace ? '' : ` (a copy of ${rel(workspace)})`}`);
  console.log(`server log: ${rel(session.server.logFile)}`);
  console.log('Ctrl+C stops the server.');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`start: ${(e as Error).message}`);
  process.exit(1);
});

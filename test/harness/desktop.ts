/**
 * The same integration suites in desktop VS Code (Electron) through @vscode/test-electron.
 *
 *   npm run test:desktop                     downloads VS Code $VSCODE_VERSION (default 1.100.3)
 *                                            into .vscode-test/ (needs update.code.visualstudio.com)
 *   VSCODE_EXECUTABLE=/path/to/code npm run test:desktop   uses an installed VS Code, no download
 *
 * On a Linux machine without a display, run it under Xvfb: `xvfb-run -a npm run test:desktop`.
 * Offline (this project's CI machines) the download fails: use `npm run test:integration`
 * (code-server, the same suites, the same extension host) instead.
 *
 * Options: --workspace <dir> (a per-run copy is opened), --grep <pattern>, --keep.
 */
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import * as fs from 'node:fs';
import { CACHE_DIR, FIXTURE_WORKSPACE, INTEGRATION_INDEX, ROOT, rel } from './paths';
import { installSignalHandlers } from './processes';
import { copyWorkspace, createRunDir, finishRunDir } from './runDir';

async function main(argv: string[]): Promise<number> {
  let workspace = FIXTURE_WORKSPACE;
  let keep = false;
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace') workspace = argv[++i];
    else if (argv[i] === '--grep') env.LAC_TEST_GREP = argv[++i];
    else if (argv[i] === '--keep') keep = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!fs.existsSync(INTEGRATION_INDEX)) {
    console.error(`[desktop] no tests module at ${rel(INTEGRATION_INDEX)}: run \`npm run build:tests\` first`);
    return 2;
  }
  installSignalHandlers();
  const executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !fs.existsSync(executable)) {
    console.error(`[desktop] VSCODE_EXECUTABLE=${executable} does not exist`);
    return 2;
  }
  const dirs = createRunDir('desktop');
  const folder = copyWorkspace(workspace, dirs);
  let code: number;
  try {
    code = await runTests({
      vscodeExecutablePath: executable,
      version: executable ? undefined : (process.env.VSCODE_VERSION ?? '1.100.3'),
      cachePath: CACHE_DIR,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: INTEGRATION_INDEX,
      extensionTestsEnv: { ...env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache },
      launchArgs: [
        folder,
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
        '--disable-updates',
        '--disable-gpu',
      ],
    });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (e instanceof TestRunFailedError) {
      console.error(`[desktop] ${msg}`);
    } else if (!executable) {
      console.error(`[desktop] could not get VS Code (${msg.split('\n')[0]}).`);
      console.error('[desktop] Offline? Set VSCODE_EXECUTABLE to an installed VS Code, or use `npm run test:integration`.');
    } else {
      console.error(`[desktop] ${msg}`);
    }
    code = e instanceof TestRunFailedError ? 1 : 2;
  }
  finishRunDir(dirs, code === 0, keep);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[desktop] ${(e as Error).message}`);
    process.exit(2);
  },
);

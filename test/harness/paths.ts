/** Where the editor harness keeps things. Everything lives under the gitignored `.vscode-test/`. */
import * as path from 'node:path';

// Harness files run under tsx as CommonJS (package.json has no "type"), so __dirname is there.
export const ROOT = path.resolve(__dirname, '../..');

/** code-server 4.100.3 = VS Code 1.100.3 (the engine we declare), runs on the machine's Node 20. */
export const CODE_SERVER_VERSION = process.env.LAC_CODE_SERVER_VERSION ?? '4.100.3';

/** `.vscode-test/` (gitignored); $LAC_TEST_CACHE moves it (a CI cache folder, say). */
export const CACHE_DIR = path.resolve(process.env.LAC_TEST_CACHE ?? path.join(ROOT, '.vscode-test'));
export const CODE_SERVER_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_PKG = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
export const RUNS_DIR = path.join(CACHE_DIR, 'runs');

/** The compiled integration-test entry (see scripts/build-tests.mjs). */
export const INTEGRATION_INDEX = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const SAMPLES = path.join(ROOT, 'samples');

export function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith('..') ? p : r || '.';
}

// Build the integration tests for the extension host: test/integration/index.ts and every
// test/integration/suites/*.test.ts, bundled by esbuild to out/test/integration/ (CommonJS,
// `vscode` and `mocha` external: the host provides the first, node_modules the second).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'test/integration');
const out = path.join(root, 'out/test/integration');

const suites = readdirSync(path.join(src, 'suites')).filter((f) => f.endsWith('.test.ts'));
rmSync(out, { recursive: true, force: true });
const t0 = Date.now();
await esbuild.build({
  entryPoints: [path.join(src, 'index.ts'), ...suites.map((f) => path.join(src, 'suites', f))],
  outdir: out,
  outbase: src,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  // ESM entry points first, as the extension's build (jsonc-parser's UMD build cannot be bundled).
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
console.log(`out/test/integration: index.js + ${suites.length} suites in ${Date.now() - t0} ms`);

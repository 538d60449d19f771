// Build: precompile the JSON-schema validators (ajv standalone), then bundle with esbuild.
import * as esbuild from 'esbuild';
import { existsSync } from 'fs';
import { fileURLToPath } from 'url';
import * as path from 'path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

if (existsSync(path.join(root, 'scripts/gen-validators.mjs'))) {
  const { generateValidators } = await import('./gen-validators.mjs');
  await generateValidators(root);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};

const entries = [
  { in: 'src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  // The Azure client and SDK, loaded by the extension on first use (src/vscode/azureLoader.ts):
  // activation never parses it. @azure/identity is not used by the extension (VS Code signs in).
  { in: 'src/core/azure/index.ts', out: 'dist/azure.js', external: ['@azure/identity'] },
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'test/bench/bench.ts', out: 'dist/bench.js' },
].filter((e) => existsSync(path.join(root, e.in)));

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      ...common,
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(root, e.out),
      external: e.external ?? [],
      banner: e.banner ? { js: e.banner } : undefined,
      metafile: true,
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching…');
} else {
  for (const [i, c] of contexts.entries()) {
    const r = await c.rebuild();
    const out = Object.entries(r.metafile.outputs).find(([k]) => k.endsWith('.js'));
    if (out) console.log(`${entries[i].out}  ${(out[1].bytes / 1024).toFixed(1)} KiB`);
    await c.dispose();
  }
}

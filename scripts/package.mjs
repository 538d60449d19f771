// npm run package: production build (minified, no source maps), then the VSIX with @vscode/vsce.
// esbuild bundles every dependency into dist/, so `--no-dependencies`; .vscodeignore lets only the
// shipped files in. vsce prints the VSIX's files; we print its size and fail above the budget (1 MiB).
//
//   node scripts/package.mjs [--out file.vsix] [--no-build] [--budget bytes]
import { spawnSync } from 'child_process';
import { readFileSync, statSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(opt('--out', path.join(root, `${pkg.name}-${pkg.version}.vsix`)));
const budget = Number(opt('--budget', 1024 * 1024));

function run(cmd, argv, what) {
  // stdin closed: a vsce question ("Do you want to continue? [y/N]") is answered no instead of hanging CI.
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`package: ${what} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const t0 = Date.now();
if (!args.includes('--no-build')) run(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production'], 'the production build');

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const vsceArgs = ['--no-dependencies'];
if (!pkg.repository) {
  // README images and links are made absolute for the Marketplace; without a repository field,
  // point them at the project's repository (src/core/meta.ts) instead of failing.
  const meta = readFileSync(path.join(root, 'src/core/meta.ts'), 'utf8');
  const repo = /REPOSITORY_URL\s*=\s*'([^']+)'/.exec(meta)?.[1];
  vsceArgs.push('--allow-missing-repository');
  if (repo) vsceArgs.push('--baseContentUrl', `${repo}/blob/HEAD/`, '--baseImagesUrl', `${repo}/raw/HEAD/`);
}

run(process.execPath, [vsce, 'package', ...vsceArgs, '--out', out], 'vsce package');

const size = statSync(out).size;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`\n${path.relative(process.cwd(), out)}: ${kib(size)} (budget ${kib(budget)}), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (size > budget) {
  console.error(`package: the VSIX is ${kib(size)}, over the ${kib(budget)} budget`);
  process.exit(1);
}

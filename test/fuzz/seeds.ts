/**
 * Seed projects of the fuzzer: the real projects of `../shared/corpus` (when present), the samples
 * and the test fixtures, read once into memory (`{relative path: text}`, never written back). The
 * fuzzer only ever works on copies in memory: no file system, no links.
 */
import * as fs from 'fs';
import * as path from 'path';
import { discoverOnDisk } from '../../src/core/fs';
import type { ProjectLayout } from '../../src/core/project';

export interface SeedProject {
  /** Where it came from (for reports): `corpus/<folder>`, `samples`… */
  name: string;
  /** Files by path relative to the project root (`/`-separated). */
  files: Record<string, string>;
}

export const REPO = path.resolve(__dirname, '../..');
export const DEFAULT_CORPUS = path.resolve(REPO, '../shared/corpus');

function layoutFiles(l: ProjectLayout): string[] {
  return [l.host, l.connections, l.parameters, l.localSettings, ...l.workflows].filter((f): f is string => !!f);
}

/** Every project found under `dir`, as seeds named `<label>/<relative root>`. */
export function seedsUnder(dir: string, label: string): SeedProject[] {
  if (!fs.existsSync(dir)) return [];
  const out: SeedProject[] = [];
  for (const layout of discoverOnDisk([dir])) {
    const files: Record<string, string> = {};
    for (const f of layoutFiles(layout)) {
      try {
        files[path.relative(layout.root, f).split(path.sep).join('/')] = fs.readFileSync(f, 'utf8');
      } catch {
        // unreadable: left out
      }
    }
    if (Object.keys(files).length) out.push({ name: `${label}/${path.relative(dir, layout.root).split(path.sep).join('/') || '.'}`, files });
  }
  return out;
}

/** The samples and fixtures of this repository, and the corpus when it is there. */
export function loadSeeds(opts: { corpus?: string | false } = {}): SeedProject[] {
  const seeds = [...seedsUnder(path.join(REPO, 'samples'), 'samples'), ...seedsUnder(path.join(REPO, 'test/fixtures'), 'fixtures')];
  const corpus = opts.corpus === false ? undefined : (opts.corpus ?? DEFAULT_CORPUS);
  if (corpus) seeds.push(...seedsUnder(corpus, 'corpus'));
  return seeds;
}

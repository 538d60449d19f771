/**
 * Real public Logic Apps projects (../shared/corpus, see its SOURCES.md): linting them must
 * not crash, and every error must be a real mistake that someone checked in the file. A false
 * error is worse than a missed warning, so any other error fails this test.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { loadProject } from '../../src/core/project';
import type { Finding } from '../../src/core/types';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

interface Confirmed {
  /** Folder of the corpus (first level under ../shared/corpus). */
  project: string;
  /** File inside that folder, forward slashes. */
  file: string;
  ruleId: string;
  pointer: string;
  /** Why this is a real mistake, checked against the file. */
  reason: string;
}

/** Errors that are real mistakes in the corpus, each verified against the file. */
const CONFIRMED: readonly Confirmed[] = [];

const keyOf = (c: { project: string; file: string; ruleId: string; pointer: string }): string => `${c.project} | ${c.file} | ${c.ruleId} | ${c.pointer}`;

interface Located {
  project: string;
  file: string;
  finding: Finding;
}

function lintFolder(folder: string): Located[] {
  const abs = path.join(CORPUS, folder);
  return discoverOnDisk([abs]).flatMap((layout) =>
    lintProject(loadProject(layout, readText)).map((finding) => ({
      project: folder,
      file: path.relative(abs, finding.file).split(path.sep).join('/'),
      finding,
    })),
  );
}

const show = (l: Located): string =>
  `${keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })}\n      ${l.finding.message}`;

describe('corpus of real projects', function () {
  this.timeout(120_000);

  if (!fs.existsSync(CORPUS)) {
    it('is present', () => {
      assert.fail(`The corpus is missing: expected the real-project corpus at ${CORPUS} (../shared/corpus next to the repository; CI provides it there).`);
    });
    return;
  }

  const folders = fs
    .readdirSync(CORPUS)
    .filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())
    .sort();
  // Each folder is linted once, by whichever test needs it first.
  const results = new Map<string, Located[]>();
  const linted = (folder: string): Located[] => {
    if (!results.has(folder)) results.set(folder, lintFolder(folder));
    return results.get(folder)!;
  };
  const errors = (): Located[] => folders.flatMap(linted).filter((l) => l.finding.severity === 'error');

  it('has projects', () => {
    assert.ok(folders.length > 0, `no project folders in ${CORPUS}`);
  });

  it('lists each confirmed mistake once, in an existing folder', () => {
    const keys = CONFIRMED.map(keyOf);
    assert.deepStrictEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'duplicate entries');
    for (const c of CONFIRMED) {
      assert.ok(folders.includes(c.project), `${keyOf(c)}: no such corpus folder`);
      assert.ok(fs.existsSync(path.join(CORPUS, c.project, c.file)), `${keyOf(c)}: no such file`);
      assert.ok(c.reason.trim().length > 0 && !c.reason.includes('\n'), `${keyOf(c)}: give a one-line reason`);
    }
  });

  describe('lints without crashing', () => {
    for (const folder of folders) {
      it(folder, () => {
        const found = linted(folder);
        // The engine turns a throwing rule into a warning instead of crashing: that is a crash here.
        const crashes = found.filter((l) => /^Rule LAC\d+ \(.*\) failed on this project/.test(l.finding.message));
        assert.deepStrictEqual(crashes.map(show), [], 'a rule threw');
      });
    }
  });

  it('reports no error that is not a confirmed real mistake', () => {
    const confirmed = new Set(CONFIRMED.map(keyOf));
    const unexpected = errors().filter((l) => !confirmed.has(keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    assert.deepStrictEqual(
      unexpected.map(show),
      [],
      'false errors (fix the rule), or real mistakes to add to CONFIRMED after checking the file',
    );
  });

  it('still finds every confirmed mistake', () => {
    const found = new Set(errors().map((l) => keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    const lost = CONFIRMED.filter((c) => !found.has(keyOf(c)));
    assert.deepStrictEqual(lost.map((c) => `${keyOf(c)} (${c.reason})`), [], 'confirmed mistakes no longer reported as errors');
  });
});

/**
 * Developer tool: lint every project of the shared corpus and print the findings.
 *   npx tsx test/tools/corpus-lint.ts [LACnnn ...] [--errors]
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { loadProject } from '../../src/core/project';

const corpus = path.resolve(__dirname, '../../../shared/corpus');
const args = process.argv.slice(2);
const only = args.filter((a) => /^LAC\d+$/i.test(a)).map((a) => a.toUpperCase());
const errorsOnly = args.includes('--errors');
let total = 0;
for (const dir of fs.readdirSync(corpus).sort()) {
  const abs = path.join(corpus, dir);
  if (!fs.statSync(abs).isDirectory()) continue;
  for (const layout of discoverOnDisk([abs])) {
    const findings = lintProject(loadProject(layout, readText), {}, only.length ? { only } : {});
    for (const f of findings) {
      if (errorsOnly && f.severity !== 'error') continue;
      total++;
      console.log(`${path.relative(corpus, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.pointer} ${f.message}`);
    }
  }
}
console.log(`${total} finding(s)`);

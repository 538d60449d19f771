import * as assert from 'assert';
import * as fs from 'fs';
import { closeAll, codeOf, file, open, problems, show, waitForProblems, writeOnDisk, log } from '../helpers';

const HEAD = '{\n  "definition": {\n    "triggers": {},\n    "actions": {\n';
const TAIL = '\n    },\n    "outputs": {}\n  },\n  "kind": "Stateful",\n}\n';

describe('big files', function () {
  this.timeout(180_000);
  afterEach(async () => {
    await closeAll();
  });
  after(() => {
    fs.rmSync(file('large'), { recursive: true, force: true });
  });

  it('a 10,000-deep file opened in the editor yields a diagnostic, no hang', async () => {
    const depth = 10_000;
    const text = `{\n  "definition": { "triggers": {}, "actions": {}, "outputs": {} },\n  "kind": "Stateful",\n  "nested": ${'['.repeat(depth)}${']'.repeat(depth)},\n}\n`;
    const u = writeOnDisk('large/deep/workflow.json', text);
    const t0 = Date.now();
    await open(u);
    const ds = await waitForProblems(u, (d) => d.length > 0, 'a diagnostic on the deep file', 60_000);
    log(`      ${depth}-deep: ${show(ds).slice(0, 120)} after ${Date.now() - t0} ms`);
    assert.ok(ds.some((d) => codeOf(d) === 'LAC001'), show(ds));
  });

  it('a 20 MB file opened in the editor yields a diagnostic, no hang', async () => {
    const parts: string[] = [];
    let size = HEAD.length + TAIL.length;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const action = `      "Compose_${i}": { "type": "Compose", "inputs": "${'x'.repeat(120)}", "runAfter": {} }`;
      parts.push(action);
      size += action.length + 2;
    }
    // A trailing comma at the very end (LAC001).
    const text = HEAD + parts.join(',\n') + TAIL;
    const u = writeOnDisk('large/big/workflow.json', text);
    const t0 = Date.now();
    const editor = await open(u);
    assert.ok(editor.document.getText().length >= 20 * 1024 * 1024, 'the whole file reached the extension host');
    const ds = await waitForProblems(u, (d) => d.length > 0, 'a diagnostic on the 20 MB file', 120_000);
    log(`      20 MB: ${show(ds).slice(0, 120)} after ${Date.now() - t0} ms`);
    assert.ok(ds.some((d) => codeOf(d) === 'LAC001'), show(ds));
    assert.deepStrictEqual(problems(u).filter((d) => d.range.start.line < 3), [], 'nothing reported at the top');
  });
});

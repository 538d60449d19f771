import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ARM_SNIFF_BYTES } from '../../src/core/armTemplateFile';
import { discoverOnDisk } from '../../src/core/fs';
import { armTemplatesAmong, SNIFF_CONCURRENCY } from '../../src/vscode/model/armTemplates';

const ARM = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{ type: 'Microsoft.Logic/workflows', name: 'orders', apiVersion: '2019-05-01', properties: { definition: {} } }],
});

describe('vscode: ARM templates in the workspace scan', () => {
  let dir: string;
  const w = (rel: string, text: string) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-arm-'));
    w('consumption/azuredeploy.json', ARM);
    w('consumption/azuredeploy.parameters.json', JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', parameters: {} }));
    w('package.json', '{"name": "x"}');
    // The resource type only after the bytes a folder walk reads: neither finds it.
    w('late/template.json', JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', padding: 'x'.repeat(ARM_SNIFF_BYTES), resources: [{ type: 'Microsoft.Logic/workflows' }] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();

  it('finds the JSON files lac lint finds when it walks the folder', async () => {
    const json = ['consumption/azuredeploy.json', 'consumption/azuredeploy.parameters.json', 'package.json', 'late/template.json'].map((r) => path.join(dir, r));
    const editor = rel(await armTemplatesAmong(json));
    const cli = rel(discoverOnDisk([dir]).flatMap((l) => l.workflows));
    assert.deepStrictEqual(editor, ['consumption/azuredeploy.json']);
    assert.deepStrictEqual(editor, cli);
  });

  it('keeps the order, reads a few files at a time, and stops when cancelled', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => `f${i}.json`);
    let inFlight = 0;
    let most = 0;
    let read = 0;
    const sniff = async (p: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      read++;
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return Number(p.slice(1, -5)) % 3 === 0;
    };
    const found = await armTemplatesAmong(paths, sniff);
    assert.deepStrictEqual(found, paths.filter((_, i) => i % 3 === 0));
    assert.strictEqual(read, 40);
    assert.ok(most <= SNIFF_CONCURRENCY && most > 1, `at most ${SNIFF_CONCURRENCY} at once, got ${most}`);

    read = 0;
    const none = await armTemplatesAmong(paths, sniff, () => read >= 10);
    assert.ok(read < 40, `stopped after ${read}`);
    assert.ok(none.every((p) => paths.indexOf(p) < read + SNIFF_CONCURRENCY));
  });

  it('an unreadable file is not a template', async () => {
    assert.deepStrictEqual(await armTemplatesAmong([path.join(dir, 'missing.json')]), []);
    assert.deepStrictEqual(await armTemplatesAmong(['x.json'], () => Promise.reject(new Error('EACCES'))), []);
  });
});

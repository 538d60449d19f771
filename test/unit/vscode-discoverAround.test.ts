import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverAround } from '../../src/vscode/model/discoverAround';

describe('vscode: project around a file opened outside the workspace', () => {
  let dir: string;
  const w = (rel: string) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '{}');
    return f;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-around-'));
    for (const f of ['app/host.json', 'app/connections.json', 'app/parameters.json', 'app/orders/workflow.json', 'app/node_modules/x/workflow.json', 'classic/host.json', 'classic/workflows/a/workflow.json', 'lone/wf/workflow.json', 'connector/apiProperties.json', 'connector/apiDefinition.swagger.json', 'props-only/apiProperties.json', 'rooted/host.json', 'rooted/workflow.json', 'tpl/manifest.json', 'tpl/default/manifest.json', 'tpl/default/workflow.json']) w(f);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();

  it('from a root file: the root files and the workflows', async () => {
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'app/connections.json'))), ['app/connections.json', 'app/host.json', 'app/orders/workflow.json', 'app/parameters.json']);
  });

  it('from a workflow: its project root (also under workflows/)', async () => {
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'app/orders/workflow.json'))), ['app/connections.json', 'app/host.json', 'app/orders/workflow.json', 'app/parameters.json']);
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'classic/workflows/a/workflow.json'))), ['classic/host.json', 'classic/workflows/a/workflow.json']);
  });

  it('a workflow.json beside host.json: its project', async () => {
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'rooted/workflow.json'))), ['rooted/host.json', 'rooted/workflow.json']);
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'rooted/host.json'))), ['rooted/host.json', 'rooted/workflow.json']);
  });

  it('a Logic Apps template file: the workflow, its manifest and the template manifest one folder up', async () => {
    const want = ['tpl/default/manifest.json', 'tpl/default/workflow.json', 'tpl/manifest.json'];
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'tpl/default/workflow.json'))), want);
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'tpl/default/manifest.json'))), want);
  });

  it('a lone workflow is alone', async () => {
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'lone/wf/workflow.json'))), ['lone/wf/workflow.json']);
  });

  it('a custom connector file: the other file of its definition folder', async () => {
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'connector/apiDefinition.swagger.json'))), ['connector/apiDefinition.swagger.json', 'connector/apiProperties.json']);
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'connector/apiProperties.json'))), ['connector/apiDefinition.swagger.json', 'connector/apiProperties.json']);
    assert.deepStrictEqual(rel(await discoverAround(path.join(dir, 'props-only/apiProperties.json'))), ['props-only/apiProperties.json']);
  });
});

/**
 * `lac lint` on the layouts of public projects and templates: a Logic Apps template named by one
 * of its files is linted with its manifests; a workflow.json beside host.json with its project;
 * an ARM template named connections.json as an ARM template.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { apiConnection, MANAGED, templateManifest, templateWorkflow, workflowManifest } from './helpers/templates';

async function lint(cwd: string, args: string[]): Promise<{ code: number; findings: { ruleId: string; file: string; pointer: string }[] }> {
  let out = '';
  const code = await main(['lint', ...args, '-f', 'json'], { cwd, env: {}, stdout: { write: (s: string) => void (out += s) }, stderr: { write: () => undefined } });
  const doc = JSON.parse(out) as { findings: { ruleId: string; file: string; range: unknown; pointer?: string }[] };
  return { code, findings: doc.findings.map((f) => ({ ruleId: f.ruleId, file: f.file.split(path.sep).join('/'), pointer: f.pointer ?? '' })) };
}

describe('lac lint: layouts of public projects and templates', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-layouts-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    // A Standard template whose workflow uses $connections (LAC044) and names an undeclared connection (LAC040).
    write('templates/mail/manifest.json', templateManifest(['standard']));
    write('templates/mail/default/manifest.json', workflowManifest({ 'office365_#workflowname#': { connectorId: MANAGED('office365'), kind: 'shared' } }));
    write('templates/mail/default/workflow.json', templateWorkflow({ Mail: apiConnection('office365') }));
    // A project with host.json and its workflow beside it, no connections.json.
    write('app/host.json', '{"version": "2.0"}');
    write('app/workflow.json', JSON.stringify({ definition: { triggers: {}, actions: { Call: apiConnection('office365') } }, kind: 'Stateful' }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a template file named on its own is linted against its manifest', async () => {
    const r = await lint(dir, ['templates/mail/default/workflow.json', '--rule', 'LAC001=off']);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['LAC040']);
    assert.strictEqual(r.code, 1);
  });

  it('a workflow.json beside host.json is linted with its project: the missing connections.json is reported', async () => {
    const r = await lint(dir, ['app/workflow.json']);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['LAC040']);
  });
});

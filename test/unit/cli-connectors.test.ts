/** `lac lint` of custom connector definitions: a folder, one of its files, --fix, outside any Logic Apps project. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { apiProperties, oauth2, swagger } from './helpers/connectors';

async function lac(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, env: {}, stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) } });
  return { code, out, err };
}

describe('cli: lac lint of custom connector definitions', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-connectors-'));
    write('connectors/orders/apiProperties.json', apiProperties(oauth2({}, { refreshUrl: 'https://app.contoso.com/oauth/authorize' })));
    write('connectors/orders/apiDefinition.swagger.json', swagger({ schemes: ['https', 'http'] }));
    write('connectors/healthy/apiProperties.json', apiProperties(oauth2()));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder of definitions: each is linted on its own, exit 1 for the error', async () => {
    const r = await lac(['lint', 'connectors', '--format', 'json'], dir);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.code, 1);
    const findings = (JSON.parse(r.out) as { findings: { ruleId: string; file: string; severity: string }[] }).findings.map((f) => `${f.file.split(path.sep).join('/')} ${f.ruleId} ${f.severity}`);
    assert.deepStrictEqual(findings.sort(), ['connectors/orders/apiDefinition.swagger.json LAC074 warning', 'connectors/orders/apiProperties.json LAC071 error']);
  });

  it('one file of a definition is linted with its folder, and only its findings are shown', async () => {
    const r = await lac(['lint', 'connectors/orders/apiDefinition.swagger.json', '--format', 'json'], dir);
    assert.strictEqual(r.code, 0, r.err);
    const findings = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    assert.deepStrictEqual(findings, ['LAC074']);
  });

  it('an OpenAPI file without apiProperties.json next to it is a usage error', async () => {
    write('lone/apiDefinition.swagger.json', swagger());
    const r = await lac(['lint', 'lone/apiDefinition.swagger.json'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /not part of a custom connector definition \(no apiProperties\.json next to it\): lone\/apiDefinition\.swagger\.json/);
  });

  it('--fix writes the token URL as the refresh URL and keeps the rest of the file', async () => {
    const r = await lac(['lint', 'connectors/orders', '--fix'], dir);
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'connectors/orders/apiProperties.json'), 'utf8'), apiProperties(oauth2()));
  });
});

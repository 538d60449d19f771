/** `lac diagnose` of custom connectors and their connections against the ARM emulator. */
import * as assert from 'assert';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { FIXTURE, FIXTURE_NAMES, startEmulator, type Emulator } from '../emulator';

const TOKEN = 'lac-cli-connectors-RECOGNISABLE-token-do-not-leak';

describe('lac diagnose: custom connectors', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const printed: string[] = [];

  async function lac(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main([...args, '--arm-endpoint', emu.url], {
      cwd: path.resolve(__dirname, '../..'),
      env: { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '5' },
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s) },
    });
    printed.push(out, err);
    return { code, out, err };
  }

  before(async () => {
    emu = await startEmulator({ token: TOKEN });
  });
  after(async () => {
    await emu.close();
    assert.ok(!printed.some((t) => t.includes(TOKEN)), 'the token never appears in any output');
  });

  it('<customApi id>, text: the checklist with the refresh URL to fix, its connection tested; exit 1', async () => {
    const r = await lac(['diagnose', FIXTURE.customApis.refreshBroken]);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /^fabrikam-tickets: error\n/);
    assert.match(r.out, /\[error\] Custom connector Fabrikam Tickets \(fabrikam-tickets\): LAC071 oauth-refresh-url: The refresh URL of "token" is the authorization URL/);
    assert.match(r.out, /next: Use the token URL as the refresh URL\. Edit the custom connector/);
    assert.match(r.out, /\[fix\] {3}Refresh URL is the token URL: https:\/\/helpdesk\.fabrikam\.com\/oauth\/authorize \(token URL: https:\/\/helpdesk\.fabrikam\.com\/oauth\/token\)/);
    assert.match(r.out, /\[check\] Client secret: Azure never returns it/);
    assert.match(r.out, new RegExp(`connections made from it:\\n {4}${FIXTURE_NAMES.customRefreshBroken}: Error, test unauthenticated \\(HTTP 401\\)`));
  });

  it('<customApi id>, json: the healthy connector; exit 0', async () => {
    const r = await lac(['diagnose', FIXTURE.customApis.healthy, '--format', 'json', '--no-test']);
    assert.strictEqual(r.code, 0, r.out + r.err);
    const doc = JSON.parse(r.out) as { subject: string; overall: string; customConnector: { findings: unknown[]; oauth: { identityProvider: string }[] }; connections: { name: string }[] };
    assert.strictEqual(doc.subject, 'custom-connector');
    assert.strictEqual(doc.overall, 'ok');
    assert.deepStrictEqual(doc.customConnector.findings, []);
    assert.strictEqual(doc.customConnector.oauth[0]!.identityProvider, 'oauth2');
    assert.deepStrictEqual(doc.connections.map((c) => c.name), [FIXTURE_NAMES.customOrders]);
  });

  it('a connection made from a custom connector, by name, markdown: the connector section and the refresh-token explanation', async () => {
    const r = await lac(['diagnose', FIXTURE_NAMES.customRefreshBroken, '--format', 'markdown']);
    assert.strictEqual(r.code, 1, r.err);
    const md = r.out.replace(/\\/g, '');
    assert.match(md, /# Connection diagnosis: fabrikam-tickets-oauth/);
    assert.match(md, /## Custom connector: Fabrikam Tickets \(fabrikam-tickets\)/);
    assert.match(md, /The connection cannot refresh its token: the connector is why/);
  });

  it('a custom connector that does not exist: a finding report, exit 1', async () => {
    const r = await lac(['diagnose', FIXTURE.customApis.healthy.replace('contoso-orders', 'nope')]);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /Custom connector not found/);
  });
});

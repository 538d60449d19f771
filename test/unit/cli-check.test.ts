/**
 * `lac connections check`, `lac connections authorize --all-unauthenticated` and `lac connections
 * list --unused` through `main(argv, io)` against the ARM emulator: the status of every fixture,
 * the JSON shape, JUnit XML (parsed) and SARIF, filters, exit codes, the progress line on a
 * terminal only, and no token in any output.
 */
import * as assert from 'assert';
import { main } from '../../src/cli/main';
import { FIXTURE, FIXTURE_NAMES, startEmulator, type Emulator } from '../emulator';

// xml2js has no types of its own here: the part this test uses.
const xml2js = require('xml2js') as { parseStringPromise(xml: string, opts?: { strict?: boolean }): Promise<JUnit> };

interface JUnitCase {
  $: { classname: string; name: string; time: string };
  failure?: { $: { type: string; message: string }; _: string }[];
}
interface JUnit {
  testsuites: {
    $: { name: string; tests: string; failures: string; errors: string; time: string };
    testsuite: { $: { name: string; tests: string; failures: string; time: string; timestamp: string }; testcase: JUnitCase[] }[];
  };
}

const TOKEN = 'lac-check-RECOGNISABLE-token-7d2c9e1a-do-not-leak';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('lac connections check / authorize --all-unauthenticated / list --unused', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const printed: string[] = [];

  async function lac(args: string[], tty = false): Promise<Run> {
    let out = '';
    let err = '';
    const code = await main([...args, '--arm-endpoint', emu.url], {
      cwd: process.cwd(),
      env: { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '5' },
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s), isTTY: tty },
    });
    printed.push(out, err);
    return { code, out, err };
  }

  before(async () => {
    emu = await startEmulator({ token: TOKEN });
  });
  after(async () => {
    await emu.close();
    assert.ok(!printed.some((p) => p.includes(TOKEN)), 'the token was printed');
  });

  describe('check', () => {
    let checked: { connections: Record<string, unknown>[]; summary: Record<string, unknown> };

    before(async () => {
      const r = await lac(['connections', 'check', '--format', 'json', '--timeout', '1']);
      assert.strictEqual(r.code, 1, r.err);
      checked = JSON.parse(r.out);
    });

    it('JSON: every connection with the documented fields and the same status words as `connections test`', async () => {
      assert.strictEqual(checked.connections.length, emu.data.connections.length);
      for (const c of checked.connections) {
        for (const k of ['id', 'name', 'subscriptionId', 'resourceGroup', 'api', 'kind', 'status', 'explanation', 'nextStep']) assert.ok(k in c, `${k} in ${c.name}`);
        assert.deepStrictEqual(
          Object.keys(c).filter((k) => !['id', 'name', 'subscriptionId', 'resourceGroup', 'api', 'kind', 'status', 'httpStatus', 'code', 'explanation', 'nextStep'].includes(k)),
          [],
        );
      }
      const by = (id: string) => checked.connections.find((c) => c.id === id)!;
      assert.strictEqual(by(FIXTURE.healthy).status, 'connected');
      assert.deepStrictEqual([by(FIXTURE.expired).status, by(FIXTURE.expired).httpStatus], ['unauthenticated', 401]);
      assert.strictEqual(by(FIXTURE.forbidden).status, 'forbidden');
      assert.strictEqual(by(FIXTURE.unreachable).status, 'unreachable');
      assert.strictEqual(by(FIXTURE.throttled).status, 'connected');
      assert.strictEqual(by(FIXTURE.testRequestsUnauthorized).status, 'unauthenticated');
      // `connections test` on a few, one by one: the same word.
      for (const key of ['healthy', 'expired', 'forbidden', 'badGateway', 'teamsUnauthenticated'] as const) {
        const single = await lac(['connections', 'test', FIXTURE[key], '--format', 'json', '--timeout', '1']);
        assert.strictEqual(JSON.parse(single.out).status, by(FIXTURE[key]).status, key);
      }
      const s = checked.summary as { tested: number; reported: number; connected: number; failing: number; byStatus: Record<string, number>; subscriptions: number; durationMs: number };
      assert.strictEqual(s.tested, emu.data.connections.length);
      assert.strictEqual(s.connected + s.failing, s.reported);
      assert.strictEqual(s.byStatus.connected, s.connected);
      assert.strictEqual(s.subscriptions, emu.data.subscriptions.length);
      assert.ok(typeof s.durationMs === 'number');
    });

    it('JUnit: well-formed XML, one testcase per connection, a failure unless connected', async () => {
      const r = await lac(['connections', 'check', '--format', 'junit', '--timeout', '1']);
      assert.strictEqual(r.code, 1);
      assert.match(r.out, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
      const doc = await xml2js.parseStringPromise(r.out, { strict: true });
      const suites = doc.testsuites.testsuite;
      const cases = suites.flatMap((s) => s.testcase);
      assert.strictEqual(cases.length, emu.data.connections.length);
      assert.strictEqual(Number(doc.testsuites.$.tests), cases.length);
      const failing = cases.filter((c) => c.failure);
      assert.strictEqual(Number(doc.testsuites.$.failures), failing.length);
      assert.strictEqual(failing.length, (checked.summary as { failing: number }).failing);
      for (const s of suites) {
        assert.strictEqual(Number(s.$.tests), s.testcase.length);
        assert.strictEqual(Number(s.$.failures), s.testcase.filter((c) => c.failure).length);
        assert.match(s.$.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      }
      const expired = cases.find((c) => c.$.name === FIXTURE_NAMES.expired)!;
      assert.strictEqual(expired.$.classname, `${FIXTURE.subscriptions.contosoProd}.${FIXTURE.resourceGroups.integrationProd}`);
      assert.strictEqual(expired.failure![0]!.$.type, 'unauthenticated');
      assert.match(expired.failure![0]!._, /AADSTS700082[\s\S]*Next step:/);
      assert.ok(!cases.find((c) => c.$.name === FIXTURE_NAMES.healthy)!.failure);
      assert.ok(cases.every((c) => /^\d+\.\d{3}$/.test(c.$.time)));
    });

    it('SARIF: LAC060 / LAC061 per failing connection, located by resource id', async () => {
      const r = await lac(['connections', 'check', '--format', 'sarif', '--timeout', '1', '--subscription', FIXTURE.subscriptions.contosoProd]);
      assert.strictEqual(r.code, 1);
      const log = JSON.parse(r.out);
      assert.strictEqual(log.version, '2.1.0');
      const run = log.runs[0];
      assert.deepStrictEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ['LAC060', 'LAC061']);
      const expired = run.results.find((x: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => x.locations[0]!.logicalLocations[0]!.fullyQualifiedName === FIXTURE.expired);
      assert.strictEqual(expired.ruleId, 'LAC061');
      assert.strictEqual(expired.properties.status, 'unauthenticated');
      assert.ok(run.results.every((x: { ruleIndex: number; ruleId: string }) => run.tool.driver.rules[x.ruleIndex].id === x.ruleId));
      assert.ok(!run.results.some((x: { message: { text: string } }) => x.message.text.startsWith(`${FIXTURE_NAMES.healthy}:`)));
    });

    it('text: a table, the problems with their next step, a summary; exit 0 when every reported connection is connected', async () => {
      const r = await lac(['connections', 'check', '--subscription', FIXTURE.subscriptions.fabrikam, '--timeout', '1']);
      assert.strictEqual(r.code, 1);
      assert.match(r.out, /^STATUS\s+NAME\s+RESOURCE GROUP\s+SUBSCRIPTION\s+DETAIL\n/);
      assert.match(r.out, new RegExp(`unauthenticated\\s+${FIXTURE_NAMES.fabrikamRevoked}\\s+${FIXTURE.resourceGroups.fabrikam}`));
      assert.match(r.out, /Problems:\n(?: {2}[^\n]+\n)* {2}office365-revoked \(rg-fabrikam-apps\): unauthenticated: [^\n]+AADSTS50173[^\n]+ Next: /);
      assert.match(r.out, /\n\d+ connections in 1 subscription in \d+\.\d s: \d+ connected, \d+ unauthenticated/);
      assert.strictEqual(r.err, '', 'no progress line when stderr is not a terminal');
      const ok = await lac(['connections', 'check', '--subscription', FIXTURE.subscriptions.fabrikam, '--status', 'connected']);
      assert.strictEqual(ok.code, 0, ok.out);
      assert.match(ok.out, /\(\d+ of \d+ tested shown\)/);
    });

    it('a progress line on a terminal (stderr), cleared at the end', async () => {
      const r = await lac(['connections', 'check', '--subscription', FIXTURE.subscriptions.fabrikam, '-f', 'json'], true);
      // eslint-disable-next-line no-control-regex -- the terminal's erase-line sequence is what is checked
      assert.match(r.err, /\r\x1b\[2Klac: tested \d+\/\d+ · \d+ connected · \d+ not connected/);
      assert.ok(r.err.endsWith('\r\x1b[2K'));
      JSON.parse(r.out);
    });

    it('filters: --resource-group and --status (repeatable, comma-separated); usage errors exit 2', async () => {
      const r = await lac(['connections', 'check', '-g', FIXTURE.resourceGroups.integrationProd, '--status', 'unauthenticated,forbidden', '-f', 'json', '--timeout', '1']);
      const doc = JSON.parse(r.out);
      assert.deepStrictEqual(doc.connections.map((c: { name: string }) => c.name).sort(), [FIXTURE_NAMES.expired, FIXTURE_NAMES.forbidden, FIXTURE_NAMES.teamsUnauthenticated].sort());
      for (const bad of [['--status', 'broken'], ['--concurrency', '0'], ['--concurrency', 'x'], ['--format', 'xml'], ['extra']]) {
        const u = await lac(['connections', 'check', ...bad]);
        assert.strictEqual(u.code, 2, bad.join(' '));
        assert.match(u.err, /^lac: [^\n]+\n$/);
      }
      emu.fault({ path: /\/subscriptions$/ }, { status: 403, times: 1 });
      const forbidden = await lac(['connections', 'check']);
      assert.strictEqual(forbidden.code, 2);
      assert.match(forbidden.err, /^lac: forbidden: /);
      emu.clearFaults();
    });

    it('--concurrency bounds the tests in flight', async () => {
      emu.fault({ path: /\/extensions\/proxy\/testconnection$/ }, { delayMs: 30 });
      const before = emu.requests.length;
      const r = await lac(['connections', 'check', '--subscription', FIXTURE.subscriptions.contosoDev, '--concurrency', '1', '-f', 'json']);
      emu.clearFaults();
      assert.ok(r.code === 0 || r.code === 1);
      const tests = emu.requests.slice(before).filter((q) => q.route === 'testConnection');
      // One at a time: each test arrives after the previous one was answered.
      for (let i = 1; i < tests.length; i++) assert.ok(tests[i]!.at >= tests[i - 1]!.at + 30 - 5, `test ${i} overlapped`);
    });
  });

  describe('authorize --all-unauthenticated', () => {
    it('one line per connection that needs a sign-in, with its consent (OAuth) or portal link', async () => {
      const r = await lac(['connections', 'authorize', '--all-unauthenticated']);
      assert.strictEqual(r.code, 0, r.err);
      const lines = r.out.split('\n');
      assert.match(lines[0]!, /^NAME\s+STATUS\s+RESOURCE GROUP\s+HOW\s+LINK$/);
      const row = (name: string) => lines.find((l) => l.startsWith(`${name} `));
      assert.match(row(FIXTURE_NAMES.expired)!, /\sconsent\s+https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\/login\?data=/);
      assert.match(row(FIXTURE_NAMES.teamsUnauthenticated)!, /\sconsent\s+https:\/\//);
      // A custom connector's connection: the portal (its consent goes through the portal).
      assert.match(row(FIXTURE_NAMES.customRefreshBroken)!, /\sportal\s+https:\/\/portal\.azure\.com\/#@?[^ ]*\/resource\/subscriptions\//);
      assert.ok(!row(FIXTURE_NAMES.healthy), 'a connected connection is not listed');
      assert.ok(!row(FIXTURE_NAMES.badGateway));
      assert.match(r.out, /connections need a sign-in\./);
      assert.match(r.out, /lac connections authorize <id> --code '<that address>'/);
    });

    it('JSON, and a resource group filter; --code and a connection are not allowed with it', async () => {
      const r = await lac(['connections', 'authorize', '--all-unauthenticated', '-g', FIXTURE.resourceGroups.fabrikam, '-f', 'json', '--redirect-url', 'http://localhost:5555/done']);
      const doc = JSON.parse(r.out);
      assert.strictEqual(doc.redirectUrl, 'http://localhost:5555/done');
      assert.ok(doc.connections.length >= 2);
      assert.ok(doc.connections.every((c: { resourceGroup: string }) => c.resourceGroup === FIXTURE.resourceGroups.fabrikam));
      const revoked = doc.connections.find((c: { id: string }) => c.id === FIXTURE.fabrikamRevoked);
      assert.strictEqual(revoked.how, 'consent');
      assert.strictEqual(revoked.link, revoked.consentLinks[0].link);
      assert.match(revoked.portalLink, /^https:\/\/portal\.azure\.com\//);
      assert.strictEqual((await lac(['connections', 'authorize', '--all-unauthenticated', FIXTURE.expired])).code, 2);
      assert.strictEqual((await lac(['connections', 'authorize', '--all-unauthenticated', '--code', 'x'])).code, 2);
    });

    it('the emulator\'s own consent page: the link is on the emulator and completes with --code', async () => {
      emu.data.localConsentPage = true;
      try {
        const r = await lac(['connections', 'authorize', '--all-unauthenticated', '--subscription', FIXTURE.subscriptions.contosoProd, '-f', 'json']);
        const teams = JSON.parse(r.out).connections.find((c: { id: string }) => c.id === FIXTURE.teamsUnauthenticated);
        assert.ok(teams.link.startsWith(`${emu.url}/_emulator/consent?data=`), teams.link);
        const allow = await fetch(`${emu.url}/_emulator/consent/allow?${new URL(teams.link).searchParams}`, { redirect: 'manual' });
        const back = allow.headers.get('location')!;
        assert.match(back, /^http:\/\/localhost\/lac-consent\?code=/);
        const done = await lac(['connections', 'authorize', FIXTURE.teamsUnauthenticated, '--code', back]);
        assert.strictEqual(done.code, 0, done.err);
        assert.match(done.out, /consent confirmed/);
        const after = await lac(['connections', 'test', FIXTURE.teamsUnauthenticated, '-f', 'json']);
        assert.strictEqual(JSON.parse(after.out).status, 'connected');
      } finally {
        emu.data.localConsentPage = false;
      }
    });
  });

  describe('list --unused', () => {
    it('lists only connections no deployed workflow or Standard app uses', async () => {
      const r = await lac(['connections', 'list', '--unused', '-f', 'json']);
      assert.strictEqual(r.code, 0, r.err);
      const ids = JSON.parse(r.out).connections.map((c: { id: string }) => c.id);
      // Used: by la-orders-prod (Standard), Consumption workflows, la-notify-dev through app settings.
      for (const key of ['healthy', 'blobMsi', 'keyvaultV2', 'keyvaultV1', 'fabrikamRevoked', 'customOrders', 'devOffice365', 'blobKey'] as const) assert.ok(!ids.includes(FIXTURE[key]), key);
      for (const key of ['expired', 'forbidden', 'fabrikamKeyvault', 'badGateway'] as const) assert.ok(ids.includes(FIXTURE[key]), key);
      assert.match(r.err, /read \d+ Consumption workflow\(s\) and \d+ Standard app\(s\)/);
    });

    it('never calls a connection unused when its subscription could not be read completely', async () => {
      emu.fault({ path: /\/sites\/la-orders-prod\/(workflowsconfiguration\/connections|hostruntime\/admin\/vfs\/connections\.json)$/ }, { status: 403 });
      const r = await lac(['connections', 'list', '--unused']);
      emu.clearFaults();
      assert.strictEqual(r.code, 0);
      assert.ok(!r.out.includes(`${FIXTURE_NAMES.expired} `), 'Contoso Production could not be read completely');
      assert.match(r.out, new RegExp(FIXTURE_NAMES.fabrikamKeyvault));
      assert.match(r.err, /Standard app la-orders-prod/);
      assert.match(r.err, /connection\(s\) not judged/);
    });
  });

  describe('diagnose: who uses the connection', () => {
    it('names the deployed Standard app and Consumption workflows; --no-usage leaves the lookup out', async () => {
      const r = await lac(['diagnose', FIXTURE.healthy, '-f', 'json', '--no-test']);
      const report = JSON.parse(r.out);
      assert.deepStrictEqual(report.deployedUsers.users.map((u: { kind: string; name: string; reference: string }) => [u.kind, u.name, u.reference]), [['standard', 'la-orders-prod', 'office365']]);
      assert.strictEqual(report.deployedUsers.complete, true);
      assert.ok(report.checks.some((c: { id: string; title: string }) => c.id === 'used-by' && /Used by 1 deployed logic app/.test(c.title)));
      const md = await lac(['diagnose', FIXTURE.keyvaultV1, '-f', 'markdown', '--no-test']);
      assert.match(md.out, /## Used by\n\n\| logic app \| kind \| named as \| resource group \|/);
      assert.match(md.out, /la-invoice-sync-old \| Consumption \\\(Disabled\\\) \| \$connections "keyvault"/);
      const text = await lac(['diagnose', FIXTURE.expired, '--no-test']);
      assert.match(text.out, /Used by no deployed logic app/);
      const none = await lac(['diagnose', FIXTURE.healthy, '-f', 'json', '--no-test', '--no-usage']);
      assert.strictEqual(JSON.parse(none.out).deployedUsers, undefined);
    });
  });
});

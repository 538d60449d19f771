/**
 * The Azure commands of `lac` (connections list/test/authorize/keys/delete, diagnose) through
 * `main(argv, io)` against the local ARM emulator (test/emulator). A recognisable token is used
 * throughout: it, and every connection key the emulator hands out, must never appear in any
 * output. Retry back-off is shortened with LAC_RETRY_DELAY_MS.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { isAllowedExternalUrl } from '../../src/core/azure/links';
import { main } from '../../src/cli/main';
import { connectionIdOf, FIXTURE, FIXTURE_NAMES, runtimeUrlOf, startEmulator, type Emulator } from '../emulator';
import type { ConnectionFixture } from '../emulator';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'lac-cli-RECOGNISABLE-token-5b1e9a3c-do-not-leak';
const WRONG_TOKEN = 'lac-cli-WRONG-token-0c7d2e4f-do-not-leak';

interface Run {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Every stdout and stderr text of the run, scanned for secrets at the end. */
const printed: string[] = [];
/** Connection keys the emulator handed out (read back from local.settings.json). */
const keys: string[] = [];
const temps: string[] = [];

/** An expired connection key (a JWT with exp in 2023). */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const EXPIRED_KEY = `${b64({ typ: 'JWT', alg: 'none' })}.${b64({ iss: 'old', exp: 1_700_000_000, nbf: 1_699_000_000 })}.`;

describe('lac Azure commands against the ARM emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;

  async function lac(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; endpoint?: boolean } = {}): Promise<Run> {
    let out = '';
    let err = '';
    const started = Date.now();
    const argv = opts.endpoint === false ? args : [...args, '--arm-endpoint', emu.url];
    const code = await main(argv, {
      cwd: opts.cwd ?? ROOT,
      env: { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '5', ...opts.env },
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s) },
    });
    printed.push(out, err);
    return { code, out, err, ms: Date.now() - started };
  }
  const json = <T = Record<string, unknown>>(r: Run): T => JSON.parse(r.out) as T;
  const fixture = (name: string): ConnectionFixture => emu.data.connections.find((c) => c.name === name)!;
  /** A one-line usage error (exit 2, nothing on stdout). */
  const usage = (r: Run, re: RegExp) => {
    assert.strictEqual(r.code, 2, r.err);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /^lac: [^\n]+\n$/);
    assert.match(r.err, re);
  };

  before(async () => {
    emu = await startEmulator({ token: TOKEN });
  });
  afterEach(() => emu.clearFaults());
  after(async () => {
    await emu.close();
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('help', () => {
    it('lac --help lists connections and diagnose; every command has its own help', async () => {
      const top = await lac(["--help"], { endpoint: false });
      assert.match(top.out, /\n {2}connections {2}/);
      assert.match(top.out, /\n {2}diagnose {5}/);
      for (const [args, head] of [
        [['connections', '--help'], /^Usage: lac connections <command>/],
        [['help', 'connections'], /^Usage: lac connections <command>/],
        [['connections', 'list', '--help'], /^Usage: lac connections list/],
        [['connections', 'test', '-h'], /^Usage: lac connections test <id\|name>/],
        [['help', 'connections', 'authorize'], /^Usage: lac connections authorize <id\|name>/],
        [['connections', 'keys', 'refresh', '--help'], /^Usage: lac connections keys refresh <project> <name>/],
        [['connections', 'delete', '--help'], /^Usage: lac connections delete <id> --yes/],
        [['connections', 'help', 'test'], /^Usage: lac connections test/],
        [['diagnose', '--help'], /^Usage: lac diagnose <project\|id\|name>/],
      ] as const) {
        const r = await lac([...args], { endpoint: false });
        assert.strictEqual(r.code, 0, args.join(' '));
        assert.match(r.out, head, args.join(' '));
        assert.strictEqual(r.err, '');
        if ((args as readonly string[]).includes('connections') && args.length > 2) {
          for (const opt of ['--format', '--cloud', '--arm-endpoint', '--subscription', '--timeout', '--auth']) assert.ok(r.out.includes(opt), `${args.join(' ')}: ${opt}`);
        }
      }
    });

    it('usage errors are one line with exit 2', async () => {
      usage(await lac(['connections'], { endpoint: false }), /needs a command/);
      usage(await lac(['connections', 'frobnicate'], { endpoint: false }), /unknown command "connections frobnicate"/);
      usage(await lac(['connections', 'list', '--bogus']), /unknown option "--bogus" for lac connections list/);
      usage(await lac(['connections', 'list', '--format', 'xml']), /unknown format "xml" \(text, json\)/);
      usage(await lac(['connections', 'list', '--cloud', 'Mars']), /unknown cloud "Mars"/);
      usage(await lac(['connections', 'list', '--timeout', '0']), /--timeout needs a number of seconds/);
      usage(await lac(['connections', 'list', '--auth', 'magic']), /unknown --auth "magic"/);
      usage(await lac(['connections', 'test']), /needs one connection id or name/);
      usage(await lac(['connections', 'test', '/subscriptions/x/nope']), /is not a connection resource id/);
      usage(await lac(['connections', 'keys', 'rotate', '.', 'x']), /unknown action "rotate"/);
      usage(await lac(['diagnose']), /needs one project folder, connection id or name/);
    });
  });

  describe('sign-in and endpoint', () => {
    it('--arm-endpoint must be https (http only on loopback)', async () => {
      usage(await lac(['connections', 'list', '--arm-endpoint', 'http://arm.example.com'], { endpoint: false }), /invalid --arm-endpoint: .*loopback/);
      assert.ok(!emu.requests.some((r) => r.path === '/'), 'nothing was sent');
    });

    it('LAC_ARM_ENDPOINT is the default endpoint', async () => {
      const r = await lac(['connections', 'list', '--format', 'json'], { endpoint: false, env: { LAC_ARM_ENDPOINT: emu.url } });
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(json<{ connections: unknown[] }>(r).connections.length, emu.data.connections.length);
    });

    it('a refused token is "not signed in" (exit 2) and the token is not printed', async () => {
      for (const args of [['connections', 'list'], ['connections', 'test', FIXTURE.healthy], ['diagnose', FIXTURE.healthy]]) {
        const r = await lac(args, { env: { LAC_ACCESS_TOKEN: WRONG_TOKEN } });
        usage(r, /^lac: not signed in: /);
        assert.ok(!r.err.includes(WRONG_TOKEN));
      }
    });

    it('--auth env without LAC_ACCESS_TOKEN, --auth secret without its variables: one line, no secret', async () => {
      usage(await lac(['connections', 'list', '--auth', 'env'], { env: { LAC_ACCESS_TOKEN: undefined } }), /not signed in: LAC_ACCESS_TOKEN is not set/);
      const secret = 'sEcReT-value-that-must-not-print-1234';
      const r = await lac(['connections', 'list', '--auth', 'secret'], { env: { AZURE_CLIENT_SECRET: secret } });
      usage(r, /--auth secret needs AZURE_TENANT_ID, AZURE_CLIENT_ID in the environment/);
      assert.ok(!r.err.includes(secret));
    });

    it('an unreachable endpoint is "cannot reach Azure" (exit 2)', async () => {
      const server = http.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      await new Promise((resolve) => server.close(resolve));
      usage(await lac(['connections', 'list', '--arm-endpoint', `http://127.0.0.1:${port}`], { endpoint: false }), /^lac: cannot reach Azure: .*refused/);
    });

    it('a role that may not list is "forbidden" (exit 2)', async () => {
      emu.fault({ path: /ResourceGraph|Microsoft\.Web\/connections$/ }, { status: 403 });
      usage(await lac(['connections', 'list', '--subscription', FIXTURE.subscriptions.fabrikam]), /^lac: forbidden: /);
    });
  });

  describe('connections list', () => {
    it('--format json: every fixture connection with the documented fields', async () => {
      const r = await lac(['connections', 'list', '--format', 'json']);
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.err, '');
      const { connections } = json<{ connections: Record<string, unknown>[] }>(r);
      assert.strictEqual(connections.length, emu.data.connections.length);
      for (const c of connections) {
        assert.deepStrictEqual(Object.keys(c), ['id', 'name', 'subscriptionId', 'resourceGroup', 'location', 'kind', 'api', 'status', 'displayName']);
        assert.strictEqual(typeof c.api, 'string');
      }
      assert.deepStrictEqual(
        connections.find((c) => c.id === FIXTURE.healthy),
        {
          id: FIXTURE.healthy,
          name: FIXTURE_NAMES.healthy,
          subscriptionId: FIXTURE.subscriptions.contosoProd,
          resourceGroup: FIXTURE.resourceGroups.integrationProd,
          location: 'westeurope',
          kind: 'V2',
          api: 'office365',
          status: 'Connected',
          displayName: 'ops@contoso.com',
        },
      );
      assert.strictEqual(connections.find((c) => c.id === FIXTURE.expired)!.status, 'Error');
      assert.deepStrictEqual(new Set(connections.map((c) => c.id)), new Set(emu.data.connections.map(connectionIdOf)));
    });

    it('--subscription filters (repeatable)', async () => {
      const fab = json<{ connections: { subscriptionId: string }[] }>(await lac(['connections', 'list', '-f', 'json', '--subscription', FIXTURE.subscriptions.fabrikam]));
      const expected = emu.data.connections.filter((c) => c.subscriptionId === FIXTURE.subscriptions.fabrikam).length;
      assert.ok(expected > 0);
      assert.strictEqual(fab.connections.length, expected);
      assert.ok(fab.connections.every((c) => c.subscriptionId === FIXTURE.subscriptions.fabrikam));
      const two = json<{ connections: { subscriptionId: string }[] }>(
        await lac(['connections', 'list', '-f', 'json', '--subscription', FIXTURE.subscriptions.fabrikam, '--subscription', FIXTURE.subscriptions.contosoDev]),
      );
      assert.strictEqual(two.connections.length, expected + emu.data.connections.filter((c) => c.subscriptionId === FIXTURE.subscriptions.contosoDev).length);
    });

    it('text: an aligned table', async () => {
      const r = await lac(['connections', 'list']);
      assert.strictEqual(r.code, 0, r.err);
      const lines = r.out.trimEnd().split('\n');
      assert.match(lines[0]!, /^NAME +STATUS +KIND +API +RESOURCE GROUP +SUBSCRIPTION$/);
      assert.strictEqual(lines.length, emu.data.connections.length + 1);
      for (const col of ['STATUS', 'KIND', 'API', 'RESOURCE GROUP', 'SUBSCRIPTION']) {
        const at = lines[0]!.indexOf(col);
        for (const line of lines.slice(1)) assert.match(line.slice(at - 2, at), /^ {2}$/, `${col} column in "${line}"`);
      }
      const healthy = lines.find((l) => l.startsWith(`${FIXTURE_NAMES.healthy} `))!;
      assert.match(healthy, /Connected +V2 +office365 +rg-integration-prod +aaaa0001-/);
    });
  });

  describe('connections test', () => {
    const cases: [keyof typeof FIXTURE_NAMES, string][] = [
      ['healthy', 'connected'],
      ['expired', 'unauthenticated'],
      ['forbidden', 'forbidden'],
      ['blobMsi', 'connected'],
      ['teamsUnauthenticated', 'unauthenticated'],
      ['badGateway', 'error'],
      ['gatewayTimeout', 'unreachable'],
      ['keyvaultV2', 'connected'],
      ['keyvaultV1', 'connected'],
      ['testRequestsOk', 'connected'],
      ['testRequestsUnauthorized', 'unauthenticated'],
      ['devOffice365', 'connected'],
      ['blobKey', 'connected'],
      ['servicebusV1', 'connected'],
      ['fabrikamRevoked', 'unauthenticated'],
      ['fabrikamConsentMissing', 'unauthenticated'],
      ['fabrikamKeyvault', 'connected'],
      ['fabrikamOnedriveV1', 'connected'],
    ];
    for (const [key, status] of cases) {
      it(`${key} → ${status}`, async () => {
        const r = await lac(['connections', 'test', FIXTURE[key], '--format', 'json']);
        assert.strictEqual(r.err, '');
        const doc = json<{ id: string; status: string; message: string; explanation: string; nextStep: string }>(r);
        assert.strictEqual(doc.id, FIXTURE[key]);
        assert.strictEqual(doc.status, status, doc.message);
        assert.ok(doc.message && doc.explanation && doc.nextStep);
        assert.strictEqual(r.code, status === 'connected' ? 0 : 1);
      });
    }

    it('the JSON has exactly the documented fields', async () => {
      const doc = json(await lac(['connections', 'test', FIXTURE.expired, '--format', 'json']));
      assert.deepStrictEqual(Object.keys(doc), ['id', 'status', 'httpStatus', 'code', 'message', 'explanation', 'nextStep', 'links']);
      assert.strictEqual(doc.httpStatus, 401);
    });

    it('expired: the AADSTS700082 explanation, the next step and the portal link in the text', async () => {
      const r = await lac(['connections', 'test', FIXTURE.expired]);
      assert.strictEqual(r.code, 1);
      assert.match(r.out, /^office365-expired: unauthenticated \(HTTP 401, Unauthorized\)\n/);
      assert.match(r.out, /What it means: .*AADSTS700082: The refresh token expired after inactivity/);
      assert.match(r.out, /Next step: .*[Rr]e-authorize/);
      const links: string[] = r.out.match(/https:\/\/\S+/g) ?? [];
      assert.ok(links.some((l) => l.startsWith('https://portal.azure.com/#')));
      for (const l of links) assert.ok(isAllowedExternalUrl(l, 'AzureCloud'), l);
    });

    it('unreachable: a short --timeout ends it', async () => {
      const r = await lac(['connections', 'test', FIXTURE.unreachable, '--timeout', '1', '--format', 'json']);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(json(r).status, 'unreachable');
      assert.ok(r.ms < 5000, `${r.ms} ms`);
    });

    it('throttled: connected after the retries', async () => {
      fixture(FIXTURE_NAMES.throttled).test = { kind: 'throttle', times: 2, retryAfter: 0 };
      const r = await lac(['connections', 'test', FIXTURE.throttled, '--format', 'json']);
      assert.strictEqual(json(r).status, 'connected');
      assert.strictEqual(r.code, 0);
      const calls = emu.requests.filter((q) => q.path === `${FIXTURE.throttled}/extensions/proxy/testconnection`);
      assert.deepStrictEqual(calls.map((q) => q.status), [429, 429, 200]);
    });

    it('throttled: a Retry-After too long to wait for ends as throttled', async () => {
      emu.fault({ path: `${FIXTURE.throttled}/extensions/proxy/testconnection` }, { status: 429, retryAfter: 120 });
      const r = await lac(['connections', 'test', FIXTURE.throttled, '--format', 'json']);
      assert.strictEqual(r.code, 1);
      const doc = json(r);
      assert.strictEqual(doc.status, 'throttled');
      assert.strictEqual(doc.retryAfterSeconds, 120);
      assert.ok(r.ms < 5000, `${r.ms} ms`);
    });

    it('not-found for a connection that does not exist', async () => {
      const r = await lac(['connections', 'test', FIXTURE.missing, '--format', 'json']);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(json(r).status, 'not-found');
    });

    it('a test link on another origin is refused: error, says why, nothing sent there', async () => {
      const before = emu.requests.length;
      const r = await lac(['connections', 'test', FIXTURE.hostile, '--format', 'json']);
      assert.strictEqual(r.code, 1);
      const doc = json<{ status: string; code: string; message: string; explanation: string }>(r);
      assert.strictEqual(doc.status, 'error');
      assert.strictEqual(doc.code, 'InsecureTarget');
      assert.match(doc.message, /evil\.example\.com is not the Resource Manager endpoint/);
      assert.match(doc.explanation, /outside the Resource Manager endpoint.*not called with your Azure token/);
      const host = new URL(emu.url).host;
      const sent = emu.requests.slice(before);
      assert.ok(sent.length > 0);
      assert.ok(sent.every((q) => q.headers.host === host && !/steal/.test(q.path)), JSON.stringify(sent.map((q) => q.path)));

      // A second server (another origin, loopback too) as the test link: it gets nothing.
      const other = await startEmulator({ token: TOKEN });
      const hostile = fixture(FIXTURE_NAMES.hostile);
      const saved = hostile.testLinks;
      try {
        hostile.testLinks = [{ requestUri: `${other.url}${FIXTURE.hostile}/extensions/proxy/testconnection?api-version=2016-06-01`, method: 'get' }];
        const t = await lac(['connections', 'test', FIXTURE.hostile]);
        assert.strictEqual(t.code, 1);
        assert.match(t.out, /^office365-hostile-testlink: error \(InsecureTarget\)/);
        assert.match(t.out, /not the Resource Manager endpoint/);
        assert.match(t.out, /What it means: The connection's test link points outside the Resource Manager endpoint/);
        assert.strictEqual(other.requests.length, 0, 'the other origin received no request (and so no token)');
      } finally {
        hostile.testLinks = saved;
        await other.close();
      }
    });

    it('by name, case-insensitively; unknown and ambiguous names are usage errors', async () => {
      const byName = await lac(['connections', 'test', FIXTURE_NAMES.healthy.toUpperCase(), '--format', 'json']);
      assert.strictEqual(byName.code, 0, byName.err);
      assert.strictEqual(json(byName).id, FIXTURE.healthy);

      const inSub = await lac(['connections', 'test', FIXTURE_NAMES.fabrikamKeyvault, '--subscription', FIXTURE.subscriptions.fabrikam, '-f', 'json']);
      assert.strictEqual(json(inSub).id, FIXTURE.fabrikamKeyvault);
      usage(await lac(['connections', 'test', FIXTURE_NAMES.fabrikamKeyvault, '--subscription', FIXTURE.subscriptions.contosoDev]), /no connection named "keyvault-fabrikam" in subscription aaaa0002-/);
      usage(await lac(['connections', 'test', 'no-such-connection']), /^lac: no connection named "no-such-connection" in 4 subscriptions \(see lac connections list\)\n$/);

      const twin = { ...fixture(FIXTURE_NAMES.healthy), resourceGroup: FIXTURE.resourceGroups.sharedProd };
      emu.data.connections.push(twin);
      try {
        const r = await lac(['connections', 'test', FIXTURE_NAMES.healthy]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.out, '');
        const lines = r.err.trimEnd().split('\n');
        assert.match(lines[0]!, /^lac: connection name "office365-orders" is ambiguous \(2 connections\); use the resource id/);
        assert.deepStrictEqual(lines.slice(1).map((l) => l.trim()).sort(), [FIXTURE.healthy, connectionIdOf(twin)].sort());
        // The resource id is never ambiguous.
        assert.strictEqual((await lac(['connections', 'test', FIXTURE.healthy])).code, 0);
      } finally {
        emu.data.connections.splice(emu.data.connections.indexOf(twin), 1);
      }
    });
  });

  describe('connections authorize', () => {
    it('prints the portal link and, for an OAuth API, the consent link; every link allowed', async () => {
      const r = await lac(['connections', 'authorize', FIXTURE_NAMES.healthy, '--tenant', FIXTURE.tenantId]);
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.err, '');
      const links: string[] = r.out.match(/https:\/\/\S+/g) ?? [];
      assert.ok(links.includes(`https://portal.azure.com/#@${FIXTURE.tenantId}/resource${FIXTURE.healthy}/edit`), r.out);
      assert.ok(links.some((l) => /^https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\/login\?data=/.test(l)), r.out);
      for (const l of links) assert.ok(isAllowedExternalUrl(l, 'AzureCloud'), l);
      assert.match(r.out, /--code '<address>'/);

      const doc = json<{ portalLink: string; needsConsent: boolean; consentLinks: { link: string; displayName: string }[]; redirectUrl: string }>(
        await lac(['connections', 'authorize', FIXTURE.healthy, '--format', 'json']),
      );
      assert.strictEqual(doc.needsConsent, true);
      assert.ok(isAllowedExternalUrl(doc.portalLink, 'AzureCloud'));
      assert.strictEqual(doc.consentLinks.length, 1);
      assert.strictEqual(doc.consentLinks[0]!.displayName, 'Office 365 Outlook');
      assert.ok(isAllowedExternalUrl(doc.consentLinks[0]!.link, 'AzureCloud'));
      const call = emu.requests.filter((q) => q.path === `${FIXTURE.healthy}/listConsentLinks`).pop()!;
      assert.deepStrictEqual(call.body, { parameters: [{ parameterName: 'token', redirectUrl: doc.redirectUrl }] });
    });

    it('no consent link for an API without OAuth', async () => {
      const doc = json<{ needsConsent: boolean; consentLinks: unknown[]; portalLink: string }>(await lac(['connections', 'authorize', FIXTURE.keyvaultV2, '-f', 'json']));
      assert.strictEqual(doc.needsConsent, false);
      assert.deepStrictEqual(doc.consentLinks, []);
      assert.ok(doc.portalLink.startsWith('https://portal.azure.com/#/resource/'));
    });

    it('cloud-correct: another cloud gets its portal, and a consent link of another cloud is refused', async () => {
      const r = await lac(['connections', 'authorize', FIXTURE.healthy, '--cloud', 'AzureUSGovernment']);
      // Its only consent link was refused: said on stdout, and not a success.
      assert.strictEqual(r.code, 1);
      assert.match(r.out, /Every consent link Azure gave \(1\) was refused: none is opened or printed \(the warnings say why\)\.\nAuthorize the connection in the portal with the link above\.\n$/);
      assert.match(r.out, /\n {2}https:\/\/portal\.azure\.us\/#\/resource\/subscriptions\//);
      assert.ok(!r.out.includes('azure-apim.net'), 'the public-cloud consent link is not printed');
      assert.match(r.err, /^lac: warning: consent link refused \(Office 365 Outlook\): The host 'logic-apis-westeurope\.consent\.azure-apim\.net' is not .* of AzureUSGovernment\.\n$/);
    });

    it('consent links to a foreign host, or carrying the token, are refused and not printed', async () => {
      emu.fault(
        { path: `${FIXTURE.healthy}/listConsentLinks` },
        {
          status: 200,
          body: {
            value: [
              { link: 'https://evil.example.com/consent?data=x', displayName: 'Foreign' },
              { link: `https://logic-apis-westeurope.consent.azure-apim.net/login?data=${TOKEN}`, displayName: 'Echo' },
            ],
          },
        },
      );
      const r = await lac(['connections', 'authorize', FIXTURE.healthy]);
      assert.strictEqual(r.code, 1, 'every consent link refused: exit 1');
      assert.match(r.out, /Every consent link Azure gave \(2\) was refused/);
      assert.ok(!r.out.includes('evil.example.com') && !r.out.includes('consent.azure-apim.net'), r.out);
      assert.ok(!r.err.includes(TOKEN));
      const warnings = r.err.trimEnd().split('\n');
      assert.strictEqual(warnings.length, 2);
      assert.match(warnings[0]!, /^lac: warning: consent link refused \(Foreign\): The host 'evil\.example\.com' is not/);
      assert.match(warnings[1]!, /^lac: warning: consent link refused \(Echo\): it carries a secret-looking value$/);
      assert.match(r.out, /https:\/\/portal\.azure\.com\/#\/resource\//);
    });

    it('every consent link refused, JSON: allConsentLinksRefused and exit 1; one allowed link among refused ones: exit 0', async () => {
      const path = `${FIXTURE.healthy}/listConsentLinks`;
      emu.fault({ path }, { status: 200, times: 1, body: { value: [{ link: 'https://evil.example.com/consent?data=x', displayName: 'Foreign' }] } });
      const r = await lac(['connections', 'authorize', FIXTURE.healthy, '-f', 'json']);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(json<{ allConsentLinksRefused: boolean }>(r).allConsentLinksRefused, true);
      emu.fault({ path }, { status: 200, times: 1, body: { value: [{ link: 'https://evil.example.com/consent?data=x', displayName: 'Foreign' }, { link: 'https://logic-apis-westeurope.consent.azure-apim.net/login?data=ok', displayName: 'Good' }] } });
      const mixed = await lac(['connections', 'authorize', FIXTURE.healthy]);
      assert.strictEqual(mixed.code, 0, mixed.err);
      assert.ok(!mixed.out.includes('was refused'));
    });

    it('--code completes the consent from the redirected address', async () => {
      const id = FIXTURE.fabrikamConsentMissing;
      const wrong = await lac(['connections', 'authorize', id, '--code', 'https://attacker.example/lac-consent?code=x']);
      usage(wrong, /--code: The redirect does not match the registered redirect URL/);
      const r = await lac(['connections', 'authorize', id, '--code', `http://localhost/lac-consent?code=${FIXTURE.validConsentCode}`]);
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.out, /^sharepoint-no-consent: consent confirmed as \S+; status Connected\n$/);
      assert.ok(!r.out.includes(FIXTURE.validConsentCode));
      assert.strictEqual(json(await lac(['connections', 'test', id, '-f', 'json'])).status, 'connected');
    });

    it('a missing connection is a one-line error', async () => {
      usage(await lac(['connections', 'authorize', FIXTURE.missing]), /^lac: not found: /);
    });
  });

  describe('connections keys refresh', () => {
    const project = (local?: string, connections?: unknown, parameters?: unknown): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-azure-'));
      temps.push(dir);
      const sub = FIXTURE.subscriptions.contosoProd;
      const conn = connections ?? {
        managedApiConnections: {
          'office365-orders': {
            api: { id: `/subscriptions/${sub}/providers/Microsoft.Web/locations/westeurope/managedApis/office365` },
            connection: {
              id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/office365-orders",
            },
            connectionRuntimeUrl: "@appsetting('office365-orders-connectionRuntimeUrl')",
            authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-orders-connectionKey')" },
          },
          keyvault: {
            api: { id: `/subscriptions/${sub}/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault` },
            connection: { id: FIXTURE.keyvaultV2 },
            connectionRuntimeUrl: runtimeUrlOf(fixture('keyvault-prod')),
            authentication: "@parameters('keyvault-Authentication')",
          },
          keyvaultV1: { connection: { id: FIXTURE.keyvaultV1 } },
          unresolved: { connection: { id: "/subscriptions/@{appsetting('NOT_THERE')}/resourceGroups/rg/providers/Microsoft.Web/connections/x" } },
        },
      };
      fs.writeFileSync(path.join(dir, 'connections.json'), JSON.stringify(conn, null, 2));
      fs.writeFileSync(
        path.join(dir, 'parameters.json'),
        JSON.stringify(parameters ?? { 'keyvault-Authentication': { type: 'Object', value: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('kv-key')" } } }, null, 2),
      );
      if (local !== undefined) fs.writeFileSync(path.join(dir, 'local.settings.json'), local);
      return dir;
    };
    const LOCAL = [
      '\ufeff{',
      '  // settings for local runs',
      '  "IsEncrypted": false,',
      '  "Values": {',
      `    "WORKFLOWS_SUBSCRIPTION_ID": "${FIXTURE.subscriptions.contosoProd}", // production`,
      '    "WORKFLOWS_RESOURCE_GROUP_NAME": "rg-integration-prod",',
      '    /* this key has expired */',
      `    "office365-orders-connectionKey": "${EXPIRED_KEY}",`,
      '    "office365-orders-connectionRuntimeUrl": "https://old.example.com/apim/office365/x/"',
      '  }',
      '}',
      '',
    ].join('\r\n');
    const values = (dir: string) => (parseJsonc(fs.readFileSync(path.join(dir, 'local.settings.json'), 'utf8').replace(/^\ufeff/, '')) as { Values: Record<string, string> }).Values;
    const expiry = (key: string) => JSON.parse(Buffer.from(key.split('.')[1]!, 'base64url').toString()).exp * 1000;

    it('writes the key and the runtime URL app settings, keeping comments, BOM and CRLF; prints the expiry, never the key', async () => {
      const dir = project(LOCAL);
      const r = await lac(['connections', 'keys', 'refresh', dir, 'office365-orders']);
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(r.err, '');
      const text = fs.readFileSync(path.join(dir, 'local.settings.json'), 'utf8');
      assert.ok(text.startsWith('\ufeff{\r\n'), 'BOM kept');
      assert.ok(!/[^\r]\n/.test(text), 'CRLF kept');
      for (const c of ['// settings for local runs', '// production', '/* this key has expired */']) assert.ok(text.includes(c), c);
      const v = values(dir);
      const key = v['office365-orders-connectionKey']!;
      keys.push(key);
      assert.notStrictEqual(key, EXPIRED_KEY);
      assert.ok(Math.abs(expiry(key) - (Date.now() + 7 * 86400_000)) < 120_000);
      assert.strictEqual(v['office365-orders-connectionRuntimeUrl'], runtimeUrlOf(fixture(FIXTURE_NAMES.healthy)));
      assert.strictEqual(v.WORKFLOWS_RESOURCE_GROUP_NAME, 'rg-integration-prod');
      const iso = new Date(expiry(key)).toISOString();
      assert.match(r.out, /^office365-orders: new connection key written to .*local\.settings\.json \(office365-orders-connectionKey, office365-orders-connectionRuntimeUrl\); expires \S+, in 7 days\n$/);
      assert.ok(r.out.includes(iso), `${r.out} should name ${iso}`);
      assert.ok(!r.out.includes(key) && !r.out.includes(key.split('.')[1]!));
      const call = emu.requests.filter((q) => q.path === `${FIXTURE.healthy}/listConnectionKeys`).pop()!;
      assert.deepStrictEqual(call.body, { validityTimeSpan: '7' });
    });

    it('the key setting its authentication names (through parameters.json); --days; JSON; relative project path', async () => {
      const dir = project(LOCAL);
      const r = await lac(['connections', 'keys', 'refresh', path.basename(dir), 'keyvault', '--days', '3', '--format', 'json'], { cwd: path.dirname(dir) });
      assert.strictEqual(r.code, 0, r.err);
      const doc = json<{ settings: string[]; expiresAt: string; connectionId: string; file: string; name: string }>(r);
      assert.deepStrictEqual(doc.settings, ['kv-key']);
      assert.strictEqual(doc.connectionId, FIXTURE.keyvaultV2);
      assert.strictEqual(doc.name, 'keyvault');
      assert.strictEqual(doc.file, `${path.basename(dir)}/local.settings.json`);
      const key = values(dir)['kv-key']!;
      keys.push(key);
      assert.strictEqual(new Date(expiry(key)).toISOString(), doc.expiresAt);
      assert.ok(Math.abs(Date.parse(doc.expiresAt) - (Date.now() + 3 * 86400_000)) < 120_000);
      assert.ok(!r.out.includes(key));
      assert.ok(!('keyvault-connectionRuntimeUrl' in values(dir)), 'a literal runtime URL is left alone');
    });

    it('creates local.settings.json when there is none', async () => {
      const dir = project(undefined);
      const r = await lac(['connections', 'keys', 'refresh', dir, 'keyvault']);
      assert.strictEqual(r.code, 0, r.err);
      const v = values(dir);
      keys.push(v['kv-key']!);
      assert.ok(v['kv-key']!.split('.').length === 3);
    });

    it('unknown name, unresolvable id and a V1 connection are one-line errors; nothing written', async () => {
      const dir = project(LOCAL);
      usage(await lac(['connections', 'keys', 'refresh', dir, 'nope']), /no managed API connection "nope" in .*connections\.json \(office365-orders, keyvault, keyvaultV1, unresolved\)/);
      usage(await lac(['connections', 'keys', 'refresh', dir, 'unresolved']), /connection "unresolved": its connection.id cannot be resolved: app setting NOT_THERE is not in local\.settings\.json/);
      usage(await lac(['connections', 'keys', 'refresh', dir, 'keyvaultV1']), /^lac: \S.*connection keys of keyvaultV1: /);
      usage(await lac(['connections', 'keys', 'refresh', path.join(dir, 'nowhere'), 'keyvault']), /no such file or directory/);
      usage(await lac(['connections', 'keys', 'refresh', dir]), /needs <project> <name>/);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'local.settings.json'), 'utf8'), LOCAL);
    });

    it('diagnose <project>: every resolvable managed connection, the key expiry from local.settings.json, the rest skipped', async () => {
      const dir = project(LOCAL);
      const r = await lac(['diagnose', dir, '--format', 'json']);
      assert.strictEqual(r.code, 1, r.err);
      const doc = json<{ overall: string; connections: { name: string; connectionId?: string; skipped?: string; report?: { overall: string; checks: { id: string; severity: string; title: string }[] } }[] }>(r);
      assert.strictEqual(doc.overall, 'error');
      assert.deepStrictEqual(doc.connections.map((c) => c.name), ['office365-orders', 'keyvault', 'keyvaultV1', 'unresolved']);
      const [o365, kv, v1, unresolved] = doc.connections;
      assert.strictEqual(o365!.connectionId, FIXTURE.healthy);
      const keyCheck = o365!.report!.checks.find((c) => c.id === 'connection-key')!;
      assert.deepStrictEqual([keyCheck.severity, keyCheck.title], ['error', 'Connection key expired']);
      assert.strictEqual(kv!.report!.overall, 'ok');
      assert.ok(v1!.report!.checks.some((c) => c.id === 'kind' && c.severity === 'error'), 'a V1 connection in a Standard project');
      assert.match(unresolved!.skipped!, /app setting NOT_THERE/);
      assert.ok(!r.out.includes(EXPIRED_KEY));

      const text = await lac(['diagnose', dir]);
      assert.strictEqual(text.code, 1);
      assert.match(text.out, /\[error\] Connection key expired: /);
      assert.match(text.out, /unresolved: skipped: /);
      assert.match(text.out, /: 3 connections diagnosed, 1 skipped; overall error\n$/);
      const md = await lac(['diagnose', dir, '--format', 'markdown']);
      assert.match(md.out, /^# Project diagnosis: /);
      assert.strictEqual(md.out.match(/^# Connection diagnosis: /gm)?.length, 3);
    });
  });

  describe('diagnose <id|name>', () => {
    it('json, markdown and text; exit 1 when the connection has errors', async () => {
      const j = await lac(['diagnose', FIXTURE.expired, '--format', 'json']);
      assert.strictEqual(j.code, 1);
      const doc = json<{ connectionId: string; overall: string; test: { status: string }; checks: { id: string }[] }>(j);
      assert.strictEqual(doc.connectionId, FIXTURE.expired);
      assert.strictEqual(doc.overall, 'error');
      assert.strictEqual(doc.test.status, 'unauthenticated');
      assert.ok(doc.checks.some((c) => c.id === 'status'));

      const md = await lac(['diagnose', FIXTURE_NAMES.healthy, '--format', 'markdown']);
      assert.strictEqual(md.code, 0, md.err);
      assert.match(md.out, /^# Connection diagnosis: office365-orders\n/);
      assert.match(md.out, /\*\*Overall:\*\* ✅ ok/);

      const text = await lac(['diagnose', FIXTURE.healthy]);
      assert.strictEqual(text.code, 0);
      assert.match(text.out, /^office365-orders: ok\n/);
      assert.match(text.out, /\[ok\] +Test: connected/);

      const missing = await lac(['diagnose', FIXTURE.missing, '-f', 'json']);
      assert.strictEqual(missing.code, 1);
      assert.strictEqual(json<{ checks: { id: string }[] }>(missing).checks[0]!.id, 'lookup');
    });

    it('--app checks access policies against that Logic App\'s managed identities', async () => {
      const ok = json<{ accessPolicies: { covered: boolean; candidateIdentities: { objectId: string; source: string; description: string }[] }; checks: { id: string; severity: string }[] }>(
        await lac(['diagnose', FIXTURE.healthy, '--app', FIXTURE.site, '--no-test', '-f', 'json']),
      );
      assert.deepStrictEqual(
        [ok.accessPolicies.covered, ok.accessPolicies.candidateIdentities.map((x) => [x.objectId, x.source, x.description])],
        [true, [[FIXTURE.sitePrincipalId, 'managed-identity', 'the system-assigned identity of la-orders-prod']]],
      );
      const missing = await lac(['diagnose', FIXTURE.blobMsi, '--app', FIXTURE.site, '--no-test', '-f', 'json']);
      const doc = json<{ accessPolicies: { covered: boolean }; checks: { id: string; severity: string }[] }>(missing);
      assert.strictEqual(doc.accessPolicies.covered, false);
      assert.notStrictEqual(doc.checks.find((c) => c.id === 'access-policies')?.severity, 'ok');
      usage(await lac(['diagnose', FIXTURE.healthy, '--app', 'not-a-site']), /--app needs a Logic App resource id/);
    });

    it('--no-test skips the live test', async () => {
      const before = emu.requests.filter((q) => /testconnection$/.test(q.path)).length;
      const r = await lac(['diagnose', FIXTURE.unreachable, '--no-test', '-f', 'json']);
      assert.strictEqual(r.code, 0, r.err);
      assert.strictEqual(json(r).test, undefined);
      assert.strictEqual(emu.requests.filter((q) => /testconnection$/.test(q.path)).length, before);
    });
  });

  describe('connections delete', () => {
    it('refuses without --yes (exit 2, nothing sent); deletes with it', async () => {
      const id = FIXTURE.servicebusV1;
      const saved = fixture(FIXTURE_NAMES.servicebusV1);
      usage(await lac(['connections', 'delete', id]), /^lac: refusing to delete \/subscriptions\/.*servicebus-v1 without --yes\n$/);
      usage(await lac(['connections', 'delete', FIXTURE_NAMES.servicebusV1, '--yes']), /needs the full resource id/);
      assert.ok(!emu.requests.some((q) => q.method === 'DELETE'));
      try {
        const r = await lac(['connections', 'delete', id, '--yes']);
        assert.deepStrictEqual([r.code, r.out, r.err], [0, `deleted ${id}\n`, '']);
        assert.ok(!emu.data.connections.includes(saved));
        const again = await lac(['connections', 'delete', id, '--yes', '--format', 'json']);
        assert.strictEqual(again.code, 0);
        assert.deepStrictEqual(json(again), { id, deleted: false });
      } finally {
        if (!emu.data.connections.includes(saved)) emu.data.connections.push(saved);
      }
    });
  });

  describe('secrets', () => {
    it('no output ever holds the token or a connection key', () => {
      assert.ok(keys.length >= 3, 'keys were collected');
      const all = printed.join('\n');
      assert.ok(all.length > 10_000);
      for (const secret of [TOKEN, WRONG_TOKEN, ...keys]) assert.ok(!all.includes(secret), `leaked: ${secret.slice(0, 12)}…`);
      assert.ok(!/Bearer\s+\S{8,}/.test(all));
      assert.ok(emu.requests.every((q) => !q.hadBearer || q.headers.authorization === 'Bearer <redacted>'));
    });
  });
});

describe('lac lint does not load the Azure SDK', function () {
  this.timeout(60_000);

  it('lint leaves @azure/* unloaded; an Azure command loads it when it runs', () => {
    const script = `
      const path = require('path');
      const count = () => Object.keys(require.cache).filter((k) => k.includes(path.join('node_modules', '@azure'))).length;
      const { main } = require(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))});
      const io = (env) => ({ cwd: ${JSON.stringify(path.join(ROOT, 'test/fixtures/cli'))}, env, stdout: { write() {} }, stderr: { write() {} } });
      (async () => {
        const atStart = count();
        const lint = await main(['lint', 'clean'], io({}));
        const rules = await main(['rules'], io({}));
        const afterLint = count();
        const azure = await main(['connections', 'list', '--auth', 'env'], io({}));
        console.log(JSON.stringify({ atStart, lint, rules, afterLint, azure, afterAzure: count() }));
      })();
    `;
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    assert.deepStrictEqual({ ...r, afterAzure: r.afterAzure! > 0 }, { atStart: 0, lint: 0, rules: 0, afterLint: 0, azure: 2, afterAzure: true });
  });
});

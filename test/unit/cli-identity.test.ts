/**
 * `lac diagnose` with the identity and credentials checks and `lac access grant`, through `main()`
 * against the emulator: `lac diagnose samples --app <la-orders-prod>` shows the missing Key Vault
 * role and the app registration secret that expires within 30 days; `checks` entries carry id,
 * severity, title, detail and nextStep; Grant Access asks, then creates the role assignment. The
 * token and the samples' local secret never appear in any output, and a Resource Manager token is
 * never sent to a Graph endpoint that is not the emulator.
 */
import * as assert from 'assert';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { FIXTURE, startEmulator, type Emulator } from '../emulator';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'lac-identity-RECOGNISABLE-token-71c2-do-not-leak';
const I = FIXTURE.identity;

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('lac diagnose: identities and credentials; lac access grant', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const printed: string[] = [];

  async function lac(args: string[], opts: { env?: Record<string, string | undefined>; ask?: (q: string) => Promise<string | undefined>; endpoint?: boolean } = {}): Promise<Run> {
    let out = '';
    let err = '';
    const code = await main(opts.endpoint === false ? args : [...args, '--arm-endpoint', emu.url], {
      cwd: ROOT,
      env: { LAC_ACCESS_TOKEN: TOKEN, LAC_RETRY_DELAY_MS: '1', ...opts.env },
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s) },
      ...(opts.ask ? { ask: opts.ask } : {}),
    });
    printed.push(out, err);
    return { code, out, err };
  }

  beforeEach(async () => {
    emu = await startEmulator({ token: TOKEN });
  });
  afterEach(async () => {
    await emu.close();
  });
  after(() => {
    for (const t of printed) {
      assert.ok(!t.includes(TOKEN), 'the token was printed');
      assert.ok(!t.includes('sample-only-not-a-real-client-secret'), 'the local secret was printed');
    }
  });

  it('lac diagnose samples --app <la-orders-prod> --format json: both findings, one entry per target or credential', async () => {
    const r = await lac(['diagnose', 'samples', '--app', FIXTURE.site, '--no-test', '--format', 'json']);
    assert.strictEqual(r.code, 1, r.err);
    type Check = { id: string; severity: string; title: string; detail: string; nextStep?: string; grant?: { roleName: string } };
    const doc = JSON.parse(r.out) as { overall: string; app: { name: string; principalId: string }; checks: Check[]; calendar: { date: string; kind: string; severity: string; daysLeft: number }[] };
    assert.strictEqual(doc.overall, 'error');
    assert.deepStrictEqual([doc.app.name, doc.app.principalId], ['la-orders-prod', FIXTURE.sitePrincipalId]);
    for (const c of doc.checks) {
      assert.ok(['app-identity', 'role-assignment', 'credential-expiry', 'authorized-user', 'tenant'].includes(c.id), c.id);
      assert.ok(['ok', 'info', 'warning', 'error'].includes(c.severity));
      assert.ok(c.title && c.detail, JSON.stringify(c));
      if (c.severity === 'error' || c.severity === 'warning') assert.ok(c.nextStep, `${c.title} has a next step`);
    }
    const kv = doc.checks.find((c) => c.id === 'role-assignment' && /contoso-kv/.test(c.title))!;
    assert.strictEqual(kv.severity, 'error');
    assert.match(kv.nextStep!, /az role assignment create .* --role "Key Vault Secrets User" --scope \/subscriptions\/.*\/vaults\/contoso-kv/);
    const secret = doc.checks.find((c) => c.id === 'credential-expiry' && /Contoso Inventory API client/.test(c.title))!;
    assert.deepStrictEqual([secret.severity, secret.title], ['warning', 'Contoso Inventory API client: client secret expires in 20 days']);
    assert.ok(doc.calendar.some((e) => e.kind === 'client-secret' && e.severity === 'warning' && e.daysLeft === 20));
    assert.ok(doc.checks.some((c) => c.id === 'authorized-user' && c.severity === 'error' && /former\.employee@contoso\.com is disabled/.test(c.title)));

    const text = await lac(['diagnose', 'samples', '--app', FIXTURE.site, '--no-test']);
    assert.strictEqual(text.code, 1);
    assert.match(text.out, /identities and credentials \(la-orders-prod\): error\n/);
    assert.match(text.out, /\[error\] role-assignment: Key Vault contoso-kv: /);
    assert.match(text.out, /\[warn\] +credential-expiry: Contoso Inventory API client: client secret expires in 20 days/);
    assert.match(text.out, /grant: lac access grant --app \S+la-orders-prod --target \S+contoso-kv --role "Key Vault Secrets User"/);
    assert.match(text.out, /samples: 7 connections diagnosed; overall error\n$/);
    const md = await lac(['diagnose', 'samples', '--app', FIXTURE.site, '--no-test', '--format', 'markdown']);
    assert.match(md.out, /^# Identities and credentials: samples$/m);
    assert.match(md.out, /^## Calendar$/m);
  });

  it('a refused role assignment listing is "could not be checked" with the permission, never ok', async () => {
    emu.fault({ method: 'GET', path: /roleAssignments$/ }, { status: 403 });
    const r = await lac(['diagnose', 'samples', '--app', FIXTURE.site, '--no-test', '--format', 'json']);
    const doc = JSON.parse(r.out) as { checks: { id: string; severity: string; title: string; nextStep?: string }[] };
    const roles = doc.checks.filter((c) => c.id === 'role-assignment' && !/could not be checked: OrderIntake/.test(c.title));
    assert.ok(roles.length >= 3);
    for (const c of roles.filter((x) => !/^Role assignments could not be checked$/.test(x.title))) {
      assert.strictEqual(c.severity, 'warning', c.title);
      assert.match(c.nextStep!, /roleAssignments\/read/);
    }
  });

  it('one connection: its authorizing user and tenant join its report (json and text)', async () => {
    const r = await lac(['diagnose', FIXTURE.samples.sharepointonline, '--no-test', '-f', 'json']);
    assert.strictEqual(r.code, 1);
    const doc = JSON.parse(r.out) as { overall: string; checks: { id: string; severity: string; title: string }[]; identity?: { calendar: { kind: string }[] } };
    assert.deepStrictEqual(doc.checks.filter((c) => c.id === 'authorized-user').map((c) => `${c.severity} ${c.title}`), ['error sharepointonline: former.employee@contoso.com is disabled']);
    assert.ok(doc.checks.some((c) => c.id === 'tenant' && c.severity === 'ok'));
    assert.deepStrictEqual(doc.identity?.calendar.map((e) => e.kind), ['consent']);
  });

  it('a Resource Manager token is never sent to a Graph endpoint that is not the emulator', async () => {
    // LAC_ACCESS_TOKEN with the real Graph endpoint: Graph is not used at all, and the checks say why.
    const r = await lac(['diagnose', FIXTURE.samples.sharepointonline, '--no-test', '-f', 'json'], { env: { LAC_GRAPH_ENDPOINT: 'https://graph.microsoft.com' } });
    const doc = JSON.parse(r.out) as { checks: { id: string; severity: string; detail: string }[] };
    const u = doc.checks.find((c) => c.id === 'authorized-user')!;
    assert.strictEqual(u.severity, 'warning');
    assert.match(u.detail, /LAC_ACCESS_TOKEN is a Resource Manager token and is never sent to Graph/);
    assert.ok(!emu.requests.some((q) => q.path.startsWith('/v1.0/')));
    const evil = await lac(['diagnose', FIXTURE.samples.sharepointonline, '--no-test', '-f', 'json'], { env: { LAC_GRAPH_ENDPOINT: 'https://graph.evil.example', LAC_GRAPH_TOKEN: 'graph-token' } });
    assert.match(JSON.stringify(JSON.parse(evil.out)), /Microsoft Graph is refused: https:\/\/graph\.evil\.example is not Microsoft Graph/);
  });

  describe('lac access grant', () => {
    const args = ['access', 'grant', '--app', FIXTURE.site, '--target', I.keyVaults.rbac];

    it('without --yes and no terminal: the plan (principal, least-privilege role, scope), nothing created', async () => {
      const r = await lac([...args, '--project', 'samples']);
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.out, /^Grant this role assignment\?\n {2}principal {2}la-orders-prod \(system-assigned\) \(object id a5a5a5a5-/);
      assert.match(r.out, /role {7}Key Vault Secrets User \(4633458b-17de-408a-b874-0445c86b69e6\): the least-privilege built-in role for what the project needs there/);
      assert.match(r.out, /scope {6}\/subscriptions\/.*\/vaults\/contoso-kv\n/);
      assert.match(r.out, /nothing created: run again with --yes/);
      assert.ok(!emu.requests.some((q) => q.method === 'PUT'));
    });

    it('asks on a terminal: no creates nothing; yes creates the role assignment (PUT roleAssignments/{guid})', async () => {
      const questions: string[] = [];
      const no = await lac(args, { ask: async (q) => (questions.push(q), 'n') });
      assert.match(no.out, /nothing created\n$/);
      assert.ok(!emu.requests.some((q) => q.method === 'PUT'));
      const yes = await lac(args, { ask: async (q) => (questions.push(q), 'y') });
      assert.strictEqual(yes.code, 0, yes.err);
      assert.deepStrictEqual(questions, ['Create it? [y/N] ', 'Create it? [y/N] ']);
      assert.match(yes.out, /created role assignment \/subscriptions\/.*\/vaults\/contoso-kv\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}\n/);
      const puts = emu.requests.filter((q) => q.method === 'PUT');
      assert.strictEqual(puts.length, 1);
      assert.strictEqual((puts[0]!.body as { properties: { principalType: string } }).properties.principalType, 'ServicePrincipal');
      // Diagnose now finds the role.
      const after = JSON.parse((await lac(['diagnose', 'samples', '--app', FIXTURE.site, '--no-test', '-f', 'json'])).out) as { checks: { id: string; severity: string; title: string }[] };
      assert.strictEqual(after.checks.find((c) => c.id === 'role-assignment' && /contoso-kv/.test(c.title))!.severity, 'ok');
      // And granting again does nothing.
      const again = await lac([...args, '--yes']);
      assert.match(again.out, /^nothing to do: la-orders-prod \(system-assigned\) already has Key Vault Secrets User/);
      assert.strictEqual(emu.requests.filter((q) => q.method === 'PUT').length, 1);
    });

    it('--yes --format json; a broader role only when named; usage errors are one line', async () => {
      const r = await lac([...args, '--yes', '--role', 'Key Vault Administrator', '-f', 'json']);
      assert.strictEqual(r.code, 0, r.err);
      const doc = JSON.parse(r.out) as { status: string; role: string; assignmentId: string };
      assert.deepStrictEqual([doc.status, doc.role], ['created', 'Key Vault Administrator']);
      const bad = await lac(['access', 'grant', '--app', 'not-an-app', '--target', I.keyVaults.rbac]);
      assert.strictEqual(bad.code, 2);
      assert.match(bad.err, /^lac: --app needs a Logic App resource id/);
      const ap = await lac(['access', 'grant', '--app', FIXTURE.site, '--target', I.keyVaults.accessPolicy, '--yes']);
      assert.strictEqual(ap.code, 2);
      assert.match(ap.err, /uses access policies, not Azure RBAC/);
      const noSub = await lac(['access']);
      assert.match(noSub.err, /needs a subcommand: grant/);
      emu.fault({ method: 'PUT', path: /roleAssignments/ }, { status: 403 });
      const refused = await lac([...args, '--yes', '--role', 'Key Vault Reader']);
      assert.strictEqual(refused.code, 2);
      assert.match(refused.err, /^lac: forbidden: creating the role assignment \(needs Microsoft\.Authorization\/roleAssignments\/write/);
    });
  });
});

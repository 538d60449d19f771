/**
 * `lac` through its `main(argv, io)`: output formats, exit codes, usage errors, options and
 * --fix on temporary copies of test/fixtures/cli. Only LAC001 and LAC003 run where exact
 * output matters (`ONLY`), so rules written later do not change these expectations.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFsError } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { ruleDocsUrl } from '../../src/core/meta';
import { ALL_RULES } from '../../src/core/rules';
import pkg from '../../package.json';

const FIXTURES = path.resolve(__dirname, '../fixtures/cli');
/** Start of an ANSI colour sequence. */
const ESC = '\u001b[';
const ONLY = [
  '--rule',
  ALL_RULES.filter((r) => r.meta.id !== 'LAC001' && r.meta.id !== 'LAC003')
    .map((r) => `${r.meta.id}=off`)
    .join(','),
];

interface Run {
  code: number;
  out: string;
  err: string;
}

async function lac(args: string[], opts: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd: opts.cwd ?? FIXTURES,
    env: opts.env ?? {},
    stdout: { write: (s: string) => void (out += s), isTTY: opts.tty },
    stderr: { write: (s: string) => void (err += s), isTTY: opts.tty },
  });
  return { code, out, err };
}

const temps: string[] = [];
/** A temporary copy of the fixtures (or an empty folder), removed after the tests. */
function tempCopy(empty = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-cli-'));
  temps.push(dir);
  if (!empty) fs.cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

/** Every file under a folder with its text. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** `file:line:col severity id` of each finding line of text output. */
function heads(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => /^\S+:\d+:\d+ /.test(l))
    .map((l) => l.split(' ').slice(0, 3).join(' '));
}

const BROKEN_HEADS = [
  'broken/connections.json:2:3 warning LAC001',
  'broken/connections.json:11:7 error LAC003',
  'broken/connections.json:15:8 warning LAC001',
  'broken/connections.json:16:6 warning LAC001',
  'broken/orders/workflow.json:26:50 warning LAC001',
];

describe('lac CLI', () => {
  describe('help, version, rules', () => {
    it('prints the help on --help, -h and help (exit 0), and on stderr without a command (exit 2)', async () => {
      for (const args of [['--help'], ['-h'], ['help']]) {
        const r = await lac(args);
        assert.strictEqual(r.code, 0);
        assert.match(r.out, /^Usage: lac <command>/);
        assert.match(r.out, /\n {2}lint {5}/);
        assert.match(r.out, /\n {2}rules {4}/);
        assert.strictEqual(r.err, '');
      }
      const none = await lac([]);
      assert.strictEqual(none.code, 2);
      assert.strictEqual(none.out, '');
      assert.match(none.err, /^Usage: lac <command>/);
    });

    it('prints a command help on lac lint --help, even next to other options, and on lac help lint', async () => {
      for (const args of [['lint', '--help'], ['lint', '-h', '--bogus'], ['help', 'lint']]) {
        const r = await lac(args);
        assert.strictEqual(r.code, 0, args.join(' '));
        assert.match(r.out, /^Usage: lac lint \[paths\.\.\.\] \[options\]/);
        for (const opt of ['--format', '--fix', '--rule', '--ignore', '--cloud', '--quiet', '--max-warnings']) assert.ok(r.out.includes(opt), opt);
        assert.match(r.out, /preferred/, 'the help says which fixes --fix applies');
      }
      assert.match((await lac(['rules', '--help'])).out, /^Usage: lac rules/);
    });

    it('prints the version of package.json', async () => {
      for (const flag of ['--version', '-v']) {
        const r = await lac([flag]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.out, `${pkg.version}\n`);
      }
    });

    it('lists the rules as text: id, name, default severity, description', async () => {
      const r = await lac(['rules']);
      assert.strictEqual(r.code, 0);
      const lines = r.out.trimEnd().split('\n');
      assert.strictEqual(lines.length, ALL_RULES.length);
      ALL_RULES.forEach((rule, i) => {
        const m = rule.meta;
        assert.match(lines[i], new RegExp(`^${m.id} +${m.name} +${m.defaultSeverity} +`));
        assert.ok(lines[i].includes(m.description), m.id);
      });
      assert.ok(!r.out.includes(ESC), 'no colours when stdout is not a terminal');
    });

    it('lists the rules as JSON', async () => {
      const r = await lac(['rules', '--format', 'json']);
      assert.strictEqual(r.code, 0);
      const doc = JSON.parse(r.out);
      assert.strictEqual(doc.version, 1);
      assert.deepStrictEqual(
        doc.rules.map((x: { id: string }) => x.id),
        ALL_RULES.map((x) => x.meta.id),
      );
      const first = doc.rules[0];
      assert.deepStrictEqual(Object.keys(first), ['id', 'name', 'defaultSeverity', 'description', 'fixable', 'requiresAzure', 'docsUrl']);
      assert.strictEqual(first.docsUrl, ruleDocsUrl(first.id));
    });
  });

  describe('text output', () => {
    it('prints file:line:col severity rule message, 1-based, paths relative with /, and a summary', async () => {
      const r = await lac(['lint', 'broken', ...ONLY]);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(r.err, '');
      assert.deepStrictEqual(heads(r.out), BROKEN_HEADS);
      assert.match(r.out, /^broken\/connections\.json:11:7 error LAC003 "connectionRuntimeUrl" is defined again on line 12; this earlier value is ignored\.$/m);
      assert.ok(r.out.endsWith('\n\n1 error, 4 warnings in 2 files (4 fixable with --fix)\n'), r.out);
      assert.ok(!r.out.includes(ESC), 'no colours when stdout is not a terminal');
    });

    it('paths stay relative to the working folder from elsewhere', async () => {
      const r = await lac(['lint', 'cli/broken', ...ONLY], { cwd: path.dirname(FIXTURES) });
      assert.deepStrictEqual(
        heads(r.out),
        BROKEN_HEADS.map((h) => `cli/${h}`),
      );
    });

    it('says there is nothing wrong, and exits 0, on a clean project', async () => {
      const r = await lac(['lint', 'clean']);
      assert.strictEqual(r.code, 0);
      assert.strictEqual(r.out, 'no problems in 3 files\n');
      assert.strictEqual(r.err, '');
    });

    it('counts info and hints in the summary', async () => {
      const r = await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=info', '--rule', 'invalid-json=hint']);
      assert.strictEqual(r.code, 0);
      assert.match(r.out, /\n1 info, 4 hints in 2 files/);
    });

    it('colours only on a terminal without NO_COLOR (FORCE_COLOR forces them)', async () => {
      assert.ok((await lac(['lint', 'broken', ...ONLY], { tty: true })).out.includes(`${ESC}31merror${ESC}39m`));
      assert.ok(!(await lac(['lint', 'broken', ...ONLY], { tty: true, env: { NO_COLOR: '1' } })).out.includes(ESC));
      assert.ok((await lac(['lint', 'broken', ...ONLY], { env: { FORCE_COLOR: '1' } })).out.includes(ESC));
    });

    it('--quiet reports errors only (and nothing at all without errors)', async () => {
      const r = await lac(['lint', 'broken', '--quiet', ...ONLY]);
      assert.strictEqual(r.code, 1);
      assert.deepStrictEqual(heads(r.out), ['broken/connections.json:11:7 error LAC003']);
      assert.match(r.out, /\n1 error in 1 file/);
      const clean = await lac(['lint', 'broken', '-q', '--rule', 'LAC003=warning', ...ONLY]);
      assert.strictEqual(clean.code, 0);
      assert.strictEqual(clean.out, '');
    });
  });

  describe('JSON output', () => {
    it('{"version":1,"findings":[…]} with relative / paths and 0-based LSP ranges', async () => {
      const r = await lac(['lint', 'broken', '--format', 'json', ...ONLY]);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(r.err, '');
      const doc = JSON.parse(r.out);
      assert.deepStrictEqual(Object.keys(doc), ['version', 'findings']);
      assert.strictEqual(doc.version, 1);
      assert.strictEqual(doc.findings.length, 5);
      for (const f of doc.findings) {
        assert.deepStrictEqual(Object.keys(f), ['ruleId', 'name', 'severity', 'file', 'pointer', 'range', 'message']);
      }
      assert.deepStrictEqual(doc.findings[1], {
        ruleId: 'LAC003',
        name: 'duplicate-key',
        severity: 'error',
        file: 'broken/connections.json',
        pointer: '/managedApiConnections/office365/connectionRuntimeUrl',
        range: { start: { line: 10, character: 6 }, end: { line: 10, character: 28 } },
        message: '"connectionRuntimeUrl" is defined again on line 12; this earlier value is ignored.',
      });
      assert.strictEqual(doc.findings[4].file, 'broken/orders/workflow.json');
    });

    it('an empty findings array when all is well', async () => {
      const r = await lac(['lint', 'clean', '-f', 'JSON']);
      assert.strictEqual(r.code, 0);
      assert.deepStrictEqual(JSON.parse(r.out), { version: 1, findings: [] });
    });
  });

  describe('SARIF output', () => {
    it('is a valid SARIF 2.1.0 log with rule metadata and 1-based regions', async () => {
      const r = await lac(['lint', 'broken', '--format', 'sarif', ...ONLY, '--rule', 'LAC001=info']);
      assert.strictEqual(r.code, 1);
      const log = JSON.parse(r.out);
      checkSarif(log);
      const run = log.runs[0];
      const driver = run.tool.driver;
      assert.strictEqual(driver.name, 'lac');
      assert.strictEqual(driver.version, pkg.version);
      assert.match(driver.informationUri, /^https:\/\//);
      assert.deepStrictEqual(
        driver.rules.map((x: { id: string }) => x.id),
        ALL_RULES.map((x) => x.meta.id),
      );
      const lac003 = driver.rules.find((x: { id: string }) => x.id === 'LAC003');
      assert.strictEqual(lac003.name, 'duplicate-key');
      assert.strictEqual(lac003.helpUri, ruleDocsUrl('LAC003'));
      assert.strictEqual(lac003.shortDescription.text, ALL_RULES.find((x) => x.meta.id === 'LAC003')!.meta.description);
      assert.deepStrictEqual(lac003.defaultConfiguration, { level: 'error' });

      assert.strictEqual(run.results.length, 5);
      const dup = run.results[1];
      assert.strictEqual(dup.ruleId, 'LAC003');
      assert.strictEqual(driver.rules[dup.ruleIndex].id, 'LAC003');
      assert.strictEqual(dup.level, 'error');
      assert.deepStrictEqual(dup.locations[0].physicalLocation, {
        artifactLocation: { uri: 'broken/connections.json', uriBaseId: '%SRCROOT%' },
        region: { startLine: 11, startColumn: 7, endLine: 11, endColumn: 29 },
      });
      assert.strictEqual(run.results[0].level, 'note', 'info is a note');
      assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, `${require('url').pathToFileURL(FIXTURES).href}/`);
    });

    it('has an empty results array (and a valid log) when all is well', async () => {
      const r = await lac(['lint', 'clean', '--format', 'sarif']);
      assert.strictEqual(r.code, 0);
      const log = JSON.parse(r.out);
      checkSarif(log);
      assert.deepStrictEqual(log.runs[0].results, []);
    });
  });

  describe('exit codes and usage errors', () => {
    it('exits 1 with errors, 0 with warnings only', async () => {
      assert.strictEqual((await lac(['lint', 'broken', ...ONLY])).code, 1);
      assert.strictEqual((await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=warning'])).code, 0);
      assert.strictEqual((await lac(['lint', 'lone/workflow.json'])).code, 0);
    });

    it('--max-warnings fails with more warnings than allowed, even when --quiet hides them', async () => {
      const over = await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=off', '--max-warnings', '3']);
      assert.strictEqual(over.code, 1);
      assert.strictEqual(over.err, 'lac: too many warnings (4, maximum 3)\n');
      assert.strictEqual((await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=off', '--max-warnings', '4'])).code, 0);
      assert.strictEqual((await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=off', '-q', '--max-warnings=0'])).code, 1);
      assert.strictEqual((await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC003=off', '--max-warnings=-1'])).code, 0);
    });

    const usage: [string[], string][] = [
      [['lint', 'nope/'], 'lac: no such file or directory: nope/'],
      [['lint', 'clean', 'missing.json'], 'lac: no such file or directory: missing.json'],
      [['lint', 'other/settings.json'], 'lac: not a Logic Apps file (host.json, connections.json, parameters.json, local.settings.json, workflow.json, an exported ARM template, or a custom connector\'s apiProperties.json): other/settings.json'],
      [['lint', 'other'], 'lac: no Logic Apps files or custom connector definitions found in other'],
      [['lint', '--format', 'xml'], 'lac: unknown format "xml" (text, json, sarif)'],
      [['lint', '--format'], 'lac: option --format needs a value'],
      [['lint', '--rule', 'LAC999=off'], 'lac: unknown rule "LAC999" in --rule (see lac rules)'],
      [['lint', '--rule', 'LAC001=loud'], 'lac: unknown severity "loud" in --rule LAC001=loud (off, error, warning, info, hint)'],
      [['lint', '--rule', 'LAC001'], 'lac: --rule needs <rule>=<severity> (like LAC041=off), got "LAC001"'],
      [['lint', '--cloud', 'Mars'], 'lac: unknown cloud "Mars" (AzureCloud, AzureUSGovernment, AzureChinaCloud)'],
      [['lint', '--max-warnings', 'many'], 'lac: --max-warnings needs a number of warnings, got "many"'],
      [['lint', '--bogus'], 'lac: unknown option "--bogus" for lac lint (see lac lint --help)'],
      [['lint', '--fix=yes'], 'lac: option --fix takes no value'],
      [['rules', 'extra'], 'lac: unexpected argument "extra" for lac rules (see lac rules --help)'],
      [['rules', '--format', 'sarif'], 'lac: unknown format "sarif" (text, json)'],
      [['frobnicate'], 'lac: unknown command "frobnicate" (lint, rules, connections, diagnose, project, access; see lac --help)'],
      [['--frobnicate'], 'lac: unknown option "--frobnicate" (see lac --help)'],
    ];
    for (const [args, message] of usage) {
      it(`exits 2 with one line: lac ${args.join(' ')}`, async () => {
        const r = await lac(args);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.err, `${message}\n`);
        assert.strictEqual(r.out, '');
      });
    }

    it('accepts known values whatever their case, and rule names', async () => {
      const r = await lac(['lint', 'clean', '--format', 'Text', '--cloud', 'azurechinacloud', '--rule', 'Duplicate-Key=OFF']);
      assert.strictEqual(r.code, 0, r.err);
    });
  });

  describe('--rule, --ignore and what is linted', () => {
    it('--rule off removes a rule, a severity changes it (by id or name, repeatable or comma-separated)', async () => {
      const off = JSON.parse((await lac(['lint', 'broken', '-f', 'json', ...ONLY, '--rule', 'LAC003=off'])).out);
      assert.ok(off.findings.every((f: { ruleId: string }) => f.ruleId !== 'LAC003'));
      assert.strictEqual(off.findings.length, 4);
      const changed = JSON.parse((await lac(['lint', 'broken', '-f', 'json', ...ONLY, '--rule', 'duplicate-key=info,LAC001=error'])).out);
      assert.deepStrictEqual(
        changed.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`),
        ['LAC001 error', 'LAC003 info', 'LAC001 error', 'LAC001 error', 'LAC001 error'],
      );
      const none = await lac(['lint', 'broken', ...ONLY, '--rule', 'LAC001=off', '--rule', 'LAC003=off']);
      assert.strictEqual(none.code, 0);
      assert.match(none.out, /^no problems in 3 files\n$/);
    });

    it('lints every project under the current folder by default', async () => {
      const r = await lac(['lint', ...ONLY]);
      assert.deepStrictEqual(heads(r.out), [...BROKEN_HEADS, 'lone/workflow.json:9:21 warning LAC001']);
    });

    it('--ignore leaves out matching folders and files, at any depth or anchored', async () => {
      assert.deepStrictEqual(heads((await lac(['lint', ...ONLY, '--ignore', 'broken'])).out), ['lone/workflow.json:9:21 warning LAC001']);
      assert.deepStrictEqual(heads((await lac(['lint', ...ONLY, '--ignore', '**/orders/**', '--ignore', 'lone/'])).out), BROKEN_HEADS.slice(0, 4));
      assert.deepStrictEqual(heads((await lac(['lint', ...ONLY, '--ignore', '/lone/workflow.json', '--ignore=*/connections.json'])).out), [BROKEN_HEADS[4]]);
      assert.deepStrictEqual(heads((await lac(['lint', ...ONLY, '--ignore', '/orders'])).out).length, 6, 'anchored: orders is not at the root');
      const all = await lac(['lint', 'clean', 'lone', '--ignore', 'clean', '--ignore', 'lone']);
      assert.strictEqual(all.code, 2);
      assert.strictEqual(all.err, 'lac: no Logic Apps files or custom connector definitions found in clean, lone\n');
    });

    it('a file named explicitly is linted with its project; only its own findings are reported', async () => {
      const wf = await lac(['lint', 'broken/orders/workflow.json', ...ONLY]);
      assert.deepStrictEqual(heads(wf.out), [BROKEN_HEADS[4]]);
      assert.match(wf.out, /in 1 file/);
      const conn = await lac(['lint', 'broken/connections.json', ...ONLY]);
      assert.deepStrictEqual(heads(conn.out), BROKEN_HEADS.slice(0, 4));
      const folder = await lac(['lint', 'broken/orders', ...ONLY]);
      assert.deepStrictEqual(heads(folder.out), [BROKEN_HEADS[4]]);
      const both = await lac(['lint', 'broken/orders/workflow.json', 'broken', ...ONLY]);
      assert.deepStrictEqual(heads(both.out), BROKEN_HEADS, 'the whole project when it is named too');
      const lone = await lac(['lint', 'lone/workflow.json', ...ONLY]);
      assert.deepStrictEqual(heads(lone.out), ['lone/workflow.json:9:21 warning LAC001']);
    });
  });

  describe('--fix', () => {
    it('writes nothing without --fix, whatever the format', async () => {
      const dir = tempCopy();
      const before = snapshot(dir);
      for (const format of ['text', 'json', 'sarif']) await lac(['lint', '--format', format, ...ONLY], { cwd: dir });
      assert.deepStrictEqual(snapshot(dir), before);
    });

    it('applies the preferred fixes, keeps comments, reports what is left and how much it fixed', async () => {
      const dir = tempCopy();
      const before = snapshot(dir);
      const r = await lac(['lint', 'broken', '--fix', ...ONLY], { cwd: dir });
      assert.strictEqual(r.code, 0, r.out);
      assert.strictEqual(r.err, 'fixed 4 problems in 2 files\n');
      assert.deepStrictEqual(heads(r.out), ['broken/connections.json:2:3 warning LAC001'], 'the comment has no automatic fix');
      assert.match(r.out, /\n1 warning in 1 file\n$/);
      const conn = fs.readFileSync(path.join(dir, 'broken/connections.json'), 'utf8');
      assert.strictEqual(conn, FIXED_CONNECTIONS);
      const wf = fs.readFileSync(path.join(dir, 'broken/orders/workflow.json'), 'utf8');
      assert.strictEqual(wf, before[path.join('broken', 'orders', 'workflow.json')].replace('</p>",\n', '</p>"\n'));
      const after = snapshot(dir);
      for (const f of Object.keys(before)) {
        if (!f.startsWith('broken')) assert.strictEqual(after[f], before[f], `${f} unchanged`);
      }
      // Nothing more to do.
      const again = await lac(['lint', 'broken', '--fix', ...ONLY], { cwd: dir });
      assert.strictEqual(again.err, '');
      assert.deepStrictEqual(snapshot(dir), after);
    });

    it('fixes only reported problems: a named file, --rule off, --ignore', async () => {
      const dir = tempCopy();
      const before = snapshot(dir);
      await lac(['lint', 'broken/orders/workflow.json', '--fix', ...ONLY], { cwd: dir });
      const after = snapshot(dir);
      assert.strictEqual(after[path.join('broken', 'connections.json')], before[path.join('broken', 'connections.json')]);
      assert.notStrictEqual(after[path.join('broken', 'orders', 'workflow.json')], before[path.join('broken', 'orders', 'workflow.json')]);
      const r = await lac(['lint', '--fix', '--ignore', 'lone', ...ONLY, '--rule', 'LAC001=off', '-f', 'json'], { cwd: dir });
      assert.strictEqual(r.err, '', 'no fix summary outside text output');
      assert.strictEqual(r.code, 0);
      const conn = snapshot(dir)[path.join('broken', 'connections.json')];
      assert.ok(!conn.includes('old.example.invalid'), 'duplicate removed');
      assert.ok(conn.includes('},\n    },\n'), 'trailing commas kept: LAC001 is off');
      assert.strictEqual(snapshot(dir)[path.join('lone', 'workflow.json')], before[path.join('lone', 'workflow.json')]);
    });

    it('keeps a BOM and CRLF line endings', async () => {
      const dir = tempCopy(true);
      const crlf = (s: string) => s.replace(/\n/g, '\r\n');
      fs.writeFileSync(path.join(dir, 'host.json'), '\ufeff' + crlf('{\n  "version": "2.0"\n}\n'));
      const text = '{\n  "managedApiConnections": {\n    "a": { "connectionRuntimeUrl": "https://x.invalid/1" },\n    "a": { "connectionRuntimeUrl": "https://x.invalid/2" },\n  },\n}\n';
      fs.writeFileSync(path.join(dir, 'connections.json'), '\ufeff' + crlf(text));
      const r = await lac(['lint', '--fix', ...ONLY], { cwd: dir });
      assert.strictEqual(r.code, 0, r.out + r.err);
      assert.strictEqual(r.err, 'fixed 3 problems in 1 file\n');
      const fixed = fs.readFileSync(path.join(dir, 'connections.json'), 'utf8');
      assert.strictEqual(fixed, '\ufeff' + crlf('{\n  "managedApiConnections": {\n    "a": { "connectionRuntimeUrl": "https://x.invalid/2" }\n  }\n}\n'));
      assert.strictEqual(fs.readFileSync(path.join(dir, 'host.json'), 'utf8'), '\ufeff' + crlf('{\n  "version": "2.0"\n}\n'));
    });

    it('re-lints and fixes again what overlapping fixes left (a trailing comma inside a removed duplicate)', async () => {
      const dir = tempCopy(true);
      fs.writeFileSync(path.join(dir, 'host.json'), '{ "version": "2.0" }\n');
      fs.writeFileSync(path.join(dir, 'connections.json'), '{\n  "managedApiConnections": {\n    "a": {\n      "connectionRuntimeUrl": "https://x.invalid/1",\n    },\n    "a": {\n      "connectionRuntimeUrl": "https://x.invalid/2",\n    },\n  },\n}\n');
      const r = await lac(['lint', '--fix', ...ONLY], { cwd: dir });
      assert.strictEqual(r.code, 0, r.out + r.err);
      assert.strictEqual(r.out, 'no problems in 2 files\n');
      assert.strictEqual(fs.readFileSync(path.join(dir, 'connections.json'), 'utf8'), '{\n  "managedApiConnections": {\n    "a": {\n      "connectionRuntimeUrl": "https://x.invalid/2"\n    }\n  }\n}\n');
    });
  });

  describe('failures', () => {
    it('an unreadable folder or file is a one-line error, exit 2', async function () {
      if (process.platform === 'win32' || process.getuid?.() === 0) this.skip(); // permissions do not bind root
      const dir = tempCopy();
      const file = path.join(dir, 'broken', 'connections.json');
      fs.chmodSync(file, 0o000);
      try {
        const r = await lac(['lint', 'broken'], { cwd: dir });
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.err, 'lac: cannot read broken/connections.json: permission denied\n');
      } finally {
        fs.chmodSync(file, 0o644);
      }
    });

    it('a file that cannot be written is a one-line error, exit 2', async function () {
      if (process.platform === 'win32' || process.getuid?.() === 0) this.skip();
      const dir = tempCopy();
      const file = path.join(dir, 'broken', 'orders', 'workflow.json');
      fs.chmodSync(file, 0o444);
      try {
        const r = await lac(['lint', 'broken/orders', '--fix'], { cwd: dir });
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.err, 'lac: cannot write broken/orders/workflow.json: permission denied\n');
      } finally {
        fs.chmodSync(file, 0o644);
      }
    });

    it('describes file system errors in one line', () => {
      const err = (code: string) => Object.assign(new Error(`${code}: long\nstack`), { code });
      assert.strictEqual(describeFsError(err('ENOENT'), 'foo/'), 'no such file or directory: foo/');
      assert.strictEqual(describeFsError(err('EACCES'), 'a.json', 'read'), 'cannot read a.json: permission denied');
      assert.strictEqual(describeFsError(err('EWEIRD'), 'a.json', 'write'), 'cannot write a.json: EWEIRD: long');
    });

    it('turns an unexpected exception into one line, exit 2, without a stack', async () => {
      let err = '';
      const code = await main(['rules'], {
        env: {},
        stdout: {
          write: () => {
            throw new TypeError('boom\n    at somewhere (file.ts:1:1)');
          },
        },
        stderr: { write: (s: string) => void (err += s) },
      });
      assert.strictEqual(code, 2);
      assert.strictEqual(err, 'lac: internal error: boom (set LAC_DEBUG=1 for details)\n');
    });
  });
});

const FIXED_CONNECTIONS = `{
  // Office 365 is used by the orders workflow.
  "managedApiConnections": {
    "office365": {
      "api": {
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/westeurope/managedApis/office365"
      },
      "connection": {
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders/providers/Microsoft.Web/connections/office365"
      },
      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef",
      "authentication": {
        "type": "ManagedServiceIdentity"
      }
    }
  }
}
`;

/**
 * The SARIF 2.1.0 schema's constraints on every object lac writes (sarif-schema-2.1.0.json:
 * required members, types, enums, minimums, no unknown members), plus what GitHub code scanning
 * needs: a location per result with a relative URI under a declared uriBaseId.
 */
function checkSarif(log: Record<string, unknown>): void {
  type O = Record<string, unknown>;
  const obj = (v: unknown, at: string, allowed: string[], required: string[] = []): O => {
    assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${at} is an object`);
    const o = v as O;
    for (const k of Object.keys(o)) assert.ok(allowed.includes(k), `${at}.${k} is not a SARIF member`);
    for (const k of required) assert.ok(k in o, `${at}.${k} is required`);
    return o;
  };
  const str = (v: unknown, at: string) => assert.strictEqual(typeof v, 'string', `${at} is a string`);
  const int = (v: unknown, at: string, min: number) => assert.ok(Number.isInteger(v) && (v as number) >= min, `${at} is an integer >= ${min}`);
  const absUri = (v: unknown, at: string) => assert.doesNotThrow(() => new URL(v as string), `${at} is an absolute URI`);
  const message = (v: unknown, at: string) => {
    const m = obj(v, at, ['text', 'markdown', 'id', 'arguments', 'properties'], ['text']);
    str(m.text, `${at}.text`);
  };
  const props = (v: unknown, at: string) => {
    const p = obj(v, at, ['tags', 'jsonPointer']);
    if (p.tags) {
      assert.ok(Array.isArray(p.tags) && p.tags.every((t) => typeof t === 'string'), `${at}.tags`);
      assert.strictEqual(new Set(p.tags as string[]).size, (p.tags as string[]).length, `${at}.tags unique`);
    }
  };
  const levels = ['none', 'note', 'warning', 'error'];

  const root = obj(log, 'log', ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'], ['version', 'runs']);
  assert.strictEqual(root.version, '2.1.0');
  absUri(root.$schema, '$schema');
  assert.ok(Array.isArray(root.runs) && root.runs.length === 1, 'one run');
  const run = obj((root.runs as unknown[])[0], 'run', ['tool', 'invocations', 'originalUriBaseIds', 'columnKind', 'results', 'properties'], ['tool']);
  assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind as string));
  const tool = obj(run.tool, 'tool', ['driver', 'extensions', 'properties'], ['driver']);
  const driver = obj(tool.driver, 'driver', ['name', 'fullName', 'version', 'semanticVersion', 'informationUri', 'rules', 'properties'], ['name']);
  str(driver.name, 'driver.name');
  str(driver.version, 'driver.version');
  absUri(driver.informationUri, 'driver.informationUri');
  const rules = driver.rules as unknown[];
  assert.ok(Array.isArray(rules));
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules[${i}]`;
    const rule = obj(r, at, ['id', 'name', 'shortDescription', 'fullDescription', 'help', 'helpUri', 'defaultConfiguration', 'properties'], ['id']);
    str(rule.id, `${at}.id`);
    assert.ok(!ids.has(rule.id as string), `${at}.id unique`);
    ids.add(rule.id as string);
    str(rule.name, `${at}.name`);
    for (const k of ['shortDescription', 'fullDescription', 'help']) message(rule[k], `${at}.${k}`);
    absUri(rule.helpUri, `${at}.helpUri`);
    const conf = obj(rule.defaultConfiguration, `${at}.defaultConfiguration`, ['enabled', 'level', 'rank', 'parameters', 'properties']);
    assert.ok(levels.includes(conf.level as string), `${at} level`);
    if (rule.properties) props(rule.properties, `${at}.properties`);
  });
  if (run.invocations) {
    for (const inv of run.invocations as unknown[]) {
      const o = obj(inv, 'invocation', ['executionSuccessful', 'exitCode', 'toolExecutionNotifications', 'properties'], ['executionSuccessful']);
      assert.strictEqual(typeof o.executionSuccessful, 'boolean');
    }
  }
  const bases = obj(run.originalUriBaseIds, 'originalUriBaseIds', ['%SRCROOT%']);
  for (const [k, v] of Object.entries(bases)) {
    const loc = obj(v, `originalUriBaseIds.${k}`, ['uri', 'uriBaseId', 'index', 'description', 'properties']);
    absUri(loc.uri, k);
    assert.ok((loc.uri as string).endsWith('/'), 'a base URI ends with /');
  }
  assert.ok(Array.isArray(run.results));
  (run.results as unknown[]).forEach((x, i) => {
    const at = `results[${i}]`;
    const res = obj(x, at, ['ruleId', 'ruleIndex', 'level', 'message', 'locations', 'properties'], ['message']);
    message(res.message, `${at}.message`);
    assert.ok(levels.includes(res.level as string), `${at}.level`);
    assert.ok(ids.has(res.ruleId as string), `${at}.ruleId is a rule`);
    int(res.ruleIndex, `${at}.ruleIndex`, 0);
    assert.strictEqual((rules[res.ruleIndex as number] as O).id, res.ruleId, `${at}.ruleIndex points at its rule`);
    if (res.properties) props(res.properties, `${at}.properties`);
    const locs = res.locations as unknown[];
    assert.ok(Array.isArray(locs) && locs.length === 1, `${at} has a location`);
    const loc = obj(locs[0], `${at}.location`, ['physicalLocation', 'logicalLocations', 'message', 'properties'], ['physicalLocation']);
    const phys = obj(loc.physicalLocation, `${at}.physicalLocation`, ['artifactLocation', 'region', 'contextRegion', 'properties'], ['artifactLocation', 'region']);
    const art = obj(phys.artifactLocation, `${at}.artifactLocation`, ['uri', 'uriBaseId', 'index', 'description', 'properties'], ['uri', 'uriBaseId']);
    str(art.uri, `${at}.uri`);
    assert.ok(!/[\\\s]/.test(art.uri as string) && !(art.uri as string).startsWith('/'), `${at}.uri is a relative URI reference`);
    assert.ok((art.uriBaseId as string) in bases, `${at}.uriBaseId is declared`);
    const reg = obj(phys.region, `${at}.region`, ['startLine', 'startColumn', 'endLine', 'endColumn'], ['startLine']);
    int(reg.startLine, 'startLine', 1);
    int(reg.startColumn, 'startColumn', 1);
    int(reg.endLine, 'endLine', reg.startLine as number);
    int(reg.endColumn, 'endColumn', 1);
    if (reg.endLine === reg.startLine) assert.ok((reg.endColumn as number) >= (reg.startColumn as number), `${at} region is not reversed`);
  });
}

/**
 * `npm run bench`: lint speed against JSON.parse of the same text and against
 * vscode-json-languageservice parse+validate with the same schema, in one run; then
 * `lac connections check` over 5,000 emulated connections (`--connections-check` alone).
 * Prints numbers and ratios; it never fails on timing.
 *
 * Each case lints a whole project; "the measured text" is what the case is about: the workflow
 * of a workflow case, connections.json and the workflows that use its entries for a
 * connections case. JSON.parse and the language service are timed on those same texts.
 * Every timed function is warmed up the same way first (at least WARMUP_MS), so that no side is
 * measured before the JIT has compiled it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { lintProject } from '../../src/core/engine';
import { FileCache, groupProjects, loadProject } from '../../src/core/project';
import { spawn, spawnSync } from 'child_process';
import { DEFAULT_TOKEN, largeTenant, startEmulator } from '../emulator';
import * as os from 'os';
import { planFixAll } from '../../src/core/fixAll';
import { applyTextEdits } from '../../src/core/json/edits';
import { CONNECTIONS, generateConnections, generateFindingsWorkflow, generateWorkflow, LOCAL_SETTINGS, PARAMETERS } from './generate';

const ROOT = path.resolve('/bench/project');
const j = (v: unknown): string => JSON.stringify(v, null, 2);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const WARMUP_MS = 200;

/** Time `runs` calls of `fn`, each into `into` (milliseconds). */
function sample(into: number[], runs: number, fn: () => void): void {
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    into.push(performance.now() - t);
  }
}

function time(runs: number, fn: () => void): number {
  const until = performance.now() + WARMUP_MS;
  for (let i = 0; i < 3 || performance.now() < until; i++) fn();
  const xs: number[] = [];
  sample(xs, runs, fn);
  return median(xs);
}

/**
 * Medians of two functions timed in alternating blocks (a few runs of one, then of the other),
 * so that both see the same phases of a busy machine: timed one after the other, a slow minute
 * lands on one side only and the ratio swings by half. Within a block the first run is not
 * kept: it pays for the other function's garbage.
 */
function timePaired(rounds: number, a: () => void, b: () => void, perBlock = 4): [number, number] {
  const until = performance.now() + WARMUP_MS;
  for (let i = 0; i < 3 || performance.now() < until; i++) {
    a();
    b();
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const block = (fn: () => void, into: number[]): void => {
    fn();
    sample(into, perBlock, fn);
  };
  for (let r = 0; r < rounds; r++) {
    block(a, xs);
    block(b, ys);
  }
  return [median(xs), median(ys)];
}

async function timeAsync(runs: number, fn: () => Promise<void>): Promise<number> {
  const until = performance.now() + WARMUP_MS;
  for (let i = 0; i < 2 || performance.now() < until; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/**
 * A text as fs.readFileSync or an editor hands it over: one flat string. JSON.stringify and
 * concatenation build ropes (V8 cons strings), which no real input is and which read more
 * slowly character by character.
 */
const flat = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

function projectFiles(workflows: Map<string, string>, connections = j(CONNECTIONS), localSettings = j(LOCAL_SETTINGS)): Map<string, string> {
  const files = new Map([
    [path.join(ROOT, 'host.json'), j({ version: '2.0' })],
    [path.join(ROOT, 'connections.json'), connections],
    [path.join(ROOT, 'parameters.json'), j(PARAMETERS)],
    [path.join(ROOT, 'local.settings.json'), localSettings],
  ]);
  for (const [name, text] of workflows) files.set(path.join(ROOT, name, 'workflow.json'), text);
  for (const [f, text] of files) files.set(f, flat(text));
  return files;
}

const orders = (workflow: string): Map<string, string> => new Map([['Orders', workflow]]);

function lintOnce(files: Map<string, string>, cache?: FileCache): number {
  const [layout] = groupProjects([...files.keys()]);
  return lintProject(loadProject(layout, (f) => files.get(f), cache)).length;
}

function schemaText(): string {
  const p = path.resolve(__dirname, '../schemas/connections.schema.json');
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '{}';
}

const fmt = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const mb = (texts: readonly string[]): string => `${(texts.reduce((a, t) => a + t.length, 0) / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
  const schema = JSON.parse(schemaText());
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'lac://connections.schema.json', fileMatch: ['*.json'], schema }] });
  const lsValidate = async (texts: readonly string[]): Promise<void> => {
    for (const text of texts) {
      const doc = TextDocument.create('file:///bench/connections.json', 'json', 1, text);
      await ls.doValidation(doc, ls.parseJSONDocument(doc));
    }
  };

  const rows: string[][] = [];
  const verdicts: string[] = [];
  const header = ['case', 'size', 'findings', 'lint ms', 'JSON.parse ms', '× JSON.parse', 'lang-service ms', 'faster than LS'];

  const cases: { name: string; files: Map<string, string>; measured: string[]; runs: number; target?: number }[] = [];
  const wfPath = (name: string): string => path.join(ROOT, name, 'workflow.json');
  for (const [label, bytes, runs] of [['0.1 MB', 100_000, 40], ['1 MB', 1_000_000, 15], ['10 MB', 10_000_000, 8]] as const) {
    const clean = projectFiles(orders(generateWorkflow({ bytes })));
    const dirty = projectFiles(orders(generateWorkflow({ bytes, findingsEvery: 50 })));
    cases.push({ name: `workflow ${label} clean`, files: clean, measured: [clean.get(wfPath('Orders'))!], runs, target: label === '1 MB' ? 2 : undefined });
    cases.push({ name: `workflow ${label} with findings`, files: dirty, measured: [dirty.get(wfPath('Orders'))!], runs, target: label === '1 MB' ? 8 : undefined });
  }
  for (const [n, runs] of [[10, 200], [1000, 30], [10000, 5]] as const) {
    const p = generateConnections(n);
    const files = projectFiles(p.workflows, p.connections, p.localSettings);
    const measured = [files.get(path.join(ROOT, 'connections.json'))!, ...[...p.workflows.keys()].map((w) => files.get(wfPath(w))!)];
    cases.push({ name: `connections.json ${n} entries (+ ${p.workflows.size} workflow${p.workflows.size > 1 ? 's' : ''} using them)`, files, measured, runs });
  }

  for (const c of cases) {
    const findings = lintOnce(c.files);
    const ours = time(c.runs, () => lintOnce(c.files));
    const parse = time(c.runs, () => {
      for (const t of c.measured) JSON.parse(t);
    });
    const lsMs = await timeAsync(Math.max(2, Math.ceil(c.runs / 3)), () => lsValidate(c.measured));
    const ratio = ours / parse;
    const speedup = lsMs / ours;
    rows.push([c.name, mb(c.measured), String(findings), fmt(ours), fmt(parse), `${ratio.toFixed(2)}×`, fmt(lsMs), `${speedup.toFixed(1)}×`]);
    if (c.target) verdicts.push(`${c.name}: ${ratio.toFixed(2)}× JSON.parse (target ≤ ${c.target}×) ${ratio <= c.target ? 'MET' : 'MISSED'}`);
    verdicts.push(`${c.name}: ${speedup.toFixed(1)}× faster than the language service (target ≥ 5×) ${speedup >= 5 ? 'MET' : 'MISSED'}`);
  }

  // What a keystroke costs in the editor: one character changed in the 1 MB workflow, whole project re-linted.
  const wf = generateWorkflow({ bytes: 1_000_000 });
  const at = wf.indexOf('Lorem ipsum', wf.length >> 1);
  const variants = [flat(wf), flat(wf.slice(0, at) + 'l' + wf.slice(at + 1))];
  const cache = new FileCache();
  const files = projectFiles(orders(wf));
  lintOnce(files, cache);
  let flip = 0;
  const keystroke = time(30, () => {
    flip ^= 1;
    files.set(wfPath('Orders'), variants[flip]);
    lintOnce(files, cache);
  });
  rows.push(['keystroke in 1 MB workflow (re-lint project)', mb([wf]), '-', fmt(keystroke), '-', '-', '-', '-']);
  verdicts.push(`keystroke re-lint: ${fmt(keystroke)} ms (goal ≤ 16 ms, one frame) ${keystroke <= 16 ? 'MET' : 'MISSED'}`);

  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`Node ${process.version}, median of repeated runs\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const v of verdicts) console.log(v);
}

/** Lint a project and apply every preferred fix (one `lac lint --fix` pass, without the disk). */
function fixAllOnce(files: Map<string, string>, cache?: FileCache): number {
  const [layout] = groupProjects([...files.keys()]);
  const findings = lintProject(loadProject(layout, (f) => files.get(f), cache));
  const plan = planFixAll(findings, { textLength: (f) => files.get(f)?.length });
  for (const fe of plan.edits) applyTextEdits(files.get(fe.file)!, fe.edits);
  return plan.fixes.length;
}

/**
 * Peak memory of one lint (or fix-all) of a workflow, measured in a child process: the text is
 * read from a file, garbage is collected, then the growth of the peak resident set while the
 * operation runs is what it cost.
 */
function peakMb(text: string, mode: 'lint' | 'fix'): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-bench-'));
  try {
    const file = path.join(dir, 'workflow.json');
    fs.writeFileSync(file, text);
    const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--peak', mode, file], { encoding: 'utf8' });
    const m = /peak (\d+(?:\.\d+)?)/.exec(r.stdout);
    if (!m) throw new Error(`peak measurement failed: ${r.stderr}`);
    return Number(m[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function peakChild(mode: string, file: string): void {
  const files = projectFiles(orders(fs.readFileSync(file, 'utf8')));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  if (mode === 'fix') fixAllOnce(files);
  else lintOnce(files);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`peak ${((peak - before) / 1024 / 1024).toFixed(1)}`);
}

/** Thousands of findings in one file: lint, fix-all, memory and a keystroke, against JSON.parse of the same text. */
function scaleCases(): void {
  const rows: string[][] = [];
  const verdicts: string[] = [];
  const header = ['workflow', 'findings', 'JSON.parse ms', 'lint ms', '× parse', 'fix-all ms', '× parse', 'peak MB lint/fix', 'goal MB'];
  // Label, size, findings, rounds of timePaired (4 timed runs of each side per round).
  const sizes = [
    ['0.5 MB', 500_000, 500, 16],
    ['2 MB', 2_000_000, 2000, 8],
    ['10 MB', 10_000_000, 10_000, 3],
  ] as const;
  let twoMb: string | undefined;
  for (const [label, bytes, n, rounds] of sizes) {
    const wf = flat(generateFindingsWorkflow(bytes, n));
    if (label === '2 MB') twoMb = wf;
    const files = projectFiles(orders(wf));
    const findings = lintOnce(files);
    const [parse, lint] = timePaired(rounds, () => JSON.parse(wf), () => lintOnce(files));
    const fixed = fixAllOnce(files);
    // Fix-all against the JSON.parse timed alongside it (not the lint's: another stretch of time).
    const [fixParse, fix] = timePaired(Math.max(3, rounds >> 1), () => JSON.parse(wf), () => fixAllOnce(files));
    const peakLint = peakMb(wf, 'lint');
    const peakFix = peakMb(wf, 'fix');
    const mb = wf.length / 1024 / 1024;
    const goalMb = 5 * mb + 50;
    rows.push([`${label} (${mb.toFixed(2)} MB)`, `${findings} (${fixed} fixed)`, fmt(parse), fmt(lint), `${(lint / parse).toFixed(1)}×`, fmt(fix), `${(fix / fixParse).toFixed(1)}×`, `${peakLint.toFixed(0)} / ${peakFix.toFixed(0)}`, goalMb.toFixed(0)]);
    verdicts.push(`${label} with ${n} findings: lint ${(lint / parse).toFixed(1)}× JSON.parse (goal ≤ 10×) ${lint / parse <= 10 ? 'MET' : 'MISSED'}; fix-all ${(fix / fixParse).toFixed(1)}× (goal ≤ 20×) ${fix / fixParse <= 20 ? 'MET' : 'MISSED'}; peak ${Math.max(peakLint, peakFix).toFixed(0)} MB (goal ≤ ${goalMb.toFixed(0)} MB) ${Math.max(peakLint, peakFix) <= goalMb ? 'MET' : 'MISSED'}`);
  }
  // A keystroke in the 2 MB file with 2,000 findings: the whole project re-linted, the other files from the cache.
  const wf = twoMb!;
  const at = wf.indexOf('Lorem ipsum', wf.length >> 1);
  const variants = [wf, flat(wf.slice(0, at) + 'l' + wf.slice(at + 1))];
  const cache = new FileCache();
  const files = projectFiles(orders(wf));
  lintOnce(files, cache);
  let flip = 0;
  const keystroke = time(20, () => {
    flip ^= 1;
    files.set(path.join(ROOT, 'Orders', 'workflow.json'), variants[flip]!);
    lintOnce(files, cache);
  });
  rows.push(['keystroke in 2 MB with 2,000 findings', '2000', '-', fmt(keystroke), '-', '-', '-', '-', '-']);
  verdicts.push(`keystroke re-lint in the 2 MB workflow with 2,000 findings: ${fmt(keystroke)} ms (goal ≤ 50 ms) ${keystroke <= 50 ? 'MET' : 'MISSED'}`);

  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('\nFindings at scale (one LAC021 per action; fix-all = lint + plan + apply, one --fix pass without the disk)\n');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const v of verdicts) console.log(v);
}

/** `--serve-large-tenant`: the emulator (20 subscriptions × 250 connections, ARM throttling enforced) in this process until killed. */
async function serveLargeTenant(): Promise<void> {
  const emu = await startEmulator({ data: largeTenant(), enforceRateLimits: true });
  console.log(`listening ${emu.url}`);
}

/**
 * `lac connections check` over 5,000 connections in 20 subscriptions: the emulator in one child
 * process (ARM's read throttling enforced), the CLI as a user runs it in another (default
 * concurrency and limits). Prints the wall time, what was tested, and how many 429s the emulator
 * answered and the user saw (goal: ≤ 30 s, none surfaced).
 */
async function connectionsCheckBench(): Promise<void> {
  const server = spawn(process.execPath, [__filename, '--serve-large-tenant'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      server.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /listening (http:\/\/\S+)/.exec(text);
        if (m) resolve(m[1]!);
      });
      server.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
    });
    const cli = path.resolve(__dirname, 'cli.js');
    const started = performance.now();
    const r = spawnSync(process.execPath, [cli, 'connections', 'check', '--format', 'json', '--arm-endpoint', url], {
      encoding: 'utf8',
      env: { ...process.env, LAC_ACCESS_TOKEN: DEFAULT_TOKEN },
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0 && r.status !== 1) throw new Error(`lac connections check failed (${r.status}): ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { connections: unknown[]; summary: { tested: number; byStatus: Record<string, number>; subscriptions: number } };
    const recorded = (await (await fetch(`${url}/_emulator/requests?route=testConnection`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })).json()) as { value: { status?: number }[] };
    const answered429 = recorded.value.filter((q) => q.status === 429).length;
    const s = report.summary;
    console.log('\nlac connections check (the CLI against the emulator in another process, ARM read throttling enforced)\n');
    console.log(`connections  subscriptions  tested  test requests  429 answered  throttled shown  seconds`);
    console.log(`${String(report.connections.length).padStart(11)}  ${String(s.subscriptions).padStart(13)}  ${String(s.tested).padStart(6)}  ${String(recorded.value.length).padStart(13)}  ${String(answered429).padStart(12)}  ${String(s.byStatus.throttled ?? 0).padStart(15)}  ${seconds.toFixed(1).padStart(7)}`);
    console.log('');
    console.log(`5,000 connections across 20 subscriptions: ${seconds.toFixed(1)} s (goal ≤ 30 s) ${seconds <= 30 ? 'MET' : 'MISSED'}; throttled results shown: ${s.byStatus.throttled ?? 0} (goal 0) ${(s.byStatus.throttled ?? 0) === 0 ? 'MET' : 'MISSED'}`);
  } finally {
    server.kill();
  }
}

if (process.argv[2] === '--peak') {
  peakChild(process.argv[3]!, process.argv[4]!);
} else if (process.argv[2] === '--serve-large-tenant') {
  void serveLargeTenant();
} else if (process.argv.includes('--connections-check')) {
  connectionsCheckBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (process.argv.includes('--scale')) {
  scaleCases();
} else {
  main()
    .then(() => scaleCases())
    .then(() => connectionsCheckBench())
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

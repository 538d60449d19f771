/**
 * `npm run fuzz -- --seconds N [--seed S] [--inputs N] [--from I] [--jobs N] [--corpus DIR|--no-corpus]
 *                  [--budget MS] [--hang S] [--heap MB] [--max-depth N] [--max-string N]`
 * `npm run fuzz -- --seed S --replay I`
 *
 * Lints mutated projects in this process (in worker threads: an input that hangs or runs out of
 * memory is stopped and recorded, and fuzzing goes on with the next) and checks every input
 * (test/fuzz/check.ts). Seeds: ../shared/corpus (when present), samples/ and test/fixtures/.
 * Deterministic per seed: input I of seed S is always the same. Prints inputs/s, counts and the
 * distinct failures, each with a reproducer (the project's files and failure.json) saved under a
 * temporary folder. Exit: 0 without failures, 1 with failures, 2 on a usage error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { checkInput, timeBreakdown, type Failure } from './check';
import { emptyReport, makeInput, record, type FuzzInput, type FuzzReport } from './fuzz';
import { DEFAULT_LIMITS, type Limits } from './mutate';
import { loadSeeds, type SeedProject } from './seeds';
import type { WorkerData, WorkerMessage } from './worker';

interface Args {
  seconds: number;
  seed: string;
  inputs: number;
  jobs: number;
  corpus: string | false | undefined;
  budgetMs: number;
  hangMs: number;
  heapMb: number;
  limits: Limits;
  replay?: number;
  /** First input index. */
  from: number;
  out?: string;
}

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\nusage: npm run fuzz -- --seconds N [--seed S] [--inputs N] [--from I] [--jobs N] [--corpus DIR | --no-corpus] [--budget MS] [--hang S] [--heap MB] [--max-depth N] [--max-string N] [--out DIR]\n       npm run fuzz -- --seed S --replay I\n`);
  process.exit(2);
}

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = { seconds: 60, seed: 'lac', from: 0, inputs: Number.POSITIVE_INFINITY, jobs: 1, corpus: undefined, budgetMs: 2_000, hangMs: 30_000, heapMb: 2_048, limits: { ...DEFAULT_LIMITS } };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? usage(`${flag} needs a value`);
    const num = () => {
      const v = value();
      if (!/^\d+(\.\d+)?$/.test(v)) usage(`${flag} needs a number, got "${v}"`);
      return Number(v);
    };
    switch (flag) {
      case '--seconds': a.seconds = num(); break;
      case '--seed': a.seed = value(); break;
      case '--inputs': a.inputs = num(); break;
      case '--jobs': a.jobs = Math.max(1, Math.floor(num())); break;
      case '--corpus': a.corpus = path.resolve(value()); break;
      case '--no-corpus': a.corpus = false; break;
      case '--budget': a.budgetMs = num(); break;
      case '--hang': a.hangMs = num() * 1000; break;
      case '--heap': a.heapMb = num(); break;
      case '--max-depth': a.limits.maxDepth = num(); break;
      case '--max-string': a.limits.maxString = num(); break;
      case '--replay': a.replay = num(); break;
      case '--from': a.from = Math.floor(num()); break;
      case '--out': a.out = path.resolve(value()); break;
      default: usage(`unknown option "${flag}"`);
    }
  }
  return a;
}

const WORKER_STACK_MB = 1.17;

const lightInput = (seed: string, index: number, from: string, applied: string[]): FuzzInput => ({ seed, index, from, applied, files: {} });

/** Run the workers until the deadline or the number of inputs; a hung or dead worker is restarted after its input. */
async function fuzz(args: Args, seeds: SeedProject[]): Promise<FuzzReport> {
  const report = emptyReport(args.seed);
  const started = Date.now();
  const deadline = started + args.seconds * 1000;
  const end = Number.isFinite(args.inputs) ? args.from + args.inputs : Number.MAX_SAFE_INTEGER;
  let lastPrint = started;
  const progress = () => {
    if (Date.now() - lastPrint < 10_000) return;
    lastPrint = Date.now();
    const s = (Date.now() - started) / 1000;
    process.stderr.write(`fuzz: ${report.inputs} inputs in ${s.toFixed(0)} s (${(report.inputs / s).toFixed(1)}/s), ${report.distinct.length} distinct failure(s)\n`);
  };

  // A long run tells each new distinct failure when it is found (with its input, for --replay),
  // not only in the summary at the end.
  const tellNew = (known: number) => {
    for (const d of report.distinct.slice(known)) process.stderr.write(`fuzz: new failure: [${d.failure.kind}] input ${d.input.index} (${d.input.from}; ${d.input.applied.join(', ')}): ${d.failure.message}\n`);
  };

  const runLane = (lane: number) =>
    new Promise<void>((resolve) => {
      let next = args.from + lane;
      const startWorker = () => {
        if (next >= end || Date.now() >= deadline) return resolve();
        let current: { index: number; at: number } | undefined;
        let finished = false;
        const data: WorkerData = { seed: args.seed, seeds, start: next, step: args.jobs, end, deadline, budgetMs: args.budgetMs, limits: args.limits };
        // About the main thread's stack (V8's 984 KB, and Node keeps 192 KB of a worker's for
        // itself; 1.17 MB gives the main thread's recursion depth within 1 %): the product meets the
        // recursion limits it meets in `lac` and in the editor, and --replay agrees.
        const worker = new Worker(path.join(__dirname, 'worker-entry.cjs'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: args.heapMb, stackSizeMb: WORKER_STACK_MB } });
        const stopWith = (kind: 'hang' | 'out-of-memory' | 'exception', message: string) => {
          if (finished) return;
          finished = true;
          clearInterval(watch);
          const index = current?.index ?? next;
          const input = makeInput(seeds, args.seed, index, args.limits);
          const known = report.distinct.length;
          record(report, input, [{ kind, message }], current ? Date.now() - current.at : 0);
          tellNew(known);
          next = index + args.jobs;
          void worker.terminate().finally(startWorker);
        };
        const watch = setInterval(() => {
          if (current && Date.now() - current.at > args.hangMs) stopWith('hang', `no answer after ${args.hangMs / 1000} s`);
        }, 250);
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'begin') current = { index: m.index, at: Date.now() };
          else if (m.type === 'result') {
            current = undefined;
            next = m.index + args.jobs;
            const known = report.distinct.length;
            record(report, lightInput(args.seed, m.index, m.from, m.applied), m.failures, m.ms, m);
            tellNew(known);
            progress();
          } else if (m.type === 'done') {
            finished = true;
            clearInterval(watch);
            void worker.terminate().finally(() => resolve());
          }
        });
        worker.on('error', (e: Error & { code?: string }) => {
          if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(e.message)) stopWith('out-of-memory', `more than ${args.heapMb} MB of heap`);
          else stopWith('exception', `${e.name}: ${e.message}`.slice(0, 300));
        });
        worker.on('exit', () => {
          if (!finished) stopWith('out-of-memory', 'the worker exited');
        });
      };
      startWorker();
    });

  await Promise.all(Array.from({ length: args.jobs }, (_, lane) => runLane(lane)));
  report.ms = Date.now() - started;
  return report;
}

/** Save the first input of every distinct failure: its files and what failed. */
function saveReproducers(report: FuzzReport, seeds: SeedProject[], args: Args): string | undefined {
  if (!report.distinct.length) return undefined;
  const dir = args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), `lac-fuzz-${args.seed.replace(/[^\w.-]/g, '_')}-`));
  report.distinct.forEach((d, n) => {
    const input = makeInput(seeds, args.seed, d.input.index, args.limits);
    const where = path.join(dir, `${String(n + 1).padStart(2, '0')}-${d.failure.kind}${d.failure.rule ? `-${d.failure.rule}` : ''}`);
    for (const [rel, text] of Object.entries(input.files)) {
      const f = path.join(where, 'project', rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, text);
    }
    fs.writeFileSync(
      path.join(where, 'failure.json'),
      JSON.stringify({ seed: args.seed, index: input.index, from: input.from, mutations: input.applied, failure: d.failure, count: d.count, ms: Math.round(d.ms), replay: `npm run fuzz -- --seed ${JSON.stringify(args.seed)} --replay ${input.index}` }, null, 2) + '\n',
    );
  });
  return dir;
}

function print(report: FuzzReport, seeds: SeedProject[], saved: string | undefined): void {
  const s = report.ms / 1000;
  const lines = [
    `fuzz: seed ${JSON.stringify(report.seed)}, ${seeds.length} seed projects`,
    `  inputs:     ${report.inputs} in ${s.toFixed(1)} s (${(report.inputs / Math.max(s, 0.001)).toFixed(1)} inputs/s)`,
    `  findings:   ${report.findings} (fixes computed: ${report.fixes})`,
    `  slowest:    ${report.slowest ? `input ${report.slowest.index} (${report.slowest.from}; ${report.slowest.applied.join(', ') || 'no mutation'}) in ${Math.round(report.slowest.ms)} ms` : '-'}`,
    `  failures:   ${Object.keys(report.byKind).length ? Object.entries(report.byKind).map(([k, n]) => `${k} ${n}`).join(', ') : 'none'} (inputs by kind)`,
    `  distinct:   ${report.distinct.length}`,
  ];
  for (const [n, d] of report.distinct.entries()) {
    lines.push(`  ${String(n + 1).padStart(2, '0')}. [${d.failure.kind}${d.failure.rule ? ` ${d.failure.rule}` : ''}] ×${d.count} ${d.failure.file ? `${d.failure.file}: ` : ''}${d.failure.message.slice(0, 200)}`);
    lines.push(`      input ${d.input.index} from ${d.input.from} (${d.input.applied.join(', ') || 'no mutation'})`);
  }
  if (saved) lines.push(`  reproducers: ${saved}`);
  process.stdout.write(lines.join('\n') + '\n');
}

function replay(args: Args, seeds: SeedProject[]): number {
  const input = makeInput(seeds, args.seed, args.replay!, args.limits);
  const r = checkInput(input.files, { budgetMs: args.budgetMs });
  const show = (f: Failure) => `  [${f.kind}${f.rule ? ` ${f.rule}` : ''}] ${f.file ? `${f.file}: ` : ''}${f.message}`;
  process.stdout.write(
    [`input ${input.index} of seed ${JSON.stringify(args.seed)}: from ${input.from} (${input.applied.join(', ') || 'no mutation'}), ${r.findings} findings, ${timeBreakdown(r.ms)}`, ...r.failures.map(show)].join('\n') + '\n',
  );
  return r.failures.length ? 1 : 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const seeds = loadSeeds({ corpus: args.corpus });
  if (!seeds.length) usage('no seed projects found');
  if (args.replay !== undefined) return replay(args, seeds);
  const report = await fuzz(args, seeds);
  const saved = saveReproducers(report, seeds, args);
  print(report, seeds, saved);
  return report.distinct.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
}

/**
 * The fuzzer's loop: input `i` of seed `S` is a mutation of one seed project, made from the random
 * source `rng(S:i)` alone (so any input is made again from its seed and index), checked by
 * `checkInput`. Runs until a number of inputs or a deadline; collects the distinct failures with
 * the first input that showed each.
 */
import { checkInput, failureKey, type CheckOptions, type Failure } from './check';
import { DEFAULT_LIMITS, mutate, type Files, type Limits } from './mutate';
import { rng } from './rng';
import type { SeedProject } from './seeds';

export interface FuzzInput {
  seed: string;
  index: number;
  /** The seed project it was made from. */
  from: string;
  applied: string[];
  files: Files;
}

/** Input `index` of `seed`, over these seed projects. */
export function makeInput(seeds: readonly SeedProject[], seed: string, index: number, limits: Limits = DEFAULT_LIMITS): FuzzInput {
  const r = rng(`${seed}:${index}`);
  const base = r.pick(seeds);
  const { files, applied } = mutate(base.files, r, limits);
  return { seed, index, from: base.name, applied, files };
}

export interface DistinctFailure {
  key: string;
  failure: Failure;
  count: number;
  /** The first input that showed it. */
  input: FuzzInput;
  ms: number;
}

export interface FuzzReport {
  seed: string;
  inputs: number;
  ms: number;
  findings: number;
  fixes: number;
  /** Inputs with at least one failure, by kind. */
  byKind: Record<string, number>;
  distinct: DistinctFailure[];
  slowest: { index: number; ms: number; applied: string[]; from: string } | undefined;
}

export interface FuzzOptions extends CheckOptions {
  seed: string;
  seeds: readonly SeedProject[];
  /** First input index (default 0). */
  start?: number;
  /** Stop after this many inputs. */
  inputs?: number;
  /** Stop at this time (`Date.now()` ms). */
  deadline?: number;
  limits?: Limits;
  /** Called before each input is checked (a watchdog can name the input that hangs). */
  onInput?(input: FuzzInput): void;
  /** Called after each input. */
  onResult?(input: FuzzInput, failures: readonly Failure[], ms: number): void;
}

/** The mutations that make an input big (what a slow input is grouped by). */
const SIZE_MUTATIONS = new Set(['deep-nest', 'nest-scopes', 'huge-string', 'one-line']);

export function emptyReport(seed: string): FuzzReport {
  return { seed, inputs: 0, ms: 0, findings: 0, fixes: 0, byKind: {}, distinct: [], slowest: undefined };
}

/** Add one input's result to a report. */
export function record(report: FuzzReport, input: FuzzInput, failures: readonly Failure[], ms: number, counts: { findings: number; fixes: number } = { findings: 0, fixes: 0 }): void {
  report.inputs++;
  report.findings += counts.findings;
  report.fixes += counts.fixes;
  if (!report.slowest || ms > report.slowest.ms) report.slowest = { index: input.index, ms, applied: input.applied, from: input.from };
  const kinds = new Set(failures.map((f) => f.kind));
  for (const k of kinds) report.byKind[k] = (report.byKind[k] ?? 0) + 1;
  for (const f of failures) {
    // A slow input is told apart by what made it big: nesting, a huge string, one line.
    const perf = f.kind === 'slow' || f.kind === 'hang' || f.kind === 'out-of-memory';
    const big = [...new Set(input.applied.filter((m) => SIZE_MUTATIONS.has(m)))].sort().join('+');
    const key = perf ? `${f.kind} [${big || 'no size mutation'}]` : failureKey(f);
    const known = report.distinct.find((d) => d.key === key);
    if (known) known.count++;
    else report.distinct.push({ key, failure: f, count: 1, input, ms });
  }
}

/** Run the fuzzer in this thread. */
export function runFuzz(opts: FuzzOptions): FuzzReport {
  const report = emptyReport(opts.seed);
  const started = Date.now();
  const end = opts.start === undefined ? (opts.inputs ?? Number.POSITIVE_INFINITY) : opts.start + (opts.inputs ?? Number.POSITIVE_INFINITY);
  for (let i = opts.start ?? 0; i < end; i++) {
    if (opts.deadline !== undefined && Date.now() >= opts.deadline) break;
    const input = makeInput(opts.seeds, opts.seed, i, opts.limits);
    opts.onInput?.(input);
    const r = checkInput(input.files, opts);
    record(report, input, r.failures, r.ms.total, { findings: r.findings, fixes: r.fixes });
    opts.onResult?.(input, r.failures, r.ms.total);
  }
  report.ms = Date.now() - started;
  return report;
}

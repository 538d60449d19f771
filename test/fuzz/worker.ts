/**
 * A fuzzing worker (a thread of `npm run fuzz`): checks inputs `start`, `start + step`, … until the
 * deadline, telling the main thread which input it starts (so that a hang or an out-of-memory is
 * pinned on it) and each result. An input over the time budget is checked a second time: it is
 * slow only when it is over the budget both times.
 */
import { parentPort, workerData } from 'worker_threads';
import { checkInput } from './check';
import { makeInput } from './fuzz';
import type { Limits } from './mutate';
import type { SeedProject } from './seeds';

export interface WorkerData {
  seed: string;
  seeds: SeedProject[];
  start: number;
  step: number;
  /** Stop before this index. */
  end: number;
  deadline: number;
  budgetMs: number;
  limits: Limits;
}

export type WorkerMessage =
  | { type: 'begin'; index: number }
  | { type: 'result'; index: number; from: string; applied: string[]; failures: ReturnType<typeof checkInput>['failures']; ms: number; findings: number; fixes: number }
  | { type: 'done' };

const data = workerData as WorkerData;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
for (let i = data.start; i < data.end && Date.now() < data.deadline; i += data.step) {
  const input = makeInput(data.seeds, data.seed, i, data.limits);
  post({ type: 'begin', index: i });
  let r = checkInput(input.files, { budgetMs: data.budgetMs });
  // Over the time budget once may be the machine (another process, a garbage collection of an
  // earlier input): an input is slow when it is over the budget twice in a row.
  if (r.failures.length && r.failures.every((f) => f.kind === 'slow')) r = checkInput(input.files, { budgetMs: data.budgetMs });
  post({ type: 'result', index: i, from: input.from, applied: input.applied, failures: r.failures, ms: r.ms.total, findings: r.findings, fixes: r.fixes });
}
post({ type: 'done' });

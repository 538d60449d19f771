import * as assert from 'assert';
import { LintScheduler, typingDelay, type Clock, type LintWork, type RunControl } from '../../src/vscode/model/scheduler';

class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Advance time, firing due timers, letting promises settle in between. */
  async tick(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
    this.t = end;
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function recorder() {
  const runs: { all: boolean; paths: string[] }[] = [];
  let gate: Promise<void> | undefined;
  let controls: RunControl[] = [];
  const run = async (w: LintWork, c: RunControl) => {
    runs.push({ all: w.all, paths: [...w.paths].sort() });
    controls.push(c);
    if (gate) await gate;
  };
  return {
    runs,
    run,
    controls: () => controls,
    block(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    reset: () => {
      runs.length = 0;
      controls = [];
    },
  };
}

describe('vscode: lint scheduler', () => {
  it('debounces: requests within the delay make one run', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    s.request(['/a'], 300);
    await clock.tick(200);
    s.request(['/b'], 300);
    await clock.tick(200);
    assert.strictEqual(r.runs.length, 0, 'each request pushes the run back');
    await clock.tick(100);
    assert.deepStrictEqual(r.runs, [{ all: false, paths: ['/a', '/b'] }]);
    assert.ok(s.idle);
  });

  it('an immediate request runs at once; whenIdle waits for the run', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    let idle = false;
    s.request(['/a'], 0);
    void s.whenIdle().then(() => (idle = true));
    assert.strictEqual(idle, false);
    await clock.tick(0);
    assert.strictEqual(r.runs.length, 1);
    assert.strictEqual(idle, true);
  });

  it('a file changed during a run is stale for it and linted by the next run', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    const release = r.block();
    s.request(['/a', '/b'], 0);
    await clock.tick(0);
    assert.strictEqual(r.runs.length, 1);
    const c = r.controls()[0];
    assert.strictEqual(c.isStale('/a'), false);
    s.request(['/a'], 300);
    assert.strictEqual(c.isStale('/a'), true);
    assert.strictEqual(c.isStale('/b'), false);
    assert.strictEqual(c.cancelled, false, 'a file request does not cancel the whole run');
    assert.ok(s.isPending('/a'));
    release();
    await clock.tick(0);
    assert.strictEqual(r.runs.length, 1, 'the next run still honours the debounce');
    await clock.tick(300);
    assert.deepStrictEqual(r.runs[1], { all: false, paths: ['/a'] });
  });

  it('busy only while a run goes: a debounce timer waiting for other files is not a run', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    s.request(['/other'], 300);
    assert.strictEqual(s.busy, false, 'waiting for the delay');
    assert.strictEqual(s.idle, false);
    const release = r.block();
    await clock.tick(300);
    assert.strictEqual(s.busy, true, 'running');
    release();
    await clock.tick(0);
    assert.strictEqual(s.busy, false);
    assert.ok(s.idle);
  });

  it('a request for everything cancels the run in progress', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    const release = r.block();
    s.request(['/a'], 0);
    await clock.tick(0);
    s.requestAll(0);
    assert.strictEqual(r.controls()[0].cancelled, true);
    release();
    await clock.tick(0);
    assert.deepStrictEqual(r.runs[1], { all: true, paths: [] });
  });

  it('flush runs what is pending without waiting for the delay', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    s.request(['/a'], 300);
    const done = s.flush();
    await clock.tick(0);
    await done;
    assert.strictEqual(r.runs.length, 1);
  });

  it('a failing run is reported, not thrown, and the scheduler goes on', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let n = 0;
    const s = new LintScheduler(
      async () => {
        n++;
        if (n === 1) throw new Error('boom');
      },
      (e) => errors.push(e),
      clock,
    );
    s.request(['/a'], 0);
    await clock.tick(0);
    assert.strictEqual(errors.length, 1);
    s.request(['/a'], 0);
    await clock.tick(0);
    assert.strictEqual(n, 2);
    await s.whenIdle();
  });

  it('dispose cancels and releases waiters', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new LintScheduler(r.run, () => undefined, clock);
    s.request(['/a'], 300);
    const idle = s.whenIdle();
    s.dispose();
    await idle;
    await clock.tick(1000);
    assert.strictEqual(r.runs.length, 0);
  });
});

describe('vscode: typing delay', () => {
  it('is 300 ms for usual files and grows with size, capped', () => {
    assert.strictEqual(typingDelay(10_000), 300);
    assert.strictEqual(typingDelay(20 * 1024 * 1024), 2_300);
    assert.strictEqual(typingDelay(500 * 1024 * 1024), 2_300);
  });
});

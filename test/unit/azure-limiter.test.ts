import * as assert from 'assert';
import { RequestLimiter, sleep } from '../../src/core/azure/limiter';

describe('azure request limiter', () => {
  it('keeps at most maxConcurrent in flight', async () => {
    const l = new RequestLimiter({ maxConcurrent: 3, ratePerSecond: 1000 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        l.run(`k${i % 4}`, async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(5);
          active--;
        }),
      ),
    );
    assert.strictEqual(peak, 3);
    assert.strictEqual(l.peakInFlight, 3);
    assert.strictEqual(l.active, 0);
  });

  it('limits each key to its rate (token bucket), independently of other keys', () => {
    let t = 0;
    const l = new RequestLimiter({ maxConcurrent: 8, ratePerSecond: 12, now: () => t });
    for (let i = 0; i < 12; i++) assert.strictEqual(l.tryTake('a'), 0);
    const wait = l.tryTake('a');
    assert.ok(wait > 0 && wait <= 84, String(wait));
    assert.strictEqual(l.tryTake('b'), 0);
    t += 1000;
    for (let i = 0; i < 12; i++) assert.strictEqual(l.tryTake('a'), 0);
    assert.ok(l.tryTake('a') > 0);
  });

  it('some keys can have their own rate (Resource Graph quota)', () => {
    const t = 0;
    const l = new RequestLimiter({ ratePerSecond: 12, keyRates: { rg: { ratePerSecond: 3, burst: 2 } }, now: () => t });
    assert.strictEqual(l.tryTake('rg'), 0);
    assert.strictEqual(l.tryTake('rg'), 0);
    assert.ok(l.tryTake('rg') >= 300);
    for (let i = 0; i < 12; i++) assert.strictEqual(l.tryTake('other'), 0);
  });

  it('a pause (429 Retry-After) holds the key back', () => {
    let t = 0;
    const l = new RequestLimiter({ now: () => t });
    l.pause('a', 2000);
    assert.strictEqual(l.tryTake('a'), 2000);
    assert.strictEqual(l.tryTake('b'), 0);
    t = 2000;
    assert.strictEqual(l.tryTake('a'), 0);
  });

  it('sends at most ~rate per second per key in real time', async () => {
    const l = new RequestLimiter({ maxConcurrent: 8, ratePerSecond: 50, burst: 5 });
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 30 }, () => l.run('s', async () => void times.push(Date.now() - started))));
    // 5 immediately, then 25 more at 50/s: at least ~500 ms in total.
    assert.ok(Math.max(...times) >= 400, String(Math.max(...times)));
  });

  it('waits are abortable and release nothing they did not take', async () => {
    const l = new RequestLimiter({ maxConcurrent: 1, ratePerSecond: 1000 });
    const release = await l.acquire('k');
    const ac = new AbortController();
    const waiting = l.acquire('k', ac.signal);
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(waiting, (e: Error) => e.name === 'AbortError');
    release();
    release(); // idempotent
    assert.strictEqual(l.active, 0);
    const again = await l.acquire('k');
    again();
    const slow = new RequestLimiter({ ratePerSecond: 0.01, burst: 1 });
    (await slow.acquire('x'))();
    const ac2 = new AbortController();
    const p = slow.acquire('x', ac2.signal);
    const t0 = Date.now();
    setTimeout(() => ac2.abort(), 20);
    await assert.rejects(p);
    assert.ok(Date.now() - t0 < 1000);
  });
});

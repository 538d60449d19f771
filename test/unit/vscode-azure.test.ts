import * as assert from 'assert';
import * as path from 'path';
import { type ConnectionFact } from '../../src/core/azureFacts';
import { AZURE_BUNDLE, azureBundlePath, azureLoaded } from '../../src/vscode/model/azureLoader';
import { resolveAzureTarget } from '../../src/vscode/model/azureTarget';
import { FactStore, type FactFetcher } from '../../src/vscode/model/factStore';
import { connectionKey } from '../../src/core/connections';

describe('vscode: Azure target (endpoint, LAC_ACCESS_TOKEN)', () => {
  const cloud = 'AzureCloud' as const;

  it('by default: sign in, Azure', () => {
    assert.deepStrictEqual(resolveAzureTarget({ cloud, env: {} }), { target: { mode: 'sign-in', cloud, source: 'Azure' }, notes: [] });
  });

  it('LAC_ACCESS_TOKEN with a loopback LAC_ARM_ENDPOINT: the token, labelled as the local endpoint', () => {
    const r = resolveAzureTarget({ cloud, env: { LAC_ARM_ENDPOINT: 'http://127.0.0.1:8089/', LAC_ACCESS_TOKEN: ' emulator-token ' } });
    assert.deepStrictEqual(r.target, { mode: 'token', cloud, armEndpoint: 'http://127.0.0.1:8089', token: 'emulator-token', source: 'the local ARM endpoint http://127.0.0.1:8089' });
    for (const host of ['localhost:1', '[::1]:2', '127.1.2.3:3']) assert.strictEqual(resolveAzureTarget({ cloud, env: { LAC_ARM_ENDPOINT: `http://${host}`, LAC_ACCESS_TOKEN: 't' } }).target.mode, 'token', host);
  });

  it('the setting wins over LAC_ARM_ENDPOINT', () => {
    const r = resolveAzureTarget({ cloud, settingEndpoint: 'http://localhost:9000', env: { LAC_ARM_ENDPOINT: 'http://127.0.0.1:8089', LAC_ACCESS_TOKEN: 't' } });
    assert.strictEqual(r.target.mode === 'token' && r.target.armEndpoint, 'http://localhost:9000');
  });

  it('LAC_ACCESS_TOKEN is never used with a real (non-loopback) endpoint, nor without one', () => {
    const none = resolveAzureTarget({ cloud, env: { LAC_ACCESS_TOKEN: 'secret-token' } });
    assert.strictEqual(none.target.mode, 'sign-in');
    assert.match(none.notes.join(), /LAC_ACCESS_TOKEN is ignored/);
    const remote = resolveAzureTarget({ cloud, env: { LAC_ARM_ENDPOINT: 'https://management.example.com', LAC_ACCESS_TOKEN: 'secret-token' } });
    assert.deepStrictEqual(remote.target, { mode: 'sign-in', cloud, armEndpoint: 'https://management.example.com', source: 'the ARM endpoint https://management.example.com' });
    assert.ok(!JSON.stringify(remote).includes('secret-token'));
  });

  it('refuses plain http to another host, paths and garbage (nothing Azure runs)', () => {
    for (const e of ['http://example.com', 'https://example.com/path', 'ftp://127.0.0.1', 'not a url', 'http://user:pw@127.0.0.1:1']) {
      const r = resolveAzureTarget({ cloud, settingEndpoint: e, env: { LAC_ACCESS_TOKEN: 't' } });
      assert.strictEqual(r.target.mode, 'invalid', e);
    }
  });
});

describe('vscode: Azure bundle loading', () => {
  it('is dist/azure.js next to the extension bundle, and not loaded by merely importing the loader', () => {
    assert.strictEqual(azureBundlePath('/x/dist'), path.join('/x/dist', AZURE_BUNDLE));
    assert.strictEqual(azureLoaded({}), false);
    assert.strictEqual(azureLoaded({ [azureBundlePath()]: {} }), true);
  });
});

describe('vscode: Azure fact store', () => {
  const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/A';
  const ID2 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/b';
  const notFound: ConnectionFact = { state: 'not-found', code: 'ResourceNotFound', message: 'gone' };
  const error: ConnectionFact = { state: 'error', error: { kind: 'network', message: 'down' } };

  function setup(answer: (id: string) => ConnectionFact | undefined) {
    let now = 1_000_000;
    const updates: string[][] = [];
    const calls: string[][] = [];
    const store = new FactStore({ now: () => now, batchDelayMs: 1, onUpdate: (ids) => updates.push(ids) });
    const fetcher: FactFetcher = {
      async fetch(ids) {
        calls.push([...ids]);
        const facts = new Map<string, ConnectionFact>();
        for (const id of ids) {
          const f = answer(id);
          if (f) facts.set(id, f);
        }
        return { facts, identity: { objectId: 'o' } };
      },
    };
    store.setFetcher(fetcher, 'the test');
    return { store, updates, calls, tick: (ms: number) => (now += ms) };
  }

  it('is inactive without a fetcher: no facts, Azure rules off', () => {
    const store = new FactStore({ onUpdate: () => undefined });
    assert.strictEqual(store.active, false);
    assert.strictEqual(store.facts([ID]), undefined);
  });

  it('answers at once (nothing known), fetches in one batch, then reports the change', async () => {
    const { store, updates, calls } = setup(() => notFound);
    const first = store.facts([ID, ID2, ID.toLowerCase()]);
    assert.strictEqual(first?.connections.size, 0);
    assert.strictEqual(first?.source, 'the test');
    await store.whenIdle();
    assert.deepStrictEqual(calls, [[ID, ID2]]);
    assert.deepStrictEqual(updates, [[connectionKey(ID), connectionKey(ID2)]]);
    const second = store.facts([ID]);
    assert.deepStrictEqual(second?.connections.get(connectionKey(ID)), notFound);
    assert.deepStrictEqual(second?.identity, { objectId: 'o' });
    await store.whenIdle();
    assert.strictEqual(calls.length, 1, 'fresh facts are not fetched again');
  });

  it('fetches stale facts again after the TTL (errors sooner), and reports only changes', async () => {
    let fact: ConnectionFact = error;
    const { store, updates, calls, tick } = setup(() => fact);
    store.facts([ID]);
    await store.whenIdle();
    tick(30_000);
    store.facts([ID]);
    await store.whenIdle();
    assert.strictEqual(calls.length, 1, 'an error is kept for a minute');
    tick(31_000);
    store.facts([ID]);
    await store.whenIdle();
    assert.strictEqual(calls.length, 2);
    assert.strictEqual(updates.length, 1, 'the same answer again: nothing to re-lint');
    fact = notFound;
    tick(61_000);
    assert.deepStrictEqual(store.facts([ID])?.connections.get(connectionKey(ID)), error, 'the stale fact is used meanwhile');
    await store.whenIdle();
    assert.strictEqual(updates.length, 2);
    tick(4 * 60_000);
    store.facts([ID]);
    await store.whenIdle();
    assert.strictEqual(calls.length, 3, 'found / not-found facts live 5 minutes');
  });

  it('refresh() fetches now; a new fetcher (sign-out) forgets everything and drops late answers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { store, calls, updates } = setup(() => notFound);
    await store.refresh([ID]);
    assert.strictEqual(calls.length, 1);
    const late: FactFetcher = {
      async fetch(ids) {
        await gate;
        return { facts: new Map(ids.map((i) => [i, notFound] as const)) };
      },
    };
    store.setFetcher(late);
    store.facts([ID2]);
    const idle = store.whenIdle();
    store.setFetcher(undefined);
    release();
    await idle;
    assert.strictEqual(store.facts([ID2]), undefined);
    assert.strictEqual(store.get(ID2), undefined);
    assert.strictEqual(updates.length, 1);
  });
});

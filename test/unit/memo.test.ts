/**
 * What the lint remembers between files and lints stays small whatever the files hold: the memos
 * of strings (action types, names, URIs, audiences, ids, expressions) are bounded by entries and
 * by key length. The fuzzer found the unbounded ones: a worker linting inputs with megabyte-long
 * strings ran out of 2 GB of heap after about 28,000 inputs (seed "million", input 57237).
 */
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { lintProject } from '../../src/core/engine';
import { StringMemo } from '../../src/core/memo';
import { virtualProject } from './helpers/virtualProject';

describe('StringMemo', () => {
  it('computes once per key, forgets everything when full, never keeps a long key', () => {
    let calls = 0;
    const m = new StringMemo((s) => (calls++, s.toUpperCase()), 3, 8);
    assert.strictEqual(m.get('ab'), 'AB');
    assert.strictEqual(m.get('ab'), 'AB');
    assert.strictEqual(calls, 1);
    m.get('c');
    m.get('d');
    m.get('e'); // full: cleared, then kept
    assert.strictEqual(m.heldKeyChars(), 1);
    const long = 'x'.repeat(9);
    assert.strictEqual(m.get(long), long.toUpperCase());
    assert.strictEqual(m.get(long), long.toUpperCase());
    assert.strictEqual(calls, 6, 'a long key is computed each time');
    assert.strictEqual(m.heldKeyChars(), 1, 'and never kept');
  });

  it('remembers undefined results too', () => {
    let calls = 0;
    const m = new StringMemo<undefined>(() => void calls++);
    m.get('a');
    m.get('a');
    assert.strictEqual(calls, 1);
  });
});

describe('linting keeps nothing of a file alive after the lint', () => {
  it('40 projects, each with its own megabyte-long URI, audience, action type, resource id and expression: the heap does not grow with them', function () {
    this.timeout(120_000);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const project = (i: number) => {
      const big = `${i}-${'x'.repeat(1_000_000)}`;
      const wf = {
        definition: {
          actions: {
            Call: { type: 'Http', inputs: { method: 'GET', uri: `https://contoso-kv.vault.azure.net/secrets/${big}`, authentication: { type: 'ManagedServiceIdentity', audience: `https://${big}` } }, runAfter: {} },
            Odd: { type: `Type${big}`, inputs: { value: `@{appsetting('${big}')}` }, runAfter: {} },
          },
          triggers: {},
        },
        kind: 'Stateful',
      };
      const connections = { managedApiConnections: { c: { api: { id: `/subscriptions/${big}/providers/Microsoft.Web/locations/westeurope/managedApis/x` }, connection: { id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/${big}` }, authentication: { type: 'ManagedServiceIdentity' } } } };
      return virtualProject({ 'host.json': '{}', 'connections.json': JSON.stringify(connections), [`wf${i}/workflow.json`]: JSON.stringify(wf) });
    };
    lintProject(project(0)); // load and warm every module first
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 1; i <= 40; i++) assert.ok(lintProject(project(i)).length > 0);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Each project holds about 6 MB of text in those strings (two bytes per character where V8 widens them): 40 kept would be 240 MB or more.
    assert.ok(grown < 30 * 1024 * 1024, `the heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB over 40 lints`);
  });
});

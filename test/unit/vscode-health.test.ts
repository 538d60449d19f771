/**
 * The editor's connection-health parts that need no editor: the test history (the Azure view's
 * "tested 5 min ago"), the scope of "all connections of …" commands, and the walkthrough's
 * contribution (each step's media, links and completion events).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ConnectionInfo } from '../../src/core/azure/model';
import { inScope, scopeLabel, toConnectionScope } from '../../src/vscode/model/connectionScope';
import { COMMANDS, CONTEXT } from '../../src/vscode/model/ids';
import { ago, HISTORY_KEY, lastTestedText, MAX_ENTRIES, TestHistory, type MementoLike } from '../../src/vscode/model/testHistory';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));

class Memento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const conn = (name: string, subscriptionId: string, resourceGroup: string): ConnectionInfo => ({
  id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Web/connections/${name}`,
  name,
  subscriptionId,
  resourceGroup,
  api: {},
  status: 'Connected',
  statuses: [],
  testLinks: [],
  testRequests: [],
  parameterValueKeys: [],
});

describe('vscode: connection health (pure parts)', () => {
  describe('TestHistory', () => {
    it('remembers the last result per connection (any case), tells listeners, and survives a restart through the memento', () => {
      const memento = new Memento();
      const h = new TestHistory(memento);
      const seen: string[][] = [];
      h.onDidChange((ids) => seen.push(ids));
      h.record([{ id: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Web/connections/A', status: 'unauthenticated', httpStatus: 401, at: 1000 }]);
      h.record([{ id: '/subscriptions/s/resourcegroups/rg/providers/microsoft.web/connections/a/', status: 'connected', at: 2000 }]);
      assert.deepStrictEqual(h.get('/subscriptions/S/resourceGroups/RG/providers/Microsoft.Web/connections/A'), { status: 'connected', at: 2000 });
      assert.strictEqual(seen.length, 2);
      h.flush();
      const again = new TestHistory(memento);
      assert.deepStrictEqual(again.get('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/a'), { status: 'connected', at: 2000 });
      // Nothing but the status word, the HTTP status and the time is stored.
      assert.deepStrictEqual(Object.values(memento.get<Record<string, object>>(HISTORY_KEY)!).map((v) => Object.keys(v).sort()), [['at', 'status']]);
      h.dispose();
    });

    it(`keeps at most ${MAX_ENTRIES} connections, dropping the ones tested longest ago`, () => {
      const h = new TestHistory();
      const many = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/c${i}`, status: 'connected' as const, at: i }));
      h.record(many);
      assert.strictEqual(h.get(many[0]!.id), undefined);
      assert.ok(h.get(many[5]!.id));
      assert.ok(h.get(many[MAX_ENTRIES + 4]!.id));
    });

    it('says how long ago', () => {
      const now = 10 * 86_400_000;
      assert.strictEqual(ago(now - 5_000, now), 'just now');
      assert.strictEqual(ago(now - 5 * 60_000, now), '5 min ago');
      assert.strictEqual(ago(now - 3 * 3_600_000, now), '3 h ago');
      assert.strictEqual(ago(now - 3 * 86_400_000, now), '3 days ago');
      assert.strictEqual(lastTestedText({ status: 'forbidden', at: now - 120_000 }, now), 'tested 2 min ago: forbidden');
      assert.strictEqual(lastTestedText(undefined, now), undefined);
    });
  });

  describe('connection scope', () => {
    const all = [conn('a', 'S1', 'rg-a'), conn('b', 'S1', 'RG-B'), conn('c', 'S2', 'rg-a')];

    it('a tree node\'s scope, a scope itself, or nothing (everything listed)', () => {
      assert.deepStrictEqual(toConnectionScope({ kind: 'group', scope: { subscriptionId: 'S1', resourceGroup: 'rg-b', label: 'rg-b' } }), { subscriptionId: 'S1', resourceGroup: 'rg-b', label: 'rg-b' });
      assert.deepStrictEqual(toConnectionScope({ subscriptionId: 'S2' }), { subscriptionId: 'S2' });
      assert.strictEqual(toConnectionScope(undefined), undefined);
      assert.strictEqual(toConnectionScope({ scope: { resourceGroup: 'rg-a' } }), undefined, 'a group without its subscription is no scope');
    });

    it('selects the connections of a subscription or of one of its resource groups (any case)', () => {
      assert.deepStrictEqual(inScope(all, { subscriptionId: 's1' }).map((c) => c.name), ['a', 'b']);
      assert.deepStrictEqual(inScope(all, { subscriptionId: 'S1', resourceGroup: 'rg-b' }).map((c) => c.name), ['b']);
      assert.deepStrictEqual(inScope(all, undefined).map((c) => c.name), ['a', 'b', 'c']);
      assert.strictEqual(scopeLabel({ subscriptionId: 'S1', resourceGroup: 'rg-b' }), 'resource group rg-b');
      assert.strictEqual(scopeLabel({ subscriptionId: 'S1', label: 'Contoso' }), 'subscription Contoso');
      assert.strictEqual(scopeLabel(undefined), 'the listed subscriptions');
    });
  });

  describe('walkthrough and menus', () => {
    const walkthroughs = pkg.contributes.walkthroughs as { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[];

    it('one walkthrough: open a project and see problems, apply a fix, sign in, test, authorize, check all', () => {
      assert.strictEqual(walkthroughs.length, 1);
      const w = walkthroughs[0]!;
      assert.deepStrictEqual(w.steps.map((s) => s.id), ['openProject', 'applyFix', 'signIn', 'testConnection', 'authorize', 'checkAll']);
      assert.match(nls[w.title.replace(/%/g, '')]!, /Get Started/);
    });

    it('each step: a title and description in package.nls.json, its Markdown shipped, its links and completion events real', () => {
      const ours = new Set<string>(Object.values(COMMANDS));
      const builtIn = new Set(['workbench.action.files.openFolder', 'workbench.actions.view.problems']);
      const vsixIgnore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
      assert.match(vsixIgnore, /^!media\/walkthrough\/\*\.md$/m, 'the step pages are in the VSIX');
      for (const step of walkthroughs[0]!.steps) {
        const description = nls[step.description.replace(/%/g, '')];
        assert.ok(nls[step.title.replace(/%/g, '')], `${step.id}: title`);
        assert.ok(description, `${step.id}: description`);
        assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), step.media.markdown);
        assert.match(fs.readFileSync(path.join(ROOT, step.media.markdown), 'utf8'), /^# /);
        const links = [...description!.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]!);
        assert.ok(links.length > 0, `${step.id}: a button`);
        for (const l of links) assert.ok(ours.has(l) || builtIn.has(l), `${step.id}: ${l}`);
        for (const e of step.completionEvents) {
          const m = /^(onCommand|onContext):(.+)$/.exec(e);
          assert.ok(m, e);
          if (m[1] === 'onCommand') assert.ok(ours.has(m[2]!), e);
          else assert.ok(Object.values(CONTEXT).some((k) => m[2]!.startsWith(`${k} `)), e);
        }
      }
    });

    it('Test All Connections and Authorize Unauthenticated Connections… on subscriptions and resource groups of the Azure view', () => {
      const ctx = pkg.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
      for (const id of [COMMANDS.testAllConnections, COMMANDS.authorizeUnauthenticated]) {
        const entry = ctx.find((m) => m.command === id && !m.group.startsWith('inline'));
        assert.ok(entry, id);
        assert.ok(/azure\(Subscription\|ResourceGroup\)/.test(entry.when), entry.when);
      }
      assert.ok(ctx.some((m) => m.command === COMMANDS.testAllConnections && m.group.startsWith('inline')));
    });
  });
});

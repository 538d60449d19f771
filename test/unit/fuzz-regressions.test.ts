/**
 * What the fuzzer (`npm run fuzz`) found, each as the smallest input that shows it. The fixed ones
 * run; the ones still open (in other areas of the product) are pending with their reproducer, to
 * be turned on when their fix lands (and taken off KNOWN_OPEN in fuzz.test.ts).
 */
import * as assert from 'assert';
import { checkInput } from '../fuzz/check';
import { lintProject } from '../../src/core/engine';
import { MAX_MESSAGE } from '../../src/core/printable';
import { virtualProject } from './helpers/virtualProject';

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/; // eslint-disable-line no-control-regex

const managed = (extra: Record<string, unknown>) =>
  JSON.stringify({
    managedApiConnections: {
      office365: {
        api: { id: '/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/office365' },
        connection: { id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365' },
        authentication: { type: 'ManagedServiceIdentity' },
        ...extra,
      },
    },
  });

describe('fuzzer findings', () => {
  describe('fixed', () => {
    it('a file cut short: the LAC001 at its end lies inside the file (an empty range at the end)', () => {
      for (const text of ['{"version": "2.0"', '{', '{"version": ', '{"a": [1, 2']) {
        const p = virtualProject({ 'host.json': text });
        const f = lintProject(p).find((x) => x.ruleId === 'LAC001' && /end of file/.test(x.message));
        assert.ok(f, text);
        assert.ok(f.offset + f.length <= text.length, `${JSON.stringify(text)}: ${f.offset}+${f.length}`);
        assert.deepStrictEqual(f.range.end, p.host!.positionAt(text.length));
        assert.deepStrictEqual(checkInput({ 'host.json': text }).failures.filter((x) => x.kind === 'finding-outside-file'), []);
      }
    });

    it('a message quoting a value with a tab, a line break or a control character stays one printable line', () => {
      const name = "@{appsetting('x')}\tname\nnext\u0007\u2028end";
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: name } } } } } }, kind: 'Stateful' });
      const p = virtualProject({ 'host.json': '{}', 'connections.json': managed({ connectionRuntimeUrl: "@{appsetting('x'\n)" }), 'wf/workflow.json': wf });
      const findings = lintProject(p);
      const lac040 = findings.find((f) => f.ruleId === 'LAC040');
      const lac033 = findings.find((f) => f.ruleId === 'LAC033');
      assert.ok(lac040 && lac033, findings.map((f) => f.ruleId).join(', '));
      for (const f of findings) assert.ok(!UNPRINTABLE.test(f.message), `${f.ruleId}: ${JSON.stringify(f.message)}`);
      assert.ok(lac040.message.includes("@{appsetting('x')}\\tname\\nnext\\u0007\\u2028end"), lac040.message);
      assert.ok(lac033.message.includes("@{appsetting('x'\\n)"), lac033.message);
    });

    it('a message quoting a huge value is cut to a readable length', () => {
      const name = `@{appsetting('x')}${'n'.repeat(1_000_000)}`;
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: name } } } } } }, kind: 'Stateful' });
      const f = lintProject(virtualProject({ 'host.json': '{}', 'connections.json': managed({}), 'wf/workflow.json': wf })).find((x) => x.ruleId === 'LAC040');
      assert.ok(f);
      assert.strictEqual(f.message.length, MAX_MESSAGE);
      assert.ok(f.message.endsWith('…'));
    });
  });

  describe('fixes keep every comment', () => {
    // LAC003: removing the overridden member used to remove the comments inside it.
    it('LAC003 fix-all keeps the comments of the member it removes', () => {
      const params = '{\n  "a": {\n    // why this value\n    "type": "String",\n    "value": "x"\n  },\n  "a": { "type": "String", "value": "y" }\n}\n';
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': '{}', 'parameters.json': params }).failures, []);
    });

    // LAC013: "Use … as identity" used to replace the object and the comments in it.
    it('LAC013 identity fix keeps the comments of the object it replaces', () => {
      const conns = managed({ authentication: { type: 'ManagedServiceIdentity', identity: { userAssignedIdentity: "@appsetting('IDENTITY')" } }, connectionRuntimeUrl: "@appsetting('rt')" }).replace(
        '{"userAssignedIdentity":',
        '{ /* the user-assigned identity */ "userAssignedIdentity":',
      );
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': conns }).failures, []);
    });
  });
});

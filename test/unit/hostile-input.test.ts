/**
 * Inputs that once took minutes, gigabytes or the process down (issue "Verdicts you can trust at
 * any size", fuzzing): each must now give its findings. Work is counted where growth matters.
 */
import * as assert from 'assert';
import { planFixAll } from '../../src/core/fixAll';
import { applyTextEdits } from '../../src/core/json/edits';
import { TextLocator } from '../../src/core/json/locator';
import { lintFiles } from './helpers/ruleTester';

const HOST = '{}';

describe('hostile input', () => {
  it('connections.json nested 100,000 deep with one comment: read in full (the comment and the unknown section reported), no stack overflow', () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const findings = lintFiles({ 'host.json': HOST, 'connections.json': `// c\n{"managedApiConnections": {}, "x": ${deep}}` });
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.severity, f.pointer]), [['LAC001', 'warning', ''], ['LAC002', 'warning', '/x']]);
  });

  it('a workflow of 20,000 nested Scopes with a comment is read in full: the action at the bottom is checked', () => {
    let s = '{"type":"ApiConnection","inputs":{"host":{"connection":{"referenceName":"missing"}}}}';
    for (let i = 0; i < 20_000; i++) s = `{"type":"Scope","actions":{"S${i}":${s}}}`;
    const findings = lintFiles({ 'host.json': HOST, 'connections.json': '{}', 'W/workflow.json': `// c\n{"definition":{"actions":{"Top":${s}},"triggers":{}},"kind":"Stateful"}` });
    assert.deepStrictEqual(findings.map((f) => f.ruleId), ['LAC001', 'LAC040']);
    assert.match(findings[0]!.message, /Comments are not JSON/);
  });

  it('an 8 MB string next to a duplicate key: LAC003 reports it (no regex stack overflow) and its fix removes the first', () => {
    const files = { 'host.json': HOST, 'connections.json': `{"managedApiConnections": {}, "pad": "${'x'.repeat(8_000_000)}", "pad": 1}` };
    const findings = lintFiles(files).filter((f) => f.ruleId === 'LAC003');
    assert.strictEqual(findings.length, 1);
    const [fix] = findings[0]!.fixes();
    assert.strictEqual(applyTextEdits(files['connections.json'], fix!.edits[0]!.edits), '{"managedApiConnections": {}, "pad": 1}');
  });

  it('LAC003 reports duplicates in a file with syntax errors but offers no fix there', () => {
    const findings = lintFiles({ 'host.json': HOST, 'connections.json': '{"a": 1, "a": 2, "b": }' }).filter((f) => f.ruleId === 'LAC003');
    assert.strictEqual(findings.length, 1);
    assert.deepStrictEqual(findings[0]!.fixes(), []);
    assert.strictEqual(findings[0]!.fixable, false);
  });

  it('LAC003 on 3,000 nested objects each with a duplicate: work linear in the file (no path copy per level)', () => {
    const work = (n: number): number => {
      let s = '1';
      for (let i = 0; i < n; i++) s = `{"k": 0, "k": ${s}}`;
      const files = { 'host.json': HOST, 'parameters.json': `{"p": {"type": "Object", "value": ${s}}}` };
      TextLocator.work = 0;
      const findings = lintFiles(files).filter((f) => f.ruleId === 'LAC003');
      assert.strictEqual(findings.length, n);
      const plan = planFixAll(findings);
      assert.strictEqual(plan.fixes.length, n);
      return TextLocator.work;
    };
    const small = work(750);
    const large = work(3000);
    assert.ok(large / small < 6, `4× the levels cost ${(large / small).toFixed(1)}× the work`);
  });

  it('an 18 KB parameters.json nested 3,000 deep lints (no per-level copies)', () => {
    let p = '"v"';
    for (let i = 0; i < 3000; i++) p = `{"k":${p}}`;
    const findings = lintFiles({ 'host.json': HOST, 'connections.json': '{}', 'parameters.json': `{"p": {"type":"Object","value":${p}}}` });
    assert.deepStrictEqual(findings, []);
  });

  it('connections.json with 800 unused entries on one line: every fix costs its neighbourhood, not the file', () => {
    const work = (n: number): number => {
      const conns: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) conns[`c${i}`] = { serviceProvider: { id: '/serviceProviders/serviceBus' }, parameterValues: { connectionString: "@appsetting('x')" } };
      const files = { 'host.json': HOST, 'connections.json': JSON.stringify({ serviceProviderConnections: conns }), 'W/workflow.json': '{"definition":{"actions":{},"triggers":{}},"kind":"Stateful"}' };
      TextLocator.work = 0;
      const findings = lintFiles(files).filter((f) => f.ruleId === 'LAC041');
      assert.strictEqual(findings.length, n);
      for (const f of findings) assert.strictEqual(f.fixes().length, 1);
      return TextLocator.work;
    };
    const small = work(200);
    const large = work(800);
    assert.ok(large / small < 6, `4× the entries cost ${(large / small).toFixed(1)}× the work`);
  });
});

describe('string table: a path\'s first segments without the path', () => {
  it('agrees with pathOf for every string of random values, at any depth', () => {
    const { stringTable } = require('../../src/core/json/walk') as typeof import('../../src/core/json/walk');
    let seed = 5;
    const r = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const make = (d: number): unknown => {
      if (d > 6 || r() < 0.3) return r() < 0.7 ? `s${Math.floor(r() * 100)}` : 1;
      if (r() < 0.5) return Array.from({ length: Math.floor(r() * 4) }, () => make(d + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, make(d + 1)]));
    };
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      const v = make(0);
      const t = stringTable(v);
      for (let i = 0; i < t.values.length; i++) {
        const p = t.pathOf(i);
        assert.strictEqual(t.depthOf(i), p.length);
        assert.strictEqual(t.segment(i, 0), p[0]);
        assert.strictEqual(t.segment(i, 1), p[1]);
        checked++;
      }
    }
    assert.ok(checked > 500, `${checked} strings`);
  });

  it('LAC030 on an ARM template nested 10,000 deep: the secure parameter is skipped, the literal secret in a plain parameter is found, no per-string path', () => {
    const key = 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v=';
    const open = '{"type": "Microsoft.Resources/deployments", "name": "d", "resources": [';
    const leaf = '{"type": "Microsoft.Logic/workflows", "name": "wf", "properties": {"definition": {"actions": {}}}}';
    const text = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "parameters": {"safe": {"type": "securestring", "defaultValue": ${JSON.stringify(key)}}, "sb": {"type": "string", "defaultValue": ${JSON.stringify(key)}}}, "resources": [${open.repeat(10_000)}${leaf}${']}'.repeat(10_000)}]}`;
    const findings = lintFiles({ 'azuredeploy.json': text });
    assert.ok(!findings.some((f) => /failed on this project/.test(f.message)));
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'LAC030').map((f) => f.pointer), ['/parameters/sb/defaultValue']);
  });
});

describe('placeholders in long values', () => {
  it('a 1 MB serviceProvider.id full of "#{" without "}" is judged in one pass (it took LAC002 35 s)', () => {
    const { hasPlaceholder } = require('../../src/core/expressions') as typeof import('../../src/core/expressions');
    for (const opener of ['#{', '${', '$(', '{{']) assert.strictEqual(hasPlaceholder(opener.repeat(500_000)), false, opener);
    assert.strictEqual(hasPlaceholder('x'.repeat(500_000) + '#{Azure.Resource.Name}#'), true);
    const id = '#{'.repeat(500_000);
    const findings = lintFiles({ 'host.json': HOST, 'connections.json': JSON.stringify({ serviceProviderConnections: { sb: { serviceProvider: { id }, parameterValues: {} } } }) });
    assert.ok(!findings.some((f) => /failed on this project/.test(f.message)));
  });
});

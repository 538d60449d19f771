import * as assert from 'assert';
import * as path from 'path';
import { JsonFile } from '../../src/core/json/jsonFile';
import { fromPointer, toPointer } from '../../src/core/json/pointer';
import { groupProjects } from '../../src/core/project';
import { lintFiles } from './helpers/ruleTester';
import lac003 from '../../src/core/rules/lac003-duplicate-key';

describe('JsonFile', () => {
  it('maps a path to the value range, a container to its key', () => {
    const f = new JsonFile('/p/connections.json', 'connections', '{\n  "a": {\n    "b": "xyz"\n  }\n}');
    const v = f.span(['a', 'b']);
    assert.strictEqual(f.text.substr(v.offset, v.length), '"xyz"');
    assert.deepStrictEqual(f.positionAt(v.offset), { line: 2, character: 9 });
    const c = f.span(['a']);
    assert.strictEqual(f.text.substr(c.offset, c.length), '"a"');
    const k = f.span(['a', 'b'], { key: true });
    assert.strictEqual(f.text.substr(k.offset, k.length), '"b"');
  });

  it('reports a missing member on its deepest existing parent key', () => {
    const f = new JsonFile('/p/c.json', 'connections', '{"a": {"b": 1}}');
    const s = f.span(['a', 'missing', 'deeper']);
    assert.strictEqual(f.text.substr(s.offset, s.length), '"a"');
  });

  it('strips a BOM and keeps positions of the text a user sees', () => {
    const f = new JsonFile('/p/parameters.json', 'parameters', '\ufeff{\r\n  "x": 1\r\n}');
    assert.ok(f.hasBom);
    assert.strictEqual(f.eol, '\r\n');
    assert.deepStrictEqual(f.value, { x: 1 });
    const s = f.span(['x']);
    assert.deepStrictEqual(f.positionAt(s.offset), { line: 1, character: 7 });
  });

  it('reads comments and trailing commas, and says so', () => {
    const f = new JsonFile('/p/c.json', 'connections', '{ // c\n "a": [1, 2,],\n}');
    assert.deepStrictEqual(f.value, { a: [1, 2] });
    assert.ok(f.parsed);
    assert.deepStrictEqual(f.issues.map((i) => i.kind).sort(), ['comment', 'trailing-comma', 'trailing-comma']);
  });

  it('handles 10,000 levels of nesting without a stack overflow', () => {
    const depth = 10_000;
    const text = '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);
    const f = new JsonFile('/p/c.json', 'connections', text);
    const p = Array(depth).fill('a');
    const s = f.span(p);
    assert.strictEqual(f.text.substr(s.offset, s.length), '"leaf"');
  });

  it('knows when no key can repeat, also with `" :` key style and `":` inside strings', () => {
    assert.strictEqual(new JsonFile('/a', 'parameters', '{"a": 1, "b": {"a": 2}}').mayHaveDuplicateKeys(), false);
    assert.strictEqual(new JsonFile('/a', 'parameters', '{"a" : 1, "b" : 2}').mayHaveDuplicateKeys(), false);
    assert.strictEqual(new JsonFile('/a', 'parameters', '{"a": "x\\": 1", "b": 2}').mayHaveDuplicateKeys(), false);
    assert.strictEqual(new JsonFile('/a', 'parameters', '{"a" : 1, "a": 2}').mayHaveDuplicateKeys(), true);
  });

  it('finds a duplicate hidden behind mixed key styles', () => {
    const findings = lintFiles({ 'host.json': '{}', 'parameters.json': '{"a" : 1, "b": 2, "b" : 3}' }, lac003);
    assert.deepStrictEqual(findings.map((f) => f.pointer), ['/b']);
  });
});

describe('JSON Pointer', () => {
  it('escapes ~ and / both ways', () => {
    const p = ['a/b', 'c~d', 0];
    assert.strictEqual(toPointer(p), '/a~1b/c~0d/0');
    assert.deepStrictEqual(fromPointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0']);
  });
});

describe('project discovery', () => {
  const r = (...p: string[]): string => path.join('/w', ...p);
  it('groups a Standard project with root and workflows/ layouts', () => {
    const projects = groupProjects([
      r('app', 'host.json'),
      r('app', 'connections.json'),
      r('app', 'local.settings.json'),
      r('app', 'Orders', 'workflow.json'),
      r('app', 'workflows', 'Billing', 'workflow.json'),
    ]);
    assert.strictEqual(projects.length, 1);
    assert.strictEqual(projects[0].kind, 'standard');
    assert.deepStrictEqual(projects[0].workflows, [r('app', 'Orders', 'workflow.json'), r('app', 'workflows', 'Billing', 'workflow.json')].sort());
  });
  it('uses connections.json as the root when there is no host.json', () => {
    const [p] = groupProjects([r('x', 'connections.json'), r('x', 'wf', 'workflow.json')]);
    assert.strictEqual(p.hasHost, false);
    assert.strictEqual(p.workflows.length, 1);
  });
  it('lints a lone workflow.json and an ARM template on their own', () => {
    const projects = groupProjects([r('lone', 'workflow.json'), r('arm', 'azuredeploy.json')]);
    assert.deepStrictEqual(projects.map((p) => p.kind).sort(), ['armTemplate', 'workflow']);
  });
});

import * as assert from 'assert';
import { createScanner, parse as parseJsonc, SyntaxKind, type ParseError } from 'jsonc-parser';
import { applyTextEdits, combineEdits, removeValue, replaceMember, setValue } from '../../src/core/json/edits';
import { buildIndex, locate, scannedStringEnd } from '../../src/core/json/index';
import { JsonFile } from '../../src/core/json/jsonFile';
import { TextLocator } from '../../src/core/json/locator';
import type { JsonPath } from '../../src/core/types';

/** A small seeded PRNG (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.35) {
    const s = r();
    if (s < 0.4) return ['a', 'b c', 'x"y', 'brace {', 'slash // no comment', 'é', ''][Math.floor(r() * 7)];
    if (s < 0.6) return Math.floor(r() * 1000) - 10;
    if (s < 0.7) return r() < 0.5;
    if (s < 0.8) return null;
    return r() < 0.5 ? {} : [];
  }
  if (k < 0.7) {
    const o: Record<string, unknown> = {};
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) o[['id', 'name', 'k"q', 'x', 'y', 'deep', 'a b'][Math.floor(r() * 7)] + (r() < 0.5 ? '' : String(i))] = randomValue(r, depth + 1);
    return o;
  }
  const a: unknown[] = [];
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) a.push(randomValue(r, depth + 1));
  return a;
}

/** Every path of a value (containers and scalars). */
function paths(value: unknown, base: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [base];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...base, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...base, k]));
  return out;
}

type Style = 'pretty2' | 'pretty4' | 'tabs' | 'crlf' | 'minified' | 'comments' | 'trailing';
const STYLES: Style[] = ['pretty2', 'pretty4', 'tabs', 'crlf', 'minified', 'comments', 'trailing'];

/** The value written in a style: JSON, or JSONC with comments between members and trailing commas. */
function write(value: unknown, style: Style): string {
  if (style === 'minified') return JSON.stringify(value);
  if (style === 'pretty4') return JSON.stringify(value, null, 4);
  if (style === 'tabs') return JSON.stringify(value, null, '\t');
  const t = JSON.stringify(value, null, 2);
  if (style === 'crlf') return t.replace(/\n/g, '\r\n');
  if (style === 'comments') {
    // A comment after every comma that ends a line, and one before the first line.
    return '// header\n' + t.replace(/,\n/g, ', // note\n').replace(/\{\n/g, '{ /* open */\n');
  }
  if (style === 'trailing') return t.replace(/(["\d\]}el])\n(\s*)([}\]])/g, '$1,\n$2$3');
  return t;
}

function commentCount(text: string): number {
  const s = createScanner(text, false);
  let n = 0;
  for (let k = s.scan(); k !== SyntaxKind.EOF; k = s.scan()) if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) n++;
  return n;
}

/** Comments and trailing commas of a text, by jsonc-parser's scanner: the reference. */
function jsoncIssues(text: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  const scanner = createScanner(text, false);
  let comma = -1;
  for (let k = scanner.scan(); k !== SyntaxKind.EOF; k = scanner.scan()) {
    if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) out.push(['comment', scanner.getTokenOffset(), scanner.getTokenLength()]);
    else if (k === SyntaxKind.Trivia || k === SyntaxKind.LineBreakTrivia) continue;
    else if (k === SyntaxKind.CommaToken) {
      comma = scanner.getTokenOffset();
      continue;
    } else if ((k === SyntaxKind.CloseBraceToken || k === SyntaxKind.CloseBracketToken) && comma !== -1) out.push(['trailing-comma', comma, 1]);
    comma = -1;
  }
  return out;
}

function getAt(value: unknown, path: JsonPath): unknown {
  let v = value;
  for (const seg of path) v = (v as Record<string | number, unknown>)[seg];
  return v;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The span the positioned index gives (the reference the locator must agree with). */
function indexSpan(text: string, path: JsonPath, key: boolean): { offset: number; length: number } {
  const loc = locate(buildIndex(text), path);
  const node = loc.node;
  const container = !node || node.type === 'object' || node.type === 'array';
  if (loc.prop && (key || container || loc.depth < path.length)) return { offset: loc.prop.keyOffset, length: loc.prop.keyLength };
  if (node) return container ? { offset: node.offset, length: 1 } : { offset: node.offset, length: node.length };
  return { offset: 0, length: Math.min(1, text.length) };
}

describe('JSON locator and edits', () => {
  it('passes over a string where jsonc-parser\'s scanner ends it: closing quote, escapes, line breaks, the end of the text', () => {
    const r = rng(11);
    const alphabet = ['"', '"', '\\', 'a', 'é', '\n', '\r', 'u', '0', 'F', '{', '}', ':', ',', ' ', '/', '*', '\u2028', '\t'];
    let strings = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = 1 + Math.floor(r() * 40);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(r() * alphabet.length)];
      const scanner = createScanner(text, false);
      for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
        if (kind !== SyntaxKind.StringLiteral) continue;
        const at = scanner.getTokenOffset();
        assert.strictEqual(scannedStringEnd(text, at), at + scanner.getTokenLength(), JSON.stringify(text) + ' at ' + at);
        strings++;
      }
    }
    assert.ok(strings > 3000, String(strings));
  });

  it('locates in the small objects at the end of a path (read without a kept scan) as in the large ones: repeated keys, more members than a direct look reads, comments, trailing commas', () => {
    const members = (n: number, dup: boolean) =>
      Array.from({ length: n }, (_, i) => `"m${i}": {"a": ${i}, ${dup ? `"b": 1, /* c */ "a": [${i}, {"x": "}"}], ` : ''}"z": {"q": "\\"", "r": null,}}`).join(', ');
    let checked = 0;
    for (const n of [0, 1, 7, 8, 9, 20]) {
      for (const dup of [false, true]) {
        for (const strict of [false, true]) {
          const jsonc = `{"root": {"mid": {${members(n, dup)}}}, "other": {}}`;
          // Strict JSON (read with JSON.parse; without repeated keys a look stops at the first match).
          const text = strict ? jsonc.replace(/ \/\* c \*\//g, '').replace(/"r": null,\}/g, '"r": null}') : jsonc;
          const file = new JsonFile('/p/x.json', 'connections', text);
          assert.ok(file.parsed, text);
          if (strict) assert.deepStrictEqual(file.issues, [], text);
          const paths: JsonPath[] = [['other', 'x'], ['root', 'mid', 'none'], ['root', 'mid', 'm0', 'a', 1, 'x'], ['root', 'mid', 'm0', 'b', 'deeper']];
          for (let i = 0; i < n; i++) paths.push(['root', 'mid', `m${i}`], ['root', 'mid', `m${i}`, 'a'], ['root', 'mid', `m${i}`, 'z', 'q'], ['root', 'mid', `m${i}`, 'z', 'r'], ['root', 'mid', `m${i}`, 'missing']);
          for (const p of paths) {
            for (const key of [false, true]) {
              assert.deepStrictEqual(file.span(p, { key }), indexSpan(text, p, key), `${JSON.stringify(p)} key=${key}\n${text}`);
              checked++;
            }
          }
        }
      }
    }
    assert.ok(checked > 1000, String(checked));
    // A long value before the member asked for: the object is then read the kept way, with the same answers.
    const long = `{"root": {"mid": {"m0": {"pad": "${'x'.repeat(5000)}", "a": 1, "a": 2, "z": {"q": [1, {"r": 3}]}}, "m1": {"pad": [${'1,'.repeat(3000)}1], "a": 3}}}}`;
    const file = new JsonFile('/p/x.json', 'connections', long);
    for (const p of [['root', 'mid', 'm0', 'a'], ['root', 'mid', 'm0', 'z', 'q', 1, 'r'], ['root', 'mid', 'm0', 'pad'], ['root', 'mid', 'm1', 'a'], ['root', 'mid', 'm1', 'none']] as JsonPath[]) {
      for (const key of [false, true]) assert.deepStrictEqual(file.span(p, { key }), indexSpan(long, p, key), `${JSON.stringify(p)} key=${key}`);
    }
  });

  it('locates every value of JSON and JSONC texts where the positioned index does', () => {
    const r = rng(7);
    let checked = 0;
    for (let n = 0; n < 150; n++) {
      const value = { root: randomValue(r, 0), other: randomValue(r, 1) };
      for (const style of STYLES) {
        const text = write(value, style);
        const file = new JsonFile('/p/x.json', 'connections', text);
        assert.ok(file.parsed, `${style} text parses`);
        // JSONC is read by blanking comments and trailing commas for JSON.parse: the same value as jsonc-parser's.
        assert.deepStrictEqual(file.value, parseJsonc(text, [], { allowTrailingComma: true }));
        assert.deepStrictEqual(
          file.issues.map((i) => [i.kind, i.offset, i.length]).sort(),
          [...(style === 'comments' || style === 'trailing' ? jsoncIssues(text) : [])].sort(),
          `${style}: the same comments and trailing commas`,
        );
        for (const p of [...paths(value), ['missing'], ['root', 'nope', 'deeper']]) {
          for (const key of [false, true]) {
            assert.deepStrictEqual(file.span(p, { key }), indexSpan(file.text, p, key), `${style} ${JSON.stringify(p)} key=${key}\n${text}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 5000, `checked ${checked} spans`);
  });

  it('sets, inserts and removes values in every style: the result parses to the expected value and keeps every comment (also those inside what it replaces)', () => {
    const r = rng(11);
    let applied = 0;
    for (let n = 0; n < 200; n++) {
      const value = { root: randomValue(r, 0), tail: 'end' };
      const all = paths(value).slice(1);
      for (const style of STYLES) {
        const text = write(value, style);
        const file = new JsonFile('/p/x.json', 'connections', text);
        const target = all[Math.floor(r() * all.length)]!;
        const op = r();
        const expected = clone(value) as Record<string, unknown>;
        let edit;
        if (op < 0.4) {
          const v = randomValue(r, 2);
          edit = setValue(file, target, v);
          if (target.length === 0) continue;
          const parent = getAt(expected, target.slice(0, -1)) as Record<string | number, unknown>;
          parent[target[target.length - 1]!] = v;
        } else if (op < 0.7) {
          // A new member under an object (creating missing objects on the way).
          const holder = getAt(value, target);
          if (!holder || typeof holder !== 'object' || Array.isArray(holder)) continue;
          const v = randomValue(r, 2);
          edit = setValue(file, [...target, 'added', 'inner'], v);
          (getAt(expected, target) as Record<string, unknown>).added = { inner: v };
        } else {
          edit = removeValue(file, target);
          const parent = getAt(expected, target.slice(0, -1));
          const last = target[target.length - 1]!;
          if (Array.isArray(parent)) parent.splice(last as number, 1);
          else delete (parent as Record<string, unknown>)[last];
        }
        assert.ok(edit, `${style}: an edit for ${JSON.stringify(target)}`);
        const out = applyTextEdits(file.text, edit!.edits);
        const errors: ParseError[] = [];
        const got = parseJsonc(out, errors, { allowTrailingComma: true });
        assert.deepStrictEqual(errors, [], `${style} result parses:\n${out}`);
        assert.deepStrictEqual(got, expected, `${style} ${op < 0.4 ? 'set' : op < 0.7 ? 'insert' : 'remove'} ${JSON.stringify(target)}\n--- before\n${text}\n--- after\n${out}`);
        // A fix never loses a comment, not even one inside the value it replaces or removes.
        if (style === 'comments') assert.strictEqual(commentCount(out), commentCount(text), `comments kept:\n${out}`);
        if (style === 'minified') assert.ok(!out.includes('\n'), `a minified file stays on one line:\n${out}`);
        if (style === 'crlf') assert.ok(!/[^\r]\n/.test(out), `CRLF kept:\n${JSON.stringify(out)}`);
        applied++;
      }
    }
    assert.ok(applied > 800, `applied ${applied} edits`);
  });

  const cases: { name: string; text: string; edit: (f: JsonFile) => ReturnType<typeof setValue>; out: string }[] = [
    {
      name: 'a new member goes on its own line, indented like its siblings',
      text: '{\n  "a": {\n    "x": 1\n  }\n}',
      edit: (f) => setValue(f, ['a', 'y'], { z: true }),
      out: '{\n  "a": {\n    "x": 1,\n    "y": {\n      "z": true\n    }\n  }\n}',
    },
    {
      name: 'a comment after the last value stays with it',
      text: '{\n  "a": 1 // why a\n}',
      edit: (f) => setValue(f, ['b'], 2),
      out: '{\n  "a": 1, // why a\n  "b": 2\n}',
    },
    {
      name: 'an unrelated one-line sibling is left as written',
      text: '{\n  "e": {\n    "api": { "id": "x" }\n  }\n}',
      edit: (f) => setValue(f, ['e', 'url'], 'https://u'),
      out: '{\n  "e": {\n    "api": { "id": "x" },\n    "url": "https://u"\n  }\n}',
    },
    {
      name: 'a one-line object gets a compact member',
      text: '{"a":{"x":1},"b":2}',
      edit: (f) => setValue(f, ['a', 'y'], 'z'),
      out: '{"a":{"x":1,"y":"z"},"b":2}',
    },
    {
      name: 'an empty object in a multi-line file opens up',
      text: '{\n  "Values": {}\n}',
      edit: (f) => setValue(f, ['Values', 'k'], ''),
      out: '{\n  "Values": {\n    "k": ""\n  }\n}',
    },
    {
      name: 'after a trailing comma, no second comma',
      text: '{\n  "a": 1,\n}',
      edit: (f) => setValue(f, ['b'], 2),
      out: '{\n  "a": 1,\n  "b": 2\n}',
    },
    {
      name: 'removing a middle member takes its line',
      text: '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}',
      edit: (f) => removeValue(f, ['b']),
      out: '{\n  "a": 1,\n  "c": 3\n}',
    },
    {
      name: 'removing the last member takes the comma before it',
      text: '{\n  "a": 1,\n  "b": 2\n}',
      edit: (f) => removeValue(f, ['b']),
      out: '{\n  "a": 1\n}',
    },
    {
      name: 'removing a member keeps the comment on its line',
      text: '{\n  "a": 1, // about a\n  "b": 2\n}',
      edit: (f) => removeValue(f, ['a']),
      out: '{\n   // about a\n  "b": 2\n}',
    },
    {
      name: 'replacing a value keeps the key and the neighbours',
      text: '{ "a": "http://x", "b": 1 }',
      edit: (f) => setValue(f, ['a'], 'https://x'),
      out: '{ "a": "https://x", "b": 1 }',
    },
    {
      name: 'a member replaced by another, in place',
      text: '{\n  "cp": {\n    "u": 1\n  },\n  "z": 0\n}',
      edit: (f) => replaceMember(f, ['cp'], 'url', 'v'),
      out: '{\n  "url": "v",\n  "z": 0\n}',
    },
    {
      name: 'two changes of one object, computed on the same text',
      text: '{\n  "cp": {\n    "u": 1,\n    "k": 2\n  }\n}',
      edit: (f) => combineEdits(f, [{ path: ['cp', 'u'], remove: true }, { path: ['url'], value: 'v' }]),
      out: '{\n  "cp": {\n    "k": 2\n  },\n  "url": "v"\n}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = new JsonFile('/p/x.json', 'connections', c.text);
      const e = c.edit(f);
      assert.ok(e);
      assert.strictEqual(applyTextEdits(f.text, e.edits), c.out);
    });
  }

  it('refuses to edit a file with syntax errors', () => {
    const f = new JsonFile('/p/x.json', 'connections', '{ "a": 1, "b": }');
    assert.strictEqual(setValue(f, ['a'], 2), undefined);
    assert.strictEqual(removeValue(f, ['a']), undefined);
  });

  it('applies many edits in one pass, linear in the text (one join, no copy per edit)', () => {
    const text = 'x'.repeat(100_000);
    const edits = Array.from({ length: 10_000 }, (_, i) => ({ offset: i * 10, length: 1, content: 'y' }));
    const out = applyTextEdits(text, edits);
    assert.strictEqual(out.length, text.length);
    assert.strictEqual(out.split('y').length - 1, 10_000);
  });

  it('the fixes of N members of one object cost work linear in N, also in a one-line file', () => {
    const work = (n: number, minified: boolean): number => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) o[`m${i}`] = { audience: 'https://vault.azure.net/', pad: 'p'.repeat(50) };
      const text = minified ? JSON.stringify({ actions: o }) : JSON.stringify({ actions: o }, null, 2);
      const f = new JsonFile('/p/w.json', 'workflow', text);
      TextLocator.work = 0;
      for (let i = 0; i < n; i++) {
        assert.ok(setValue(f, ['actions', `m${i}`, 'audience'], 'https://vault.azure.net'));
        assert.ok(setValue(f, ['actions', `m${i}`, 'added'], 1));
        assert.ok(removeValue(f, ['actions', `m${i}`, 'pad']));
      }
      return TextLocator.work;
    };
    for (const minified of [false, true]) {
      const small = work(500, minified);
      const large = work(4000, minified);
      // 8× the findings: about 8× the work (a per-fix scan of the file would be 64×).
      assert.ok(large / small < 10, `${minified ? 'minified' : 'pretty'}: work grew ${(large / small).toFixed(1)}× for 8× the fixes`);
    }
  });
});

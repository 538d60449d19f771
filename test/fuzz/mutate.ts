/**
 * Mutations of a project (in memory): byte flips, truncation, deep nesting, huge strings,
 * duplicate keys, comments, trailing commas, one-line re-serialisation, BOM and line endings,
 * values swapped between files, wrong types, expression noise, removed or emptied files.
 * Each is a function of the random source only: an input is reproduced from (seed, index).
 */
import { createScanner, parseTree, SyntaxKind, type Node } from 'jsonc-parser';
import type { Rng } from './rng';

export type Files = Record<string, string>;

export interface Limits {
  /** Deepest nesting a mutation adds. */
  maxDepth: number;
  /** Longest string a mutation writes (characters). */
  maxString: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 5_000, maxString: 4_000_000 };

interface Mutator {
  name: string;
  weight: number;
  /** The files after the mutation, or undefined when it does not apply. */
  apply(files: Files, r: Rng, limits: Limits): Files | undefined;
}

const BOM = '\ufeff';

function anyFile(files: Files, r: Rng): string | undefined {
  const names = Object.keys(files).sort();
  return names.length ? r.pick(names) : undefined;
}

/**
 * Deepest nesting jsonc-parser's (recursive) parseTree is asked to read: deeper texts have no
 * tree here, whatever the thread's stack allows, so that an input is the same in a worker thread
 * (larger stack) and in `--replay` (main thread).
 */
const MAX_TREE_DEPTH = 1_000;

/** How deep brackets nest in a text (strings skipped), stopping past `limit`. */
function nesting(text: string, limit: number): number {
  let depth = 0;
  let most = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > most && (most = depth) > limit) return most;
    } else if (c === 125 || c === 93) depth--;
  }
  return most;
}

/** Every value node of a text (iterative), or [] when it does not parse to a tree. */
function valueNodes(text: string): Node[] {
  if (nesting(text, MAX_TREE_DEPTH) > MAX_TREE_DEPTH) return [];
  let root: Node | undefined;
  try {
    root = parseTree(text.startsWith(BOM) ? text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return [];
  }
  if (!root) return [];
  const out: Node[] = [];
  const stack = [root];
  while (stack.length && out.length < 200_000) {
    const n = stack.pop()!;
    if (n.type === 'property') {
      if (n.children?.[1]) stack.push(n.children[1]);
      continue;
    }
    out.push(n);
    if (n.children) for (const c of n.children) stack.push(c);
  }
  return out;
}

function properties(text: string): Node[] {
  const out: Node[] = [];
  for (const n of valueNodes(text)) if (n.type === 'object' && n.children) out.push(...n.children);
  return out;
}

const bomOffset = (text: string) => (text.startsWith(BOM) ? 1 : 0);
const splice = (text: string, offset: number, length: number, insert: string) => text.slice(0, offset) + insert + text.slice(offset + length);

/** Offsets between tokens (where a comment or whitespace may go). */
function tokenGaps(text: string, max = 20_000): number[] {
  const base = bomOffset(text);
  const s = createScanner(text.slice(base), false);
  const out: number[] = [];
  for (let k = s.scan(); k !== SyntaxKind.EOF && out.length < max; k = s.scan()) out.push(base + s.getTokenOffset());
  out.push(text.length);
  return out;
}

const FLIP_CHARS = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '\n', '\r', '\t', '\u0000', '\u0007', '\ufffd', 'é', '\u2028', '\ud83d', '0', '-', '@', "'", 'a', ' ', '#', '$'];

function randomText(r: Rng, length: number): string {
  const pieces = ['a', 'Z', '0', ' ', '\\', '"', "'", '@{', '}', '@', 'appsetting(', ')', '#{', '}#', '/', 'é', '😀', '\n', '\t', '\u2028', '<', '>', '%', 'https://', '.azure-apihub.net'];
  let chunk = '';
  while (chunk.length < 64) chunk += r.pick(pieces);
  return chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length);
}

const ODD_VALUES = [
  'null',
  'true',
  '0',
  '-1.5e300',
  '1e999',
  '""',
  '" "',
  '"@appsetting(\'x\')"',
  '"@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}"',
  '"@parameters(\'p\')"',
  '"#{token}#"',
  '"${VAR}"',
  '"<enter-value>"',
  '[]',
  '{}',
  '[[[]]]',
  '{"":{}}',
  '"https://"',
  '"http://example.com/apim/x/y"',
  '"\\u0000"',
  '"/subscriptions//resourceGroups/"',
  '"@{"',
  '"@@"',
  '"@concat("',
  '"@{appsetting(\'a\')}@{parameters(\'b\')}"',
  '{"type":"Raw","scheme":"Key","parameter":""}',
  '{"type":"ManagedServiceIdentity","audience":"https://vault.azure.net/"}',
  '"__proto__"',
  '{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}',
];

const MUTATORS: Mutator[] = [
  {
    name: 'flip',
    weight: 12,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f || !files[f]) return undefined;
      let t = files[f]!;
      for (let k = r.int(1, 4); k > 0; k--) t = splice(t, r.int(0, t.length - 1), 1, r.pick(FLIP_CHARS));
      return { ...files, [f]: t };
    },
  },
  {
    name: 'truncate',
    weight: 6,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      return { ...files, [f]: files[f]!.slice(0, r.int(0, files[f]!.length)) };
    },
  },
  {
    name: 'deep-nest',
    weight: 5,
    apply(files, r, limits) {
      const f = anyFile(files, r);
      const nodes = f ? valueNodes(files[f]!) : [];
      if (!f || !nodes.length) return undefined;
      const n = r.pick(nodes);
      const depth = Math.min(limits.maxDepth, r.pick([4, 16, 64, 256, 1_000, 3_000, 5_000, 20_000, 100_000]));
      const base = bomOffset(files[f]!);
      const inner = files[f]!.slice(base + n.offset, base + n.offset + n.length);
      const asObject = r.chance(0.5);
      const open = asObject ? '{"n":'.repeat(depth) : '['.repeat(depth);
      const close = (asObject ? '}' : ']').repeat(depth);
      return { ...files, [f]: splice(files[f]!, base + n.offset, n.length, open + inner + close) };
    },
  },
  {
    name: 'nest-scopes',
    weight: 3,
    apply(files, r, limits) {
      const wf = Object.keys(files).filter((k) => k.toLowerCase().endsWith('workflow.json')).sort();
      if (!wf.length) return undefined;
      const f = r.pick(wf);
      // Stringified below (recursively): not a text that is already deep.
      if (nesting(files[f]!, MAX_TREE_DEPTH) > MAX_TREE_DEPTH) return undefined;
      let value: { definition?: { actions?: unknown } };
      try {
        value = JSON.parse(files[f]!.replace(/^\ufeff/, ''));
      } catch {
        return undefined;
      }
      if (!value || typeof value !== 'object' || !value.definition || typeof value.definition !== 'object') return undefined;
      const depth = Math.min(limits.maxDepth, r.pick([10, 100, 1_000, 3_000, 20_000]));
      // Built as text: a value this deep cannot be stringified recursively.
      const actions = JSON.stringify(value.definition.actions ?? {});
      const open = '{"Scope":{"type":"Scope","actions":'.repeat(depth);
      const close = ',"runAfter":{}}}'.repeat(depth);
      const rest = { ...value, definition: { ...value.definition, actions: '__ACTIONS__' } };
      const text = JSON.stringify(rest, null, r.chance(0.5) ? 2 : undefined).replace('"__ACTIONS__"', open + actions + close);
      return { ...files, [f]: r.chance(0.3) ? text.replace('{', '{ // nested\n') : text };
    },
  },
  {
    name: 'huge-string',
    weight: 4,
    apply(files, r, limits) {
      const f = anyFile(files, r);
      const strings = f ? valueNodes(files[f]!).filter((n) => n.type === 'string') : [];
      if (!f || !strings.length) return undefined;
      const n = r.pick(strings);
      const length = Math.min(limits.maxString, r.pick([1_000, 10_000, 100_000, 1_000_000, 4_000_000]));
      const base = bomOffset(files[f]!);
      return { ...files, [f]: splice(files[f]!, base + n.offset, n.length, JSON.stringify(randomText(r, length))) };
    },
  },
  {
    name: 'duplicate-key',
    weight: 7,
    apply(files, r) {
      const f = anyFile(files, r);
      const props = f ? properties(files[f]!) : [];
      if (!f || !props.length) return undefined;
      const p = r.pick(props);
      const base = bomOffset(files[f]!);
      const text = files[f]!;
      const own = text.slice(base + p.offset, base + p.offset + p.length);
      const key = p.children?.[0] ? text.slice(base + p.children[0].offset, base + p.children[0].offset + p.children[0].length) : '"x"';
      const copy = r.chance(0.5) ? own : `${key}: ${r.pick(ODD_VALUES)}`;
      const at = base + p.offset + p.length;
      return { ...files, [f]: splice(text, at, 0, r.chance(0.8) ? `, ${copy}` : `,\n  // again\n  ${copy}`) };
    },
  },
  {
    name: 'comment',
    weight: 7,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      let t = files[f]!;
      for (let k = r.int(1, 3); k > 0; k--) {
        const gaps = tokenGaps(t);
        const at = r.pick(gaps);
        const c = r.pick(['/* c */', '/* } ] , " */', '// line\n', '// "key": 1\n', '/**/', '/* é 😀 */', '//\n']);
        t = splice(t, at, 0, c);
      }
      return { ...files, [f]: t };
    },
  },
  {
    name: 'trailing-comma',
    weight: 4,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      const t = files[f]!;
      const closers: number[] = [];
      for (let i = 0; i < t.length && closers.length < 50_000; i++) if (t[i] === '}' || t[i] === ']') closers.push(i);
      if (!closers.length) return undefined;
      return { ...files, [f]: splice(t, r.pick(closers), 0, ',') };
    },
  },
  {
    name: 'one-line',
    weight: 6,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      const text = files[f]!;
      const base = bomOffset(text);
      // Whitespace between tokens goes; a line comment becomes a block comment (it would swallow the rest).
      const s = createScanner(text.slice(base), false);
      let out = text.slice(0, base);
      for (let k = s.scan(); k !== SyntaxKind.EOF; k = s.scan()) {
        if (k === SyntaxKind.Trivia || k === SyntaxKind.LineBreakTrivia) continue;
        const tok = text.slice(base + s.getTokenOffset(), base + s.getTokenOffset() + s.getTokenLength());
        out += k === SyntaxKind.LineCommentTrivia ? `/*${tok.slice(2).replace(/\*\//g, '* /')}*/` : tok;
      }
      return r.chance(0.5) ? { ...files, [f]: out } : { ...files, [f]: out.replace(/,/g, ', ') };
    },
  },
  {
    name: 'bom-eol',
    weight: 4,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      let t = files[f]!;
      const how = r.pick(['bom', 'crlf', 'cr', 'bom+crlf', 'mixed', 'double-bom']);
      if (how.includes('crlf')) t = t.replace(/\r?\n/g, '\r\n');
      if (how === 'cr') t = t.replace(/\r?\n/g, '\r');
      if (how === 'mixed') t = t.replace(/\n/g, () => (r.chance(0.5) ? '\r\n' : '\n'));
      if (how.includes('bom')) t = BOM + t;
      if (how === 'double-bom') t = BOM + t;
      return { ...files, [f]: t };
    },
  },
  {
    name: 'swap-values',
    weight: 6,
    apply(files, r) {
      const a = anyFile(files, r);
      const b = anyFile(files, r);
      if (!a || !b) return undefined;
      const from = valueNodes(files[a]!);
      const to = valueNodes(files[b]!);
      if (!from.length || !to.length) return undefined;
      const src = r.pick(from);
      const dst = r.pick(to);
      const value = files[a]!.slice(bomOffset(files[a]!) + src.offset, bomOffset(files[a]!) + src.offset + src.length);
      const base = bomOffset(files[b]!);
      return { ...files, [b]: splice(files[b]!, base + dst.offset, dst.length, value) };
    },
  },
  {
    name: 'odd-value',
    weight: 8,
    apply(files, r) {
      const f = anyFile(files, r);
      const nodes = f ? valueNodes(files[f]!) : [];
      if (!f || !nodes.length) return undefined;
      const base = bomOffset(files[f]!);
      let t = files[f]!;
      // From the end, so that earlier offsets stay right.
      const chosen = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(nodes)))].sort((x, y) => y.offset - x.offset);
      let last = Number.POSITIVE_INFINITY;
      for (const n of chosen) {
        if (n.offset + n.length > last) continue;
        t = splice(t, base + n.offset, n.length, r.pick(ODD_VALUES));
        last = n.offset;
      }
      return { ...files, [f]: t };
    },
  },
  {
    name: 'rename-key',
    weight: 4,
    apply(files, r) {
      const f = anyFile(files, r);
      const props = f ? properties(files[f]!) : [];
      if (!f || !props.length) return undefined;
      const key = r.pick(props).children?.[0];
      if (!key) return undefined;
      const base = bomOffset(files[f]!);
      const raw = files[f]!.slice(base + key.offset + 1, base + key.offset + key.length - 1);
      const next = r.pick([raw.toUpperCase(), raw.toLowerCase(), `${raw}s`, raw.slice(0, -1), `${raw} `, '', '$connections', 'managedApiConnections', 'connectionRuntimeUrl', 'authentication', 'referenceName', '__proto__']);
      return { ...files, [f]: splice(files[f]!, base + key.offset, key.length, JSON.stringify(next)) };
    },
  },
  {
    name: 'delete-member',
    weight: 4,
    apply(files, r) {
      const f = anyFile(files, r);
      const props = f ? properties(files[f]!) : [];
      if (!f || !props.length) return undefined;
      const p = r.pick(props);
      const base = bomOffset(files[f]!);
      let end = base + p.offset + p.length;
      const after = /^\s*,/.exec(files[f]!.slice(end, end + 64));
      if (after) end += after[0].length;
      return { ...files, [f]: splice(files[f]!, base + p.offset, end - base - p.offset, '') };
    },
  },
  {
    name: 'file',
    weight: 2,
    apply(files, r) {
      const f = anyFile(files, r);
      if (!f) return undefined;
      const how = r.pick(['remove', 'empty', 'whitespace', 'not-json', 'array']);
      if (how === 'remove') {
        const rest = { ...files };
        delete rest[f];
        return rest;
      }
      const text = how === 'empty' ? '' : how === 'whitespace' ? ' \n\t ' : how === 'not-json' ? 'version: 2.0\nname: x\n' : '[1, 2, {"a": null}]';
      return { ...files, [f]: text };
    },
  },
];

export interface Mutated {
  files: Files;
  /** The mutations applied, in order (`name@file-count`). */
  applied: string[];
}

/** One to three mutations of a seed project. */
export function mutate(seed: Files, r: Rng, limits: Limits = DEFAULT_LIMITS): Mutated {
  let files = seed;
  const applied: string[] = [];
  const count = r.weighted([[1, 5], [2, 3], [3, 2]] as const);
  for (let i = 0; i < count; i++) {
    const m = r.weighted(MUTATORS.map((x) => [x, x.weight] as const));
    const next = m.apply(files, r, limits);
    if (next) {
      files = next;
      applied.push(m.name);
    }
  }
  return { files, applied };
}

export const MUTATION_NAMES = MUTATORS.map((m) => m.name);

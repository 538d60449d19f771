/**
 * A small, iterative reader of Logic Apps template strings: literal text, a whole-value
 * expression (`@fn(...)`), `@{...}` interpolations, `@@` escapes, and the bare
 * `@appsetting('X')` / `@parameters('X')` calls that connections.json tolerates mid-string.
 *
 * It checks structure (strings with `''` escapes, parentheses, brackets, member access,
 * `@{ … }` closing) and lists every function call with its arguments, with indexes into the
 * string value. It never recurses per nesting level.
 */
import * as path from 'path';
import { setValue } from './json/edits';
import { locate } from './json/index';
import type { JsonFile } from './json/jsonFile';
import { isObject } from './json/pointer';
import { forEachString, stringTable, type StringTable } from './json/walk';
import type { Project } from './project';
import type { FileEdit, JsonPath } from './types';
import type { RefFunction } from './expressions';
import { StringMemo } from './memo';

export type TemplateExprKind = 'whole' | 'interpolation' | 'bare';

export interface ExprArg {
  /** `string`: one string literal; `expression`: anything built from calls, members or indexes. */
  kind: 'string' | 'number' | 'keyword' | 'expression';
  /** Indexes in the string value: for a string literal, `start` is the opening quote and `end` is past the closing one. */
  start: number;
  end: number;
  /** The unescaped text of a string literal. */
  value?: string;
}

export interface ExprCall {
  /** The function name as written. */
  name: string;
  /** Index of the function name in the string value. */
  start: number;
  /** Index past the closing parenthesis; -1 when the call is not closed. */
  end: number;
  args: ExprArg[];
}

export type ExprErrorCode =
  | 'unclosed-string'
  | 'double-quote'
  | 'unclosed-paren'
  | 'unclosed-bracket'
  | 'unclosed-interpolation'
  | 'expected-value'
  | 'unexpected'
  | 'trailing';

export interface ExprError {
  code: ExprErrorCode;
  message: string;
  /** Indexes in the string value. */
  start: number;
  end: number;
}

export interface TemplateExpr {
  kind: TemplateExprKind;
  /** Index of the `@`. */
  start: number;
  /** Index past the expression (past the `}` of an interpolation). */
  end: number;
  calls: ExprCall[];
  /** The first structural problem found, if any (the scan of the string stops there). */
  error?: ExprError;
}

interface Frame {
  kind: 'call' | 'index';
  call?: ExprCall;
  /** Index of the opening `(` or `[`. */
  open: number;
  /** The argument being read (calls only). */
  cur?: ExprArg;
}

interface ParseResult {
  end: number;
  calls: ExprCall[];
  error?: ExprError;
  /** For `trailing`: whether the completed top-level operand was a single function call. */
  leadingCall?: ExprCall;
}

/** Space, tab, CR, LF. */
function isWs(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

const KEYWORDS = new Set(['true', 'false', 'null']);

/**
 * Reads one expression starting at `pos` (just after `@` or `@{`). `whole` reads to the end of
 * the string, `interpolation` up to the matching `}`, `bare` a single function call.
 * A class rather than closures: this runs for every expression string of a large workflow.
 */
class ExprParser {
  private readonly calls: ExprCall[] = [];
  private readonly stack: Frame[] = [];
  private readonly n: number;
  private i: number;
  private expectOperand = true;
  private topOperands = 0;
  private topStartCall: ExprCall | undefined;
  private topIsSingleCall = false;

  constructor(
    private readonly s: string,
    private readonly pos: number,
    private readonly mode: TemplateExprKind,
  ) {
    this.n = s.length;
    this.i = pos;
  }

  private fail(code: ExprErrorCode, message: string, start: number, end: number): ParseResult {
    const e = Math.min(Math.max(end, start + 1), this.n);
    return { end: e, calls: this.calls, error: { code, message, start, end: e } };
  }

  private markExpression(): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.cur) top.cur.kind = 'expression';
    if (!top) this.topIsSingleCall = false;
  }

  private startOperand(arg: ExprArg, call?: ExprCall): void {
    const top = this.stack[this.stack.length - 1];
    if (top) {
      if (top.kind === 'call') top.cur = arg;
    } else {
      this.topOperands++;
      this.topStartCall = call;
      this.topIsSingleCall = !!call;
    }
  }

  private finishArg(f: Frame, at: number): void {
    const a = f.cur!;
    if (a.kind !== 'string') {
      let e = at;
      while (e > a.start && isWs(this.s, e - 1)) e--;
      a.end = e;
    }
    f.call!.args.push(a);
  }

  private unclosed(): ParseResult {
    const f = this.stack[this.stack.length - 1];
    if (f.kind === 'call') return this.fail('unclosed-paren', `The call to ${f.call!.name}( is not closed: a ")" is missing.`, f.call!.start, this.n);
    return this.fail('unclosed-bracket', 'A "[" is not closed: a "]" is missing.', f.open, this.n);
  }

  run(): ParseResult {
    const { s, n, stack, calls, mode, pos } = this;
    for (;;) {
      let i = this.i;
      while (i < n && isWs(s, i)) i++;
      this.i = i;
      if (i >= n) {
        if (stack.length) return this.unclosed();
        if (mode === 'interpolation') return this.fail('unclosed-interpolation', 'The "@{" is not closed: a "}" is missing.', pos - 2, n);
        if (this.expectOperand) return this.fail('expected-value', 'The expression is incomplete: a value is expected here.', Math.max(pos - 1, i - 1), n);
        return { end: n, calls };
      }
      const c = s[i];
      if (stack.length === 0 && !this.expectOperand) {
        if (mode === 'interpolation' && c === '}') return { end: i + 1, calls };
        if (mode === 'bare') return { end: i, calls };
        if (c !== '[' && c !== '.' && c !== '?') {
          if (mode === 'interpolation') return this.fail('unclosed-interpolation', `The "@{" is not closed: "}" is expected before "${s.slice(i, i + 20)}".`, pos - 2, i + 1);
          const leadingCall = this.topOperands === 1 && this.topIsSingleCall ? this.topStartCall : undefined;
          return { ...this.fail('trailing', `Unexpected text after the expression: "${s.slice(i, i + 20)}".`, i, n), leadingCall };
        }
      }
      if (mode === 'interpolation' && c === '}' && stack.length === 0) {
        return this.fail('expected-value', 'The "@{ }" is empty or incomplete: a value is expected.', i, i + 1);
      }
      if (c === '"') {
        const close = s.indexOf('"', i + 1);
        return this.fail('double-quote', 'Strings in expressions use single quotes, not double quotes.', i, close === -1 ? n : close + 1);
      }
      const top = stack[stack.length - 1];
      if (this.expectOperand) {
        if (c === "'") {
          let j = i + 1;
          for (;;) {
            j = s.indexOf("'", j);
            if (j === -1) return this.fail('unclosed-string', 'A string is not closed: a closing single quote is missing.', i, n);
            if (s[j + 1] !== "'") break;
            j += 2;
          }
          this.startOperand({ kind: 'string', start: i, end: j + 1, value: s.slice(i + 1, j).replace(/''/g, "'") });
          this.i = j + 1;
          this.expectOperand = false;
          continue;
        }
        if (isDigit(c) || ((c === '-' || c === '+') && isDigit(s[i + 1] ?? ''))) {
          let j = i + 1;
          while (j < n && (isDigit(s[j]) || s[j] === '.' || s[j] === 'e' || s[j] === 'E')) j++;
          this.startOperand({ kind: 'number', start: i, end: j });
          this.i = j;
          this.expectOperand = false;
          continue;
        }
        if (isIdentStart(c)) {
          let j = i + 1;
          while (j < n && isIdentPart(s[j])) j++;
          const name = s.slice(i, j);
          let k = j;
          while (k < n && isWs(s, k)) k++;
          if (s[k] === '(') {
            const call: ExprCall = { name, start: i, end: -1, args: [] };
            calls.push(call);
            this.startOperand({ kind: 'expression', start: i, end: -1 }, call);
            stack.push({ kind: 'call', call, open: k });
            this.i = k + 1;
            continue;
          }
          this.startOperand({ kind: KEYWORDS.has(name.toLowerCase()) ? 'keyword' : 'expression', start: i, end: j });
          this.i = j;
          this.expectOperand = false;
          continue;
        }
        if (c === ')' && top?.kind === 'call' && top.call!.args.length === 0 && !top.cur) {
          top.call!.end = i + 1;
          stack.pop();
          this.i = i + 1;
          this.expectOperand = false;
          continue;
        }
        return this.fail('expected-value', `Unexpected "${c}": a value is expected here.`, i, i + 1);
      }
      // After an operand: member access, index, argument separator or closing.
      if (c === '.' || c === '?') {
        this.markExpression();
        i++;
        if (c === '.') {
          // `.name` (after `?`, the next token decides: `?[` or `?.`)
          while (i < n && isWs(s, i)) i++;
          if (i >= n || !isIdentStart(s[i])) return this.fail('expected-value', 'A property name is expected after ".".', i - 1, i);
          while (i < n && isIdentPart(s[i])) i++;
        }
        this.i = i;
        continue;
      }
      if (c === '[') {
        this.markExpression();
        stack.push({ kind: 'index', open: i });
        this.i = i + 1;
        this.expectOperand = true;
        continue;
      }
      if (c === ',' && top?.kind === 'call') {
        if (top.cur) this.finishArg(top, i);
        top.cur = undefined;
        this.i = i + 1;
        this.expectOperand = true;
        continue;
      }
      if (c === ')' && top?.kind === 'call') {
        if (top.cur) this.finishArg(top, i);
        top.call!.end = i + 1;
        stack.pop();
        this.i = i + 1;
        continue;
      }
      if (c === ']' && top?.kind === 'index') {
        stack.pop();
        this.i = i + 1;
        continue;
      }
      if (top && mode === 'bare' && stack.length === 1) return this.unclosed();
      if (top) return this.fail('unexpected', `Unexpected "${c}": ${top.kind === 'call' ? '"," or ")"' : '"]"'} is expected.`, i, i + 1);
      return this.fail('unexpected', `Unexpected "${c}" in the expression.`, i, i + 1);
    }
  }
}

function parseExpr(s: string, pos: number, mode: TemplateExprKind): ParseResult {
  return new ExprParser(s, pos, mode).run();
}

const BARE_START = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/y;
const BARE_NAMES = new Set(['appsetting', 'parameters']);

/**
 * The expressions of a string value, in order. Literal text is everything outside them.
 * A string with no `@` has none. Scanning stops at the first structural error, which is
 * recorded on the expression where it happened.
 */
export function scanTemplate(s: string): TemplateExpr[] {
  const out: TemplateExpr[] = [];
  if (s.indexOf('@') === -1) return out;
  const n = s.length;
  let i = 0;
  if (s[0] === '@' && s[1] !== '@' && s[1] !== '{') {
    const r = parseExpr(s, 1, 'whole');
    const lead = r.error?.code === 'trailing' ? r.leadingCall : undefined;
    if (!lead || !BARE_NAMES.has(lead.name.toLowerCase())) {
      out.push({ kind: 'whole', start: 0, end: n, calls: r.calls, error: r.error });
      return out;
    }
    // `@appsetting('X')/more`: a leading reference followed by text reads like the bare
    // mid-string form; treat it the same way.
    out.push({ kind: 'bare', start: 0, end: lead.end, calls: r.calls.filter((c) => c.end !== -1 && c.end <= lead.end) });
    i = lead.end;
  }
  while (i < n) {
    const at = s.indexOf('@', i);
    if (at === -1) break;
    const next = s[at + 1];
    if (next === '@') {
      i = at + 2;
      continue;
    }
    if (next === '{') {
      const r = parseExpr(s, at + 2, 'interpolation');
      out.push({ kind: 'interpolation', start: at, end: r.error ? n : r.end, calls: r.calls, error: r.error });
      if (r.error) break;
      i = r.end;
      continue;
    }
    BARE_START.lastIndex = at + 1;
    const m = BARE_START.exec(s);
    if (m && BARE_NAMES.has(m[1].toLowerCase())) {
      const r = parseExpr(s, at + 1, 'bare');
      out.push({ kind: 'bare', start: at, end: r.error ? n : r.end, calls: r.calls, error: r.error });
      if (r.error) break;
      i = r.end;
      continue;
    }
    i = at + 1;
  }
  return out;
}

/** A reference to an app setting or a parameter inside a string value. */
export interface StringRef {
  fn: RefFunction;
  name: string;
  /** Indexes of the name inside the string value (between the quotes, as written). */
  start: number;
  end: number;
  /** Where the reference sits: a whole-value expression, an interpolation, or a bare mid-string call. */
  kind: TemplateExprKind;
  /** Indexes of the whole call, from the function name to past its `)`. */
  callStart: number;
  callEnd: number;
}

/** Cheap test before scanning: could the string reference an app setting or a parameter? */
const REF_HINT = /appsetting|parameters/i;

/**
 * Every `appsetting('X')` / `parameters('X')` call with a string-literal name in a string value.
 * `bare` also counts the bare mid-string form (connections.json and parameters.json evaluate it;
 * a workflow does not).
 */
export function stringRefs(s: string, opts: { bare: boolean }): StringRef[] {
  if (s.indexOf('@') === -1 || !REF_HINT.test(s)) return NO_REFS;
  // The same expression recurs in many actions of a workflow: read each distinct string once.
  return (opts.bare ? bareRefsCache : refsCache).get(s);
}

const NO_REFS: StringRef[] = [];
const BARE = { bare: true };
const NOT_BARE = { bare: false };
const refsCache = new StringMemo((s) => computeStringRefs(s, false), 4096, 1024);
const bareRefsCache = new StringMemo((s) => computeStringRefs(s, true), 4096, 1024);

/** `@appsetting('X')` / `@parameters('X')` as the whole value, written the usual way. */
const WHOLE_CALL = /^@(appsetting|parameters)\('((?:[^']|'')*)'\)$/;

function computeStringRefs(s: string, bare: boolean): StringRef[] {
  // The usual whole-value reference (nearly every string of connections.json that has one),
  // read with one regex: the same reference the scanner below finds for it.
  const whole = WHOLE_CALL.exec(s);
  if (whole) {
    const fn = whole[1] as RefFunction;
    return [{ fn, name: whole[2].replace(/''/g, "'"), start: fn.length + 3, end: s.length - 2, kind: 'whole', callStart: 1, callEnd: s.length }];
  }
  const opts = { bare };
  const out: StringRef[] = [];
  for (const e of scanTemplate(s)) {
    if (e.kind === 'bare' && !opts.bare) continue;
    for (const c of e.calls) {
      const fn = c.name.toLowerCase();
      if (fn !== 'appsetting' && fn !== 'parameters') continue;
      const a = c.args[0];
      if (!a || a.kind !== 'string' || a.value === undefined || c.end === -1) continue;
      out.push({ fn, name: a.value, start: a.start + 1, end: a.end - 1, kind: e.kind, callStart: c.start, callEnd: c.end });
    }
  }
  return out;
}

/** A reference found in a project file. */
export interface ProjectRef extends StringRef {
  file: JsonFile;
  /** Path of the string value holding the reference. */
  readonly path: JsonPath;
  /** The whole string value. */
  value: string;
  /** Parameters a workflow declares itself (`definition.parameters`), lower-cased. */
  localParameters?: Set<string>;
}

const fileRefsCache = new WeakMap<JsonFile, ProjectRef[]>();

/**
 * A ProjectRef whose path is read from the file's string table when first needed: nearly every
 * reference is to something defined and is never reported. Members are written out one by one
 * (object spread takes V8's slow generic path; a large workflow has a reference per action).
 */
class FileRef implements ProjectRef {
  readonly fn: RefFunction;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TemplateExprKind;
  readonly callStart: number;
  readonly callEnd: number;
  private _path: JsonPath | undefined;

  constructor(
    r: StringRef,
    readonly file: JsonFile,
    readonly value: string,
    /** Where the path comes from: a table and the string's index in it, or the path itself. */
    private readonly table: StringTable | undefined,
    private readonly index: number,
    path: JsonPath | undefined,
    readonly localParameters?: Set<string>,
  ) {
    this.fn = r.fn;
    this.name = r.name;
    this.start = r.start;
    this.end = r.end;
    this.kind = r.kind;
    this.callStart = r.callStart;
    this.callEnd = r.callEnd;
    this._path = path;
  }

  get path(): JsonPath {
    return (this._path ??= this.table!.pathOf(this.index));
  }
}

/**
 * The references in one file, computed once per parsed file (a JsonFile is immutable; an editor
 * re-parses only the file that changed). Files with syntax errors have none: their value is
 * partial, and LAC001 reports them.
 */
function fileRefs(file: JsonFile): ProjectRef[] {
  const hit = fileRefsCache.get(file);
  if (hit) return hit;
  const out: ProjectRef[] = [];
  const root = file.value;
  // The shared string table of the file: one walk serves every rule that reads strings.
  const collect = (value: unknown, bare: boolean, localParameters: Set<string> | undefined): void => {
    const table = stringTable(value);
    const values = table.values;
    for (let i = 0; i < values.length; i++) {
      const s = values[i];
      if (s.indexOf('@') === -1) continue;
      const refs = stringRefs(s, bare ? BARE : NOT_BARE); // shared options: no object per string
      if (refs.length === 0) continue;
      for (const r of refs) out.push(new FileRef(r, file, s, table, i, undefined, localParameters));
    }
  };
  if (file.parsed && isObject(root)) {
    if (file.kind === 'connections') {
      collect(root, true, undefined);
    } else if (file.kind === 'parameters') {
      for (const [name, entry] of Object.entries(root)) {
        if (!isObject(entry) || !('value' in entry)) continue;
        forEachString(entry.value, [name, 'value'], (s, path) => {
          for (const r of stringRefs(s, BARE)) out.push(new FileRef(r, file, s, undefined, -1, [...path]));
        });
      }
    } else if (file.kind === 'workflow') {
      const def = root.definition;
      const local = new Set<string>();
      if (isObject(def) && isObject(def.parameters)) for (const k of Object.keys(def.parameters)) local.add(k.toLowerCase());
      collect(root, false, local);
    }
  }
  fileRefsCache.set(file, out);
  return out;
}

/**
 * The `appsetting()` / `parameters()` references of a Standard project: connections.json,
 * parameters.json values and workflow expressions (not bare mid-string calls there: a workflow
 * does not evaluate them). Files with syntax errors are left out.
 */
export function projectRefs(project: Project): ProjectRef[] {
  const out: ProjectRef[] = [];
  // ARM templates in a Standard project's folders (named workflow.json, say) are not its workflows.
  const files = [project.connections, project.parameters, ...project.workflows.filter((w) => w.kind !== 'armTemplate')];
  for (const f of files) if (f) for (const r of fileRefs(f)) out.push(r);
  return out;
}

/**
 * The span in the file of `[start, end)` inside the string value at `path`, when the string is
 * written without escape sequences up to `end` (so indexes map one to one); else undefined.
 */
export function spanInString(file: JsonFile, path: JsonPath, value: string, start: number, end: number): { offset: number; length: number } | undefined {
  const at = file.span(path);
  if (file.text[at.offset] !== '"') return undefined;
  const from = at.offset + 1;
  if (end > verbatimPrefix(file, from, value)) return undefined;
  return { offset: from + start, length: Math.max(end - start, 0) };
}

const verbatimPrefixes = new WeakMap<JsonFile, Map<number, { value: string; length: number }>>();

/**
 * How many leading characters of `value` the file writes as they are from `from` on (no escape
 * sequence, the same characters). Read once per string of a file version: a string with tens of
 * thousands of expressions asks for a span of each, and comparing its text up to each one again
 * took quadratic time (a 4 MB value hung the lint).
 */
function verbatimPrefix(file: JsonFile, from: number, value: string): number {
  let byOffset = verbatimPrefixes.get(file);
  if (!byOffset) verbatimPrefixes.set(file, (byOffset = new Map()));
  const hit = byOffset.get(from);
  if (hit && hit.value === value) return hit.length;
  const text = file.text;
  const limit = Math.min(value.length, text.length - from);
  let k = 0;
  while (k < limit) {
    const c = text.charCodeAt(from + k);
    if (c === 92 /* \\ */ || c !== value.charCodeAt(k)) break;
    k++;
  }
  byOffset.set(from, { value, length: k });
  return k;
}

/** Escape a name for a single-quoted expression string. */
export function quoteName(name: string): string {
  return name.replace(/'/g, "''");
}

/** Where to put the squiggle of a reference: its name inside the string when the text maps exactly. */
export function refSpan(ref: ProjectRef): { offset: number; length: number } | undefined {
  const span = spanInString(ref.file, ref.path, ref.value, ref.start, ref.end);
  // An empty name still gets a visible squiggle: the two quotes around it.
  if (span && span.length === 0) return { offset: span.offset - 1, length: 2 };
  return span;
}

/** Replace the referenced name by another one in the string value. */
export function renameRefEdit(ref: ProjectRef, name: string): FileEdit | undefined {
  return setValue(ref.file, ref.path, ref.value.slice(0, ref.start) + quoteName(name) + ref.value.slice(ref.end));
}

/**
 * Add a setting to the `Values` of local.settings.json, or create the file with it. When
 * `Values` has members, the edit is a plain insertion after the last one, so that several fixes
 * applied together all add their settings instead of overlapping.
 */
export function addAppSettingEdit(root: string, localSettings: JsonFile | undefined, name: string, value: string): FileEdit | undefined {
  if (!localSettings) {
    const content = JSON.stringify({ IsEncrypted: false, Values: { [name]: value } }, null, 2) + '\n';
    return { file: path.join(root, 'local.settings.json'), create: true, edits: [{ offset: 0, length: 0, content }] };
  }
  if (!localSettings.parsed) return undefined;
  const loc = locate(localSettings.index, ['Values']);
  const node = loc.depth === 1 ? loc.node : undefined;
  const last = node?.type === 'object' ? node.props![node.props!.length - 1] : undefined;
  if (!last || !last.value) return setValue(localSettings, ['Values', name], value);
  const text = localSettings.text;
  const lineStart = text.lastIndexOf('\n', last.keyOffset - 1) + 1;
  const lead = text.slice(lineStart, last.keyOffset);
  const sameLine = lead.trim() !== '';
  const offset = last.value.offset + last.value.length;
  const content = `,${sameLine ? ' ' : localSettings.eol + lead}${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  return { file: localSettings.path, edits: [{ offset, length: 0, content }] };
}

import { createScanner, parse as parseJsonc, ParseErrorCode, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser';
import type { FileKind, JsonPath, Position, Range } from '../types';
import { buildIndex, locate, scannedStringEnd, type IndexNode } from './index';
import { lineCommentEnd, stringEnd, TextLocator } from './locator';
import { stringTable } from './walk';
import { formatSize, isOversize, MAX_FILE_CHARS, MAX_SYNTAX_ERRORS, type OversizeText } from '../limits';

export interface SyntaxIssue {
  /**
   * `syntax` is a real error; `comment` and `trailing-comma` are JSONC extensions. `encoding`: the
   * bytes are not UTF-8 JSON text (binary, UTF-16...), the only issue reported for such a file;
   * `not-utf8`: the file parsed, but some bytes were not UTF-8 and read as U+FFFD.
   */
  kind: 'syntax' | 'comment' | 'trailing-comma' | 'too-deep' | 'encoding' | 'not-utf8' | 'too-large';
  message: string;
  offset: number;
  length: number;
}

/**
 * One JSON(C) file of a project: its text (without BOM), its plain value and, built only when
 * something must be reported, a positioned index of every value.
 *
 * The fast path is `JSON.parse`; jsonc-parser is used only for texts JSON.parse rejects
 * (comments, trailing commas, syntax errors).
 */
export class JsonFile {
  readonly text: string;
  readonly hasBom: boolean;
  readonly eol: '\n' | '\r\n' | '\r';
  readonly value: unknown;
  readonly issues: SyntaxIssue[];
  /** The file parsed without a syntax error (comments and trailing commas allowed). */
  readonly parsed: boolean;
  private _index: IndexNode | undefined | null = null;
  private _lines: Uint32Array | undefined;
  private _keyCountMismatch: boolean | undefined;
  /** JSON.parse accepted the text: positions can be read from the text without the index. */
  private readonly strict: boolean;
  private _locator: TextLocator | undefined;
  /** Members written in a JSONC text (counted by the token scan), to tell whether a key repeats. */
  private readonly jsoncKeys: number | undefined;
  private _formatting: { insertSpaces: boolean; tabSize: number; eol: string } | undefined;

  /** Characters of the file, also when it is too large to be read (then `text` is empty). */
  readonly size: number;

  /**
   * `rawText` is the file's text, or for a file above MAX_FILE_CHARS its size (the reader did not
   * read it): such a file has no value and one `too-large` issue.
   */
  constructor(
    readonly path: string,
    readonly kind: FileKind,
    rawText: string | OversizeText,
    readonly version = 0,
  ) {
    const oversize = isOversize(rawText) ? rawText.oversize : rawText.length > MAX_FILE_CHARS ? rawText.length : undefined;
    if (oversize !== undefined || isOversize(rawText)) rawText = '';
    this.size = oversize ?? rawText.length;
    this.hasBom = rawText.charCodeAt(0) === 0xfeff;
    this.text = this.hasBom ? rawText.slice(1) : rawText;
    const nl = this.text.indexOf('\n');
    // CRLF, LF, or a lone CR (old Mac line endings: no LF at all).
    this.eol = nl > 0 && this.text[nl - 1] === '\r' ? '\r\n' : nl === -1 && this.text.indexOf('\r') !== -1 ? '\r' : '\n';
    const r: ReturnType<typeof parseText> =
      oversize !== undefined
        ? { value: undefined, strict: false, issues: [{ kind: 'too-large', message: `This file is ${formatSize(oversize)}, above the ${formatSize(MAX_FILE_CHARS)} Logic Apps Connections reads: it was not linted.`, offset: 0, length: 0 }] }
        : parseText(this.text);
    this.value = r.value;
    this.issues = r.issues;
    this.strict = r.strict;
    this.jsoncKeys = r.keys;
    this.parsed = !r.issues.some((i) => i.kind === 'syntax' || i.kind === 'too-deep' || i.kind === 'too-large' || i.kind === 'encoding');
  }

  /** The positioned index (built once, on first use). */
  get index(): IndexNode | undefined {
    if (this._index === null) this._index = buildIndex(this.text);
    return this._index;
  }

  /**
   * Offset and length of the value at `path` (or of its key with `key: true`). When the path
   * does not exist, the deepest existing ancestor is used.
   */
  span(path: JsonPath, opts: { key?: boolean } = {}): { offset: number; length: number } {
    // A text that parsed is read by its locator (the same decisions on the same positions, without indexing the file).
    const located = this.locator;
    if (located) return located.spanOf(path, !!opts.key);
    const loc = locate(this.index, path);
    const node = loc.node;
    const container = !node || node.type === 'object' || node.type === 'array';
    // Containers and missing members are reported on the key that holds them: a squiggle over
    // a whole object would cover the file.
    if (loc.prop && (opts.key || container || loc.depth < path.length)) {
      return { offset: loc.prop.keyOffset, length: loc.prop.keyLength };
    }
    if (node) return container ? { offset: node.offset, length: 1 } : { offset: node.offset, length: node.length };
    return { offset: 0, length: Math.min(1, this.text.length) };
  }

  /**
   * The reader of a text that parsed (JSON, or JSONC with comments and trailing commas): where
   * values, members and containers are written, read lazily and shared by every finding and
   * every fix of this file version. Undefined for a text with syntax errors (see `index`).
   */
  get locator(): TextLocator | undefined {
    if (!this.parsed) return undefined;
    // Without repeated keys (exactly known for a strict text) a scan may stop at the first match.
    return (this._locator ??= new TextLocator(this.text, this.strict && !this.mayHaveDuplicateKeys(), !this.strict));
  }

  positionAt(offset: number): Position {
    const lines = this.lineStarts();
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lines[lo] };
  }

  offsetAt(pos: Position): number {
    const lines = this.lineStarts();
    if (pos.line >= lines.length) return this.text.length;
    return Math.min(lines[pos.line] + pos.character, this.text.length);
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  /**
   * Cheap check whether any object repeats a key: the number of keys in the text against the
   * number in the parsed value (a repeated key collapses into one). Exact when the text parsed.
   */
  mayHaveDuplicateKeys(): boolean {
    if (this._keyCountMismatch === undefined) {
      const members = (): number => stringTable(this.value).memberCount;
      this._keyCountMismatch = !this.parsed
        ? true
        : this.strict
          ? !keyCountsAgree(this.text, members())
          : this.jsoncKeys !== members();
    }
    return this._keyCountMismatch;
  }

  /** Indentation of the file, for edits that insert new members. */
  formatting(): { insertSpaces: boolean; tabSize: number; eol: string } {
    return (this._formatting ??= this.readFormatting());
  }

  private readFormatting(): { insertSpaces: boolean; tabSize: number; eol: string } {
    const m = /[\r\n]([ \t]+)["}\]]/.exec(this.text);
    if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol: this.eol };
    const size = m ? m[1].length : 2;
    return { insertSpaces: true, tabSize: size > 0 && size <= 8 ? size : 2, eol: this.eol };
  }

  /** Offsets where lines start, in a typed array (a 10 MB file has hundreds of thousands of lines). */
  private lineStarts(): Uint32Array {
    if (!this._lines) {
      const t = this.text;
      const crlfOnly = t.indexOf('\r') === -1;
      // A lone CR ends a line too (as in the editor): CRLF is one break.
      const breakAt = (i: number): boolean => {
        const c = t.charCodeAt(i);
        return c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10);
      };
      let count = 1;
      if (crlfOnly) for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) count++;
      else for (let i = 0; i < t.length; i++) if (breakAt(i)) count++;
      const lines = new Uint32Array(count);
      let n = 1;
      if (crlfOnly) for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) lines[n++] = i + 1;
      else for (let i = 0; i < t.length; i++) if (breakAt(i)) lines[n++] = i + 1;
      this._lines = lines;
    }
    return this._lines;
  }
}

/** A NUL character: never in JSON text (escaped, `\u0000` is six characters), always in binary and UTF-16 files. */
const NUL = '\u0000';
/** What a UTF-8 decoder (Node's, VS Code's) puts where the bytes are not UTF-8. */
const REPLACEMENT = '\ufffd';

function parseText(text: string): { value: unknown; issues: SyntaxIssue[]; strict: boolean; keys?: number } {
  const nul = text.indexOf(NUL);
  if (nul !== -1) return { value: undefined, issues: [notText(text, nul)], strict: false };
  const r = parseJsonText(text);
  const bad = text.indexOf(REPLACEMENT);
  if (bad === -1) return r;
  if (r.issues.some((i) => i.kind === 'syntax' || i.kind === 'too-deep')) return { value: undefined, issues: [notText(text, bad)], strict: false };
  const issue: SyntaxIssue = {
    kind: 'not-utf8',
    message: 'Some bytes of this file are not UTF-8: they read as the replacement character U+FFFD (the file was saved in another encoding, such as Windows-1252). Save it as UTF-8, or the text they stood for is lost.',
    offset: bad,
    length: 1,
  };
  return { value: r.value, issues: [issue, ...r.issues], strict: r.strict, keys: r.keys };
}

/** The one issue of a file that is not UTF-8 JSON text: where, and why, never the bytes themselves. */
function notText(text: string, offset: number): SyntaxIssue {
  const utf16 = text.startsWith(REPLACEMENT + REPLACEMENT) && text.charCodeAt(3) === 0;
  const what = utf16 ? 'it looks like UTF-16 text' : text.includes(NUL) ? 'it holds binary data' : 'some bytes are not UTF-8, and it does not parse';
  return { kind: 'encoding', message: `This file is not UTF-8 JSON text (${what}): it cannot be read. Save it as UTF-8 JSON.`, offset, length: 1 };
}

function parseJsonText(text: string): { value: unknown; issues: SyntaxIssue[]; strict: boolean; keys?: number } {
  try {
    return { value: JSON.parse(text), issues: [], strict: true };
  } catch {
    // fall through to the tolerant parser, which explains what is wrong and where
  }
  const issues: SyntaxIssue[] = [];
  if (text.trim() === '') {
    return { value: undefined, issues: [{ kind: 'syntax', message: 'The file is empty.', offset: 0, length: 0 }], strict: false };
  }
  // JSONC (comments, trailing commas): blank them out and let JSON.parse read the rest, far faster
  // than a parser written in JavaScript. Only a text with syntax errors goes to jsonc-parser.
  const jsonc = stripJsonc(text);
  if (jsonc) {
    try {
      return { value: JSON.parse(jsonc.stripped), issues: jsonc.issues, strict: false, keys: jsonc.keys };
    } catch {
      // a syntax error besides: jsonc-parser explains it
    }
  }
  let value: unknown;
  const lenient = new CappedErrors();
  try {
    value = parseJsonc(text, lenient, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (e) {
    if (e instanceof RangeError) {
      return {
        value: undefined,
        issues: [{ kind: 'too-deep', message: 'The file nests values too deeply to be read with comments or syntax errors in it.', offset: 0, length: 1 }],
        strict: false,
      };
    }
    throw e;
  }
  for (const e of lenient) {
    issues.push({ kind: 'syntax', message: describeError(e, text), offset: e.offset, length: e.length });
  }
  if (lenient.more) {
    const next = lenient.next!;
    issues.push({
      kind: 'syntax',
      message: `${lenient.more.toLocaleString('en-US')} more syntax errors from here on are not listed. Fix the ones above first: one mistake (a missing quote, bracket or comma) often causes all that follow.`,
      offset: next.offset,
      length: next.length,
    });
  }
  const ext = jsoncExtensions(text);
  issues.push(...ext.issues);
  return { value, issues, strict: false, keys: ext.keys };
}

const COMMENT_MESSAGE = 'Comments are not JSON: strict JSON tools (deployment scripts, the portal) reject this file.';
const TRAILING_COMMA_MESSAGE = 'Trailing comma: strict JSON tools (deployment scripts, the portal) reject this file.';

/**
 * A JSONC text with its comments and trailing commas replaced by spaces (every offset kept; line
 * breaks inside block comments too), what was replaced, and how many object members are written
 * (a repeated key counts each time). Undefined when the text cannot be JSONC (an unterminated
 * comment or string): jsonc-parser then explains the error. One pass, strings skipped with indexOf.
 */
/** Spaces for `text[from, to)`, line breaks kept: runs of spaces made at once, not a character at a time. */
function blankInto(parts: string[], text: string, from: number, to: number): void {
  let at = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (i > at) parts.push(' '.repeat(i - at));
    parts.push(c === 10 ? '\n' : '\r');
    at = i + 1;
  }
  if (to > at) parts.push(' '.repeat(to - at));
}

export function stripJsonc(text: string): { stripped: string; issues: SyntaxIssue[]; keys: number } | undefined {
  const issues: SyntaxIssue[] = [];
  const parts: string[] = [];
  let copied = 0;
  let keys = 0;
  let comma = -1; // a comma not yet followed by a value
  let afterString = false; // the last token was a string (a key if a colon follows)
  let afterValue = false; // the last token ended a value: only then may a comma follow
  const n = text.length;
  const blank = (from: number, to: number): void => {
    parts.push(text.slice(copied, from));
    blankInto(parts, text, from, to);
    copied = to;
  };
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      let end: number;
      if (d === 47) {
        end = lineCommentEnd(text, i + 2);
      } else if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        if (close === -1) return undefined;
        end = close + 2;
      } else {
        return undefined;
      }
      issues.push({ kind: 'comment', message: COMMENT_MESSAGE, offset: i, length: end - i });
      blank(i, end);
      i = end;
      continue;
    }
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      if (end >= n && text.charCodeAt(n - 1) !== 34) return undefined;
      comma = -1;
      afterString = afterValue = true;
      i = end;
      continue;
    }
    if (c === 58 /* : */) {
      if (afterString) keys++;
    } else if (c === 44 /* , */) {
      // `{,`, `[,`, `:,` or `,,`: a syntax error, for jsonc-parser to explain.
      if (!afterValue) return undefined;
      comma = i;
      afterString = afterValue = false;
      i++;
      continue;
    } else if ((c === 125 || c === 93) && comma !== -1) {
      issues.push({ kind: 'trailing-comma', message: TRAILING_COMMA_MESSAGE, offset: comma, length: 1 });
      blank(comma, comma + 1);
    }
    comma = -1;
    afterString = false;
    // A closing bracket or a number / literal character ends a value; an opening bracket does not.
    afterValue = c === 125 || c === 93 || (c !== 123 && c !== 91 && c !== 58);
    i++;
  }
  if (issues.length === 0) return undefined; // nothing JSONC about it: a syntax error
  parts.push(text.slice(copied));
  return { stripped: parts.join(''), issues, keys };
}

/**
 * Comments and trailing commas, found with one scan of the tokens (cheaper than a second, strict
 * parse), and the number of object members written (a repeated key counts each time).
 */
function jsoncExtensions(text: string): { issues: SyntaxIssue[]; keys: number } {
  const out: SyntaxIssue[] = [];
  const scanner = createScanner(text, false);
  let comma = -1;
  let keys = 0;
  let afterString = false;
  for (;;) {
    // Strings are passed over without making their values (see scannedStringEnd).
    const at = scanner.getPosition();
    if (text.charCodeAt(at) === 34) {
      scanner.setPosition(scannedStringEnd(text, at));
      comma = -1;
      afterString = true;
      continue;
    }
    const kind = scanner.scan();
    if (kind === SyntaxKind.EOF) break;
    switch (kind) {
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        out.push({ kind: 'comment', message: 'Comments are not JSON: strict JSON tools (deployment scripts, the portal) reject this file.', offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
        continue;
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        continue;
      case SyntaxKind.CommaToken:
        comma = scanner.getTokenOffset();
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        if (comma !== -1) out.push({ kind: 'trailing-comma', message: 'Trailing comma: strict JSON tools (deployment scripts, the portal) reject this file.', offset: comma, length: 1 });
        comma = -1;
        break;
      case SyntaxKind.ColonToken:
        if (afterString) keys++;
        comma = -1;
        break;
      default:
        comma = -1;
    }
    afterString = kind === SyntaxKind.StringLiteral;
  }
  return { issues: out, keys };
}

/**
 * jsonc-parser's error list, keeping the first MAX_SYNTAX_ERRORS and counting the rest: the
 * parser pushes every error it meets, and a text that is no JSON at all has one every few
 * characters (400,000 in 4 MB, each an object kept until the file is dropped).
 */
class CappedErrors extends Array<ParseError> {
  /** Errors past the first MAX_SYNTAX_ERRORS. */
  more = 0;
  /** The first of those. */
  next: ParseError | undefined;

  // Array methods that make new arrays (map, filter) construct a plain Array, not this class.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  override push(...errors: ParseError[]): number {
    for (const e of errors) {
      if (this.length < MAX_SYNTAX_ERRORS) super.push(e);
      else if (this.more++ === 0) this.next = e;
    }
    return this.length;
  }
}

/** What each kind of parse error says (built once: every error of a broken file is described). */
const PARSE_ERROR_TEXT: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected',
  [ParseErrorCode.ValueExpected]: 'A value is expected',
  [ParseErrorCode.ColonExpected]: 'A colon is expected',
  [ParseErrorCode.CommaExpected]: 'A comma is expected',
  [ParseErrorCode.CloseBraceExpected]: 'A closing brace `}` is expected',
  [ParseErrorCode.CloseBracketExpected]: 'A closing bracket `]` is expected',
  [ParseErrorCode.EndOfFileExpected]: 'Unexpected content after the end of the JSON value',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string',
};

function describeError(e: ParseError, text: string): string {
  const found = text.substr(e.offset, Math.max(1, Math.min(e.length, 20)));
  const base = PARSE_ERROR_TEXT[e.error] ?? printParseErrorCode(e.error);
  return e.offset >= text.length ? `${base} (end of file reached).` : `${base} (found ${JSON.stringify(found)}).`;
}


/**
 * Whether the text has exactly as many keys as the parsed value (so no key repeats).
 * Fast path: every key ends with `":` unless whitespace precedes the colon, and `":` inside a
 * string only adds to the count, so with no `" :`-style keys, equal counts prove no duplicates.
 *
 * One pass over the colons (a single-character indexOf, much faster than searching for `":`,
 * whose `"` is everywhere) counts the `":` and notices any colon after whitespace, the only
 * place a `" :`-style key can be; the regex decides only when there is such a colon.
 */
function keyCountsAgree(text: string, valueKeys: number): boolean {
  let quick = 0;
  let afterSpace = false;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === 34 /* " */) quick++;
    else if (before === 32 || before === 9 || before === 10 || before === 13) afterSpace = true;
  }
  if (quick === valueKeys && !(afterSpace && hasSpacedKey(text))) return true;
  // A repeated key, `":` inside strings or `" :`-style keys: count exactly.
  return countTextKeys(text) === valueKeys;
}

/** Whether a `"key" :`-style member may exist (whitespace before the colon; in a string too). */
function hasSpacedKey(text: string): boolean {
  return /"[ \t\r\n]+:/.test(text);
}

/** Keys in a strict JSON text: strings followed by a colon. A scan, no regex: any string length works. */
function countTextKeys(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; ) {
    const end = stringEnd(text, i);
    let j = end;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      j++;
    }
    if (text.charCodeAt(j) === 58 /* : */) n++;
    i = end >= text.length ? -1 : text.indexOf('"', end);
  }
  return n;
}

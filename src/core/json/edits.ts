/**
 * Text edits on a JSON(C) file that keep everything else as written: comments, formatting,
 * the order of members. Each edit is computed from the file's shared locator (read once per file
 * version), so a fix costs what its neighbourhood costs, never a re-parse of the whole file: the
 * fixes of thousands of findings in one file stay linear in the file.
 *
 * New text follows the style of where it goes: a multi-line object gets a member on its own line
 * with the indentation of its siblings; a one-line object (a minified file) gets a compact member.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { FileEdit, JsonPath, TextEdit } from '../types';
import type { JsonFile } from './jsonFile';
import { lineCommentEnd, type LocatedMember, type TextLocator } from './locator';

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const COMMA = 44;

/**
 * Set (or insert) the value at `path`, keeping comments and formatting everywhere else. Missing
 * objects on the way are created. Returns undefined when the file cannot be edited safely
 * (syntax errors, a scalar where the path goes on, an array index past the end).
 */
export function setValue(file: JsonFile, path: JsonPath, value: unknown): FileEdit | undefined {
  const edits = setValueEdits(file, path, value);
  return edits && { file: file.path, edits: keepComments(file, edits) };
}

/** Remove the member (or array item) at `path` with the comma that separates it; undefined when there is none. */
export function removeValue(file: JsonFile, path: JsonPath): FileEdit | undefined {
  const edits = removeValueEdits(file, path);
  return edits && { file: file.path, edits: keepComments(file, edits) };
}

/**
 * Several changes of one file as one edit list, each computed on the same (current) text; undefined
 * when any of them cannot be made or two of them touch the same text.
 */
export function combineEdits(file: JsonFile, changes: readonly ({ path: JsonPath; value: unknown } | { path: JsonPath; remove: true })[]): FileEdit | undefined {
  const all: TextEdit[] = [];
  for (const c of changes) {
    const edits = 'remove' in c ? removeValueEdits(file, c.path) : setValueEdits(file, c.path, c.value);
    if (!edits) return undefined;
    all.push(...edits);
  }
  const sorted = [...all].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1]!;
    if (sorted[i]!.offset < p.offset + p.length || (sorted[i]!.offset === p.offset && p.length === 0 && sorted[i]!.length === 0)) return undefined;
  }
  return { file: file.path, edits: keepComments(file, sorted) };
}

/**
 * Replace the member at `path` (key and value) by `newKey: value`, where it is written. Used to
 * turn one member into another without touching its neighbours.
 */
export function replaceMember(file: JsonFile, path: JsonPath, newKey: string, value: unknown): FileEdit | undefined {
  const locator = file.locator;
  if (!locator || path.length === 0) return undefined;
  const loc = locator.locate(path);
  if (loc.depth !== path.length || !loc.prop) return undefined;
  const m = loc.prop;
  const end = locator.valueEnd(m.valueOffset);
  const style = styleAt(file, locator, parentOffset(locator, path));
  const content = `${JSON.stringify(newKey)}${style.colon}${serialize(value, style.multiline, lineIndent(file, m.keyOffset), style.unit, file.eol)}`;
  return { file: file.path, edits: keepComments(file, [{ offset: m.keyOffset, length: end - m.keyOffset, content }]) };
}

/** Replace a span of the file's text. */
export function replaceSpan(file: JsonFile, offset: number, length: number, content: string): FileEdit {
  return { file: file.path, edits: [{ offset, length, content }] };
}

function setValueEdits(file: JsonFile, path: JsonPath, value: unknown): TextEdit[] | undefined {
  const locator = file.locator;
  if (!locator || value === undefined) return undefined;
  const text = file.text;
  const loc = locator.locate(path);
  if (loc.depth === path.length) {
    if (loc.offset >= text.length) return undefined; // an empty document
    const end = locator.valueEnd(loc.offset);
    const style = styleAt(file, locator, path.length ? parentOffset(locator, path) : loc.offset);
    const content = serialize(value, style.multiline, lineIndent(file, loc.offset), style.unit, file.eol);
    if (text.slice(loc.offset, end) === content) return [];
    return [{ offset: loc.offset, length: end - loc.offset, content }];
  }
  // The path goes on past the deepest value found: insert what is missing into that container.
  let nested = value;
  for (let i = path.length - 1; i > loc.depth; i--) {
    const seg = path[i]!;
    if (typeof seg === 'number') {
      if (seg !== 0) return undefined;
      nested = [nested];
    } else {
      nested = { [seg]: nested };
    }
  }
  const seg = path[loc.depth]!;
  const c = text.charCodeAt(loc.offset);
  if (c === OPEN_BRACE) return insertMember(file, locator, loc.offset, String(seg), nested);
  if (c === OPEN_BRACKET) {
    const { items } = locator.arrayItems(loc.offset);
    if (typeof seg !== 'number' || seg !== items.length) return undefined;
    return appendItem(file, locator, loc.offset, nested);
  }
  return undefined;
}

function removeValueEdits(file: JsonFile, path: JsonPath): TextEdit[] | undefined {
  const locator = file.locator;
  if (!locator || path.length === 0) return undefined;
  const loc = locator.locate(path);
  if (loc.depth !== path.length) return undefined;
  const parent = parentOffset(locator, path);
  const text = file.text;
  if (text.charCodeAt(parent) === OPEN_BRACE) {
    const { members, close } = locator.objectMembers(parent);
    const i = memberIndex(members, loc.prop!.keyOffset);
    if (i < 0) return undefined;
    return removeEntry(
      file,
      locator,
      members.map((m) => ({ start: m.keyOffset, end: m.valueEnd })),
      i,
      parent,
      close,
    );
  }
  const { items, close } = locator.arrayItems(parent);
  const i = items.findIndex((it) => it.offset === loc.offset);
  if (i < 0) return undefined;
  return removeEntry(
    file,
    locator,
    items.map((it) => ({ start: it.offset, end: it.end })),
    i,
    parent,
    close,
  );
}

/**
 * Remove one member of a repeated key: the `occurrence`-th (0-based, in text order) member named
 * `key` of the object at `objectPath`. `removeValue` removes the one that counts (the last).
 */
export function removeMemberAt(file: JsonFile, objectPath: JsonPath, key: string, occurrence: number): FileEdit | undefined {
  const locator = file.locator;
  if (!locator) return undefined;
  const loc = locator.locate(objectPath);
  if (loc.depth !== objectPath.length || file.text.charCodeAt(loc.offset) !== OPEN_BRACE) return undefined;
  const { members, close } = locator.objectMembers(loc.offset);
  let seen = 0;
  const i = members.findIndex((m) => m.key === key && seen++ === occurrence);
  if (i < 0) return undefined;
  const edits = removeEntry(
    file,
    locator,
    members.map((m) => ({ start: m.keyOffset, end: m.valueEnd })),
    i,
    loc.offset,
    close,
  );
  return { file: file.path, edits: keepComments(file, edits) };
}

/**
 * A fix never loses a comment: the comments inside the text an edit replaces or removes stay,
 * before the new text (each on its own line where it was a line comment, or where a whole line
 * goes). Only JSONC texts can have comments; JSON texts are returned as they are.
 */
function keepComments(file: JsonFile, edits: TextEdit[]): TextEdit[] {
  if (!file.issues.some((i) => i.kind === 'comment')) return edits;
  const text = file.text;
  return edits.map((e) => {
    if (e.length === 0) return e;
    const comments = commentsIn(text, e.offset, e.offset + e.length);
    if (comments.length === 0) return e;
    const atLineStart = e.offset === 0 || text.charCodeAt(e.offset - 1) === lineBreakOf(file).charCodeAt(0);
    const c0 = text.charCodeAt(e.offset);
    if (!atLineStart && (c0 === 10 || c0 === 13) && e.content === '') {
      // From the end of a line (the last member of an object): each comment on a line of its own.
      const next = text.indexOf(lineBreakOf(file), e.offset) + 1;
      const nextIndent = lineIndent(file, next + whitespaceRun(text, next));
      return { offset: e.offset, length: e.length, content: comments.map((c) => `${file.eol}${nextIndent}${c.text}`).join('') };
    }
    const indent = lineIndent(file, e.offset + (atLineStart ? whitespaceRun(text, e.offset) : 0));
    let kept: string;
    if (atLineStart && e.content === '' && /\n$/.test(text.slice(e.offset, e.offset + e.length))) {
      // Whole lines removed: each comment keeps a line of its own.
      kept = comments.map((c) => `${indent}${c.text}${file.eol}`).join('');
    } else {
      kept = comments.map((c) => (c.line ? `${c.text}${file.eol}${indent}` : `${c.text} `)).join('');
      if (atLineStart) kept = indent + kept;
    }
    return { offset: e.offset, length: e.length, content: kept + (atLineStart && e.content !== '' ? e.content.replace(/^[ \t]*/, '') : e.content) };
  });
}

/** Comments between `from` and `to` (token boundaries), with whether each is a line comment. */
function commentsIn(text: string, from: number, to: number): { text: string; line: boolean }[] {
  const out: { text: string; line: boolean }[] = [];
  const scanner = createScanner(text.slice(from, to), false);
  for (let k = scanner.scan(); k !== SyntaxKind.EOF; k = scanner.scan()) {
    if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) {
      out.push({ text: text.substr(from + scanner.getTokenOffset(), scanner.getTokenLength()), line: k === SyntaxKind.LineCommentTrivia });
    }
  }
  return out;
}

function whitespaceRun(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i - from;
}

/** Index of the member whose key is written at `keyOffset` (members are in text order: a binary search), or -1. */
function memberIndex(members: readonly LocatedMember[], keyOffset: number): number {
  let lo = 0;
  let hi = members.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = members[mid]!.keyOffset;
    if (at === keyOffset) return mid;
    if (at < keyOffset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Offset of the container holding the value at `path` (path has at least one segment and exists). */
function parentOffset(locator: TextLocator, path: JsonPath): number {
  return locator.locate(path.slice(0, -1)).offset;
}

interface Entry {
  start: number;
  end: number;
}

/**
 * Remove entry `i` of a container. An entry on lines of its own goes with those lines; the comma
 * that separated it goes with it; comments before or after it stay.
 */
function removeEntry(file: JsonFile, locator: TextLocator, entries: readonly Entry[], i: number, open: number, close: number): TextEdit[] {
  const text = file.text;
  const e = entries[i]!;
  const next = entries[i + 1];
  const prev = entries[i - 1];
  const lineStart = text.lastIndexOf(lineBreakOf(file), e.start - 1) + 1;
  const ownLine = lineStart > open && isBlank(text, lineStart, e.start);
  // The comma after the entry, if any (a trailing comma in JSONC counts).
  const afterValue = locator.skipTrivia(e.end);
  const comma = text.charCodeAt(afterValue) === COMMA ? afterValue : -1;
  if (next || comma !== -1) {
    // Take the entry and its comma; on its own line(s), the rest of the line when only white space is left.
    let end = comma !== -1 ? comma + 1 : e.end;
    if (comma !== -1 && !isBlank(text, e.end, comma)) {
      // A comment sits between the value and its comma: remove value and comma, keep the comment.
      return [
        { offset: ownLine ? lineStart : e.start, length: e.end - (ownLine ? lineStart : e.start), content: '' },
        { offset: comma, length: 1, content: '' },
      ].filter((x) => x.length > 0);
    }
    let start = e.start;
    if (ownLine) {
      const eol = restOfLineBlank(text, end);
      if (eol !== -1) {
        start = lineStart;
        end = eol;
      }
    } else {
      // `a, b, c` on one line: take the white space after the comma too.
      while (end < close && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) && next) end++;
    }
    return [{ offset: start, length: end - start, content: '' }];
  }
  if (prev) {
    // The last entry: drop the comma before it (after the previous entry) and the entry itself.
    const prevComma = locator.skipTrivia(prev.end);
    const edits: TextEdit[] = [];
    let from = e.start;
    if (ownLine && restOfLineBlank(text, e.end) !== -1) {
      // From the end of the previous line: the closing bracket keeps its own line.
      from = Math.max(lineStart - (text.charCodeAt(lineStart - 2) === 13 ? 2 : 1), prevComma + 1);
    }
    if (text.charCodeAt(prevComma) === COMMA) {
      if (from <= prevComma + 1 && isBlank(text, prev.end, prevComma)) {
        return [{ offset: prevComma, length: e.end - prevComma, content: '' }];
      }
      edits.push({ offset: prevComma, length: 1, content: '' });
      if (from <= prevComma) from = prevComma + 1;
    }
    edits.push({ offset: from, length: e.end - from, content: '' });
    return edits;
  }
  // The only entry: leave the container empty (comments inside stay).
  if (isBlank(text, open + 1, e.start) && isBlank(text, e.end, close)) return [{ offset: open + 1, length: close - open - 1, content: '' }];
  return [{ offset: e.start, length: e.end - e.start, content: '' }];
}

/** Insert `"key": value` as the last member of the object at `open`. */
function insertMember(file: JsonFile, locator: TextLocator, open: number, key: string, value: unknown): TextEdit[] {
  const style = styleAt(file, locator, open);
  const { members, close } = locator.objectMembers(open);
  const text = file.text;
  const member = (indent: string): string => `${JSON.stringify(key)}${style.colon}${serialize(value, style.multiline, indent, style.unit, file.eol)}`;
  return insertEntry(file, locator, open, close, members.length ? members[members.length - 1]! : undefined, style, member, text);
}

function appendItem(file: JsonFile, locator: TextLocator, open: number, value: unknown): TextEdit[] {
  const style = styleAt(file, locator, open);
  const { items, close } = locator.arrayItems(open);
  const last = items[items.length - 1];
  const lastEntry = last && { keyOffset: last.offset, valueEnd: last.end };
  return insertEntry(file, locator, open, close, lastEntry, style, (indent) => serialize(value, style.multiline, indent, style.unit, file.eol), file.text);
}

function insertEntry(
  file: JsonFile,
  locator: TextLocator,
  open: number,
  close: number,
  last: Pick<LocatedMember, 'keyOffset' | 'valueEnd'> | undefined,
  style: Style,
  entry: (indent: string) => string,
  text: string,
): TextEdit[] {
  const eol = file.eol;
  if (!last) {
    if (!style.multiline) return [{ offset: open + 1, length: isBlank(text, open + 1, close) ? close - open - 1 : 0, content: entry('') }];
    const indent = lineIndent(file, open);
    const inner = indent + style.unit;
    if (isBlank(text, open + 1, close)) return [{ offset: open + 1, length: close - open - 1, content: `${eol}${inner}${entry(inner)}${eol}${indent}` }];
    // Only comments inside: the new entry goes after them, on its own line.
    const end = trimEndBefore(text, close);
    return [{ offset: end, length: 0, content: `${eol}${inner}${entry(inner)}` }];
  }
  const after = locator.skipTrivia(last.valueEnd);
  const hasComma = text.charCodeAt(after) === COMMA;
  // After a trailing comma (JSONC) the edit rewrites that comma too, so that it overlaps the fix
  // that removes the comma: fix-all then applies one of them per pass, never both.
  if (!style.multiline) {
    if (hasComma) return [{ offset: after, length: 1, content: `${style.comma}${entry('')}` }];
    return [{ offset: last.valueEnd, length: 0, content: `${style.comma}${entry('')}` }];
  }
  const indent = lineIndent(file, last.keyOffset);
  // A comment after the last value on its line stays with that value: the new entry goes after it.
  const from = hasComma ? after + 1 : last.valueEnd;
  const lineEnd = endOfLineComment(text, from);
  const line = `${eol}${indent}${entry(indent)}`;
  if (hasComma) return [{ offset: after, length: lineEnd - after, content: text.slice(after, lineEnd) + line }];
  if (lineEnd === last.valueEnd) return [{ offset: last.valueEnd, length: 0, content: `,${line}` }];
  return [
    { offset: last.valueEnd, length: 0, content: ',' },
    { offset: lineEnd, length: 0, content: line },
  ];
}

interface Style {
  multiline: boolean;
  /** Indentation unit of the file. */
  unit: string;
  /** `": "` or `":"`. */
  colon: string;
  /** `", "` or `","` between entries of a one-line container. */
  comma: string;
}

const styles = new WeakMap<TextLocator, Map<number, Style>>();

/**
 * How the container at `open` is written: on several lines, or on one (then compact, with the
 * spacing its entries use). Read once per container.
 */
function styleAt(file: JsonFile, locator: TextLocator, open: number): Style {
  let byOffset = styles.get(locator);
  if (!byOffset) styles.set(locator, (byOffset = new Map()));
  const known = byOffset.get(open);
  if (known) return known;
  const text = file.text;
  const f = file.formatting();
  const unit = f.insertSpaces ? ' '.repeat(f.tabSize) : '\t';
  const c = text.charCodeAt(open);
  const br = lineBreakOf(file);
  let style: Style;
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    style = { multiline: text.includes(br), unit, colon: ': ', comma: ', ' };
  } else {
    // Between the bracket and the first entry (or the closing bracket of an empty container).
    const first = locator.skipTrivia(open + 1);
    const head = text.slice(open + 1, first);
    const empty = text.charCodeAt(first) === (c === OPEN_BRACE ? 125 : 93);
    const multiline = head.includes(br) || (empty && eolBefore(text, open, br));
    let colon = ': ';
    let comma = ', ';
    if (!multiline && !empty) {
      if (c === OPEN_BRACE) {
        const { members } = locator.objectMembers(open);
        const m = members[0]!;
        colon = text.charCodeAt(m.keyOffset + m.keyLength) === 58 && text.charCodeAt(m.keyOffset + m.keyLength + 1) !== 32 ? ':' : ': ';
        const after = members[0]!.valueEnd;
        comma = members.length > 1 && text.charCodeAt(after) === COMMA && text.charCodeAt(after + 1) !== 32 ? ',' : members.length > 1 ? ', ' : colon === ':' ? ',' : ', ';
      } else {
        const { items } = locator.arrayItems(open);
        const after = items[0]!.end;
        comma = items.length > 1 && text.charCodeAt(after) === COMMA && text.charCodeAt(after + 1) !== 32 ? ',' : ', ';
      }
    } else if (!multiline && empty) {
      colon = file.text.includes('": ') ? ': ' : ':';
      comma = colon === ': ' ? ', ' : ',';
    }
    style = { multiline, unit, colon, comma };
  }
  byOffset.set(open, style);
  return style;
}

/** Whether the file is written on several lines up to `open` (an empty container then opens up). */
function eolBefore(text: string, open: number, br: string): boolean {
  return text.lastIndexOf(br, open) !== -1 || text.indexOf(br, open) !== -1;
}

/** The character that ends the file's lines: LF (also in CRLF), or CR alone (old Mac line endings). */
function lineBreakOf(file: JsonFile): string {
  return file.eol === '\r' ? '\r' : '\n';
}

/** A value as JSON: indented like its surroundings on several lines, or compact on one. */
function serialize(value: unknown, multiline: boolean, indent: string, unit: string, eol: string): string {
  if (!multiline || value === null || typeof value !== 'object') return JSON.stringify(value);
  const s = JSON.stringify(value, null, unit);
  return s.indexOf('\n') === -1 ? s : s.split('\n').join(eol + indent);
}

/** Leading white space of the line holding `offset`. */
function lineIndent(file: JsonFile, offset: number): string {
  const text = file.text;
  const start = text.lastIndexOf(lineBreakOf(file), offset - 1) + 1;
  let i = start;
  while (i < offset && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(start, i);
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** Index past the line break when only spaces and tabs follow `from` on its line, else -1. */
function restOfLineBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= text.length) return i;
  const c = text.charCodeAt(i);
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1; // CRLF, or a lone CR (old Mac line endings)
  return c === 10 ? i + 1 : -1;
}

/** The end of a comment that follows `from` on the same line (after spaces), else `from`. */
function endOfLineComment(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47) return lineCommentEnd(text, i + 2);
  if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
    const close = text.indexOf('*/', i + 2);
    if (close !== -1) {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || close < nl) return close + 2;
    }
  }
  return from;
}

/** The end of the content before `close`: white space before it is left in place. */
function trimEndBefore(text: string, close: number): number {
  let i = close;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

/**
 * Apply plain text edits to a text: in one pass, linear in the text and the edits. Edits must not
 * overlap; one that overlaps an edit after it is skipped rather than corrupting the text.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  // Walk from the end so that "an overlapping edit is skipped" keeps its meaning: the later edit wins.
  const kept: TextEdit[] = [];
  let last = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.offset + e.length > last) continue;
    kept.push(e);
    last = e.offset;
  }
  const parts: string[] = [];
  let at = 0;
  for (let i = kept.length - 1; i >= 0; i--) {
    const e = kept[i]!;
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Merge edits of several fixes by file. */
export function mergeFileEdits(list: readonly FileEdit[]): FileEdit[] {
  const by = new Map<string, FileEdit>();
  for (const fe of list) {
    const cur = by.get(fe.file);
    if (cur) cur.edits.push(...fe.edits);
    else by.set(fe.file, { file: fe.file, edits: [...fe.edits], create: fe.create });
  }
  return [...by.values()];
}

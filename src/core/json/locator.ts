/**
 * Where values are written in a JSON or JSONC text that parsed without a syntax error, found
 * without building a positioned index of the whole file.
 *
 * Only the containers on the way to a path are read, and each at most once: the scan of an
 * object stops at the member asked for and resumes from there on the next request, so the
 * findings of a large file together cost about one pass over the containers they are in
 * (a full index costs a token object per value of the file). The same scans give edits what
 * they need (a member's neighbours, where a value ends, where a container closes), so fixes of
 * one file share this one reader instead of re-parsing the file each.
 *
 * For such a text it gives exactly what `locate(buildIndex(text), path)` gives: the same value,
 * the same member (the last one of a repeated key, as in JSON.parse) and the same depth.
 * Comments and trailing commas are read when `jsonc` is set. Texts with syntax errors must use
 * the index: token boundaries there are jsonc-parser's to decide.
 */

/** A member of an object: where its key is written and where its value starts (and ends, once read). */
export interface LocatedMember {
  key: string;
  keyOffset: number;
  keyLength: number;
  valueOffset: number;
  /** Index past the value; -1 until the value has been skipped or measured. */
  valueEnd: number;
}

export interface TextLocated {
  /** Offset of the value found (the deepest one reached when the path does not exist). */
  offset: number;
  /** The member holding that value, when the last segment followed was an object key. */
  prop: LocatedMember | undefined;
  /** How many segments of the path were found. */
  depth: number;
}

/** An array item: where its value starts and ends. */
export interface LocatedItem {
  offset: number;
  /** Index past the value; -1 until skipped or measured. */
  end: number;
}

/**
 * How far an object has been read. Members are kept packed, four numbers each (key offset, key
 * end, value offset, value end or -1), not as an object per member: a scan costs one growing
 * array. A member's value is skipped only when the member after it is asked for: the value last
 * found is usually where the next path goes.
 */
interface ObjectScan {
  m: number[];
  /** Index of the member whose value is still to be skipped; -1 when none. */
  pending: number;
  /** Offset of the closing brace once reached; -1 before. */
  close: number;
  /** Member index by key (the last one of a repeated key), made once the object is large: small ones are searched in `m`. */
  index: Map<string, number> | undefined;
  /** The members as objects, made when an edit asks for all of them. */
  materialized: LocatedMember[] | undefined;
}

/** The same for an array: two numbers per item (offset, end or -1). */
interface ArrayScan {
  it: number[];
  pending: number;
  close: number;
}

/** How many of a path's last segments are looked up directly (see `lookInto`), in objects of how many members and characters (up to the member found) at most. */
const DIRECT_SEGMENTS = 3;
const DIRECT_MEMBERS = 8;
const DIRECT_CHARS = 4096;
const ABSENT = -1;
const TOO_LONG = -2;

/** Objects with more members than this get a key index. */
const INDEX_MEMBERS = 12;

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

export class TextLocator {
  private readonly objects = new Map<number, ObjectScan>();
  private readonly arrays = new Map<number, ArrayScan>();
  /** Ends (index past the bracket or quote) of large containers and strings passed over. */
  private readonly closes = new Map<number, number>();
  private readonly root: number;
  private readonly skipWs: (text: string, i: number) => number;
  /** The brackets open in the container `skipContainer` passes over (kept between skips: one array, not one per skip). */
  private readonly openStack: number[] = [];
  /** Counts characters examined by scans (tests prove linear growth with it). */
  static work = 0;

  /**
   * `uniqueKeys`: no object of the text repeats a key, so a scan may stop at the first member
   * with the name asked for. Without it, an object is read to its end (the last member wins).
   * `jsonc`: the text may hold comments and trailing commas.
   */
  constructor(
    readonly text: string,
    private readonly uniqueKeys: boolean,
    private readonly jsonc = false,
  ) {
    this.skipWs = jsonc ? skipWsAndComments : skipWs;
    this.root = this.skipWs(text, 0);
  }

  /** Offset of the root value. */
  get rootOffset(): number {
    return this.root;
  }

  locate(path: readonly (string | number)[]): TextLocated {
    this.walk(path);
    const offset = this.wOffset;
    const prop = this.wScan
      ? this.memberAt(this.wScan, this.wIndex)
      : this.wKey >= 0
        ? { key: this.keyOf(this.wKey, this.wKeyEnd), keyOffset: this.wKey, keyLength: this.wKeyEnd - this.wKey, valueOffset: offset, valueEnd: -1 }
        : undefined;
    return { offset, prop, depth: this.wDepth };
  }

  /**
   * Where a finding at `path` is shown: the value, or the key of the member holding it (`key`, a
   * container, or a path that goes on past what exists), or the start of the text. Made for every
   * finding, so nothing but the span is allocated.
   */
  spanOf(path: readonly (string | number)[], key: boolean): { offset: number; length: number } {
    this.walk(path);
    const offset = this.wOffset;
    const text = this.text;
    if (offset >= text.length) return { offset: 0, length: Math.min(1, text.length) };
    const c = text.charCodeAt(offset);
    const container = c === OPEN_BRACE || c === OPEN_BRACKET;
    if (this.wKey >= 0 && (key || container || this.wDepth < path.length)) return { offset: this.wKey, length: this.wKeyEnd - this.wKey };
    return container ? { offset, length: 1 } : { offset, length: this.scalarLength(offset) };
  }

  /** What the last `walk` reached: the value's offset, segments followed, and the member holding the value (its key's offset and end, -1 when none; its scan when it was read the kept way). */
  private wOffset = 0;
  private wDepth = 0;
  private wKey = -1;
  private wKeyEnd = -1;
  private wScan: ObjectScan | undefined;
  private wIndex = -1;

  /** Follow `path` as far as it exists (the results in the w fields). */
  private walk(path: readonly (string | number)[]): void {
    const text = this.text;
    let offset = this.root;
    let scan: ObjectScan | undefined;
    let index = -1;
    let key = -1;
    let keyEnd = -1;
    let depth = 0;
    const directFrom = path.length - DIRECT_SEGMENTS;
    for (const seg of path) {
      const c = text.charCodeAt(offset);
      if (c === OPEN_BRACE) {
        // The last segments of a path go into small objects read for this one request: nothing is
        // kept of them (most findings sit in an object of their own, a few members long).
        if (depth >= directFrom && !this.objects.has(offset)) {
          const found = this.lookInto(offset, String(seg));
          if (found === ABSENT) break;
          if (found !== TOO_LONG) {
            scan = undefined;
            key = this.lookKey;
            keyEnd = this.lookKeyEnd;
            offset = found;
            depth++;
            continue;
          }
        }
        const s = this.objectScan(offset);
        const i = this.member(s, String(seg));
        if (i < 0) break;
        scan = s;
        index = i;
        key = s.m[i * 4]!;
        keyEnd = s.m[i * 4 + 1]!;
        offset = s.m[i * 4 + 2]!;
      } else if (c === OPEN_BRACKET) {
        // The same index arithmetic as `locate`: `Number('')` is 0, `-1` and `1.5` find nothing.
        const i = typeof seg === 'number' ? seg : Number(seg);
        const item = Number.isInteger(i) ? this.item(offset, i) : -1;
        if (item < 0) break;
        scan = undefined;
        key = -1;
        offset = item;
      } else {
        break;
      }
      depth++;
    }
    this.wOffset = offset;
    this.wDepth = depth;
    this.wKey = key;
    this.wKeyEnd = keyEnd;
    this.wScan = scan;
    this.wIndex = index;
  }

  /** Where `lookInto` found its member's key (valid right after it returned an offset). */
  private lookKey = -1;
  private lookKeyEnd = -1;

  /**
   * The value offset of member `key` of the small object at `offset`, read from the text without
   * keeping a scan of it; ABSENT when the object has no such member, TOO_LONG after
   * DIRECT_MEMBERS members (the caller then reads it the kept way). The same member `member`
   * finds: the first with a unique-key text, else the last one.
   */
  private lookInto(offset: number, key: string): number {
    const text = this.text;
    let i = this.skipWs(text, offset + 1);
    if (text.charCodeAt(i) !== QUOTE) return ABSENT; // `}`: empty
    let found = ABSENT;
    for (let n = 0; ; n++) {
      if (n === DIRECT_MEMBERS) return TOO_LONG;
      TextLocator.work++;
      const keyEnd = this.stringEndAt(i);
      const valueOffset = this.skipWs(text, this.skipWs(text, keyEnd) + 1); // past the colon
      if (this.keyIs(i, keyEnd, key)) {
        found = valueOffset;
        this.lookKey = i;
        this.lookKeyEnd = keyEnd;
        if (this.uniqueKeys) return found;
      }
      const end = this.skipValue(valueOffset);
      // A long value passed over would be passed over again by the next look: past DIRECT_CHARS
      // the object is read the kept way (each value's end then known once).
      if (end - offset > DIRECT_CHARS) return TOO_LONG;
      let j = this.skipWs(text, end);
      if (text.charCodeAt(j) !== COMMA) return found;
      j = this.skipWs(text, j + 1);
      if (text.charCodeAt(j) !== QUOTE) return found; // `}` after a trailing comma (JSONC)
      i = j;
    }
  }

  /**
   * Index past the string starting at `i`. A long one's end is remembered: a string of megabytes
   * with tens of thousands of findings inside it (one per expression) is located again for each,
   * and reading it to its end each time took quadratic time (a 4 MB value hung the lint).
   */
  private stringEndAt(i: number): number {
    const known = this.closes.get(i);
    if (known !== undefined) return known;
    const end = stringEnd(this.text, i);
    if (end - i > REMEMBER_SKIPPED) this.closes.set(i, end);
    return end;
  }

  /** Length of the scalar value (string, number, true, false, null) written at `offset`. */
  scalarLength(offset: number): number {
    const text = this.text;
    const c = text.charCodeAt(offset);
    if (c === QUOTE) return this.stringEndAt(offset) - offset;
    if (c === 116 /* t */ || c === 110 /* n */) return 4;
    if (c === 102 /* f */) return 5;
    let i = offset + 1;
    while (i < text.length && isNumberChar(text.charCodeAt(i))) i++;
    return i - offset;
  }

  /** Index past the value written at `offset` (a container is read to its end once). */
  valueEnd(offset: number): number {
    const c = this.text.charCodeAt(offset);
    if (c === OPEN_BRACE) return this.objectMembers(offset).close + 1;
    if (c === OPEN_BRACKET) return this.arrayItems(offset).close + 1;
    return offset + this.scalarLength(offset);
  }

  /** Every member of the object at `offset`, in text order, each with its value's end, and where the object closes. */
  objectMembers(offset: number): { members: readonly LocatedMember[]; close: number } {
    const scan = this.objectScan(offset);
    this.readToEnd(scan);
    if (!scan.materialized) {
      const out: LocatedMember[] = [];
      for (let i = 0; i * 4 < scan.m.length; i++) out.push(this.memberAt(scan, i));
      scan.materialized = out;
    }
    return { members: scan.materialized, close: scan.close };
  }

  /** Every item of the array at `offset`, in order, each with its end, and where the array closes. */
  arrayItems(offset: number): { items: readonly LocatedItem[]; close: number } {
    const scan = this.arrayScan(offset);
    if (scan.close === -1) {
      for (let next = this.after(scan); next !== -1; next = this.after(scan)) this.readItem(scan, next);
    }
    const it = scan.it;
    const n = it.length;
    if (n && it[n - 1] === -1) it[n - 1] = this.skipValue(it[n - 2]!);
    const items: LocatedItem[] = [];
    for (let i = 0; i < n; i += 2) items.push({ offset: it[i]!, end: it[i + 1]! });
    return { items, close: scan.close };
  }

  /** Read an object to its closing brace, with the end of every member's value. */
  private readToEnd(scan: ObjectScan): void {
    if (scan.close === -1) {
      for (let next = this.after(scan); next !== -1; next = this.after(scan)) this.readMember(scan, next);
    }
    const m = scan.m;
    const n = m.length;
    if (n && m[n - 1] === -1) m[n - 1] = this.skipValue(m[n - 2]!);
  }

  /** Member `i` of a scan as an object (its key decoded). */
  private memberAt(scan: ObjectScan, i: number): LocatedMember {
    const m = scan.m;
    const keyOffset = m[i * 4]!;
    const keyEnd = m[i * 4 + 1]!;
    return { key: this.keyOf(keyOffset, keyEnd), keyOffset, keyLength: keyEnd - keyOffset, valueOffset: m[i * 4 + 2]!, valueEnd: m[i * 4 + 3]! };
  }

  /** The key written from `keyOffset` to `keyEnd` (quotes included), decoded. */
  private keyOf(keyOffset: number, keyEnd: number): string {
    const raw = this.text.slice(keyOffset + 1, keyEnd - 1);
    return raw.indexOf('\\') === -1 ? raw : (JSON.parse(this.text.slice(keyOffset, keyEnd)) as string);
  }

  /** Whether the key written from `keyOffset` to `keyEnd` is `key`, compared in the text (no string made). */
  private keyIs(keyOffset: number, keyEnd: number, key: string): boolean {
    const text = this.text;
    const len = keyEnd - keyOffset - 2;
    if (len < key.length) return false; // an escape only makes the written key longer
    for (let i = keyOffset + 1; i < keyEnd - 1; i++) {
      if (text.charCodeAt(i) === BACKSLASH) return this.keyOf(keyOffset, keyEnd) === key;
    }
    return len === key.length && text.startsWith(key, keyOffset + 1);
  }

  /** Skip white space (and, in JSONC, comments) from `i`. */
  skipTrivia(i: number): number {
    return this.skipWs(this.text, i);
  }

  private objectScan(offset: number): ObjectScan {
    let scan = this.objects.get(offset);
    if (!scan) {
      scan = { m: [], pending: -1, close: -1, index: undefined, materialized: undefined };
      this.objects.set(offset, scan);
      const first = this.skipWs(this.text, offset + 1);
      if (this.text.charCodeAt(first) === CLOSE_BRACE) scan.close = first;
      else this.readMember(scan, first);
    }
    return scan;
  }

  private arrayScan(offset: number): ArrayScan {
    let scan = this.arrays.get(offset);
    if (!scan) {
      scan = { it: [], pending: -1, close: -1 };
      this.arrays.set(offset, scan);
      const first = this.skipWs(this.text, offset + 1);
      if (this.text.charCodeAt(first) === CLOSE_BRACKET) scan.close = first;
      else this.readItem(scan, first);
    }
    return scan;
  }

  /** Read the member whose key starts at `keyOffset`: `"key" : value`. Returns its index. */
  private readMember(scan: ObjectScan, keyOffset: number): number {
    const text = this.text;
    const keyEnd = this.stringEndAt(keyOffset);
    const valueOffset = this.skipWs(text, this.skipWs(text, keyEnd) + 1); // past the colon
    const m = scan.m;
    const i = m.length >> 2;
    m.push(keyOffset, keyEnd, valueOffset, -1);
    if (scan.index) {
      scan.index.set(this.keyOf(keyOffset, keyEnd), i); // a repeated key: the later member replaces the earlier one
    } else if (i + 1 > INDEX_MEMBERS) {
      const index = new Map<string, number>();
      for (let j = 0; j <= i; j++) index.set(this.keyOf(m[j * 4]!, m[j * 4 + 1]!), j);
      scan.index = index;
    }
    scan.pending = i;
    scan.materialized = undefined;
    TextLocator.work++;
    return i;
  }

  private readItem(scan: ArrayScan, offset: number): void {
    scan.it.push(offset, -1);
    scan.pending = (scan.it.length >> 1) - 1;
    TextLocator.work++;
  }

  /** The index of the member named `key` read so far (the last one, as in JSON.parse), or -1. */
  private known(scan: ObjectScan, key: string): number {
    if (scan.index) return scan.index.get(key) ?? -1;
    const m = scan.m;
    for (let i = (m.length >> 2) - 1; i >= 0; i--) if (this.keyIs(m[i * 4]!, m[i * 4 + 1]!, key)) return i;
    return -1;
  }

  /** The index of the member named `key` (reading on as far as needed), or -1. */
  private member(scan: ObjectScan, key: string): number {
    const found = this.known(scan, key);
    if (found >= 0 && (this.uniqueKeys || scan.close !== -1)) return found;
    const m = scan.m;
    for (let next = this.after(scan); next !== -1; next = this.after(scan)) {
      const i = this.readMember(scan, next);
      if (this.uniqueKeys && this.keyIs(m[i * 4]!, m[i * 4 + 1]!, key)) return i;
    }
    return this.known(scan, key);
  }

  /** Offset of item `index` of the array at `offset`, or -1. */
  private item(offset: number, index: number): number {
    const scan = this.arrayScan(offset);
    while (index >= scan.it.length >> 1) {
      const next = this.after(scan);
      if (next === -1) break;
      this.readItem(scan, next);
    }
    return index < scan.it.length >> 1 ? scan.it[index * 2]! : -1;
  }

  /** Skip the pending value of a scan: the offset of the next member or item, or -1 at the end (then `close` is set). */
  private after(scan: ObjectScan | ArrayScan): number {
    const p = scan.pending;
    if (p < 0) return -1;
    const text = this.text;
    let end: number;
    if ('m' in scan) {
      end = this.skipValue(scan.m[p * 4 + 2]!);
      scan.m[p * 4 + 3] = end;
    } else {
      end = this.skipValue(scan.it[p * 2]!);
      scan.it[p * 2 + 1] = end;
    }
    scan.pending = -1;
    let i = this.skipWs(text, end);
    if (text.charCodeAt(i) === COMMA) {
      i = this.skipWs(text, i + 1);
      const c = text.charCodeAt(i);
      if (c !== CLOSE_BRACE && c !== CLOSE_BRACKET) return i;
    }
    scan.close = i; // `}` or `]` (after a trailing comma in JSONC)
    return -1;
  }

  /** Index past the value starting at `i`. */
  private skipValue(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === QUOTE) return this.stringEndAt(i);
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      let j = i + 1;
      while (j < text.length && isScalarChar(text.charCodeAt(j))) j++;
      return j;
    }
    // A container read or skipped before: its end is known.
    const known = c === OPEN_BRACE ? this.objects.get(i) : this.arrays.get(i);
    if (known && known.close !== -1) return known.close + 1;
    const skipped = this.closes.get(i);
    if (skipped !== undefined) return skipped;
    return this.skipContainer(i);
  }

  /**
   * Index past the container starting at `i` (its brackets counted; strings and comments passed
   * over). The ends of the large containers inside it are remembered: a later scan that needs one
   * of them (reading an object to its end, deep in what was skipped) does not skip it again, so
   * every large container is passed over once, however deep it sits.
   */
  private skipContainer(i: number): number {
    const text = this.text;
    const run = this.jsonc ? FLAT_RUN_JSONC : FLAT_RUN;
    // One stack for every skip (a skip runs to its end before the next starts).
    // Its own depth counter: emptying the array (`length = 0`) would give its storage back.
    const open = this.openStack;
    let depth = 0;
    const n = text.length;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
        open[depth++] = i;
        i++;
      } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        i++;
        const start = depth > 0 ? open[--depth]! : i - 1;
        if (i - start > REMEMBER_SKIPPED) this.closes.set(start, i);
        if (depth === 0) return i;
      } else if (this.jsonc && ch === SLASH) {
        const j = skipWsAndComments(text, i);
        i = j > i ? j : i + 1;
      } else {
        run.lastIndex = i;
        run.test(text);
        const j = run.lastIndex;
        TextLocator.work += j > i ? 1 : 0;
        if (j > i) i = j;
        else if (ch === QUOTE) i = this.stringEndAt(i);
        else i++;
      }
    }
    return n;
  }
}

/** JSON whitespace: space, tab, LF, CR. */
function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** White space and comments (`// …` to the end of the line, `/* … *\/`). */
/**
 * Where a `//` comment whose text starts at `from` ends: at the first line break, LF or CR (a file
 * with old Mac line endings has no LF at all), as jsonc-parser and the Functions host's reader end it.
 */
export function lineCommentEnd(text: string, from: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return n;
}

export function skipWsAndComments(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      i = lineCommentEnd(text, i + 2);
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else {
      return i;
    }
  }
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/** Index past the closing quote of the string starting at `i`. */
export function stringEnd(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (j !== -1 && text.charCodeAt(j - 1) === BACKSLASH) {
    // Escaped when an odd number of backslashes precede it.
    let k = j - 1;
    while (text.charCodeAt(k - 1) === BACKSLASH) k--;
    if ((j - k) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j === -1 ? text.length : j + 1;
}

/**
 * Text without brackets: runs of other characters, and whole strings (which may hold brackets).
 * The regex engine passes over them far faster than a loop over each character; the bounded
 * repetitions keep what it may backtrack over small. A string with more escapes than the bound
 * is left to stringEnd. The JSONC variant also stops at `/`, where a comment may start.
 */
const FLAT_RUN = /(?:[^"{}[\]]+|"[^"\\]*(?:\\.[^"\\]*){0,64}"){0,64}/y;
const FLAT_RUN_JSONC = /(?:[^"{}[\]/]+|"[^"\\]*(?:\\.[^"\\]*){0,64}"){0,64}/y;

/** Containers longer than this (in characters) have their end remembered when skipped. */
const REMEMBER_SKIPPED = 512;

/** Characters of numbers and of `true` / `false` / `null`. */
function isScalarChar(c: number): boolean {
  return isNumberChar(c) || (c >= 97 && c <= 122);
}

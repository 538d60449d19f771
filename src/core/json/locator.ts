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
 * How far a container has been read. A member's (or item's) value is skipped only when the
 * member after it is asked for: the value last found is usually where the next path goes.
 */
interface Scan {
  /** The last entry read, whose value is still to be skipped; undefined at the end. */
  pending: { valueOffset?: number; offset?: number } | undefined;
  /** Offset of the closing bracket once reached; -1 before. */
  close: number;
}

interface ObjectScan extends Scan {
  pending: LocatedMember | undefined;
  /** Members by key (the last one of a repeated key), made once the object is large: small ones are searched in `ordered`. */
  members: Map<string, LocatedMember> | undefined;
  /** Members in text order (repeated keys included). */
  ordered: LocatedMember[];
}

/** Objects with more members than this get a key index. */
const INDEX_MEMBERS = 12;

/** The member named `key` read so far (the last one, as in JSON.parse). */
function known(scan: ObjectScan, key: string): LocatedMember | undefined {
  if (scan.members) return scan.members.get(key);
  const ordered = scan.ordered;
  for (let i = ordered.length - 1; i >= 0; i--) if (ordered[i]!.key === key) return ordered[i];
  return undefined;
}

interface ArrayScan extends Scan {
  pending: LocatedItem | undefined;
  items: LocatedItem[];
}

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
  /** Ends (index past the bracket) of large containers passed over by `skipContainer`. */
  private readonly closes = new Map<number, number>();
  private readonly root: number;
  private readonly skipWs: (text: string, i: number) => number;
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
    const text = this.text;
    let offset = this.root;
    let prop: LocatedMember | undefined;
    let depth = 0;
    for (const seg of path) {
      const c = text.charCodeAt(offset);
      if (c === OPEN_BRACE) {
        const found = this.member(offset, String(seg));
        if (!found) break;
        prop = found;
        offset = found.valueOffset;
      } else if (c === OPEN_BRACKET) {
        // The same index arithmetic as `locate`: `Number('')` is 0, `-1` and `1.5` find nothing.
        const i = typeof seg === 'number' ? seg : Number(seg);
        const item = Number.isInteger(i) ? this.item(offset, i) : undefined;
        if (item === undefined) break;
        prop = undefined;
        offset = item.offset;
      } else {
        break;
      }
      depth++;
    }
    return { offset, prop, depth };
  }

  /** Length of the scalar value (string, number, true, false, null) written at `offset`. */
  scalarLength(offset: number): number {
    const text = this.text;
    const c = text.charCodeAt(offset);
    if (c === QUOTE) return stringEnd(text, offset) - offset;
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
    if (scan.close === -1) {
      for (let next = this.after(scan); next !== -1; next = this.after(scan)) this.readMember(scan, next);
    }
    const last = scan.ordered[scan.ordered.length - 1];
    if (last && last.valueEnd === -1) last.valueEnd = this.skipValue(last.valueOffset);
    return { members: scan.ordered, close: scan.close };
  }

  /** Every item of the array at `offset`, in order, each with its end, and where the array closes. */
  arrayItems(offset: number): { items: readonly LocatedItem[]; close: number } {
    const scan = this.arrayScan(offset);
    if (scan.close === -1) {
      for (let next = this.after(scan); next !== -1; next = this.after(scan)) this.readItem(scan, next);
    }
    const last = scan.items[scan.items.length - 1];
    if (last && last.end === -1) last.end = this.skipValue(last.offset);
    return { items: scan.items, close: scan.close };
  }

  /** Skip white space (and, in JSONC, comments) from `i`. */
  skipTrivia(i: number): number {
    return this.skipWs(this.text, i);
  }

  private objectScan(offset: number): ObjectScan {
    let scan = this.objects.get(offset);
    if (!scan) {
      scan = { pending: undefined, close: -1, members: undefined, ordered: [] };
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
      scan = { pending: undefined, close: -1, items: [] };
      this.arrays.set(offset, scan);
      const first = this.skipWs(this.text, offset + 1);
      if (this.text.charCodeAt(first) === CLOSE_BRACKET) scan.close = first;
      else this.readItem(scan, first);
    }
    return scan;
  }

  /** Read the member whose key starts at `keyOffset`: `"key" : value`. */
  private readMember(scan: ObjectScan, keyOffset: number): LocatedMember {
    const text = this.text;
    const keyEnd = stringEnd(text, keyOffset);
    const raw = text.slice(keyOffset + 1, keyEnd - 1);
    const key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(keyOffset, keyEnd)) as string);
    const valueOffset = this.skipWs(text, this.skipWs(text, keyEnd) + 1); // past the colon
    const m: LocatedMember = { key, keyOffset, keyLength: keyEnd - keyOffset, valueOffset, valueEnd: -1 };
    scan.ordered.push(m);
    if (scan.members) {
      scan.members.set(key, m); // a repeated key: the later member replaces the earlier one
    } else if (scan.ordered.length > INDEX_MEMBERS) {
      scan.members = new Map();
      for (const o of scan.ordered) scan.members.set(o.key, o);
    }
    scan.pending = m;
    TextLocator.work++;
    return m;
  }

  private readItem(scan: ArrayScan, offset: number): LocatedItem {
    const item: LocatedItem = { offset, end: -1 };
    scan.items.push(item);
    scan.pending = item;
    TextLocator.work++;
    return item;
  }

  private member(offset: number, key: string): LocatedMember | undefined {
    const scan = this.objectScan(offset);
    const found = known(scan, key);
    if (found && (this.uniqueKeys || scan.close !== -1)) return found;
    for (let next = this.after(scan); next !== -1; next = this.after(scan)) {
      const m = this.readMember(scan, next);
      if (m.key === key && this.uniqueKeys) return m;
    }
    return known(scan, key);
  }

  private item(offset: number, index: number): LocatedItem | undefined {
    const scan = this.arrayScan(offset);
    while (index >= scan.items.length) {
      const next = this.after(scan);
      if (next === -1) break;
      this.readItem(scan, next);
    }
    return scan.items[index];
  }

  /** Skip the pending value of a scan: the offset of the next member or item, or -1 at the end (then `close` is set). */
  private after(scan: ObjectScan | ArrayScan): number {
    const pending = scan.pending;
    if (!pending) return -1;
    const text = this.text;
    const start = 'valueOffset' in pending ? pending.valueOffset : pending.offset;
    const end = this.skipValue(start);
    if ('valueOffset' in pending) pending.valueEnd = end;
    else pending.end = end;
    scan.pending = undefined;
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
    if (c === QUOTE) return stringEnd(text, i);
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
    const open: number[] = [];
    const n = text.length;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
        open.push(i);
        i++;
      } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        i++;
        const start = open.pop()!;
        if (i - start > REMEMBER_SKIPPED) this.closes.set(start, i);
        if (open.length === 0) return i;
      } else if (this.jsonc && ch === SLASH) {
        const j = skipWsAndComments(text, i);
        i = j > i ? j : i + 1;
      } else {
        run.lastIndex = i;
        run.test(text);
        const j = run.lastIndex;
        TextLocator.work += j > i ? 1 : 0;
        if (j > i) i = j;
        else if (ch === QUOTE) i = stringEnd(text, i);
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
export function skipWsAndComments(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const nl = text.indexOf('\n', i + 2);
      i = nl === -1 ? text.length : nl;
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

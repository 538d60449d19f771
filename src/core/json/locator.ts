/**
 * Where the value at a path is written in a strict JSON text (one that `JSON.parse` accepted),
 * found without building the positioned index of the whole file.
 *
 * Only the containers on the way to the path are read, and each at most once: the scan of an
 * object stops at the member asked for and resumes from there on the next request, so the
 * findings of a large file together cost about one pass over the containers they are in
 * (the full index costs a token object per value of the file).
 *
 * For such a text it gives exactly what `locate(buildIndex(text), path)` gives: the same value,
 * the same member (the last one of a repeated key, as in JSON.parse) and the same depth.
 * Texts with comments, trailing commas or syntax errors must use the index: token boundaries
 * there are jsonc-parser's to decide.
 */

/** A member of an object: where its key is written and where its value starts. */
export interface LocatedMember {
  keyOffset: number;
  keyLength: number;
  valueOffset: number;
}

export interface TextLocated {
  /** Offset of the value found (the deepest one reached when the path does not exist). */
  offset: number;
  /** The member holding that value, when the last segment followed was an object key. */
  prop: LocatedMember | undefined;
  /** How many segments of the path were found. */
  depth: number;
}

/**
 * How far a container has been read. A member's (or item's) value is skipped only when the
 * member after it is asked for: the value last found is usually where the next path goes.
 */
interface Scan {
  /** Where to resume: the start of the last value read, which is still to be skipped; -1 at the end. */
  pending: number;
}

interface ObjectScan extends Scan {
  members: Map<string, LocatedMember>;
}

interface ArrayScan extends Scan {
  /** Offsets of the items read so far. */
  items: number[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

export class TextLocator {
  private readonly objects = new Map<number, ObjectScan>();
  private readonly arrays = new Map<number, ArrayScan>();
  private readonly root: number;

  /**
   * `uniqueKeys`: no object of the text repeats a key, so a scan may stop at the first member
   * with the name asked for. Without it, an object is read to its end (the last member wins).
   */
  constructor(
    private readonly text: string,
    private readonly uniqueKeys: boolean,
  ) {
    this.root = skipWs(text, 0);
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
        offset = item;
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

  private member(offset: number, key: string): LocatedMember | undefined {
    const text = this.text;
    let scan = this.objects.get(offset);
    let next = -1; // offset of the next member's key, once the pending value is skipped
    if (!scan) {
      scan = { pending: -1, members: new Map() };
      this.objects.set(offset, scan);
      const first = skipWs(text, offset + 1);
      if (text.charCodeAt(first) !== CLOSE_BRACE) next = first;
    } else {
      const known = scan.members.get(key);
      if (known && this.uniqueKeys) return known;
      next = this.after(scan);
    }
    while (next !== -1) {
      // `"key" : value`, then `,` or `}`
      const keyOffset = next;
      const keyEnd = stringEnd(text, keyOffset);
      const raw = text.slice(keyOffset + 1, keyEnd - 1);
      const name = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(keyOffset, keyEnd)) as string);
      const valueOffset = skipWs(text, skipWs(text, keyEnd) + 1); // past the colon
      const m: LocatedMember = { keyOffset, keyLength: keyEnd - keyOffset, valueOffset };
      scan.members.set(name, m); // a repeated key: the later member replaces the earlier one
      scan.pending = valueOffset;
      if (name === key && this.uniqueKeys) return m;
      next = this.after(scan);
    }
    return scan.members.get(key);
  }

  private item(offset: number, index: number): number | undefined {
    const text = this.text;
    let scan = this.arrays.get(offset);
    let next = -1;
    if (!scan) {
      scan = { pending: -1, items: [] };
      this.arrays.set(offset, scan);
      const first = skipWs(text, offset + 1);
      if (text.charCodeAt(first) !== CLOSE_BRACKET) next = first;
    } else if (index < scan.items.length) {
      return scan.items[index];
    } else {
      next = this.after(scan);
    }
    while (next !== -1) {
      scan.items.push(next);
      scan.pending = next;
      if (scan.items.length > index) break;
      next = this.after(scan);
    }
    return scan.items[index];
  }

  /** Skip the pending value of a scan: the offset of the next member or item, or -1 at the end. */
  private after(scan: Scan): number {
    if (scan.pending === -1) return -1;
    const text = this.text;
    const end = skipWs(text, skipValue(text, scan.pending));
    scan.pending = -1;
    return text.charCodeAt(end) === COMMA ? skipWs(text, end + 1) : -1;
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

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/** Index past the closing quote of the string starting at `i`. */
function stringEnd(text: string, i: number): number {
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
 * is left to stringEnd.
 */
const FLAT_RUN = /(?:[^"{}[\]]+|"[^"\\]*(?:\\.[^"\\]*){0,64}"){0,64}/y;

/** Index past the value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    let j = i + 1;
    while (j < text.length && isScalarChar(text.charCodeAt(j))) j++;
    return j;
  }
  // A container: count brackets; FLAT_RUN takes everything between them.
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      depth++;
      i++;
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      i++;
      if (--depth === 0) return i;
    } else {
      FLAT_RUN.lastIndex = i;
      FLAT_RUN.test(text);
      const j = FLAT_RUN.lastIndex;
      if (j > i) i = j;
      else if (ch === QUOTE) i = stringEnd(text, i);
      else i++;
    }
  }
  return n;
}

/** Characters of numbers and of `true` / `false` / `null`. */
function isScalarChar(c: number): boolean {
  return isNumberChar(c) || (c >= 97 && c <= 122);
}

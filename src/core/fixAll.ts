/**
 * Fix all: every finding's preferred fix, merged without overlaps. One plan for the editor's
 * "Fix All Problems in File" / `source.fixAll.lac` and for `lac lint --fix` (src/cli/fix.ts).
 */
import { mergeFileEdits } from './json/edits';
import type { FileEdit, Finding, Fix, TextEdit } from './types';

/** Whether two text edits touch the same text (two insertions at one offset count: their order is ambiguous). */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.offset === b.offset) return true;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

/** Whether any two of the edits overlap. */
export function hasOverlap(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((x, y) => x.offset - y.offset || x.length - y.length);
  for (let i = 1; i < sorted.length; i++) if (editsOverlap(sorted[i - 1]!, sorted[i]!)) return true;
  return false;
}

export interface FixAllPlan {
  /** The fixes taken, in finding order. */
  fixes: Fix[];
  /** Their edits merged by file (no two overlap). */
  edits: FileEdit[];
  /** Preferred fixes left out: overlapping one taken before (a second pass may apply them), or not applicable. */
  skipped: number;
}

export interface FixAllOptions {
  /** Length of the (current, linted) text of a file; undefined when it is unknown or stale: its fixes are skipped. */
  textLength?(file: string): number | undefined;
  /** Whether a file exists (a fix that creates an existing file is skipped). */
  exists?(file: string): boolean;
}

/** The preferred fix of a finding, if it has one (the one safe to apply unattended). */
export function preferredFix(finding: Finding): Fix | undefined {
  if (!finding.fixable) return undefined;
  return finding.fixes().find((f) => f.preferred);
}

/**
 * Every finding's preferred fix, in order, each taken whole or not at all: a fix any of whose
 * edits overlaps an edit already taken (in any file), or its own other edits, is skipped rather
 * than merged into a corrupt text. Only preferred fixes: the others need the user's choice.
 */
export function planFixAll(findings: readonly Finding[], opts: FixAllOptions = {}): FixAllPlan {
  const taken = new Map<string, TakenEdits>();
  const creating = new Set<string>();
  const fixes: Fix[] = [];
  const all: FileEdit[] = [];
  let skipped = 0;
  for (const finding of findings) {
    const fix = preferredFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    if (!fits(fix.edits, taken, creating, opts)) {
      skipped++;
      continue;
    }
    for (const fe of fix.edits) {
      if (fe.create) creating.add(fe.file);
      let list = taken.get(fe.file);
      if (!list) taken.set(fe.file, (list = new TakenEdits()));
      for (const e of fe.edits) list.add(e);
      all.push(fe);
    }
    fixes.push(fix);
  }
  return { fixes, edits: mergeFileEdits(all), skipped };
}

/**
 * The edits taken in one file, sorted by offset, none overlapping: whether a new edit overlaps one
 * of them is a binary search (fix-all stays linear-logarithmic in the number of fixes).
 */
class TakenEdits {
  private readonly sorted: TextEdit[] = [];

  overlaps(e: TextEdit): boolean {
    const i = this.firstAtOrAfter(e.offset);
    // The edit before may reach into e; the one at or after e's offset may start inside it.
    const before = this.sorted[i - 1];
    if (before && editsOverlap(before, e)) return true;
    for (let j = i; j < this.sorted.length; j++) {
      const o = this.sorted[j]!;
      if (o.offset > e.offset + e.length) break;
      if (editsOverlap(o, e)) return true;
    }
    return false;
  }

  add(e: TextEdit): void {
    const i = this.firstAtOrAfter(e.offset);
    if (i === this.sorted.length) this.sorted.push(e);
    else this.sorted.splice(i, 0, e);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Index of the first edit whose offset is ≥ `offset`. */
  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function fits(edits: readonly FileEdit[], taken: Map<string, TakenEdits>, creating: Set<string>, opts: FixAllOptions): boolean {
  const own = new Map<string, TakenEdits>();
  for (const fe of edits) {
    let length = Number.POSITIVE_INFINITY;
    if (fe.create) {
      // Created once, and never over a file that exists: its edits assume an empty text.
      if (creating.has(fe.file) || taken.has(fe.file) || opts.exists?.(fe.file)) return false;
      length = 0;
    } else {
      if (creating.has(fe.file)) return false;
      if (opts.textLength) {
        const l = opts.textLength(fe.file);
        if (l === undefined) return false;
        length = l;
      }
    }
    const others = taken.get(fe.file);
    let mine = own.get(fe.file);
    if (!mine) own.set(fe.file, (mine = new TakenEdits()));
    for (const e of fe.edits) {
      if (e.offset < 0 || e.length < 0 || e.offset + e.length > length) return false;
      if (others?.overlaps(e) || mine.overlaps(e)) return false;
      mine.add(e);
    }
  }
  return true;
}

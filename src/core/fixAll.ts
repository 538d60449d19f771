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
  const taken = new Map<string, TextEdit[]>();
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
      const list = taken.get(fe.file) ?? [];
      list.push(...fe.edits);
      taken.set(fe.file, list);
      all.push(fe);
    }
    fixes.push(fix);
  }
  return { fixes, edits: mergeFileEdits(all), skipped };
}

function fits(edits: readonly FileEdit[], taken: Map<string, TextEdit[]>, creating: Set<string>, opts: FixAllOptions): boolean {
  const own = new Map<string, TextEdit[]>();
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
    const others = taken.get(fe.file) ?? [];
    const mine = own.get(fe.file) ?? [];
    for (const e of fe.edits) {
      if (e.offset < 0 || e.length < 0 || e.offset + e.length > length) return false;
      if (others.some((o) => editsOverlap(e, o)) || mine.some((o) => editsOverlap(e, o))) return false;
      mine.push(e);
    }
    own.set(fe.file, mine);
  }
  return true;
}

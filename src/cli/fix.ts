import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits } from '../core/json/edits';
import type { FileEdit, Finding, Fix, TextEdit } from '../core/types';
import { describeFsError, UsageError } from './io';

export interface FixPassResult {
  /** Findings whose fix was applied (in files that changed). */
  fixed: number;
  /** Files written (absolute paths). */
  written: string[];
  /** Some fix created a file: discovery must run again. */
  created: boolean;
}

/** The fix `--fix` applies: the one the rule marks as preferred (safe to apply unattended), or none. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixable ? f.fixes().find((x) => x.preferred) : undefined;
}

interface Planned {
  fix: Fix;
  files: string[];
}

/**
 * One `--fix` pass: take the preferred fix of every finding, skip those whose edits overlap an
 * edit already taken (the next pass, after a re-lint, gets them), merge the edits per file and
 * write the files. A file keeps its BOM and line endings; a fix may create a file.
 *
 * `baseText(file)` is the raw text (BOM included) the findings were computed on.
 */
export function applyFixPass(findings: readonly Finding[], baseText: (file: string) => string | undefined, display: (file: string) => string): FixPassResult {
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) {
      let t = baseText(file);
      if (t === undefined) {
        try {
          t = fs.readFileSync(file, 'utf8');
        } catch {
          t = undefined;
        }
      }
      texts.set(file, t);
    }
    return texts.get(file);
  };
  const taken = new Map<string, TextEdit[]>();
  const creating = new Set<string>();
  const planned: Planned[] = [];

  for (const finding of findings) {
    const fix = preferredFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    if (!fits(fix.edits, textOf, taken, creating)) continue;
    for (const fe of fix.edits) {
      if (fe.create) creating.add(fe.file);
      const list = taken.get(fe.file) ?? [];
      list.push(...fe.edits);
      taken.set(fe.file, list);
    }
    planned.push({ fix, files: fix.edits.map((e) => e.file) });
  }

  const written: string[] = [];
  for (const [file, edits] of taken) {
    const create = creating.has(file);
    const raw = create ? '' : textOf(file)!;
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const text = bom ? raw.slice(1) : raw;
    const eol = lineEnding(text);
    const next = bom + applyTextEdits(text, eol ? edits.map((e) => ({ ...e, content: e.content.replace(/\r?\n/g, eol) })) : edits);
    if (next === raw && !create) continue;
    try {
      if (create) fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, next, 'utf8');
    } catch (e) {
      throw new UsageError(describeFsError(e, display(file), 'write'));
    }
    written.push(file);
  }
  const changed = new Set(written);
  return {
    fixed: planned.filter((p) => p.files.some((f) => changed.has(f))).length,
    written,
    created: creating.size > 0,
  };
}

/** Whether all edits of a fix can be applied next to the edits already taken. */
function fits(edits: readonly FileEdit[], textOf: (file: string) => string | undefined, taken: Map<string, TextEdit[]>, creating: Set<string>): boolean {
  for (const fe of edits) {
    let length: number;
    if (fe.create) {
      // Created once per pass, and never over a file that exists: its edits assume an empty text.
      if (creating.has(fe.file) || taken.has(fe.file) || fs.existsSync(fe.file)) return false;
      length = 0;
    } else {
      if (creating.has(fe.file)) return false;
      const raw = textOf(fe.file);
      if (raw === undefined) return false;
      length = raw.charCodeAt(0) === 0xfeff ? raw.length - 1 : raw.length;
    }
    const others = taken.get(fe.file) ?? [];
    for (let i = 0; i < fe.edits.length; i++) {
      const e = fe.edits[i];
      if (e.offset < 0 || e.length < 0 || e.offset + e.length > length) return false;
      if (others.some((o) => overlaps(e, o))) return false;
      // The fix's own edits must not overlap each other either.
      if (fe.edits.some((o, j) => j !== i && overlaps(e, o))) return false;
    }
  }
  return true;
}

/** Overlapping spans, or two edits at one point where one inserts (their order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.offset < b.offset + b.length && b.offset < a.offset + a.length) return true;
  return a.offset === b.offset && (a.length === 0 || b.length === 0);
}

/** The line ending a text uses (its first one), or undefined for a one-line text. */
function lineEnding(text: string): '\n' | '\r\n' | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * What must hold for every input, whatever it is:
 * - linting throws nothing (a rule that throws is reported by the engine as "Rule … failed": that
 *   counts as an exception too) and the product's work on the input (lint, every fix, fix-all)
 *   takes no more than the time budget (2 s);
 * - every finding lies inside its file, and its message holds no control character;
 * - every fix's edits apply inside their file (offsets within the text, no two overlapping, only
 *   project files, a created file only where none exists, nothing outside the project folder);
 * - fix-all (the preferred fixes, planned as `lac lint --fix` plans them, to a fixed point of at
 *   most 10 passes) keeps each file that parsed parseable, keeps every comment, and is idempotent:
 *   fix-all of its result changes nothing.
 */
import * as path from 'path';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { lintProject } from '../../src/core/engine';
import { planFixAll } from '../../src/core/fixAll';
import { JsonFile } from '../../src/core/json/jsonFile';
import { groupProjects, loadProject, projectFiles, type Project } from '../../src/core/project';
import type { FileEdit, Finding, TextEdit } from '../../src/core/types';
import type { Files } from './mutate';

/** Root of every fuzzed project (virtual: nothing is read or written on disk). */
export const FUZZ_ROOT = path.resolve('/lac-fuzz/project');

export type FailureKind =
  | 'exception'
  | 'rule-exception'
  | 'slow'
  | 'finding-outside-file'
  | 'control-char-in-message'
  | 'fix-outside-file'
  | 'fix-overlap'
  | 'fix-breaks-parse'
  | 'fix-loses-comment'
  | 'fix-not-idempotent'
  | 'hang'
  | 'out-of-memory';

export interface Failure {
  kind: FailureKind;
  /** The rule concerned, when one is. */
  rule?: string;
  /** The title of the fix concerned, when one is. */
  fix?: string;
  /** The file concerned (relative), when one is. */
  file?: string;
  message: string;
}

export interface CheckResult {
  failures: Failure[];
  findings: number;
  fixes: number;
  /** Milliseconds: linting, computing every fix, fix-all passes. */
  ms: { lint: number; fixes: number; fixAll: number; total: number };
}

export interface CheckOptions {
  /** The time budget of one input (ms). */
  budgetMs?: number;
  /** The linter (tests inject a faulty one to prove the checks can fail). */
  lint?: (project: Project) => Finding[];
}

const MAX_PASSES = 10;
const BOM = '\ufeff';
const RULE_FAILED = /^Rule (LAC\d+) \([^)]*\) failed on this project: /;
/** What a message must not hold (it is one printable line): controls, DEL, C1, line separators. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const rel = (abs: string) => path.relative(FUZZ_ROOT, abs).split(path.sep).join('/');

function toAbsolute(files: Files): Map<string, string> {
  return new Map(Object.entries(files).map(([k, v]) => [path.join(FUZZ_ROOT, k), v]));
}

function lintFiles(abs: Map<string, string>, lint: (project: Project) => Finding[]): { findings: Finding[]; projects: Project[] } {
  const projects = groupProjects([...abs.keys()]).map((layout) => loadProject(layout, (f) => abs.get(f)));
  return { findings: projects.flatMap((p) => lint(p)), projects };
}

/** The comments of a text, as a multiset (text → count). */
export function comments(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const s = createScanner(body, false);
  for (let k = s.scan(); k !== SyntaxKind.EOF; k = s.scan()) {
    if (k !== SyntaxKind.LineCommentTrivia && k !== SyntaxKind.BlockCommentTrivia) continue;
    // From the text: jsonc-parser's getTokenValue() of a comment right after a token starts with that token.
    const c = body.substr(s.getTokenOffset(), s.getTokenLength()).trim();
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}

/** Edits applied to a text (offsets in the text without BOM), the way `lac lint --fix` writes them. */
function applyLikeTheCli(raw: string, edits: readonly TextEdit[]): string {
  const bom = raw.startsWith(BOM) ? BOM : '';
  const text = bom ? raw.slice(1) : raw;
  const nl = text.indexOf('\n');
  const eol = nl < 0 ? undefined : nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.offset) + (eol ? e.content.replace(/\r?\n/g, eol) : e.content);
    at = e.offset + e.length;
  }
  return bom + out + text.slice(at);
}

function overlapping(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1]!;
    const c = sorted[i]!;
    if (c.offset < p.offset + p.length || (c.offset === p.offset && (c.length === 0 || p.length === 0))) return true;
  }
  return false;
}

/** Where a fix's edits go wrong, or undefined. */
function badFileEdit(fe: FileEdit, texts: Map<string, string>): string | undefined {
  const r = path.relative(FUZZ_ROOT, fe.file);
  if (!path.isAbsolute(fe.file) || r.startsWith('..') || path.isAbsolute(r)) return `edits ${fe.file}, outside the project`;
  const raw = texts.get(fe.file);
  if (fe.create) {
    if (raw !== undefined) return `creates ${rel(fe.file)}, which exists`;
  } else if (raw === undefined) return `edits ${rel(fe.file)}, which is not a file of the project`;
  const length = fe.create ? 0 : raw!.length - (raw!.startsWith(BOM) ? 1 : 0);
  for (const e of fe.edits) {
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length < 0 || e.offset + e.length > length) {
      return `an edit at ${e.offset}+${e.length} lies outside ${rel(fe.file)} (${length} characters)`;
    }
  }
  if (overlapping(fe.edits)) return `two edits of ${rel(fe.file)} overlap`;
  return undefined;
}

/** One pass of fix-all over the current texts (their findings given, or linted): the preferred fixes, planned as `lac lint --fix` does. */
function fixAllPass(texts: Map<string, string>, lint: (project: Project) => Finding[], known?: Finding[]): { next: Map<string, string>; changed: boolean } {
  const findings = known ?? lintFiles(texts, lint).findings;
  if (!findings.some((f) => f.fixable)) return { next: texts, changed: false };
  const plan = planFixAll(findings, {
    textLength: (f) => {
      const t = texts.get(f);
      return t === undefined ? undefined : t.length - (t.startsWith(BOM) ? 1 : 0);
    },
    exists: (f) => texts.has(f),
  });
  const next = new Map(texts);
  let changed = false;
  for (const fe of plan.edits) {
    const before = fe.create ? '' : (texts.get(fe.file) ?? '');
    const after = applyLikeTheCli(before, fe.edits);
    if (after !== before || fe.create) {
      next.set(fe.file, after);
      changed = true;
    }
  }
  return { next, changed };
}

const parses = (abs: string, text: string) => new JsonFile(abs, 'workflow', text).parsed;

function lostComments(before: string, after: string): string[] {
  const lost: string[] = [];
  const kept = comments(after);
  for (const [c, n] of comments(before)) if ((kept.get(c) ?? 0) < n) lost.push(c);
  return lost;
}

/** The first finding whose preferred fix, applied alone to the original text, shows the problem. */
function attribute(findings: readonly Finding[], file: string, before: string, bad: (text: string) => boolean): { rule?: string; fix?: string } {
  for (const f of findings) {
    if (!f.fixable) continue;
    const fix = f.fixes().find((x) => x.preferred);
    const fe = fix?.edits.find((e) => e.file === file && !e.create);
    if (!fix || !fe) continue;
    if (bad(applyLikeTheCli(before, fe.edits))) return { rule: f.ruleId, fix: fix.title };
  }
  return {};
}

/**
 * An input's time, and the product's share of it: `1879 ms (lint 566, fixes 0, fix-all 526)`. The
 * rest is the checker's own work (parsing the text before and after, comparing comments).
 */
export function timeBreakdown(ms: CheckResult['ms']): string {
  return `${Math.round(ms.total)} ms (lint ${Math.round(ms.lint)}, fixes ${Math.round(ms.fixes)}, fix-all ${Math.round(ms.fixAll)})`;
}

/** Check one input. Never throws: an exception is a failure. */
export function checkInput(files: Files, opts: CheckOptions = {}): CheckResult {
  const lint = opts.lint ?? ((p: Project) => lintProject(p));
  const budget = opts.budgetMs ?? 2_000;
  const failures: Failure[] = [];
  const ms = { lint: 0, fixes: 0, fixAll: 0, total: 0 };
  let findingCount = 0;
  let fixCount = 0;
  const started = performance.now();
  const abs = toAbsolute(files);
  try {
    // Lint.
    let t = performance.now();
    const { findings, projects } = lintFiles(abs, lint);
    ms.lint = performance.now() - t;
    findingCount = findings.length;
    const loaded = new Map(projects.flatMap((p) => projectFiles(p)).map((f) => [f.path, f]));
    for (const f of findings) {
      const m = RULE_FAILED.exec(f.message);
      if (m) failures.push({ kind: 'rule-exception', rule: m[1], file: rel(f.file), message: f.message });
      const jf = loaded.get(f.file);
      if (!jf || f.offset < 0 || f.length < 0 || f.offset + f.length > jf.text.length) {
        failures.push({ kind: 'finding-outside-file', rule: f.ruleId, file: rel(f.file), message: `${f.ruleId} at ${f.offset}+${f.length} of ${jf ? jf.text.length : 'no'} characters` });
      }
      if (UNPRINTABLE.test(f.message)) {
        failures.push({ kind: 'control-char-in-message', rule: f.ruleId, file: rel(f.file), message: JSON.stringify(f.message).slice(0, 200) });
      }
    }

    // Every fix of every finding.
    t = performance.now();
    for (const f of findings) {
      for (const fix of f.fixes()) {
        fixCount++;
        for (const fe of fix.edits) {
          const bad = badFileEdit(fe, abs);
          if (bad) failures.push({ kind: bad.includes('overlap') ? 'fix-overlap' : 'fix-outside-file', rule: f.ruleId, file: rel(f.file), message: `"${fix.title}" ${bad}` });
        }
      }
    }
    ms.fixes = performance.now() - t;

    // Fix-all to a fixed point, then once more.
    t = performance.now();
    let texts = abs;
    const seen = new Set<string>();
    let passes = 0;
    let converged = false;
    const key = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}\0${v}`).join('\0\0');
    seen.add(key(texts));
    while (passes < MAX_PASSES) {
      // The first pass plans from the findings already made (their fixes are cached).
      const { next, changed } = fixAllPass(texts, lint, passes === 0 ? findings : undefined);
      passes++;
      if (!changed) {
        converged = true;
        break;
      }
      const k = key(next);
      if (seen.has(k)) {
        failures.push({ kind: 'fix-not-idempotent', message: `fix-all cycles: pass ${passes} brings back an earlier text` });
        texts = next;
        break;
      }
      seen.add(k);
      texts = next;
    }
    if (!converged && !failures.some((x) => x.kind === 'fix-not-idempotent')) {
      failures.push({ kind: 'fix-not-idempotent', message: `fix-all still changes the files after ${MAX_PASSES} passes` });
    }
    ms.fixAll = performance.now() - t;
    for (const [file, before] of abs) {
      const after = texts.get(file);
      if (after === undefined || after === before) continue;
      if (parses(file, before) && !parses(file, after)) {
        const culprit = attribute(findings, file, before, (t) => !parses(file, t));
        failures.push({ kind: 'fix-breaks-parse', ...culprit, file: rel(file), message: `fix-all left ${rel(file)} with a syntax error${culprit.fix ? ` ("${culprit.fix}" alone does)` : ''}` });
      }
      const lost = lostComments(before, after);
      if (lost.length) {
        const culprit = attribute(findings, file, before, (t) => lostComments(before, t).length > 0);
        failures.push({ kind: 'fix-loses-comment', ...culprit, file: rel(file), message: `fix-all removed ${lost.length} comment(s) of ${rel(file)}: ${JSON.stringify(lost[0]!.slice(0, 60))}${culprit.fix ? ` ("${culprit.fix}" alone does)` : ''}` });
      }
    }
  } catch (e) {
    failures.push({ kind: 'exception', message: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e) });
  }
  ms.total = performance.now() - started;
  // The budget is the product's time on the input (lint, every fix, fix-all's passes), not this
  // checker's own (parsing each text before and after, scanning its comments).
  if (ms.lint + ms.fixes + ms.fixAll > budget) {
    failures.push({ kind: 'slow', message: `${timeBreakdown(ms)} > ${budget} ms` });
  }
  return { failures: dedupe(failures), findings: findingCount, fixes: fixCount, ms };
}

function dedupe(list: Failure[]): Failure[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.kind}\0${f.rule ?? ''}\0${f.file ?? ''}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * What makes two failures the same bug: the kind, the rule and the fix (its title without the
 * names in it), else the message without its numbers and quoted values.
 */
export function failureKey(f: Failure): string {
  // A fix that misbehaves: the same bug whatever it was applied to.
  if (f.rule && f.fix) return `${f.kind} ${f.rule} ${f.fix.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'")}`;
  const message = f.message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\d+/g, '#')
    .slice(0, 140);
  return `${f.kind} ${f.rule ?? '-'} ${message}`;
}

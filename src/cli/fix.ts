import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits } from '../core/json/edits';
import { planFixAll, preferredFix } from '../core/fixAll';
import type { Finding } from '../core/types';
import { checkWriteTarget } from '../core/writeGuard';
import { describeFsError, UsageError } from './io';

export interface FixPassResult {
  /** Findings whose fix was applied (in files that changed). */
  fixed: number;
  /** Files written (absolute paths). */
  written: string[];
  /** Some fix created a file: discovery must run again. */
  created: boolean;
}

export { preferredFix };

/**
 * One `--fix` pass: take the preferred fix of every finding, skip those whose edits overlap an
 * edit already taken (the next pass, after a re-lint, gets them), merge the edits per file and
 * write the files. A file keeps its BOM and line endings; a fix may create a file.
 *
 * `baseText(file)` is the raw text (BOM included) the findings were computed on; `rootOf(file)`
 * the folder of the file's project, which no write may leave (symbolic links are followed first).
 */
export function applyFixPass(
  findings: readonly Finding[],
  baseText: (file: string) => string | undefined,
  display: (file: string) => string,
  rootOf: (file: string) => string = path.dirname,
): FixPassResult {
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
  const plan = planFixAll(findings, {
    textLength: (file) => {
      const raw = textOf(file);
      return raw === undefined ? undefined : raw.charCodeAt(0) === 0xfeff ? raw.length - 1 : raw.length;
    },
    exists: (file) => fs.existsSync(file),
  });
  // Nothing is written when any write would leave its project (a symbolic link, dangling or not,
  // or a linked folder): one line, exit 2.
  for (const { file } of plan.edits) {
    const check = checkWriteTarget(file, rootOf(file), display);
    if (!check.ok) throw new UsageError(check.message);
  }
  // One entry per file (planFixAll merged them), `create` for a file a fix creates.
  const written: string[] = [];
  for (const { file, edits, create = false } of plan.edits) {
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
    fixed: plan.fixes.filter((fix) => fix.edits.some((e) => changed.has(e.file))).length,
    written,
    created: plan.edits.some((fe) => fe.create),
  };
}

/** The line ending a text uses (its first one), or undefined for a one-line text. */
function lineEnding(text: string): '\n' | '\r\n' | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

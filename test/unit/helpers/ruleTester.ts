import * as assert from 'assert';
import * as path from 'path';
import { factsFromArm, type AzureExample, type AzureFacts } from '../../../src/core/azureFacts';
import { lintProject } from '../../../src/core/engine';
import { applyTextEdits } from '../../../src/core/json/edits';
import type { Rule } from '../../../src/core/rules/rule';
import type { Finding, LintSettings, Severity } from '../../../src/core/types';
import { rel, ROOT, virtualProjects } from './virtualProject';

export interface ValidCase {
  name: string;
  files: Record<string, string>;
  settings?: LintSettings;
  /** What Azure says (facts, or ARM JSON by connection id): Azure-aware rules run with it. */
  azure?: AzureFacts | AzureExample;
}

export interface ExpectedFinding {
  /** Relative file; defaults to the only file that has findings. */
  file?: string;
  pointer: string;
  /** Substring or pattern the message must match. */
  message?: string | RegExp;
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * Texts of files after applying the first fix of every finding (or the fix titled `fixTitle`),
   * like ESLint's `output`. Files not listed must be unchanged.
   */
  output?: Record<string, string>;
  fixTitle?: string | RegExp;
}

export function lintFiles(files: Record<string, string>, rule?: Rule, settings?: LintSettings, azure?: AzureFacts | AzureExample): Finding[] {
  const facts = azure && !(azure.connections instanceof Map) ? factsFromArm(azure as AzureExample) : (azure as AzureFacts | undefined);
  const run = { ...(rule ? { only: [rule.meta.id] } : {}), ...(facts ? { includeAzureRules: true, azure: facts } : {}) };
  return virtualProjects(files).flatMap((p) => lintProject(p, settings, run));
}

/** Apply a set of fixes to the virtual files, like an editor would. */
export function applyFixes(files: Record<string, string>, findings: Finding[], pick: (f: Finding) => ReturnType<Finding['fixes']>[number] | undefined): Record<string, string> {
  const out = { ...files };
  const byFile = new Map<string, { offset: number; length: number; content: string }[]>();
  for (const f of findings) {
    const fx = pick(f);
    if (!fx) continue;
    for (const fe of fx.edits) {
      const key = rel(fe.file);
      if (!byFile.has(key)) byFile.set(key, []);
      byFile.get(key)!.push(...fe.edits);
      if (fe.create && out[key] === undefined) out[key] = '';
    }
  }
  for (const [file, edits] of byFile) {
    const original = out[file];
    const bom = original.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    out[file] = bom + applyTextEdits(bom ? original.slice(1) : original, edits);
  }
  return out;
}

/** ESLint RuleTester in spirit: valid cases produce nothing, invalid ones exactly the expected findings. */
export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const findings = lintFiles(c.files, rule, c.settings, c.azure);
          assert.deepStrictEqual(findings.map(show), [], 'expected no findings');
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const findings = lintFiles(c.files, rule, c.settings, c.azure);
          assert.strictEqual(findings.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${findings.map(show).join('\n')}`);
          const remaining = [...findings];
          for (const e of c.errors) {
            const i = remaining.findIndex((f) => matches(f, e));
            assert.ok(i >= 0, `no finding matches ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? String(v) : v))}; got:\n${remaining.map(show).join('\n')}`);
            remaining.splice(i, 1);
          }
          for (const f of findings) {
            assert.ok(f.range.start.line >= 0 && f.length >= 0, 'finding has a range');
            assert.strictEqual(f.ruleId, rule.meta.id);
          }
          if (c.output) {
            const fixed = applyFixes(c.files, findings, (f) => {
              const all = f.fixes();
              return c.fixTitle ? all.find((x) => (typeof c.fixTitle === 'string' ? x.title === c.fixTitle : c.fixTitle!.test(x.title))) : all[0];
            });
            for (const [file, text] of Object.entries(c.output)) assert.strictEqual(fixed[file], text, `fixed ${file}`);
            for (const file of Object.keys(c.files)) {
              if (!(file in c.output)) assert.strictEqual(fixed[file], c.files[file], `${file} must be unchanged`);
            }
          }
        });
      }
    });
  });
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  if (f.pointer !== e.pointer) return false;
  if (e.file && rel(f.file) !== e.file) return false;
  if (e.severity && f.severity !== e.severity) return false;
  if (e.message !== undefined) {
    if (typeof e.message === 'string' ? !f.message.includes(e.message) : !e.message.test(f.message)) return false;
  }
  return true;
}

export function show(f: Finding): string {
  return `${path.relative(ROOT, f.file)} ${f.pointer} ${f.severity} ${f.ruleId}: ${f.message}`;
}

/** JSON text of a value, 2-space indented (the usual layout of these files). */
export const j = (v: unknown): string => JSON.stringify(v, null, 2);

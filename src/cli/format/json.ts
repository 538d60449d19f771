import { displayPath } from '../io';
import type { LintReport } from '../lint';

/**
 * `{"version":1,"findings":[…]}`: files relative to the working folder with `/` separators,
 * 0-based LSP positions (UTF-16 characters). New fields may be added; `version` changes when
 * one is removed or changes meaning.
 */
export function formatJson(report: LintReport): string {
  const findings = report.findings.map((f) => ({
    ruleId: f.ruleId,
    name: f.name,
    severity: f.severity,
    file: displayPath(f.file, report.cwd),
    pointer: f.pointer,
    range: {
      start: { line: f.range.start.line, character: f.range.start.character },
      end: { line: f.range.end.line, character: f.range.end.character },
    },
    message: f.message,
  }));
  return JSON.stringify({ version: 1, findings }, null, 2) + '\n';
}

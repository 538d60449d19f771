import type { Severity } from '../../core/types';
import { displayPath, plural, style } from '../io';
import type { LintReport } from '../lint';

export interface TextOptions {
  color: boolean;
  quiet: boolean;
  fix: boolean;
}

/**
 * Compiler style: `file:line:col severity LACnnn message` (1-based line and column), then one
 * summary line such as `3 errors, 2 warnings, 1 info in 4 files`.
 */
export function formatText(report: LintReport, opts: TextOptions): string {
  const s = style(opts.color);
  const paint: Record<Severity, (t: string) => string> = { error: s.red, warning: s.yellow, info: s.blue, hint: s.gray };
  const lines: string[] = [];
  const files = new Set<string>();
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of report.findings) {
    files.add(f.file);
    n[f.severity]++;
    const where = `${displayPath(f.file, report.cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    lines.push(`${s.bold(where)} ${paint[f.severity](f.severity)} ${s.gray(f.ruleId)} ${oneLine(f.message)}`);
  }
  if (report.findings.length === 0) {
    // --quiet: silence when there is nothing to say.
    if (!opts.quiet) lines.push(`no problems in ${plural(report.fileCount, 'file')}`);
  } else {
    const parts = [
      n.error && paint.error(plural(n.error, 'error')),
      n.warning && paint.warning(plural(n.warning, 'warning')),
      n.info && paint.info(`${n.info} info`),
      n.hint && paint.hint(plural(n.hint, 'hint')),
    ].filter((p): p is string => !!p);
    let summary = `${parts.join(', ')} in ${plural(files.size, 'file')}`;
    if (report.fixable > 0 && !opts.fix) summary += ` (${report.fixable} fixable with --fix)`;
    lines.push('', summary);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Messages are one line in this format. */
function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}

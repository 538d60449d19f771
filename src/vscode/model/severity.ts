// Pure (no `vscode` import): unit-tested in Node.
import type { FindingTag, Range, Severity } from '../../core/types';

/** Names of `vscode.DiagnosticSeverity` members for each core severity. */
export const DIAGNOSTIC_SEVERITY = {
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
  hint: 'Hint',
} as const satisfies Record<Severity, string>;

export type DiagnosticSeverityName = (typeof DIAGNOSTIC_SEVERITY)[Severity];

/** Names of `vscode.DiagnosticTag` members for each core tag. */
export const DIAGNOSTIC_TAG = {
  unnecessary: 'Unnecessary',
  deprecated: 'Deprecated',
} as const satisfies Record<FindingTag, string>;

/**
 * Identity of a diagnostic as VS Code hands it back to code action providers (copies, not the
 * objects we created): rule id, range and message.
 */
export function diagnosticKey(ruleId: string, range: Range, message: string): string {
  return `${ruleId}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

/**
 * Pieces shared by the reports written as Markdown (Diagnose and the identity doctor): the icon of
 * each check severity and one value made safe for Markdown (redacted, escaped, on one line).
 *
 * Pure.
 */
import type { CheckSeverity } from './diagnose';
import type { AzureError } from './errors';
import { redact } from './redact';

export const CHECK_ICON: Record<CheckSeverity, string> = { ok: '✅', info: 'ℹ️', warning: '⚠️', error: '❌' };

/** A value for Markdown text: secrets redacted, HTML and Markdown syntax escaped, line breaks joined. */
export function mdText(text: string | undefined): string {
  return redact(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()|!#]/g, (ch) => `\\${ch}`)
    .replace(/\r?\n/g, ' ');
}

/** The "Steps that failed" section of a report (nothing when every step answered). */
export function failedStepsMarkdown(errors: readonly { step: string; error: AzureError }[]): string[] {
  if (!errors.length) return [];
  return ['', '## Steps that failed', '', ...errors.map((e) => `- ${mdText(e.step)}: ${e.error.kind}${e.error.status ? ` (HTTP ${e.error.status})` : ''}: ${mdText(e.error.message)}`)];
}

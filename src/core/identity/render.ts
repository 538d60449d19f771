/**
 * The identity report as Markdown (the editor's report) and plain text lines (the CLI), and the
 * command that grants a missing role. Every value is redacted and escaped.
 *
 * Pure.
 */
import type { CheckSeverity } from '../azure/diagnose';
import { redact } from '../azure/redact';
import type { CalendarEntry, GrantPlan, IdentityCheck, IdentityReport } from './doctor';
import { CHECK_ICON as ICON, failedStepsMarkdown, mdText as md } from '../azure/reportMarkdown';


const code = (s: string) => `\`${redact(s).replace(/`/g, '')}\``;

/** `lac access grant …` for a plan (the CLI's Grant Access). */
export function grantCommand(plan: GrantPlan): string {
  return `lac access grant --app ${plan.appId} --target ${plan.scope} --role "${plan.roleName}"`;
}

/** "in 20 days", "5 days ago", "today". */
export function relativeDays(days: number): string {
  return days === 0 ? 'today' : days > 0 ? `in ${days} day${days === 1 ? '' : 's'}` : `${-days} day${days === -1 ? '' : 's'} ago`;
}

const KIND: Record<CalendarEntry['kind'], string> = { 'client-secret': 'client secret', certificate: 'certificate', 'connection-key': 'connection key', consent: 'consent given' };

/** Markdown lines for identity checks (as in a connection's report). */
export function checksMarkdown(checks: readonly IdentityCheck[]): string[] {
  const out: string[] = [];
  for (const c of checks) {
    out.push(`- ${ICON[c.severity]} **${md(c.title)}**: ${md(c.detail)}`);
    if (c.usedBy?.length) out.push(`  - Used by: ${md(c.usedBy.join(', '))}`);
    if (c.nextStep) out.push(`  - Next step: ${md(c.nextStep)}`);
    if (c.grant) out.push(`  - Grant Access: ${code(grantCommand(c.grant))} (or *Grant Access…* in the editor)`);
  }
  return out;
}

/** Markdown rows of the calendar. */
export function calendarMarkdown(calendar: readonly CalendarEntry[]): string[] {
  if (!calendar.length) return ['Nothing that expires was found.'];
  const out = ['| | date | when | what | used by |', '|---|---|---|---|---|'];
  for (const e of calendar) out.push(`| ${ICON[e.severity]} | ${md(e.date.slice(0, 10))} | ${md(relativeDays(e.daysLeft))} | ${md(`${KIND[e.kind]}: ${e.detail}`)} | ${md((e.usedBy ?? []).join(', '))} |`);
  return out;
}

/** The whole report as Markdown. */
export function identityToMarkdown(report: IdentityReport, title?: string): string {
  const out: string[] = [];
  out.push(`# Identities and credentials${title ? `: ${md(title)}` : ''}`);
  out.push('');
  out.push(`**Overall:** ${ICON[report.overall]} ${report.overall}  `);
  if (report.app) {
    const a = report.app;
    const ids = [a.principalId ? `system-assigned ${a.principalId}` : '', ...a.userAssigned.map((u) => `user-assigned ${u.resourceId.split('/').pop()}`)].filter(Boolean);
    out.push(`**Logic App:** ${md(a.name)} (${a.kind === 'standard' ? 'Standard' : 'Consumption'}) ${code(a.id)}  `);
    out.push(`**Identity:** ${md(ids.join(', ') || 'none')}${a.tenantId ? ` · **Tenant:** ${md(a.tenantId)}` : ''}  `);
  }
  out.push(`**Generated:** ${report.generatedAt}`);
  out.push('');
  out.push('## Checks');
  out.push('');
  out.push(...(report.checks.length ? checksMarkdown(report.checks) : ['Nothing in the project authenticates with a managed identity or a service principal.']));
  out.push('');
  out.push('## Calendar');
  out.push('');
  out.push(...calendarMarkdown(report.calendar));
  out.push(...failedStepsMarkdown(report.errors));
  out.push('');
  return out.join('\n');
}

/** Plain text lines (the CLI's `text` format), without colours: `[error] title: detail`. */
export function identityTextLines(report: IdentityReport): { severity: CheckSeverity; line: string; sub: string[] }[] {
  const MARK = { ok: 'ok', info: 'info', warning: 'warn', error: 'error' } as const;
  const out: { severity: CheckSeverity; line: string; sub: string[] }[] = [];
  for (const c of report.checks) {
    const sub: string[] = [];
    if (c.usedBy?.length) sub.push(`used by: ${c.usedBy.join(', ')}`);
    if (c.nextStep) sub.push(`next: ${c.nextStep}`);
    if (c.grant) sub.push(`grant: ${grantCommand(c.grant)}`);
    out.push({ severity: c.severity, line: `${`[${MARK[c.severity]}]`.padEnd(8)}${c.id}: ${c.title}: ${c.detail}`, sub: sub.map((x) => redact(x)) });
  }
  for (const e of report.calendar) {
    out.push({ severity: e.severity, line: `${`[${MARK[e.severity]}]`.padEnd(8)}calendar: ${e.date.slice(0, 10)} (${relativeDays(e.daysLeft)}) ${KIND[e.kind]}: ${e.detail}`, sub: [] });
  }
  return out.map((x) => ({ ...x, line: redact(x.line) }));
}

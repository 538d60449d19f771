/**
 * A connection's diagnosis with the identity doctor's checks about it (its authorizing user, its
 * tenant, the roles its managed-identity target needs) and its calendar: what the editor's
 * Diagnose Connection and `lac diagnose <id>` show. Pure.
 */
import type { DiagnosisReport } from '../azure/diagnose';
import type { IdentityReport } from './doctor';

export function withIdentity(report: DiagnosisReport, identity: IdentityReport): DiagnosisReport {
  if (!identity.checks.length && !identity.calendar.length) return report;
  report.checks.push(...identity.checks);
  report.identity = { ...(identity.app ? { app: identity.app } : {}), calendar: identity.calendar };
  for (const e of identity.errors) if (!report.errors.some((x) => x.step === e.step)) report.errors.push(e);
  report.overall = report.checks.some((c) => c.severity === 'error') ? 'error' : report.checks.some((c) => c.severity === 'warning') || report.errors.length ? 'warning' : 'ok';
  return report;
}

/**
 * Fixes that offline rules gain when Azure facts are known (`lintProject(…, { azure })`). They
 * come after the rule's own fixes and never change what the rule reports: without facts the
 * rule behaves exactly as before. Keyed by rule id.
 */
import { factOf } from '../azureFacts';
import { setValue } from '../json/edits';
import type { Fix } from '../types';
import { fix, type ReportOptions, type RuleContext } from './rule';
import { managedConnections } from '../connections';

export type FixContributor = (ctx: RuleContext, report: ReportOptions) => (() => (Fix | undefined)[]) | undefined;

/** The connection's `connectionRuntimeUrl` as Azure knows it, when it is a usable https URL. */
export function azureRuntimeUrl(ctx: RuleContext, name: string): string | undefined {
  const ref = managedConnections(ctx.project).find((r) => r.name === name);
  const fact = factOf(ctx.azure, ref?.id);
  if (fact?.state !== 'found') return undefined;
  const url = fact.connection.connectionRuntimeUrl;
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? url : undefined;
  } catch {
    return undefined;
  }
}

/** LAC010: besides the app-setting placeholder, write the real runtime URL when Azure knows it. */
const lac010: FixContributor = (ctx, report) => {
  const file = ctx.project.connections;
  const [section, name] = report.path;
  if (!file || report.file !== file || section !== 'managedApiConnections' || typeof name !== 'string' || report.path.length !== 2) return undefined;
  const url = azureRuntimeUrl(ctx, name);
  if (!url) return undefined;
  // The real URL fixes the problem: the fix fix-all and --fix apply.
  return () => [fix("Use the connection's runtime URL from Azure", [setValue(file, ['managedApiConnections', name, 'connectionRuntimeUrl'], url)], true)];
};

export const FIX_CONTRIBUTORS: Readonly<Record<string, FixContributor>> = {
  LAC010: lac010,
};

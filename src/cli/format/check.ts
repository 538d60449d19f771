/**
 * The four outputs of `lac connections check`: text (a table, the problems, a summary), JSON,
 * JUnit XML (one testcase per connection, failing unless connected) and SARIF 2.1.0 (one result per
 * connection that is not connected, as LAC060 / LAC061, located by its resource id).
 *
 * Types only from the Azure client: nothing here loads the SDK. Every text is redacted by the caller
 * (`redactCheck`) before it is formatted.
 */
import type { CheckedConnection, CheckReport, CheckSummary } from '../../core/azure/check';
import type { TestStatus } from '../../core/azure/test';
import { PRODUCT_NAME, REPOSITORY_URL, ruleDocsUrl } from '../../core/meta';
import { ALL_RULES } from '../../core/rules';
import { plural, type Style } from '../io';
import { VERSION } from '../version';
import { SARIF_SCHEMA } from './sarif';

/** The JSON form of one checked connection (the shape `--format json` documents). */
export function checkedJson(c: CheckedConnection) {
  const r = c.result;
  return {
    id: c.connection.id,
    name: c.connection.name,
    subscriptionId: c.connection.subscriptionId ?? null,
    resourceGroup: c.connection.resourceGroup ?? null,
    api: c.connection.api.name ?? null,
    kind: c.connection.kind ?? c.connection.rawKind ?? null,
    status: r.status,
    ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
    ...(r.code !== undefined ? { code: r.code } : {}),
    explanation: r.explanation,
    nextStep: r.nextStep,
  };
}

export function summaryJson(s: CheckSummary) {
  return {
    tested: s.tested,
    reported: s.reported,
    connected: s.connected,
    failing: s.failing,
    byStatus: s.byStatus,
    subscriptions: s.subscriptions,
    resourceGroups: s.resourceGroups,
    durationMs: Math.round(s.durationMs),
    ...(s.cancelled ? { cancelled: true } : {}),
  };
}

export function formatCheckJson(report: CheckReport): string {
  return JSON.stringify({ connections: report.connections.map(checkedJson), summary: summaryJson(report.summary) }, null, 2) + '\n';
}

const ORDER: readonly TestStatus[] = ['connected', 'unauthenticated', 'forbidden', 'not-found', 'unreachable', 'throttled', 'error'];

/** `31 connections in 4 subscriptions in 7.2 s: 17 connected, 6 unauthenticated, …`. */
export function summaryLine(s: CheckSummary): string {
  const counts = ORDER.filter((st) => s.byStatus[st] > 0).map((st) => `${s.byStatus[st]} ${st}`);
  const filtered = s.reported !== s.tested ? ` (${s.reported} of ${s.tested} tested shown)` : '';
  const what = `${plural(s.reported, 'connection')}${filtered} in ${plural(s.subscriptions, 'subscription')} in ${(s.durationMs / 1000).toFixed(1)} s`;
  return `${s.cancelled ? 'Cancelled after ' : ''}${what}: ${counts.length ? counts.join(', ') : 'none'}`;
}

/** An aligned table of every reported connection, then one line per problem, then the summary. */
export function formatCheckText(report: CheckReport, st: Style): string {
  const out: string[] = [];
  const rows = report.connections.map((c) => [
    c.result.status,
    c.connection.name,
    c.connection.resourceGroup ?? '-',
    c.connection.subscriptionId ?? '-',
    [c.result.httpStatus !== undefined ? `HTTP ${c.result.httpStatus}` : '', c.result.code ?? ''].filter(Boolean).join(' ') || '-',
  ]);
  if (rows.length) {
    const header = ['STATUS', 'NAME', 'RESOURCE GROUP', 'SUBSCRIPTION', 'DETAIL'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[], colour = (s: string) => s) =>
      r
        .map((cell, i) => (i === 0 ? colour(cell.padEnd(widths[i]!)) : i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    out.push(line(header));
    for (const r of rows) out.push(line(r, r[0] === 'connected' ? (s) => s : (s) => st.red(s)));
  }
  const problems = report.connections.filter((c) => c.result.status !== 'connected');
  if (problems.length) {
    out.push('', st.bold('Problems:'));
    for (const c of problems) {
      out.push(`  ${c.connection.name} (${c.connection.resourceGroup ?? '?'}): ${st.red(c.result.status)}: ${c.result.explanation} Next: ${c.result.nextStep}`);
    }
  }
  out.push('', summaryLine(report.summary));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// JUnit
// ---------------------------------------------------------------------------------------------

/** Text for XML content and attributes; characters XML 1.0 cannot hold are dropped. */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * JUnit XML as CI servers read it (Jenkins, Azure Pipelines PublishTestResults, GitLab): one
 * `<testsuite>` per subscription, one `<testcase>` per connection (classname
 * `<subscription>.<resource group>`), a `<failure>` unless it is connected.
 */
export function formatCheckJunit(report: CheckReport, timestamp: string): string {
  const bySub = new Map<string, CheckedConnection[]>();
  for (const c of report.connections) {
    const k = c.connection.subscriptionId ?? 'unknown';
    bySub.set(k, [...(bySub.get(k) ?? []), c]);
  }
  const total = report.connections.length;
  const failures = report.connections.filter((c) => c.result.status !== 'connected').length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="lac connections check" tests="${total}" failures="${failures}" errors="0" time="${seconds(report.summary.durationMs)}">`);
  for (const [sub, items] of bySub) {
    const f = items.filter((c) => c.result.status !== 'connected').length;
    const time = items.reduce((a, c) => a + c.durationMs, 0);
    out.push(`  <testsuite name="${xmlEscape(`subscription ${sub}`)}" tests="${items.length}" failures="${f}" errors="0" skipped="0" time="${seconds(time)}" timestamp="${xmlEscape(timestamp)}">`);
    for (const c of items) {
      const r = c.result;
      const classname = `${sub}.${c.connection.resourceGroup ?? 'unknown'}`;
      const head = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(c.connection.name)}" time="${seconds(c.durationMs)}"`;
      if (r.status === 'connected') {
        out.push(`${head}/>`);
        continue;
      }
      const detail = [r.httpStatus !== undefined ? `HTTP ${r.httpStatus}` : '', r.code ?? ''].filter(Boolean).join(' ');
      const message = `${r.status}${detail ? ` (${detail})` : ''}: ${r.explanation}`;
      const body = [r.message, `What it means: ${r.explanation}`, `Next step: ${r.nextStep}`, c.connection.id].filter(Boolean).join('\n');
      out.push(`${head}>`);
      out.push(`      <failure type="${xmlEscape(r.status)}" message="${xmlEscape(message)}">${xmlEscape(body)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------------

/** SARIF 2.1.0: LAC060 for a connection that is not found, LAC061 for any other failed test. */
export function formatCheckSarif(report: CheckReport): string {
  const ids = ['LAC060', 'LAC061'];
  const rules = ids
    .map((id) => ALL_RULES.find((r) => r.meta.id === id)?.meta)
    .filter((m): m is NonNullable<typeof m> => !!m)
    .map((m) => ({ id: m.id, name: m.name, shortDescription: { text: m.description }, helpUri: ruleDocsUrl(m.id), defaultConfiguration: { level: 'error' } }));
  const results = report.connections
    .filter((c) => c.result.status !== 'connected')
    .map((c) => {
      const r = c.result;
      const ruleId = r.status === 'not-found' ? 'LAC060' : 'LAC061';
      const detail = [r.httpStatus !== undefined ? `HTTP ${r.httpStatus}` : '', r.code ?? ''].filter(Boolean).join(' ');
      return {
        ruleId,
        ruleIndex: ids.indexOf(ruleId),
        level: r.status === 'throttled' || r.status === 'unreachable' ? 'warning' : 'error',
        message: { text: `${c.connection.name}: ${r.status}${detail ? ` (${detail})` : ''}. ${r.explanation} Next step: ${r.nextStep}` },
        locations: [{ logicalLocations: [{ name: c.connection.name, fullyQualifiedName: c.connection.id, kind: 'resource' }] }],
        properties: { status: r.status, subscriptionId: c.connection.subscriptionId ?? null, resourceGroup: c.connection.resourceGroup ?? null },
      };
    });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lac', fullName: `${PRODUCT_NAME} (lac connections check)`, version: VERSION, semanticVersion: VERSION, informationUri: REPOSITORY_URL, rules } },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: { summary: summaryJson(report.summary) },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

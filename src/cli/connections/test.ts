import type { TestConnectionResult } from '../../core/azure';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, isCallerError, openSession, parseAzureOptions, resolveConnection, type AzureSession } from '../azure';
import type { Command } from '../command';
import { EXIT_FINDINGS, EXIT_OK, style, UsageError, useColor, type CliIO } from '../io';

export const TEST_HELP = `Usage: lac connections test <id|name> [--format text|json] [options]

Test an API connection the way the portal does (its test link, else its test request) and
explain the result: connected, unauthenticated, forbidden, not-found, unreachable, throttled
or error, with what it means and the next step. <id|name> is the connection's resource id or
its name (looked up in your subscriptions; see --subscription).

Only the Resource Manager endpoint ever receives your Azure token: a test link that points
anywhere else is not called.

Options:
  -f, --format <format>        text (default) or json: {id, status, httpStatus?, code?,
                               message, explanation, nextStep, links?}
${AZURE_OPTIONS_HELP}

Exit status: 0 connected, 1 any other result, 2 usage, sign-in or network error.
`;

/** The JSON form of a test result (links only when they pass the allowlist). */
export function testResultJson(s: AzureSession, r: TestConnectionResult) {
  const links = (r.links ?? []).filter((l) => s.azure.isAllowedExternalUrl(l.url, s.client.cloud));
  return s.azure.redactDeep({
    id: r.id,
    status: r.status,
    ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
    ...(r.code !== undefined ? { code: r.code } : {}),
    message: r.message,
    explanation: r.explanation,
    nextStep: r.nextStep,
    ...(links.length ? { links } : {}),
    ...(r.retryAfterSeconds !== undefined ? { retryAfterSeconds: r.retryAfterSeconds } : {}),
  });
}

/** The text form of a test result. */
export function formatTestResult(s: AzureSession, r: TestConnectionResult, color: boolean): string {
  const st = style(color);
  const j = testResultJson(s, r);
  const name = s.azure.parseConnectionId(j.id)?.name ?? j.id;
  const detail = [j.httpStatus !== undefined ? `HTTP ${j.httpStatus}` : '', j.code ?? ''].filter(Boolean).join(', ');
  const mark = j.status === 'connected' ? st.bold(j.status) : st.red(st.bold(j.status));
  const out = [`${name}: ${mark}${detail ? ` (${detail})` : ''}`, `  ${st.gray(j.id)}`, ''];
  if (j.message) out.push(`  ${j.message}`, '');
  out.push(`What it means: ${j.explanation}`);
  out.push(`Next step: ${j.nextStep}`);
  for (const l of j.links ?? []) out.push(`  ${l.title}: ${st.underline(l.url)}`);
  return out.join('\n') + '\n';
}

/** Test one connection by id: our own sign-in and network problems stop the command (exit 2). */
export async function testConnectionById(s: AzureSession, id: string): Promise<TestConnectionResult> {
  const got = await s.client.getConnection(id);
  if (!got.ok) {
    if (isCallerError(got.error)) azureFailure(s, got.error);
    const portalLink = s.azure.portalConnectionLink(s.client.cloud, id, s.opts.tenant);
    return s.azure.testResultFromError({ id, via: 'none', ...(portalLink ? { portalLink } : {}) }, got.error);
  }
  return s.client.testConnection(got.value, s.opts.tenant ? { tenantId: s.opts.tenant } : {});
}

export const testCommand: Command = {
  name: 'test',
  summary: 'test a connection and explain the result',
  help: TEST_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections test', args, AZURE_OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      if (positionals.length !== 1) throw new UsageError('lac connections test needs one connection id or name (see lac connections test --help)');
      const s = await openSession(opts, io);
      const { id } = await resolveConnection(s, positionals[0]!);
      const result = await testConnectionById(s, id);
      if (opts.format === 'json') io.stdout.write(JSON.stringify(testResultJson(s, result), null, 2) + '\n');
      else io.stdout.write(formatTestResult(s, result, useColor(io.stdout, io.env)));
      return result.status === 'connected' ? EXIT_OK : EXIT_FINDINGS;
    });
  },
};

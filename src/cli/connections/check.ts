import type { CheckProgress, CheckReport } from '../../core/azure/check';
import type { TestStatus } from '../../core/azure/test';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, describeAzureError, guarded, openSession, parseAzureOptions } from '../azure';
import type { Command } from '../command';
import { formatCheckJson, formatCheckJunit, formatCheckSarif, formatCheckText } from '../format/check';
import { EXIT_FINDINGS, EXIT_OK, style, UsageError, useColor, type CliIO } from '../io';

const STATUS_WORDS: readonly TestStatus[] = ['connected', 'unauthenticated', 'forbidden', 'not-found', 'unreachable', 'throttled', 'error'];

export const CHECK_HELP = `Usage: lac connections check [--subscription <id>]... [--resource-group <name>]...
                            [--status <status>]... [--format text|json|junit|sarif]
                            [--concurrency <n>] [options]

Test every API connection of the selected subscriptions (default: all you can see) the way
lac connections test does, several at a time within the per-subscription rate limits, and
report each with its status: connected, unauthenticated, forbidden, not-found, unreachable,
throttled or error. A throttled answer is waited out (Retry-After) before it is reported.
On a terminal a progress line shows how far it got.

Options:
  -g, --resource-group <name>  only connections of this resource group (repeatable)
  -s, --status <status>        report only connections with this result (repeatable, or
                               comma-separated); every selected connection is still tested
  -f, --format <format>        text (default), json, junit or sarif:
                               json  {"connections":[{id, name, subscriptionId, resourceGroup,
                                     api, kind, status, httpStatus?, code?, explanation,
                                     nextStep}], "summary":{tested, reported, connected, failing,
                                     byStatus, subscriptions, resourceGroups, durationMs}}
                               junit one testcase per connection, failing unless connected
                               sarif LAC060 (not found) / LAC061 (any other failure) per
                                     connection, located by its resource id
      --concurrency <n>        tests in flight at once (default 8, at most 64)
${AZURE_OPTIONS_HELP}

Exit status: 0 every reported connection is connected, 1 one or more is not, 2 usage,
sign-in, access or network error.

Examples:
  lac connections check
  lac connections check --subscription <id> --resource-group rg-integration --format junit > connections.xml
  lac connections check --status unauthenticated --status forbidden --format json
`;

const OPTIONS = {
  ...AZURE_OPTIONS,
  'resource-group': { type: 'string', short: 'g', multiple: true },
  status: { type: 'string', short: 's', multiple: true },
  concurrency: { type: 'string' },
} as const;

/** Values of a repeatable, comma-separable option. */
function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** A progress line on a terminal (stderr), rewritten at most every 100 ms and cleared at the end. */
function progressLine(io: CliIO): { update(p: CheckProgress): void; listed(n: number): void; done(): void } {
  if (!io.stderr.isTTY) return { update: () => undefined, listed: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  const write = (text: string) => {
    io.stderr.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    listed(n) {
      write(`lac: testing ${n} connection${n === 1 ? '' : 's'}…`);
    },
    update(p) {
      const now = Date.now();
      if (p.done !== p.total && now - last < 100) return;
      last = now;
      const failing = p.done - p.byStatus.connected;
      write(`lac: tested ${p.done}/${p.total} · ${p.byStatus.connected} connected · ${failing} not connected`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'test every connection of the selected subscriptions (CI: json, junit, sarif)',
  help: CHECK_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections check', args, OPTIONS, true);
      if (positionals.length) throw new UsageError(`lac connections check takes no arguments, got "${positionals[0]}" (select with --subscription, --resource-group, --status)`);
      const opts = parseAzureOptions(values, io, ['text', 'json', 'junit', 'sarif']);
      const statuses: TestStatus[] = [];
      for (const w of listOf(values.status)) {
        const st = STATUS_WORDS.find((x) => x === w.toLowerCase());
        if (!st) throw new UsageError(`unknown --status "${w}" (${STATUS_WORDS.join(', ')})`);
        if (!statuses.includes(st)) statuses.push(st);
      }
      const resourceGroups = listOf(values['resource-group']);
      for (const g of resourceGroups) if (!/^[-\w._()]{1,90}$/.test(g)) throw new UsageError(`--resource-group needs a resource group name, got "${g}"`);
      let concurrency = 8;
      if (values.concurrency !== undefined) {
        const n = values.concurrency.trim();
        if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 64) throw new UsageError(`--concurrency needs a number from 1 to 64, got "${values.concurrency}"`);
        concurrency = Number(n);
      }
      const s = await openSession(opts, io, { maxConcurrent: concurrency });
      const progress = progressLine(io);
      const r = await s.azure.checkConnections(s.client, {
        concurrency,
        ...(opts.subscriptions.length ? { subscriptionIds: opts.subscriptions } : {}),
        ...(resourceGroups.length ? { resourceGroups } : {}),
        ...(statuses.length ? { statuses } : {}),
        ...(opts.tenant ? { tenantId: opts.tenant } : {}),
        onListed: ({ selected }) => progress.listed(selected),
        onProgress: (p) => progress.update(p),
      });
      progress.done();
      if (!r.ok) azureFailure(s, r.error);
      for (const e of r.value.listErrors) {
        io.stderr.write(`lac: warning: ${describeAzureError(s.azure, e.error, e.subscriptionId ? `subscription ${e.subscriptionId}` : 'listing incomplete')}\n`);
      }
      // Every text that may carry Azure data is redacted once, before any format sees it.
      const report = s.azure.redactDeep(r.value) as CheckReport;
      switch (opts.format) {
        case 'json':
          io.stdout.write(formatCheckJson(report));
          break;
        case 'junit':
          io.stdout.write(formatCheckJunit(report, new Date().toISOString().replace(/\.\d{3}Z$/, '')));
          break;
        case 'sarif':
          io.stdout.write(formatCheckSarif(report));
          break;
        default:
          io.stdout.write(formatCheckText(report, style(useColor(io.stdout, io.env))));
      }
      return report.summary.failing > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};

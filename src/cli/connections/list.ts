import type { ConnectionInfo } from '../../core/azure';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, cell, guarded, listConnections, openSession, parseAzureOptions, table } from '../azure';
import type { Command } from '../command';
import { EXIT_OK, plural, type CliIO } from '../io';

export const LIST_HELP = `Usage: lac connections list [--subscription <id>]... [--format text|json] [options]

List the API connections (Microsoft.Web/connections) in your subscriptions: name, status,
kind (V1 Consumption, V2 Standard), API, resource group and subscription.

Options:
  -f, --format <format>        text (default: an aligned table) or json:
                               {"connections":[{id, name, subscriptionId, resourceGroup,
                               location, kind, api, status, displayName}]}
${AZURE_OPTIONS_HELP}

Exit status: 0 listed (subscriptions that could not be read are reported on stderr),
2 usage, sign-in or network error.
`;

/** The JSON form of one listed connection: every field present (null when unknown). */
export function connectionJson(c: ConnectionInfo) {
  return {
    id: c.id,
    name: c.name,
    subscriptionId: c.subscriptionId ?? null,
    resourceGroup: c.resourceGroup ?? null,
    location: c.location ?? null,
    kind: c.kind ?? c.rawKind ?? null,
    api: c.api.name ?? null,
    status: c.status,
    displayName: c.displayName ?? null,
  };
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

export const listCommand: Command = {
  name: 'list',
  summary: 'list the API connections in your subscriptions',
  help: LIST_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values } = parseCommandArgs('lac connections list', args, AZURE_OPTIONS, false);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const s = await openSession(opts, io);
      const { connections, subscriptionCount } = await listConnections(s);
      const sorted = [...connections].sort(
        (a, b) =>
          lower(a.subscriptionId).localeCompare(lower(b.subscriptionId)) ||
          lower(a.resourceGroup).localeCompare(lower(b.resourceGroup)) ||
          lower(a.name).localeCompare(lower(b.name)),
      );
      if (opts.format === 'json') {
        io.stdout.write(JSON.stringify(s.azure.redactDeep({ connections: sorted.map(connectionJson) }), null, 2) + '\n');
        return EXIT_OK;
      }
      if (!sorted.length) {
        io.stdout.write(`no connections in ${plural(subscriptionCount, 'subscription')}\n`);
        return EXIT_OK;
      }
      const rows = sorted.map((c) => [c.name, c.status, c.kind ?? c.rawKind, c.api.name, c.resourceGroup, c.subscriptionId].map(cell));
      io.stdout.write(s.azure.redact(table(['NAME', 'STATUS', 'KIND', 'API', 'RESOURCE GROUP', 'SUBSCRIPTION'], rows)));
      return EXIT_OK;
    });
  },
};

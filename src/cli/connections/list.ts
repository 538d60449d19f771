import type { ConnectionInfo } from '../../core/azure';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, cell, describeAzureError, guarded, listConnections, openSession, parseAzureOptions, table } from '../azure';
import type { Command } from '../command';
import { EXIT_OK, plural, type CliIO } from '../io';

export const LIST_HELP = `Usage: lac connections list [--subscription <id>]... [--unused] [--format text|json] [options]

List the API connections (Microsoft.Web/connections) in your subscriptions: name, status,
kind (V1 Consumption, V2 Standard), API, resource group and subscription.

With --unused, only the connections nothing deployed uses: no Consumption workflow names it in
its $connections (read with Resource Graph) and no Standard app names it in its deployed
connections.json (read from each app over Resource Manager). A connection is never called
unused when something in its subscription could not be read (a warning says what).

Options:
      --unused                 only connections no deployed workflow or Standard app uses
  -f, --format <format>        text (default: an aligned table) or json:
                               {"connections":[{id, name, subscriptionId, resourceGroup,
                               location, kind, api, status, displayName}]}
${AZURE_OPTIONS_HELP}

Exit status: 0 listed (subscriptions, workflows or apps that could not be read are reported on stderr),
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

const OPTIONS = { ...AZURE_OPTIONS, unused: { type: 'boolean' } } as const;

export const listCommand: Command = {
  name: 'list',
  summary: 'list the API connections in your subscriptions',
  help: LIST_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values } = parseCommandArgs('lac connections list', args, OPTIONS, false);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const s = await openSession(opts, io);
      const listed = await listConnections(s);
      const { subscriptionCount } = listed;
      let connections = listed.connections;
      let notJudged: ConnectionInfo[] = [];
      if (values.unused) {
        const usage = await s.azure.findConnectionUsers(s.client, { subscriptionIds: listed.subscriptionIds });
        for (const e of usage.errors) {
          io.stderr.write(`lac: warning: ${describeAzureError(s.azure, e.error, `${e.what}${e.subscriptionId ? ` (subscription ${e.subscriptionId})` : ''}`)}\n`);
        }
        notJudged = connections.filter((c) => !usage.users(c.id).length && !usage.complete(c.id));
        if (notJudged.length) {
          io.stderr.write(`lac: warning: ${notJudged.length} connection(s) not judged: their subscription could not be read completely, so they may be in use\n`);
        }
        connections = connections.filter((c) => !usage.users(c.id).length && usage.complete(c.id));
        io.stderr.write(`lac: read ${usage.scanned.workflows} Consumption workflow(s) and ${usage.scanned.apps} Standard app(s)\n`);
      }
      const sorted = [...connections].sort(
        (a, b) =>
          lower(a.subscriptionId).localeCompare(lower(b.subscriptionId)) ||
          lower(a.resourceGroup).localeCompare(lower(b.resourceGroup)) ||
          lower(a.name).localeCompare(lower(b.name)),
      );
      if (opts.format === 'json') {
        const doc = { connections: sorted.map(connectionJson), ...(values.unused && notJudged.length ? { notJudged: notJudged.map((c) => c.id) } : {}) };
        io.stdout.write(JSON.stringify(s.azure.redactDeep(doc), null, 2) + '\n');
        return EXIT_OK;
      }
      if (!sorted.length) {
        io.stdout.write(values.unused ? `no unused connections in ${plural(subscriptionCount, 'subscription')}\n` : `no connections in ${plural(subscriptionCount, 'subscription')}\n`);
        return EXIT_OK;
      }
      const rows = sorted.map((c) => [c.name, c.status, c.kind ?? c.rawKind, c.api.name, c.resourceGroup, c.subscriptionId].map(cell));
      io.stdout.write(s.azure.redact(table(['NAME', 'STATUS', 'KIND', 'API', 'RESOURCE GROUP', 'SUBSCRIPTION'], rows)));
      return EXIT_OK;
    });
  },
};

import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, openSession, parseAzureOptions } from '../azure';
import type { Command } from '../command';
import { EXIT_OK, UsageError, type CliIO } from '../io';

export const DELETE_HELP = `Usage: lac connections delete <id> --yes [options]

Delete an API connection. It takes the full resource id (never a name) and does nothing
without --yes. Workflows that use the connection stop working.

Options:
      --yes                    really delete it
  -f, --format <format>        text (default) or json: {id, deleted}
${AZURE_OPTIONS_HELP}

Exit status: 0 deleted (or there was nothing to delete), 2 usage, sign-in or network error.
`;

const OPTIONS = { ...AZURE_OPTIONS, yes: { type: 'boolean', short: 'y' } } as const;
const ID_SHAPE = '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/connections/<name>';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete a connection (needs --yes)',
  help: DELETE_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections delete', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      if (positionals.length !== 1) throw new UsageError('lac connections delete needs one connection resource id (see lac connections delete --help)');
      const id = positionals[0]!.trim();
      if (!id.startsWith('/')) throw new UsageError(`lac connections delete needs the full resource id (${ID_SHAPE}), not a name`);
      if (!values.yes) throw new UsageError(`refusing to delete ${id} without --yes`);
      const s = await openSession(opts, io);
      if (!s.azure.parseConnectionId(id)) throw new UsageError(`"${s.azure.redact(id)}" is not a connection resource id (${ID_SHAPE})`);
      const r = await s.client.deleteConnection(id);
      if (!r.ok) azureFailure(s, r.error);
      if (opts.format === 'json') io.stdout.write(JSON.stringify(s.azure.redactDeep({ id, deleted: r.value.deleted }), null, 2) + '\n');
      else io.stdout.write(s.azure.redact(r.value.deleted ? `deleted ${id}\n` : `nothing to delete: ${id} does not exist\n`));
      return EXIT_OK;
    });
  },
};

import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, openSession, parseAzureOptions } from '../azure';
import type { Command } from '../command';
import { runtimeUrlProblem } from '../../core/runtimeUrl';
import { displayPath, EXIT_OK, UsageError, type CliIO } from '../io';
import {
  assertLocalSettingsWritable,
  connectionIdOfEntry,
  connectionKeySetting,
  managedConnection,
  managedConnectionNames,
  openProject,
  runtimeUrlSetting,
  writeAppSettings,
} from '../projectConnections';

export const KEYS_HELP = `Usage: lac connections keys refresh <project> <name> [--days <n>] [options]

Get a new connection key for local development (listConnectionKeys) for the managed API
connection <name> of the Logic Apps Standard project at <project> (its connections.json's
connection.id, resolved through local.settings.json and parameters.json when it uses
@{appsetting('…')}), and write it into local.settings.json "Values": the app setting its
authentication.parameter names (default <name>-connectionKey) and, when the project keeps the
runtime URL in an app setting, that setting (only an https URL is written). Comments,
formatting, BOM and line endings of local.settings.json are kept; a local.settings.json that
links out of the project is never written. The new key's expiry is printed; the key never is.

Options:
      --days <n>               validity of the key in days, 1 to 365 (default 7)
  -f, --format <format>        text (default) or json: {project, name, connectionId, file,
                               settings, expiresAt}
${AZURE_OPTIONS_HELP}

Exit status: 0 written, 2 usage, file, sign-in or network error.
`;

const OPTIONS = { ...AZURE_OPTIONS, days: { type: 'string' } } as const;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'refresh a connection key in local.settings.json',
  help: KEYS_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections keys', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const [action, projectArg, name, ...extra] = positionals;
      if (action !== 'refresh') {
        throw new UsageError(action === undefined ? 'lac connections keys needs "refresh" (see lac connections keys --help)' : `unknown action "${action}" for lac connections keys (refresh)`);
      }
      if (projectArg === undefined || name === undefined || extra.length) {
        throw new UsageError('lac connections keys refresh needs <project> <name> (see lac connections keys --help)');
      }
      let days = 7;
      if (values.days !== undefined) {
        if (!/^\s*\d+\s*$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > 365) {
          throw new UsageError(`--days needs a number of days from 1 to 365, got "${values.days}"`);
        }
        days = Number(values.days);
      }
      const project = openProject(projectArg, io.cwd);
      const found = managedConnection(project, name);
      if (!found) {
        const names = managedConnectionNames(project);
        throw new UsageError(
          `no managed API connection "${name}" in ${displayPath(project.connections.path, io.cwd)}${names.length ? ` (${names.join(', ')})` : ' (it has no managedApiConnections)'}`,
        );
      }
      const resolved = connectionIdOfEntry(project, found.entry);
      if (!resolved.ok) throw new UsageError(`connection "${found.name}": ${resolved.reason}`);

      // Before a key is made: local.settings.json must not lead out of the project.
      assertLocalSettingsWritable(project, io.cwd);
      const s = await openSession(opts, io);
      if (!s.azure.parseConnectionId(resolved.value)) {
        throw new UsageError(`connection "${found.name}": connection.id "${s.azure.redact(resolved.value)}" is not a connection resource id`);
      }
      const keys = await s.client.listConnectionKeys(resolved.value, { validityTimeSpan: String(days) });
      if (!keys.ok) azureFailure(s, keys.error, `connection keys of ${found.name}`);
      const settings: Record<string, string> = {};
      const keySetting = connectionKeySetting(project, found.name, found.entry);
      settings[keySetting] = keys.value.connectionKey;
      const urlSetting = runtimeUrlSetting(project, found.name, found.entry);
      if (urlSetting && keys.value.runtimeUrl) {
        // The runtime sends the connection key to this URL: only an https URL is written (LAC011's check).
        const problem = runtimeUrlProblem(keys.value.runtimeUrl, { literal: true });
        if (problem) io.stderr.write(s.azure.redact(`lac: warning: ${urlSetting} not written: the runtime URL Azure returned ${problem}\n`));
        else settings[urlSetting] = keys.value.runtimeUrl;
      }
      writeAppSettings(project, settings, io.cwd);

      const file = displayPath(project.localSettingsPath, io.cwd);
      const expiresAt = keys.value.expiresAt ?? null;
      if (opts.format === 'json') {
        const doc = { project: displayPath(project.root, io.cwd), name: found.name, connectionId: resolved.value, file, settings: Object.keys(settings), expiresAt };
        io.stdout.write(JSON.stringify(s.azure.redactDeep(doc), null, 2) + '\n');
        return EXIT_OK;
      }
      const when = expiresAt ? `expires ${expiresAt}${inDays(expiresAt)}` : 'expiry unknown (the key is not a JWT)';
      io.stdout.write(s.azure.redact(`${found.name}: new connection key written to ${file} (${Object.keys(settings).join(', ')}); ${when}\n`));
      return EXIT_OK;
    });
  },
};

function inDays(iso: string): string {
  const ms = Date.parse(iso) - Date.now();
  if (!Number.isFinite(ms)) return '';
  const hours = Math.round(ms / 3600_000);
  return hours >= 48 ? `, in ${Math.round(hours / 24)} days` : `, in ${hours} hours`;
}

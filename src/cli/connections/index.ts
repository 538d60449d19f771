import type { Command } from '../command';
import { UsageError, type CliIO } from '../io';
import { accessCommand } from './access';
import { authorizeCommand } from './authorize';
import { checkCommand } from './check';
import { deleteCommand } from './delete';
import { keysCommand } from './keys';
import { listCommand } from './list';
import { testCommand } from './test';

/** `lac connections <subcommand>`, in the order the help lists them. */
export const CONNECTION_COMMANDS: readonly Command[] = [listCommand, testCommand, checkCommand, authorizeCommand, keysCommand, accessCommand, deleteCommand];

const USAGE: Record<string, string> = {
  keys: 'keys refresh <project> <name>',
  list: 'list [--unused]',
  check: 'check',
  delete: 'delete <id> --yes',
  access: 'access list|add <id|name>',
};
const usage = (c: Command) => USAGE[c.name] ?? `${c.name} <id|name>`;

export const CONNECTIONS_HELP = `Usage: lac connections <command> [options]

Work with the API connections (Microsoft.Web/connections) in Azure.

Commands:
${CONNECTION_COMMANDS.map((c) => `  ${usage(c).padEnd(31)} ${c.summary}`).join('\n')}

Sign-in: $LAC_ACCESS_TOKEN (an ARM access token) when set, else DefaultAzureCredential (Azure
CLI, environment, managed identity...); --auth chooses. Tokens, keys and secrets are never
printed. lac connections <command> --help shows the command's options.

Examples:
  lac connections list --subscription 00000000-0000-0000-0000-000000000000
  lac connections test office365 --format json
  lac connections check --format junit > connections.xml
  lac connections authorize --all-unauthenticated
  lac connections list --unused
  lac connections authorize office365
  lac connections keys refresh . office365
  lac connections access add office365

Exit status: 0 fine, 1 a connection has a problem (test, check), 2 usage, sign-in or network error.
`;

function subcommand(name: string): Command {
  const cmd = CONNECTION_COMMANDS.find((c) => c.name === name);
  if (!cmd) throw new UsageError(`unknown command "connections ${name}" (${CONNECTION_COMMANDS.map((c) => c.name).join(', ')}; see lac connections --help)`);
  return cmd;
}

export const connectionsCommand: Command = {
  name: 'connections',
  summary: 'list, test, check, authorize, refresh keys of, give access to and delete API connections in Azure',
  help: CONNECTIONS_HELP,
  helpFor(args: readonly string[]): string {
    const first = args[0];
    if (first === undefined || first.startsWith('-')) return CONNECTIONS_HELP;
    return CONNECTION_COMMANDS.find((c) => c.name === first)?.help ?? CONNECTIONS_HELP;
  },
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const [first, ...rest] = args;
    if (first === undefined) throw new UsageError('lac connections needs a command: list, test, check, authorize, keys, access or delete (see lac connections --help)');
    if (first === 'help') {
      io.stdout.write(rest[0] ? subcommand(rest[0]).help : CONNECTIONS_HELP);
      return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option "${first}" for lac connections (see lac connections --help)`);
    return subcommand(first).run(rest, io);
  },
};

import type { CliIO } from './io';

/**
 * A `lac` subcommand. Commands parse their own arguments (util.parseArgs), write through `io`
 * and return the exit code; they throw UsageError for a one-line message and exit code 2.
 * A command with subcommands (`lac connections list`) dispatches on its first argument.
 */
export interface Command {
  name: string;
  /** One line for `lac --help`. */
  summary: string;
  /** Full text for `lac <name> --help`. */
  help: string;
  /** The help for `lac <name> <args...> --help` when it depends on the arguments (a subcommand's). */
  helpFor?(args: readonly string[]): string;
  run(args: readonly string[], io: CliIO): number | Promise<number>;
}

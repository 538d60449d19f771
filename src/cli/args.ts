import { parseArgs, type ParseArgsConfig } from 'util';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` (strict) with its errors turned into one-line usage errors that name the
 * command: `unknown option "--foo" for lac lint (see lac lint --help)`.
 */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(describeParseError(command, e));
  }
}

/** Whether the arguments ask for help (before a `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

function describeParseError(command: string, e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = String(err.message ?? e);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  // "-f, --format <value>" → "--format"
  const option = quoted?.replace(/^-\w, /, '').replace(/ <value>$/, '');
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option "${option}" for ${command} (see ${command} --help)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}" for ${command} (see ${command} --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `option ${option} takes no value`;
      return `option ${option} needs a value`;
    default:
      return message.split(/\r?\n/, 1)[0];
  }
}

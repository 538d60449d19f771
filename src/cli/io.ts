import * as path from 'path';

/** Where the CLI writes and what it runs in: the process by default, injected by tests. */
export interface CliIO {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Ask a question on the terminal (undefined when stdin is not a terminal: then nothing is asked). */
  ask?: (question: string) => Promise<string | undefined>;
}

export interface Output {
  write(text: string): void;
  /** A terminal (colours allowed). */
  isTTY?: boolean;
}

/** A problem with how `lac` was called or with the files it was pointed at: one line, exit code 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A path as printed: relative to the working folder, `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/**
 * Colours for an output: only on a terminal, never with NO_COLOR set (https://no-color.org);
 * FORCE_COLOR (not `0`) turns them on anywhere.
 */
export function useColor(out: Output, env: CliIO['env']): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return !!out.isTTY;
}

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  gray(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function style(color: boolean): Style {
  return color
    ? { red: sgr(31, 39), yellow: sgr(33, 39), blue: sgr(34, 39), gray: sgr(90, 39), bold: sgr(1, 22), underline: sgr(4, 24) }
    : { red: plain, yellow: plain, blue: plain, gray: plain, bold: plain, underline: plain };
}

/** "1 error", "2 errors"; nouns without plural ("info") stay as they are. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  ELOOP: 'too many symbolic links',
};

/**
 * One line for a file system error: `no such file or directory: foo/`, or with a verb
 * `cannot write foo.json: permission denied`.
 */
export function describeFsError(e: unknown, file: string, verb?: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && FS_REASONS[code]) ?? firstLine(e);
  return verb ? `cannot ${verb} ${file}: ${reason}` : `${reason}: ${file}`;
}

/** The first line of an error's message, without a stack. */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split(/\r?\n/, 1)[0].trim() || (e instanceof Error ? e.name : 'unknown error');
}

// Pure (no `vscode` import): unit-tested in Node.
/**
 * Everything written to the output channel goes through `redact` first: messages, their extra
 * arguments and errors (message and stack), whatever their origin (a raw exception from VS Code's
 * authentication, the Azure SDK, a server's error text). A token or key never reaches the log.
 */

/** The writing methods of VS Code's `LogOutputChannel` (and `OutputChannel`). */
const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** An error as one line of text: its stack (which starts with the message), else name and message. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return errorText(value);
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/**
 * The same channel, with every text that reaches it redacted. Arguments become text first (an
 * Error its stack, an object its JSON), so nothing is formatted after redaction.
 */
export function redactingLog<T extends object>(log: T, redact: (text: string) => string): T {
  return new Proxy(log, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !WRITERS.has(prop)) return value.bind(target);
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map((a) => redact(text(a))));
    },
  });
}

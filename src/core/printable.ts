/**
 * Finding messages quote what files hold (a connection name, an expression), and files hold
 * anything: a message must stay one printable line (`lac lint` prints one line per problem; the
 * Problems panel shows it as it is) and of a readable size. Control characters and line separators
 * are shown escaped (`\n`, `\t`, `\u0007`); a message longer than `MAX_MESSAGE` ends with "…".
 */

export const MAX_MESSAGE = 2_000;

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// C0 controls, DEL, C1 controls, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(message: string): string {
  // Escaping only lengthens: what lies past MAX_MESSAGE + 1 characters is never shown, and is not
  // read (a message quoting a 4 MB name is escaped in its first 2,001 characters, not all of them).
  if (message.length > MAX_MESSAGE + 1) message = message.slice(0, MAX_MESSAGE + 1);
  let m = UNPRINTABLE.test(message) ? message.replace(UNPRINTABLE_ALL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : message;
  if (m.length > MAX_MESSAGE) m = `${startOf(m, MAX_MESSAGE - 1)}…`;
  return m;
}

/** The first `n` characters of `s`, one fewer when the last would be half of a surrogate pair. */
export function startOf(s: string, n: number): string {
  return s.slice(0, /[\ud800-\udbff]/.test(s.charAt(n - 1)) ? n - 1 : n);
}

/**
 * A value as a message quotes it: a string or a scalar as JSON, a container by its kind ("an
 * object", "an array"), never serialised (a value nested thousands deep would overflow the stack).
 */
export function quoted(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? JSON.stringify(value.length > 200 ? value.slice(0, 200) + '…' : value) : String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * A value as a message shows it inline: a string as it is, anything else as `quoted` shows it.
 * Never `String(value)`: an array nested thousands deep overflows the stack in Array#toString.
 */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : quoted(value);
}

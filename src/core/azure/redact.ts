/**
 * `redact(text)`: strips secrets from any string before it reaches a log line, an error or a
 * report. Patterns cover bearer tokens, JWTs (connection keys are JWTs), secret-bearing query
 * parameters (`sig=`, `code=`, `access_token=`...), key=value secrets of connection strings and
 * JSON secret fields. Values registered with `registerSecret` (the token the client obtained, a
 * key it fetched) are removed wherever they appear, whatever their shape.
 *
 * Pure: no Azure SDK.
 */

const REDACTED = '[redacted]';

/** Known secrets, removed verbatim. Bounded: the oldest entries go first. */
const secrets = new Set<string>();
/** Registered secrets shorter than `ANYWHERE_LENGTH`, as whole-token patterns. */
const shortSecrets = new Map<string, RegExp>();
/** `secrets`, longest first (a secret that holds a shorter one is removed whole); rebuilt on change. */
let ordered: string[] | undefined;
const MAX_SECRETS = 256;
/**
 * A registered secret this long is removed wherever it appears; a shorter one (a test token, a
 * short code: still a secret) where it stands as a token of its own (not inside a longer word),
 * so that "x" as a secret does not turn every "x" of a message into "[redacted]".
 */
const ANYWHERE_LENGTH = 8;
/** Characters of a word or token: a short secret next to one of these is part of something longer. */
const TOKEN_CHAR = 'A-Za-z0-9._~+/\\-';

/** Remember a secret value, of any length, so that `redact` removes it from any text. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (!v || secrets.has(v)) return;
  secrets.add(v);
  ordered = undefined;
  if (v.length < ANYWHERE_LENGTH) {
    const escaped = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    shortSecrets.set(v, new RegExp(`(?<![${TOKEN_CHAR}])${escaped}(?![${TOKEN_CHAR}])`, 'g'));
  }
  if (secrets.size > MAX_SECRETS) {
    const first = secrets.values().next().value;
    if (first !== undefined) {
      secrets.delete(first);
      shortSecrets.delete(first);
    }
  }
}

/** Test helper: forget registered secrets. */
export function clearRegisteredSecrets(): void {
  secrets.clear();
  ordered = undefined;
  shortSecrets.clear();
}

const QUERY_SECRET_NAMES = [
  'sig',
  'signature',
  'code',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'client_secret',
  'client_assertion',
  'code_verifier',
  'secret',
  'key',
  'apikey',
  'api-key',
  'api_key',
  'subscription-key',
  'password',
  'pwd',
  'sharedaccesskey',
  'accountkey',
  'connectionkey',
];

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // Authorization header / bearer tokens.
  [/\b(Bearer)(\s+)(?=[^\s"',;]*[0-9._~+/=-])[A-Za-z0-9\-._~+/]{8,}=*/gi, (_m, scheme, ws) => `${scheme}${ws}${REDACTED}`],
  [/\b(Basic)(\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}=*/g, (_m, scheme, ws) => `${scheme}${ws}${REDACTED}`],
  [/\b(SharedAccessSignature)(\s+)[^\s"',;]+/gi, (_m, scheme, ws) => `${scheme}${ws}${REDACTED}`],
  [/\b(Authorization|x-ms-authorization-auxiliary|Ocp-Apim-Subscription-Key)(\s*[:=]\s*)("?)[^\r\n"]+/gi, (_m, h, sep, q) => `${h}${sep}${q}${REDACTED}`],
  // JWTs: base64url header starting `{"` (eyJ), payload, signature (possibly empty).
  [/\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // Other three-part base64url tokens with long parts.
  [/\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\b/g, '[redacted-jwt]'],
  // Secret query parameters (also inside fragments and form bodies).
  [
    new RegExp(`([?&#;]|\\b)(${QUERY_SECRET_NAMES.map((n) => n.replace(/[-_]/g, '[-_]?')).join('|')})=([^&\\s"'#<>]+)`, 'gi'),
    (_m, pre, name) => `${pre}${name}=${REDACTED}`,
  ],
  // Percent-encoded secret query parameters inside another URL (redirect_uri=...%26sig%3D...).
  [/(%26|%3F)(sig|code|token|access_token|key|secret)%3D([^&\s"'%]|%(?!26))+/gi, (_m, pre, name) => `${pre}${name}%3D${REDACTED}`],
  // JSON fields holding secrets.
  [
    /("(?:connectionKey|accessToken|access_token|refreshToken|refresh_token|id_token|idToken|token|clientSecret|client_secret|secret|password|primaryKey|secondaryKey|sharedAccessKey|key|value_secret)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi,
    (_m, a, _v, c) => `${a}${REDACTED}${c}`,
  ],
];

/** Remove bearer tokens, JWTs, secret query values, connection keys and registered secrets. */
export function redact(text: unknown): string {
  let s = typeof text === 'string' ? text : text === undefined || text === null ? '' : safeString(text);
  if (!s) return s;
  ordered ??= [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (!s.includes(secret)) continue;
    const short = shortSecrets.get(secret);
    s = short ? s.replace(short, REDACTED) : s.split(secret).join(REDACTED);
  }
  for (const [re, replacement] of PATTERNS) {
    s = typeof replacement === 'string' ? s.replace(re, replacement) : s.replace(re, replacement as (...m: string[]) => string);
  }
  return s;
}

function safeString(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** Deep-redact every string inside a JSON-like value (for reports and results). */
export function redactDeep<T>(value: T): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, item] of Object.entries(v)) out[k] = walk(item);
    return out;
  };
  return walk(value) as T;
}

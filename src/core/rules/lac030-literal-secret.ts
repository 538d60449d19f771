import * as path from 'path';
import { hasPlaceholder, isDynamic } from '../expressions';
import { customApiResources } from '../customConnectors/definition';
import { addAppSettingEdit, scanTemplate } from '../expressionSyntax';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { getAt, isObject } from '../json/pointer';
import { stringTable, type StringTable } from '../json/walk';
import type { Project } from '../project';
import type { JsonPath, Severity } from '../types';
import { defineRule, fix, type RuleContext } from './rule';
import { StringMemo } from '../memo';

/** A secret found in a string value: where it is and how sure we are. */
interface SecretHit {
  /** Indexes of the secret inside the string value. */
  start: number;
  end: number;
  what: string;
  severity: Severity;
  /** Move the whole value (a literal connection string, a value that is only the secret). */
  whole: boolean;
  /** What the moved part is called where it is (`AccountKey`, `code`...): names the app setting. */
  label?: string;
}

export default defineRule({
  meta: {
    id: 'LAC030',
    name: 'literal-secret',
    defaultSeverity: 'error',
    description: 'Secrets committed in connections.json, parameters.json, workflow.json or a custom connector definition: keys in connection strings, client secrets, function or subscription keys, passwords, JWTs.',
    docs: {
      details:
        'connections.json, parameters.json and workflow.json are committed and deployed as they are: a storage or Service Bus key in a connection string, a client secret, a function or API Management key, a password or a connection key (a JWT) written there is readable by anyone with access to the repository or the deployment. ' +
        "Keep secrets in app settings (`local.settings.json` `Values` locally, which is not committed; app settings or Key Vault references in Azure) and reference them with `@appsetting('X')`. " +
        'Custom connector definitions are checked too: a real `clientSecret` in `apiProperties.json` or in the OAuth settings of a `Microsoft.Web/customApis` resource (placeholders such as `[[DUMMY]]`, empty values and template parameters are fine; give the secret at deployment: paconn\'s `--secret`, a `securestring` parameter). ' +
        'Not reported: expressions (`@appsetting(...)`, `@parameters(...)`, `@{...}`), Key Vault references (`@Microsoft.KeyVault(...)`), deployment placeholders (`#{x}#`, `${x}`, `__x__`, `$(x)`, `<enter-...>`), `UseDevelopmentStorage=true` and the storage emulator key, empty or obviously dummy values, secure ARM template parameters, and local.settings.json itself. ' +
        'A value under a secret-looking name (`clientSecret`, `password`, `subscriptionKey`, `apiKey`...) must also look like a real secret (long, random); passwords and loosely named keys are warnings. ' +
        "The quick fix (Standard projects) moves the literal into local.settings.json under a derived name such as `serviceBus_connectionString` and writes `@appsetting('serviceBus_connectionString')` in its place; remember to create the same app setting in Azure.",
      bad: {
        file: 'connections.json',
        code: '{\n  "serviceProviderConnections": {\n    "serviceBus": {\n      "parameterValues": {\n        "connectionString": "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=q8Vd3kZ0pLr7T2mXyB5nW9cH1sJ4fG6aE0uQzR+Ko3M="\n      },\n      "serviceProvider": { "id": "/serviceProviders/serviceBus" }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: "{\n  \"serviceProviderConnections\": {\n    \"serviceBus\": {\n      \"parameterValues\": {\n        \"connectionString\": \"@appsetting('serviceBus_connectionString')\"\n      },\n      \"serviceProvider\": { \"id\": \"/serviceProviders/serviceBus\" }\n    }\n  }\n}",
      },
    },
    fixable: true,
  },
  check(ctx) {
    const project = ctx.project;
    const files: JsonFile[] = [];
    if (project.connections) files.push(project.connections);
    if (project.parameters) files.push(project.parameters);
    files.push(...project.workflows);
    // Custom connector definitions (apiProperties.json; customApis resources are in the templates above).
    if (project.apiProperties) files.push(project.apiProperties);
    const standard = project.kind === 'standard';
    const ls = project.localSettings;
    const lsValues = ls && isObject(ls.value) && isObject(ls.value.Values) ? ls.value.Values : ls ? undefined : {};
    // Names given out by this run, so that two fixes applied together do not collide.
    const taken = new Map<string, string>();
    for (const file of files) {
      const root = file.value;
      if (root === null || typeof root !== 'object') continue;
      const secureParams = file.kind === 'armTemplate' ? secureTemplateParameters(root) : undefined;
      const table = stringTable(root);
      const { values, keys } = table;
      for (let i = 0; i < values.length; i++) {
        const s = values[i];
        if (s.length < 6) continue;
        // Paths are built only for findings: the first two segments are read without the path (any depth).
        if (secureParams && table.segment(i, 0) === 'parameters') {
          const param = table.segment(i, 1);
          if (typeof param === 'string' && secureParams.has(param)) continue;
        }
        const name = file.kind === 'parameters' ? (table.depthOf(i) === 2 && table.segment(i, 1) === 'value' ? table.segment(i, 0) : keys[i]) : keys[i];
        // No closure here: one created per string (it would capture `i`) costs an allocation per string.
        const hit = findSecret(s, typeof name === 'string' ? name : undefined, root, table, i);
        if (hit) reportSecret(ctx, file, table.pathOf(i), s, hit, taken, standard && file.kind !== 'armTemplate' ? lsValues : undefined);
      }
    }
  },
});

/** Report a secret, with the fix that moves it to local.settings.json when it can be moved. */
function reportSecret(ctx: RuleContext, file: JsonFile, kept: JsonPath, s: string, hit: SecretHit, taken: Map<string, string>, lsValues: Record<string, unknown> | undefined): void {
  const project = ctx.project;
  const canFix = lsValues !== undefined && inLiteralText(s, hit);
  const setting = canFix ? settingName(file, kept, hit, lsValues, taken, hit.whole ? s : s.slice(hit.start, hit.end)) : undefined;
  ctx.report({
    file,
    path: kept,
    severity: hit.severity,
    message: inConnectorDefinition(file, kept)
      ? `${hit.what} committed in ${path.basename(file.path)}: anyone who can read the repository can use it. Leave a placeholder in the connector definition and give the secret when it is deployed (paconn's --secret, a securestring template parameter).`
      : `${hit.what} committed in ${path.basename(file.path)}: anyone who can read the repository can use it. Keep it in an app setting (local.settings.json locally, app settings or Key Vault in Azure) and reference it with @appsetting().`,
    fixes: setting ? () => [moveFix(project, file, kept, s, hit, setting)] : undefined,
  });
}

/** Paths of a template's customApis resources, found once per parsed file (not per finding). */
const customApiPaths = new WeakMap<JsonFile, JsonPath[]>();

/** apiProperties.json, or a `Microsoft.Web/customApis` resource of a template: a custom connector's definition. */
function inConnectorDefinition(file: JsonFile, at: JsonPath): boolean {
  if (file.kind === 'apiProperties') return true;
  if (file.kind !== 'armTemplate' || !isObject(file.value)) return false;
  let paths = customApiPaths.get(file);
  if (!paths) customApiPaths.set(file, (paths = customApiResources(file.value).map((r) => r.path)));
  return paths.some((p) => p.length <= at.length && p.every((seg, i) => seg === at[i]));
}

// ---------------------------------------------------------------------------------------------
// Detection

const PEM_RE = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[A-Za-z0-9+/=\s\\n:,-]{64,}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const JWT_RE = /eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{16,}/g;
/** The shortest text JWT_RE matches (3+6+1+3+6+1+16); PEM_RE needs far more. */
const JWT_MIN_LENGTH = 36;
/** `Key=value` members of connection strings (Storage, Service Bus, Event Hubs, Cosmos DB, SQL, Dataverse...). */
const CONN_RE = /(?:^|[;'])\s*(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret)=([^;'"]*)/dgi;
/** Secrets in URL query strings: function keys, SAS signatures, API keys. */
const QUERY_RE = /[?&](code|sig|signature|subscription-key|api-key|apikey|api_key|access_token|client_secret|password)=([^&#\s'"]+)/dgi;
/** The storage emulator's well-known key is public. */
const EMULATOR_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

type KeyClass = 'password' | 'secret' | 'loose' | 'authorization' | 'authValue';

const CLEAR_SUFFIXES = [
  'secret',
  'apikey',
  'accesskey',
  'accountkey',
  'subscriptionkey',
  'functionkey',
  'functionskey',
  'functionappkey',
  'hostkey',
  'masterkey',
  'adminkey',
  'sharedaccesskey',
  'connectionkey',
  'storagekey',
  'privatekey',
  'sastoken',
  'accesstoken',
  'refreshtoken',
  'bearertoken',
];

const keyClassCache = new StringMemo<KeyClass | undefined>(classifyKey, 10_000);

/** What a property name says about its value. */
function keyClass(key: string | undefined): KeyClass | undefined {
  if (key === undefined) return undefined;
  return keyClassCache.get(key);
}

function classifyKey(key: string): KeyClass | undefined {
  let c: KeyClass | undefined;
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'authorization' || k === 'proxyauthorization') c = 'authorization';
  else if (k === 'value' || k === 'parameter') c = 'authValue';
  else if (k === 'pwd' || k === 'passphrase' || k.endsWith('password') || k.endsWith('passwd')) c = 'password';
  else if (k === 'pfx' || CLEAR_SUFFIXES.some((x) => k.endsWith(x))) c = 'secret';
  else if (k === 'key' || k === 'code' || k === 'token' || k === 'sig' || k === 'signature' || k.endsWith('key') || k.endsWith('token')) c = 'loose';
  return c;
}

const DUMMY_PARTS = ['xxxx', 'your', 'example', 'sample', 'dummy', 'placeholder', 'changeme', 'change-me', 'change_me', 'replace', 'todo', 'fake', 'redacted', 'here', 'insert', 'enter-', 'enter_', '****', '....', 'any-', 'test', 'secret', 'password'];
const DUMMY_EXACT = new Set(['pass', 'admin', 'none', 'null', 'undefined', 'string', 'securestring', 'secureobject', 'value', 'empty', 'n/a', 'tbd', 'abc123', '123456', '12345678', 'p@ssw0rd', 'pa$$w0rd', 'p@$$w0rd', 'letmein', 'qwerty', 'true', 'false']);

/** Placeholders, expressions and the usual dummies: never a secret. */
function isDummy(v: string): boolean {
  const l = v.toLowerCase();
  if (DUMMY_EXACT.has(l) || /^(.)\1*$/.test(l) || /^(0123456789?|123456789?0?|abcdefgh?i?)$/.test(l)) return true;
  return DUMMY_PARTS.some((d) => l.includes(d));
}

function notLiteral(v: string): boolean {
  return v === '' || v[0] === '@' || v.includes('@{') || isDynamic(v) || hasPlaceholder(v) || v.startsWith('[') || /^\{.*\}$/.test(v) || /^<.*>$/.test(v);
}

function entropy(v: string): number {
  const counts = new Map<string, number>();
  for (const ch of v) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / v.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function charClasses(v: string): number {
  return (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/[0-9]/.test(v) ? 1 : 0) + (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A key, token or client secret that looks machine-generated: long, one token of key
 * characters, letters and digits mixed, high entropy. `strict` asks for more (loose names).
 */
function looksLikeKey(v: string, strict: boolean): boolean {
  if (v.length < (strict ? 20 : 16) || v.length > 8192) return false;
  if (!/^[A-Za-z0-9+/=_\-.~]+$/.test(v) || GUID_RE.test(v) || /^\d+$/.test(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  // Loose names (`key`, `code`, `token`...) also hold ids and codes: ask for mixed case and no long words.
  if (strict && (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || /[a-z]{8}/.test(v))) return false;
  if (/^[a-z]+(?:[._-][a-z0-9]+)+$/i.test(v) && !/[0-9].*[0-9].*[0-9]/.test(v)) return false; // dotted or dashed identifiers
  if (charClasses(v) < (strict ? 3 : 2) || entropy(v) < (strict ? 3.5 : 3.0)) return false;
  return !isDummy(v);
}

/** A password-like literal: error when it is long and random, warning when it merely could be real. */
function passwordSeverity(v: string): Severity | undefined {
  const t = v.trim();
  if (t.length < 6 || t.length > 256 || notLiteral(t) || isDummy(t) || /\s\S+\s/.test(t)) return undefined;
  return t.length >= 12 && charClasses(t) >= 3 && entropy(t) >= 3.3 ? 'error' : 'warning';
}

function base64urlJson(seg: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function findJwt(s: string): SecretHit | undefined {
  if (s.indexOf('eyJ') === -1) return undefined;
  JWT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = JWT_RE.exec(s)) !== null) {
    const [h, p] = m[0].split('.');
    const header = base64urlJson(h);
    if (!header || (!('alg' in header) && !('typ' in header))) continue;
    const payload = base64urlJson(p);
    if (payload && payload.sub === '1234567890' && payload.name === 'John Doe') continue; // the jwt.io sample
    return { start: m.index, end: m.index + m[0].length, what: 'A token (JWT)', severity: 'error', whole: s.trim() === m[0] };
  }
  return undefined;
}

function findInConnectionString(s: string): SecretHit | undefined {
  if (s.indexOf(';') === -1 || s.indexOf('=') === -1) return undefined;
  const literal = s.indexOf('@') === -1;
  CONN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONN_RE.exec(s)) !== null) {
    const name = m[1].toLowerCase();
    const raw = m[2];
    const v = raw.trim();
    if (notLiteral(v)) continue;
    const [from] = m.indices![2]!;
    const start = from + raw.indexOf(v);
    const hit = (what: string, severity: Severity): SecretHit => ({ start, end: start + v.length, what, severity, whole: literal, label: m![1] });
    if (name === 'accountkey' || name === 'sharedaccesskey') {
      if (v === EMULATOR_KEY || !/^[A-Za-z0-9+/]{20,}={0,2}$/.test(v) || !looksLikeKey(v, false)) continue;
      return hit(name === 'accountkey' ? 'An account key in a connection string' : 'A shared access key in a connection string', 'error');
    }
    if (name === 'sharedaccesssignature') {
      const sig = /(?:^|&|\s)sig=([^&\s]+)/.exec(v);
      if (sig && sig[1].length >= 20) return hit('A shared access signature in a connection string', 'error');
      continue;
    }
    if (name === 'clientsecret' && looksLikeKey(v, false)) return hit('A client secret in a connection string', 'error');
    const sev = passwordSeverity(v);
    if (sev) return hit(name === 'clientsecret' ? 'A client secret in a connection string' : 'A password in a connection string', sev);
  }
  return undefined;
}

function findInQuery(s: string): SecretHit | undefined {
  if (s.indexOf('=') === -1 || (s.indexOf('?') === -1 && s.indexOf('&') === -1)) return undefined;
  QUERY_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUERY_RE.exec(s)) !== null) {
    const name = m[1].toLowerCase();
    const raw = m[2];
    if (notLiteral(raw) || raw.includes('@')) continue;
    let v = raw;
    try {
      v = decodeURIComponent(raw);
    } catch {
      // keep it as written
    }
    const [start, end] = m.indices![2]!;
    if (name === 'password') {
      const sev = passwordSeverity(v);
      if (sev) return { start, end, what: 'A password in a URL', severity: sev, whole: false, label: m[1] };
      continue;
    }
    if (!looksLikeKey(v, false)) continue;
    const what = name === 'code' ? 'A function key in a URL' : name === 'sig' || name === 'signature' ? 'A shared access signature in a URL' : 'A key in a URL';
    return { start, end, what, severity: 'error', whole: false, label: m[1] };
  }
  return undefined;
}

/** Decoded text with no control characters and no invalid UTF-8: really `user:password`. */
function isPrintable(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 32 || c === 0xfffd) return false;
  }
  return true;
}

/** `Bearer <token>` / `Basic <base64 user:password>`. */
function findInAuthorization(s: string): SecretHit | undefined {
  const bearer = /^(\s*Bearer\s+)(\S+)\s*$/i.exec(s);
  if (bearer) {
    const v = bearer[2];
    if (notLiteral(v) || !looksLikeKey(v, true)) return undefined;
    const start = bearer[1].length;
    return { start, end: start + v.length, what: 'A bearer token', severity: 'warning', whole: false };
  }
  const basic = /^(\s*Basic\s+)([A-Za-z0-9+/]+={0,2})\s*$/i.exec(s);
  if (basic) {
    const decoded = Buffer.from(basic[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || !isPrintable(decoded)) return undefined;
    const sev = passwordSeverity(decoded.slice(colon + 1));
    if (!sev) return undefined;
    const start = basic[1].length;
    return { start, end: start + basic[2].length, what: 'A Basic authentication password', severity: sev, whole: false };
  }
  return undefined;
}

/**
 * The secret in a string value, judged by its text and the name of the property holding it.
 * The object holding the string (`root` at the parent of `table.pathOf(i)`) is looked up only
 * for `value` / `parameter` members.
 */
function findSecret(s: string, key: string | undefined, root: unknown, table: StringTable, i: number): SecretHit | undefined {
  // Under a name that says nothing (nearly every string), the verdict depends on the text alone.
  if (keyClass(key) === undefined) return textSecret(s);
  return judgeSecret(s, key, root, table, i);
}

/**
 * `judgeSecret` for a name that says nothing, remembered per text: a workflow repeats the same
 * URIs, expressions and names in every action. Hits are shared: they must not be changed.
 * Long texts (certificates, bodies) are judged each time rather than kept.
 */
function textSecret(s: string): SecretHit | undefined {
  // Without a name, a secret is a JWT, a private key, or a `Key=value` in a connection string or
  // a query: no `=` and too short for the other two (JWT_MIN_LENGTH) is nothing, decided with
  // one single-character search before any lookup (most strings of a workflow stop here).
  if (s.indexOf('=') === -1 && (s.length < JWT_MIN_LENGTH || (s.indexOf('eyJ') === -1 && s.indexOf('PRIVATE KEY-----') === -1))) return undefined;
  return textSecretCache.get(s);
}

const textSecretCache = new StringMemo<SecretHit | undefined>((s) => judgeSecret(s, undefined, undefined, undefined, -1));

function judgeSecret(s: string, key: string | undefined, root: unknown, table: StringTable | undefined, i: number): SecretHit | undefined {
  const jwt = findJwt(s);
  if (jwt) return jwt;
  if (s.indexOf('PRIVATE KEY-----') !== -1) {
    const m = PEM_RE.exec(s);
    if (m) {
      const t = s.trim();
      return { start: m.index, end: m.index + m[0].length, what: 'A private key', severity: 'error', whole: t.startsWith('-----BEGIN') && t.endsWith('-----') };
    }
  }
  let cls = keyClass(key);
  if (cls === 'authorization') {
    const a = findInAuthorization(s);
    if (a) return a;
  } else if (cls === 'authValue') {
    // `authentication: { type: "Raw" | "QueryString", value | parameter }` holds a key; elsewhere `value` means nothing.
    cls = undefined;
    if (s.length >= 16 && !notLiteral(s)) {
      const p = getAt(root, table!.pathOf(i).slice(0, -1)); // there is a table when there is a key
      const type = isObject(p) && typeof p.type === 'string' ? p.type.toLowerCase() : '';
      if (type === 'raw' || type === 'querystring') {
        const a = findInAuthorization(s);
        if (a) return a;
        cls = 'secret';
      }
    }
  }
  if (s.indexOf('=') !== -1) {
    const c = findInConnectionString(s) ?? findInQuery(s);
    if (c) return c;
  }
  if (cls === 'password') {
    const sev = passwordSeverity(s);
    if (sev) return { start: 0, end: s.length, what: `A password ("${key}")`, severity: sev, whole: true };
  } else if (cls === 'secret' || cls === 'loose') {
    const v = s.trim();
    if (notLiteral(v)) return undefined;
    if (key?.toLowerCase() === 'pfx') {
      if (v.length >= 200 && /^[A-Za-z0-9+/=\s]+$/.test(v)) return { start: 0, end: s.length, what: 'A certificate with its private key ("pfx")', severity: 'error', whole: true };
      return undefined;
    }
    if (looksLikeKey(v, cls === 'loose')) {
      return { start: 0, end: s.length, what: `A secret ("${key}")`, severity: cls === 'secret' ? 'error' : 'warning', whole: true };
    }
  }
  return undefined;
}

/** Names of `securestring` / `secureobject` parameters of an ARM template. */
function secureTemplateParameters(root: object): Set<string> {
  const out = new Set<string>();
  const params = (root as Record<string, unknown>).parameters;
  if (!isObject(params)) return out;
  for (const [name, def] of Object.entries(params)) {
    if (isObject(def) && typeof def.type === 'string' && def.type.toLowerCase().startsWith('secure')) out.add(name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fix: move the literal into local.settings.json and reference it

/** The secret is in literal text, not inside an expression (where `@{...}` cannot go). */
function inLiteralText(s: string, hit: SecretHit): boolean {
  if (s.indexOf('@') === -1) return true;
  for (const e of scanTemplate(s)) {
    if (e.error) return false;
    if (hit.start < e.end && hit.end > e.start) return false;
  }
  return true;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
}

/** A setting name derived from where the secret is: `<connection>_<parameter>`, `<parameter>`, `<action>_<property>`. */
function baseName(file: JsonFile, p: JsonPath, label: string | undefined): string {
  const last = label ?? [...p].reverse().find((x): x is string => typeof x === 'string') ?? 'secret';
  if (file.kind === 'connections') {
    const conn = typeof p[1] === 'string' ? p[1] : undefined;
    if (!conn) return last;
    if (p[0] === 'managedApiConnections' && p[2] === 'authentication' && p[3] === 'parameter') return `${conn}-connectionKey`;
    if (p[0] === 'functionConnections' && p[2] === 'authentication' && p[3] === 'value') return `${conn}_functionAppKey`;
    return `${conn}_${last}`;
  }
  if (file.kind === 'parameters') {
    const param = String(p[0]);
    return p.length === 2 ? param : `${param}_${last}`;
  }
  const inputs = p.lastIndexOf('inputs');
  const owner = inputs > 0 ? String(p[inputs - 1]) : path.basename(path.dirname(file.path));
  return `${owner}_${last}`;
}

/**
 * A free setting name: the derived one, or with `_2`, `_3`... when local.settings.json or another
 * finding of this run already uses it for a different value (the same value shares the name).
 */
function settingName(file: JsonFile, p: JsonPath, hit: SecretHit, values: Record<string, unknown>, taken: Map<string, string>, value: string): string {
  const base = sanitize(baseName(file, p, hit.whole ? undefined : hit.label)) || 'secret';
  const existing = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    const k = name.toLowerCase();
    if (existing.has(k) && existing.get(k) !== value) continue;
    if (taken.has(k) && taken.get(k) !== value) continue;
    taken.set(k, value);
    return name;
  }
}

function moveFix(project: Project, file: JsonFile, p: JsonPath, s: string, hit: SecretHit, setting: string) {
  const ls = project.localSettings;
  const secret = hit.whole ? s : s.slice(hit.start, hit.end);
  const replacement = hit.whole ? `@appsetting('${setting}')` : `${s.slice(0, hit.start)}@{appsetting('${setting}')}${s.slice(hit.end)}`;
  const values = ls && isObject(ls.value) && isObject(ls.value.Values) ? ls.value.Values : {};
  const same = Object.entries(values).find(([k]) => k.toLowerCase() === setting.toLowerCase());
  const edits = [setValue(file, p, replacement)];
  if (!same) edits.push(addAppSettingEdit(project.root, ls, setting, secret));
  return fix(`Move the secret to app setting "${setting}" (local.settings.json)`, edits, true);
}

import { hasPlaceholder, isExpression, wholeRef } from '../expressions';
import { isObject } from '../json/pointer';
import { appSettings } from '../project';
import { defineRule } from './rule';

/** The clock the rule reads: tests replace `clock.now`. */
export const clock = { now: (): number => Date.now() };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The `exp` claim (seconds since the epoch) of a JWT, or undefined when the value is not a JWT with one. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return undefined;
    const exp = payload.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** "3 days", "5 hours", "12 minutes": the largest unit that fits. */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  const unit = (n: number, u: string): string => `${n} ${u}${n === 1 ? '' : 's'}`;
  if (abs >= DAY_MS) return unit(Math.floor(abs / DAY_MS), 'day');
  if (abs >= 3600_000) return unit(Math.floor(abs / 3600_000), 'hour');
  if (abs >= 60_000) return unit(Math.floor(abs / 60_000), 'minute');
  return 'less than a minute';
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export default defineRule({
  meta: {
    id: 'LAC050',
    name: 'connection-key-expiry',
    defaultSeverity: 'error',
    description: 'A local connection key (`<name>-connectionKey` in local.settings.json) has expired (error) or expires within 24 hours (warning).',
    docs: {
      details:
        'For local runs, a managed API connection authenticates with `"authentication": {"type": "Raw", "scheme": "Key", "parameter": "@appsetting(\'<name>-connectionKey\')"}`. The key is a JWT that the designer gets from `listConnectionKeys`, valid for 7 days by default; once it expires every call through the connection fails with 401 "Lifetime validation failed", and nothing says why. The rule decodes the key\'s `exp` claim (nothing is sent anywhere) and reports the expiry time in UTC. Get a new key by opening the workflow in the designer (or calling `listConnectionKeys`). Values that are not JWTs, expressions and placeholders are ignored.',
      bad: {
        file: 'local.settings.json',
        code: '{\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDQwNjcyMDB9.c2lnbmF0dXJl"\n  }\n}\n// exp 1704067200 = 2024-01-01T00:00:00Z: expired',
      },
      good: {
        file: 'local.settings.json',
        code: '{\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"\n  }\n}\n// exp 4102444800 = 2100-01-01T00:00:00Z',
      },
    },
    fixable: false,
  },
  check(ctx) {
    const ls = ctx.project.localSettings;
    const values = appSettings(ctx.project);
    if (!ls || !values || !isObject(ls.value)) return;
    // Encrypted settings cannot be read.
    if (ls.value.IsEncrypted === true) return;

    // The keys by naming convention, and any setting a Raw-key managed connection reads.
    const names = new Set(Object.keys(values).filter((k) => /-connectionKey$/i.test(k)));
    const managed = isObject(ctx.project.connections?.value) ? ctx.project.connections.value.managedApiConnections : undefined;
    if (isObject(managed) && ctx.project.connections) {
      for (const [name, entry] of Object.entries(managed)) {
        if (!isObject(entry)) continue;
        const auth = ctx.resolve(ctx.project.connections, ['managedApiConnections', name, 'authentication'], entry.authentication).value;
        if (!isObject(auth) || typeof auth.type !== 'string' || auth.type.toLowerCase() !== 'raw' || typeof auth.parameter !== 'string') continue;
        const ref = wholeRef(auth.parameter);
        if (ref?.fn === 'appsetting' && Object.prototype.hasOwnProperty.call(values, ref.name)) names.add(ref.name);
      }
    }

    const now = clock.now();
    for (const name of names) {
      const v = values[name];
      if (typeof v !== 'string' || v === '' || isExpression(v) || hasPlaceholder(v)) continue;
      const exp = jwtExpiry(v);
      if (exp === undefined) continue;
      const expMs = exp * 1000;
      const when = isoUtc(expMs);
      if (expMs <= now) {
        ctx.report({
          file: ls,
          path: ['Values', name],
          severity: 'error',
          message: `The connection key '${name}' expired at ${when} (${humanDuration(now - expMs)} ago): calls through this connection fail with 401 "Lifetime validation failed". Get a new key (open the workflow in the designer, or call listConnectionKeys).`,
        });
      } else if (expMs - now < DAY_MS) {
        ctx.report({
          file: ls,
          path: ['Values', name],
          severity: 'warning',
          message: `The connection key '${name}' expires at ${when} (in ${humanDuration(expMs - now)}); local runs will then fail with 401 "Lifetime validation failed". Get a new key soon.`,
        });
      }
    }
  },
});

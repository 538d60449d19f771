import { hasPlaceholder, isExpression } from '../expressions';
import { removeValue } from '../json/edits';
import { isObject } from '../json/pointer';
import { managedEntries } from '../connections/entries';
import { entryAuth, isConnectionKeyName, LOCAL_AUTH_SETTING, localAuthMode } from '../localAuth';
import { appSettings } from '../project';
import { defineRule, fix } from './rule';

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
    description: 'A local connection key (`<name>-connectionKey` in local.settings.json) has expired (error) or expires within 24 hours (warning); in managed-identity mode, a key no connection uses (hint).',
    docs: {
      details:
        'In key mode (see LAC013: local.settings.json without `"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"`), a managed API connection authenticates locally with `"authentication": {"type": "Raw", "scheme": "Key", "parameter": "@appsetting(\'<name>-connectionKey\')"}`. The key is a JWT from `listConnectionKeys`, valid for 7 days by default; once it expires every call through the connection fails with 401 "Lifetime validation failed", and nothing says why. The rule decodes the key\'s `exp` claim (nothing is sent anywhere) and reports the expiry time in UTC. Get a new key with *Refresh Connection Key* (the editor: the connection\'s context menu or the command palette) or `lac connections keys refresh <project> <connection>`; opening the workflow in the designer does it too. Values that are not JWTs, expressions and placeholders are ignored.\n\n' +
        'In managed-identity mode (`"WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity"`) managed connections use no key: a `*-connectionKey` setting that no `Raw` connection reads is a leftover, reported as a hint (shown faded) with a fix that removes it. The official extension stores no key in this mode (Azure/LogicAppsUX `connection.ts`, `getConnectionReference`). A key a `Raw` connection still reads is checked for expiry as in key mode.',
      bad: {
        file: 'local.settings.json',
        code: '{\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDQwNjcyMDB9.c2lnbmF0dXJl"\n  }\n}\n// exp 1704067200 = 2024-01-01T00:00:00Z: expired',
      },
      good: {
        file: 'local.settings.json',
        code: '{\n  "IsEncrypted": false,\n  "Values": {\n    "office365-connectionKey": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"\n  }\n}\n// exp 4102444800 = 2100-01-01T00:00:00Z',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const ls = ctx.project.localSettings;
    const values = appSettings(ctx.project);
    if (!ls || !values || !isObject(ls.value)) return;
    // Encrypted settings cannot be read.
    if (ls.value.IsEncrypted === true) return;

    // The keys by naming convention, and any setting a Raw-key managed connection reads (with the
    // connection that reads it, for messages).
    const names = new Set(Object.keys(values).filter((k) => isConnectionKeyName(k)));
    const readBy = new Map<string, string>();
    for (const [name, entry] of managedEntries(ctx.project.connections)) {
      const auth = entryAuth(ctx.project, entry);
      if (auth.kind !== 'key' || !auth.setting) continue;
      const key = Object.prototype.hasOwnProperty.call(values, auth.setting) ? auth.setting : Object.keys(values).find((k) => k.toLowerCase() === auth.setting!.toLowerCase());
      if (key === undefined) continue;
      names.add(key);
      if (!readBy.has(key.toLowerCase())) readBy.set(key.toLowerCase(), name);
    }
    const msi = localAuthMode(ctx.project).mode === 'msi';

    const now = clock.now();
    for (const name of names) {
      const v = values[name];
      if (msi && !readBy.has(name.toLowerCase())) {
        // Managed-identity mode: no connection reads this key.
        ctx.report({
          file: ls,
          path: ['Values', name],
          key: true,
          severity: 'hint',
          tags: ['unnecessary'],
          message: `The connection key '${name}' is not used in managed-identity mode (${LOCAL_AUTH_SETTING} is managedServiceIdentity and no connection reads it): remove it.`,
          fixes: () => [fix(`Remove '${name}' from local.settings.json`, [removeValue(ls, ['Values', name])])],
        });
        continue;
      }
      if (typeof v !== 'string' || v === '' || isExpression(v) || hasPlaceholder(v)) continue;
      const exp = jwtExpiry(v);
      if (exp === undefined) continue;
      const expMs = exp * 1000;
      const when = isoUtc(expMs);
      const connection = readBy.get(name.toLowerCase()) ?? name.replace(/-connectionKey$/i, '');
      const refresh = `Refresh Connection Key on "${connection}" in the editor, or lac connections keys refresh <project> ${connection}`;
      if (expMs <= now) {
        ctx.report({
          file: ls,
          path: ['Values', name],
          severity: 'error',
          message: `The connection key '${name}' expired at ${when} (${humanDuration(now - expMs)} ago): calls through this connection fail with 401 "Lifetime validation failed". Get a new key: ${refresh}.`,
        });
      } else if (expMs - now < DAY_MS) {
        ctx.report({
          file: ls,
          path: ['Values', name],
          severity: 'warning',
          message: `The connection key '${name}' expires at ${when} (in ${humanDuration(expMs - now)}); local runs will then fail with 401 "Lifetime validation failed". Get a new key soon: ${refresh}.`,
        });
      }
    }
  },
});

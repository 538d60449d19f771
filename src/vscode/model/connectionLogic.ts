// Pure (no `vscode` import): decisions of the connection commands, tested in Node.
import type { TestStatus } from '../../core/azure/test';

export type TestButton = 'authorize' | 'portal' | 'diagnose';

/** The buttons a test result offers: Authorize… when signing in again can help, the portal and Diagnose always. */
export function buttonsFor(status: TestStatus): TestButton[] {
  if (status === 'connected') return [];
  const out: TestButton[] = [];
  if (status === 'unauthenticated' || status === 'forbidden' || status === 'error') out.push('authorize');
  out.push('portal', 'diagnose');
  return out;
}

/** How loudly a result is reported: information when it works, a warning for slow or throttled answers, else an error. */
export function severityOf(status: TestStatus): 'info' | 'warning' | 'error' {
  if (status === 'connected') return 'info';
  return status === 'unreachable' || status === 'throttled' ? 'warning' : 'error';
}

/** The path of the consent redirect handled by the extension's URI handler. */
export const CONSENT_PATH = '/consent';

/** The one-time state of a consent redirect (its `state` query parameter), when it is the consent path. */
export function consentStateOf(uri: { path: string; query: string }): string | undefined {
  if (uri.path.replace(/\/+$/, '') !== CONSENT_PATH) return undefined;
  const state = new URLSearchParams(uri.query).get('state');
  return state && /^[A-Za-z0-9_-]{16,128}$/.test(state) ? state : undefined;
}

/**
 * A redirect the URI handler received, as the URL string `parseConsentRedirect` reads. VS Code
 * hands over the query percent-decoded (and its `Uri.toString()` would encode every `=` and `&`),
 * so the query is used as received, with only `%`, `+` and `#` escaped again: a code keeps a `+`
 * or `%` it had.
 */
export function redirectUrlOf(uri: { scheme: string; authority: string; path: string; query: string; fragment: string }): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\+/g, '%2B').replace(/#/g, '%23');
  return `${uri.scheme}://${uri.authority}${uri.path}${uri.query ? `?${escape(uri.query)}` : ''}${uri.fragment ? `#${escape(uri.fragment)}` : ''}`;
}

/** "in 7 days" / "in 5 hours" / "already expired" for an ISO expiry. */
export function timeLeft(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'already expired';
  const hours = Math.round(ms / 3600_000);
  return hours >= 48 ? `in ${Math.round(hours / 24)} days` : `in ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Path segments of a read-only Azure document for a connection id: `/kind/subscription/group/name.ext`. */
export function azureDocPath(kind: 'diagnosis' | 'json' | 'definition', parts: { subscriptionId: string; resourceGroup: string; name: string }, ext: 'md' | 'json'): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|#%\s]+/g, '-');
  return `/${kind}/${clean(parts.subscriptionId)}/${clean(parts.resourceGroup)}/${clean(parts.name)}.${ext}`;
}

const HIDDEN = '[not shown]';
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Replace every leaf value of a JSON value (keeping its keys). */
function hideLeaves(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hideLeaves);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hideLeaves(x)]));
  return v === null || v === undefined ? v : HIDDEN;
}

/**
 * A connection resource for Show JSON: parameter values (`parameterValues`, `customParameterValues`,
 * `parameterValueSet.values`, which may hold connection strings or keys) keep their names, never
 * their values. The caller still
 * redacts the result.
 */
export function withoutParameterValues(resource: unknown): unknown {
  if (!isObj(resource)) return resource;
  const out: Json = { ...resource };
  const props = isObj(out.properties) ? { ...out.properties } : undefined;
  if (props) {
    for (const k of Object.keys(props)) {
      const lower = k.toLowerCase();
      if (lower === 'parametervalues' || lower === 'customparametervalues') props[k] = hideLeaves(props[k]);
      else if (lower === 'parametervalueset' && isObj(props[k])) {
        const set = { ...(props[k] as Json) };
        for (const sk of Object.keys(set)) if (sk.toLowerCase() === 'values') set[sk] = hideLeaves(set[sk]);
        props[k] = set;
      }
    }
    out.properties = props;
  }
  return out;
}

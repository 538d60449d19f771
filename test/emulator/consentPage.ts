/**
 * The emulator's own consent page, so that Authorize completes offline (`npm start`, the e2e
 * suite, `npm run emulator`): with `EmulatorData.localConsentPage`, `listConsentLinks` answers
 * links to `{origin}/_emulator/consent?data=…` instead of the consent service's
 * `https://logic-apis-<region>.consent.azure-apim.net/login?data=…`. The page names the connection
 * and the fake user; **Allow** redirects the browser to the redirect URL the caller registered
 * with `code=<FIXTURE.validConsentCode>` appended, **Cancel** with `error=access_denied`, as an
 * OAuth authorization endpoint does (RFC 6749 §4.1.2 and §4.1.2.1), which is how the consent
 * service hands the code back (the product then calls `confirmConsentCode`:
 * azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/stable/2016-06-01/logicAppsManagementClient.json`,
 * `Connections_ConfirmConsentCode`).
 *
 * Its root (`GET /`) lists the sign-ins waiting: code-server opens a loopback link through its port
 * proxy (`/proxy/<port>/`) without the link's path and query, and lands there.
 *
 * Not ARM: no bearer token (a browser opens it), never part of a real Azure answer.
 */
import type { Reply } from './arm';
import { VALID_CONSENT_CODE } from './data';
import type { EmulatorData } from './types';

export const CONSENT_PAGE_PATH = '/_emulator/consent';

interface ConsentData {
  connectionId: string;
  parameterName: string;
  redirectUrl: string;
}

/** The `data` parameter of a consent link (the emulator's own encoding: base64url JSON). */
export function encodeConsentData(d: ConsentData): string {
  return Buffer.from(JSON.stringify(d)).toString('base64url');
}

function decodeConsentData(raw: string | null): ConsentData | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ConsentData>;
    if (typeof v.connectionId !== 'string' || typeof v.redirectUrl !== 'string') return undefined;
    return { connectionId: v.connectionId, parameterName: typeof v.parameterName === 'string' ? v.parameterName : 'token', redirectUrl: v.redirectUrl };
  } catch {
    return undefined;
  }
}

const html = (status: number, body: string): Reply => ({
  status,
  raw: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local ARM emulator: consent</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}.fake{background:#fff4ce;border:1px solid #c19c00;padding:.5rem 1rem}a.button{display:inline-block;padding:.5rem 1.25rem;margin-right:1rem;border-radius:4px;text-decoration:none;border:1px solid #0f6cbd}a.allow{background:#0f6cbd;color:#fff}</style></head><body>${body}</body></html>`,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
});

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The redirect URL with `params` added to its query (a fragment stays after it). */
function withParams(redirectUrl: string, params: Record<string, string>): string | undefined {
  let u: URL;
  try {
    u = new URL(redirectUrl);
  } catch {
    return undefined;
  }
  // Never a script: http(s) (the CLI's address, code-server's /callback) or an editor's own scheme (vscode://…).
  if (/^(javascript|data|file|blob|about):$/i.test(u.protocol)) return undefined;
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** The connection a consent's data names, if the emulator has it. */
function connectionOf(data: EmulatorData, d: ConsentData) {
  return data.connections.find((c) => `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Web/connections/${c.name}`.toLowerCase() === d.connectionId.toLowerCase());
}

/** One sign-in: what asks, as whom, and its two buttons (links relative to `base`, so they work behind a path prefix too). */
function signInBlock(data: EmulatorData, raw: string, base: string, first: boolean): string | undefined {
  const d = decodeConsentData(raw);
  const connection = d && connectionOf(data, d);
  if (!d || !connection) return undefined;
  const user = connection.consentUser ?? connection.authenticatedUser ?? 'user@contoso.com';
  const q = `data=${encodeURIComponent(raw)}`;
  const id = first ? '' : `-${connection.name.replace(/[^\w-]/g, '')}`;
  return [
    `<h1>Sign in to ${esc(connection.api)}</h1>`,
    `<p>Connection <strong>${esc(connection.name)}</strong> (resource group ${esc(connection.resourceGroup)}) asks to sign in as <strong>${esc(user)}</strong>.</p>`,
    `<p><a class="button allow" id="allow${id}" href="${base}allow?${q}">Allow</a><a class="button" id="cancel${id}" href="${base}cancel?${q}">Cancel</a></p>`,
  ].join('\n');
}

const BANNER = '<p class="fake"><strong>LOCAL ARM EMULATOR</strong>: fake data, not Azure. No password is asked and nothing leaves this machine. After <em>Allow</em>, the browser returns to the address the tool registered, with a code.</p>';

/**
 * `GET /_emulator/consent?data=…` (one sign-in), `GET /` (every sign-in waiting, newest first: a
 * browser-hosted editor such as code-server opens loopback links through its port proxy, which
 * keeps neither path nor query) and `GET /_emulator/consent/allow|cancel?data=…` (the redirect).
 */
export function consentPageReply(path: string, query: URLSearchParams, data: EmulatorData, pending: string[] = []): Reply {
  if (path === '/') {
    const blocks = pending.map((raw, i) => signInBlock(data, raw, '_emulator/consent/', i === 0)).filter((b): b is string => !!b);
    return html(200, [BANNER, ...(blocks.length ? blocks : ['<h1>No sign-in is waiting</h1><p>Run Authorize Connection (consent flow) again.</p>'])].join('\n'));
  }
  const raw = query.get('data');
  const d = decodeConsentData(raw);
  if (!d) return html(400, '<h1>Invalid consent link</h1><p>The link carries no valid <code>data</code>.</p>');
  if (!connectionOf(data, d)) return html(404, `<h1>Unknown connection</h1><p>${esc(d.connectionId)} does not exist in the emulator.</p>`);
  const action = path.slice(CONSENT_PAGE_PATH.length);
  if (action === '/allow' || action === '/cancel') {
    const location = withParams(d.redirectUrl, action === '/allow' ? { code: VALID_CONSENT_CODE } : { error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
    if (!location) return html(400, '<h1>Invalid redirect URL</h1>');
    const at = pending.indexOf(raw!);
    if (at >= 0) pending.splice(at, 1);
    return { status: 302, headers: { location, 'cache-control': 'no-store' } };
  }
  if (action !== '') return html(404, '<h1>Not found</h1>');
  return html(200, [BANNER, signInBlock(data, raw!, 'consent/', true)!].join('\n'));
}

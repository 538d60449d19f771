/**
 * What LAC070–LAC074 know about OAuth settings of custom connectors: identity providers, URL
 * checks that tolerate templates and placeholders, the consent service's redirect URLs, the
 * Microsoft identity platform's endpoints and scopes.
 *
 * Sources (cited again in the rules' docs):
 * - paconn's schema, microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`:
 *   identity providers `oauth2`, `oauth2generic`, `aad`, `aadcertificate`, `facebook`;
 *   `customParameters` per provider (`authorizationUrl`, `tokenUrl`, `refreshUrl` for oauth2;
 *   `…UrlTemplate` for oauth2generic; `resourceUri` required for aad / aadcertificate);
 *   `redirectMode` `Global`, `Direct`, `GlobalPerConnector`.
 * - https://learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2 (a connection that
 *   fails after a fixed time; only the authorization code flow; check the refresh URL).
 * - https://learn.microsoft.com/connectors/custom-connectors/ (OAuth 2.0 connectors use a
 *   per-connector redirect URI since February 2024).
 * - https://learn.microsoft.com/entra/identity-platform/scopes-oidc#offline_access and
 *   https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow (v2.0 endpoints
 *   return a refresh token only when `offline_access` is requested; v1.0 endpoints always do).
 * - RFC 6749 §3.1, §3.2 (the authorization and token endpoints require TLS).
 */
import { CLOUD_NAMES, getCloud } from '../azure/clouds';
import { hasPlaceholder, isDynamic } from '../expressions';

/**
 * Identity providers of `oAuthSettings.identityProvider` (lower case): paconn's schema lists
 * oauth2, oauth2generic, aad, aadcertificate and facebook; the others are the built-in providers
 * the custom connector wizard offers and published definitions use (DocuSign, google,
 * SalesforceV2…). A provider not listed gets a warning, never an error.
 */
export const KNOWN_IDENTITY_PROVIDERS: readonly string[] = [
  'oauth2',
  'oauth2generic',
  'aad',
  'aadcertificate',
  'facebook',
  'github',
  'google',
  'dropbox',
  'microsoftaccount',
  'linkedin',
  'linkedinv2',
  'salesforce',
  'salesforcev2',
  'slack',
  'instagram',
  'docusign',
];

export function isKnownProvider(p: string): boolean {
  return KNOWN_IDENTITY_PROVIDERS.includes(p.toLowerCase());
}

/** Redirect modes of paconn's schema (`Global`, `Direct`, `GlobalPerConnector`), lower case. */
export const REDIRECT_MODES: readonly string[] = ['global', 'direct', 'globalperconnector'];

/** The global consent redirect URL (Power Platform and Logic Apps custom connectors, public cloud). */
export const GLOBAL_REDIRECT_URL = 'https://global.consent.azure-apim.net/redirect';

/**
 * A value that is filled in later or computed, so never judged as a literal URL: Logic Apps
 * expressions and deployment placeholders (`isDynamic`), ARM expressions, connection parameter
 * templates (`{host}`, `https://{region}.example.com`), `<replace me>`, `[[DUMMY]]`, `@@id@@`.
 */
export function isTemplated(v: string): boolean {
  return isDynamic(v) || hasPlaceholder(v) || /[{}]/.test(v) || /<[^<>]*>/.test(v) || /\[\[.*\]\]/.test(v) || /@@/.test(v) || v.trim().startsWith('@');
}

export type UrlCheck =
  | { kind: 'https'; url: URL }
  /** An absolute URL with another scheme (`http:`, `ftp:`…). */
  | { kind: 'insecure'; url: URL }
  /** Not an absolute URL (a path, a word). */
  | { kind: 'relative' }
  /** Templated or a placeholder: not judged. */
  | { kind: 'dynamic' }
  | { kind: 'empty' };

export function checkUrl(v: unknown): UrlCheck {
  if (typeof v !== 'string' || !v.trim()) return { kind: 'empty' };
  const s = v.trim();
  if (isTemplated(s)) return { kind: 'dynamic' };
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { kind: 'relative' };
  }
  if (!url.host) return { kind: 'relative' };
  return url.protocol === 'https:' ? { kind: 'https', url } : { kind: 'insecure', url };
}

/**
 * A URL normalised for comparison: no default port, no trailing slash, no fragment, lower case
 * (hosts are case-insensitive; paths that differ only in case name the same endpoint in practice,
 * as Azure AD B2C policy names do).
 */
function normalise(v: string): string {
  const s = v.trim();
  try {
    const u = new URL(s);
    const p = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host}${p}${u.search}`.toLowerCase();
  } catch {
    return s.replace(/\/+$/, '').toLowerCase();
  }
}

/** Same URL (case, trailing slash and fragment aside). Templates compare as text. */
export function sameUrl(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !a.trim() || !b.trim()) return false;
  return normalise(a) === normalise(b);
}

/** The host of an absolute URL (lower case), when it is one and not templated. */
export function hostOf(v: unknown): string | undefined {
  const c = checkUrl(v);
  return c.kind === 'https' || c.kind === 'insecure' ? c.url.hostname.toLowerCase() : undefined;
}

/** Host suffixes of the consent service in every cloud (`.consent.azure-apim.net`…). */
export function consentHostSuffixes(): string[] {
  return [...new Set(CLOUD_NAMES.flatMap((n) => getCloud(n).consentHostSuffixes.map((s) => s.toLowerCase())))];
}

/** A host of the consent service (`global.consent.azure-apim.net`, `logic-apis-westeurope.consent.azure-apim.net`…). */
export function isConsentHost(host: string): boolean {
  const h = host.toLowerCase();
  return consentHostSuffixes().some((s) => h.endsWith(s) && h.length > s.length && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h.slice(0, -s.length)));
}

/** A consent service redirect URL (`https://<host>.consent.azure-apim.net/redirect[/<connector>]`). */
export function isConsentRedirect(v: unknown): boolean {
  const c = checkUrl(v);
  if (c.kind !== 'https' && c.kind !== 'insecure') return false;
  return isConsentHost(c.url.hostname) && /^\/redirect(\/|$)/i.test(c.url.pathname);
}

/** The per-connector form `…/redirect/<connector>` (the global or regional form is `…/redirect`). */
export function isPerConnectorRedirect(url: URL): boolean {
  return /^\/redirect\/[^/]+/i.test(url.pathname);
}

const MS_LOGIN_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'];

/**
 * A Microsoft identity platform v2.0 endpoint (Entra ID, Azure AD B2C, Entra External ID):
 * `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize|token`, `*.b2clogin.com`,
 * `*.ciamlogin.com`. These return a refresh token only when `offline_access` is requested.
 */
export function isMicrosoftV2Endpoint(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  // Read from the text: the tenant segment is often a template (`{tenantId}`).
  const m = /^\s*https:\/\/([^/?#\s]+)(\/[^?#\s]*)/i.exec(v);
  if (!m) return false;
  const h = m[1]!.toLowerCase();
  const microsoft = MS_LOGIN_HOSTS.includes(h) || h.endsWith('.b2clogin.com') || h.endsWith('.ciamlogin.com');
  return microsoft && /\/oauth2\/v2\.0\/(authorize|token)\/?$/i.test(m[2]!);
}

/**
 * The scopes of `oAuthSettings.scopes` as single tokens: an array of strings (each may hold
 * several, separated by spaces or commas) or one string. Undefined when not readable.
 */
export function scopeTokens(scopes: unknown): string[] | undefined {
  const parts = Array.isArray(scopes) ? scopes : typeof scopes === 'string' ? [scopes] : undefined;
  if (!parts) return undefined;
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') return undefined;
    for (const t of p.split(/[\s,]+/)) if (t) out.push(t);
  }
  return out;
}

/**
 * Links a user may be sent to (portal, sign-in, consent) and the ONE allowlist every URL passes
 * before it is opened: `isAllowedExternalUrl(url, cloud)`.
 *
 * Pure: no Azure SDK.
 */
import { getCloud, isLoopbackHostname, type AzureCloud, type CloudName } from './clouds';
import { parseConnectionId } from './model';

export type CloudLike = AzureCloud | CloudName;

const cloudOf = (c: CloudLike): AzureCloud => (typeof c === 'string' ? getCloud(c) : c);

export type ExternalUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * May `url` be opened in the user's browser? Only https on the default port, no userinfo, no
 * IDN/punycode host, and a host of the active cloud: its portal, its sign-in host, or a consent
 * host (`<label>.consent.azure-apim.net` in the public cloud). With a custom ARM endpoint on
 * loopback (the local emulator), links on that endpoint's own origin too (its consent page).
 */
export function checkExternalUrl(url: string | URL, cloud: CloudLike): ExternalUrlCheck {
  const c = cloudOf(cloud);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (typeof url === 'string' && /[\u0000-\u001f\u007f\s]/.test(url)) {
    return { ok: false, reason: 'The URL contains whitespace or control characters.' };
  }
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    return { ok: false, reason: 'Not an absolute URL.' };
  }
  // A local ARM emulator (a custom endpoint on loopback) serves its own consent page on its origin:
  // only then, and only that exact origin, is an http or loopback link opened.
  if (isLocalEmulatorLink(u, c)) return { ok: true, url: u };
  if (u.protocol !== 'https:') return { ok: false, reason: `Only https links are opened (got '${u.protocol}').` };
  if (u.username || u.password) return { ok: false, reason: 'Links with user information (user@host) are not opened.' };
  if (u.port !== '') return { ok: false, reason: 'Links with an explicit port are not opened.' };
  const host = u.hostname;
  if (!host || host.endsWith('.') || /(^|\.)xn--/i.test(host) || /[^a-z0-9.-]/.test(host)) {
    return { ok: false, reason: `The host '${host}' is not a plain DNS name.` };
  }
  if (host === new URL(c.portalUrl).hostname) return { ok: true, url: u };
  if (host === c.loginHost) return { ok: true, url: u };
  if (c.consentHostsVerified) {
    for (const suffix of c.consentHostSuffixes) {
      if (host.endsWith(suffix)) {
        const label = host.slice(0, -suffix.length);
        if (/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) return { ok: true, url: u };
      }
    }
  }
  return { ok: false, reason: `The host '${host}' is not an Azure portal, sign-in or consent host of ${c.name}.` };
}

/** A link on the origin of a custom ARM endpoint that is loopback (the local emulator's own pages). */
function isLocalEmulatorLink(u: URL, c: AzureCloud): boolean {
  if (!c.customArmEndpoint || u.username || u.password) return false;
  let arm: URL;
  try {
    arm = new URL(c.armEndpoint);
  } catch {
    return false;
  }
  return isLoopbackHostname(arm.hostname) && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === arm.origin;
}

/** The allowlist: true when `url` may be opened (see `checkExternalUrl`). */
export function isAllowedExternalUrl(url: string | URL, cloud: CloudLike): boolean {
  return checkExternalUrl(url, cloud).ok;
}

/** Tenant ids are GUIDs or DNS names (`contoso.onmicrosoft.com`). */
export function isValidTenant(tenant: string | undefined): tenant is string {
  return (
    typeof tenant === 'string' &&
    (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant) ||
      /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(tenant))
  );
}

/**
 * Portal deep link to a connection's Edit page (Edit API connection → Authorize):
 * `https://portal.azure.com/#@{tenant}/resource{connectionId}/edit`, with the cloud's portal.
 * Undefined for anything that is not a connection id (or an invalid tenant).
 */
export function portalConnectionLink(cloud: CloudLike, connectionId: string, tenant?: string): string | undefined {
  const c = cloudOf(cloud);
  const parts = parseConnectionId(connectionId);
  if (!parts) return undefined;
  if (tenant !== undefined && tenant !== '' && !isValidTenant(tenant)) return undefined;
  const id = `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroup}/providers/Microsoft.Web/connections/${parts.name}`;
  const link = `${c.portalUrl}/#${tenant ? `@${tenant}` : ''}/resource${id.split('/').map(encodeFragmentSegment).join('/')}/edit`;
  return isAllowedExternalUrl(link, c) ? link : undefined;
}

function encodeFragmentSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9._~()'!*:@,;+=$-]/g, (ch) => encodeURIComponent(ch));
}

// ---------------------------------------------------------------------------------------------
// Consent flow
// ---------------------------------------------------------------------------------------------

export interface ConsentLink {
  /** The link to open (already checked by `isAllowedExternalUrl`, else `allowed: false`). */
  link?: string;
  firstPartyLoginUri?: string;
  displayName?: string;
  status?: string;
  /** Whether `link` passed the allowlist; a refused link must not be opened. */
  allowed: boolean;
  /** Why the link was refused. */
  refusedReason?: string;
}

/** The body of `listConsentLinks`. */
export function consentLinksRequestBody(input: { redirectUrl: string; objectId?: string; tenantId?: string; parameterName?: string }): unknown {
  return {
    parameters: [
      {
        parameterName: input.parameterName ?? 'token',
        redirectUrl: input.redirectUrl,
        ...(input.objectId ? { objectId: input.objectId } : {}),
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      },
    ],
  };
}

/** Parse `{value:[{link, firstPartyLoginUri, displayName, status}]}`, checking every link. */
export function parseConsentLinks(body: unknown, cloud: CloudLike): ConsentLink[] {
  const value = body && typeof body === 'object' ? (body as { value?: unknown }).value : undefined;
  if (!Array.isArray(value)) return [];
  const out: ConsentLink[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const link = typeof o.link === 'string' ? o.link : undefined;
    const entry: ConsentLink = { allowed: false };
    if (typeof o.displayName === 'string') entry.displayName = o.displayName;
    if (typeof o.status === 'string') entry.status = o.status;
    if (link) {
      const check = checkExternalUrl(link, cloud);
      if (check.ok) {
        entry.link = link;
        entry.allowed = true;
      } else {
        entry.refusedReason = check.reason;
      }
    } else {
      entry.refusedReason = 'The service returned no consent link.';
    }
    if (typeof o.firstPartyLoginUri === 'string' && isAllowedExternalUrl(o.firstPartyLoginUri, cloud)) {
      entry.firstPartyLoginUri = o.firstPartyLoginUri;
    }
    out.push(entry);
  }
  return out;
}

export type ConsentRedirect =
  | { ok: true; code: string }
  | { ok: false; reason: string; error?: string };

/**
 * Reads the consent `code` from the URL the consent service redirected to. The URL must be the
 * redirect URL we registered (same origin and path), else it is refused.
 */
export function parseConsentRedirect(redirected: string, expectedRedirectUrl: string): ConsentRedirect {
  let got: URL;
  let expected: URL;
  try {
    got = new URL(redirected);
    expected = new URL(expectedRedirectUrl);
  } catch {
    return { ok: false, reason: 'Not an absolute URL.' };
  }
  if (got.username || got.password) return { ok: false, reason: 'Unexpected user information in the redirect URL.' };
  if (got.origin !== expected.origin || got.pathname !== expected.pathname) {
    return { ok: false, reason: 'The redirect does not match the registered redirect URL.' };
  }
  const params = new URLSearchParams(got.search);
  if (got.hash.length > 1) for (const [k, v] of new URLSearchParams(got.hash.slice(1))) if (!params.has(k)) params.set(k, v);
  const error = params.get('error');
  if (error) return { ok: false, reason: 'The consent was not completed.', error: error.slice(0, 200) };
  const code = params.get('code');
  if (!code) return { ok: false, reason: 'The redirect carries no code.' };
  return { ok: true, code };
}

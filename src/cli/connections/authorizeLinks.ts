/**
 * The links that authorize a connection (its portal page; for OAuth APIs its consent links), each
 * checked against the active cloud's hosts before it is printed: shared by `lac connections
 * authorize <id>` and `--all-unauthenticated`.
 */
import type { ConnectionInfo } from '../../core/azure';
import { describeAzureError, type AzureSession } from '../azure';

export interface ConsentOut {
  displayName?: string;
  link: string;
  status?: string;
}

/** What authorizes one connection: its portal link and, for OAuth APIs, its consent links (all checked). */
export interface AuthorizeLinks {
  portalLink?: string;
  needsConsent: boolean;
  consent: ConsentOut[];
  refused: { displayName?: string; reason: string }[];
  /** An API of this connection could not be read (a warning, not a failure). */
  warnings: string[];
}

/**
 * The links of one connection. `apis` caches managed API reads (one per API id) for many
 * connections; `identity` is who signs in (read once by the caller).
 */
export async function authorizeLinksOf(
  s: AzureSession,
  c: ConnectionInfo,
  redirectUrl: string,
  identity: { objectId?: string; tenantId?: string },
  apis: Map<string, Promise<Awaited<ReturnType<AzureSession['client']['getManagedApi']>>>> = new Map(),
): Promise<AuthorizeLinks> {
  const { azure, client, opts } = s;
  const cloud = client.cloud;
  const portal = azure.portalConnectionLink(cloud, c.id, opts.tenant);
  const portalLink = portal && azure.isAllowedExternalUrl(portal, cloud) && azure.redact(portal) === portal ? portal : undefined;
  const out: AuthorizeLinks = { ...(portalLink ? { portalLink } : {}), needsConsent: false, consent: [], refused: [], warnings: [] };
  const apiRef = c.api.id ? azure.parseManagedApiId(c.api.id) : undefined;
  if (!apiRef) return out;
  const key = c.api.id!.toLowerCase();
  let pending = apis.get(key);
  if (!pending) apis.set(key, (pending = client.getManagedApi(apiRef)));
  const api = await pending;
  if (!api.ok) {
    out.warnings.push(describeAzureError(azure, api.error, `API ${apiRef.apiName}`));
    return out;
  }
  out.needsConsent = azure.connectionNeedsConsent(api.value, c);
  if (!out.needsConsent) return out;
  const links = await client.listConsentLinks(c.id, { redirectUrl, parameterName: api.value.oauthParameters[0] ?? 'token', ...identity });
  if (!links.ok) {
    out.warnings.push(describeAzureError(azure, links.error, 'consent links'));
    return out;
  }
  for (const l of links.value) {
    // The client checked them already; checked again right before printing, and a link that
    // carries anything secret-looking (our token, a key) is not printed at all.
    if (l.allowed && l.link && azure.isAllowedExternalUrl(l.link, cloud) && azure.redact(l.link) === l.link) {
      out.consent.push({ ...(l.displayName ? { displayName: l.displayName } : {}), link: l.link, ...(l.status ? { status: l.status } : {}) });
    } else {
      const reason = l.allowed && l.link ? 'it carries a secret-looking value' : (l.refusedReason ?? 'not an Azure consent link');
      out.refused.push({ ...(l.displayName ? { displayName: l.displayName } : {}), reason });
    }
  }
  return out;
}

/** Who is signed in (object id and tenant for the consent links), when the token says. */
export async function consentIdentity(s: AzureSession): Promise<{ objectId?: string; tenantId?: string }> {
  const who = await s.client.signedInIdentity();
  return { ...(who.ok && who.value.objectId ? { objectId: who.value.objectId } : {}), ...(who.ok && who.value.tenantId ? { tenantId: who.value.tenantId } : {}) };
}


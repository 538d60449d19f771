/**
 * Which identity really calls a managed API connection, and so needs an access policy on it (V2
 * connections serve only identities their access policies list):
 *
 * - locally in managed-identity mode: the signed-in developer, for entries that authenticate with
 *   `ManagedServiceIdentity` (the official extension creates that policy:
 *   Azure/LogicAppsUX `connection.ts`, `ensureAccessPolicyLocalMSI`);
 * - locally in key mode: nobody (a connection key needs no access policy);
 * - in Azure (a deployed app): the app's identity the entry uses: the system-assigned one, or the
 *   user-assigned one its `identity` names. Apps with both (`SystemAssigned, UserAssigned`) are
 *   judged too (the official deploy code only handles exactly `SystemAssigned`).
 *
 * Used by LAC063 and by `diagnose`, so both say the same. Pure: no Azure SDK.
 */
import type { AzureIdentity } from './azureFacts';
import type { SiteIdentity } from './azure/model';
import type { EntryAuth, LocalAuthMode } from './localAuth';

/** One identity of a deployed Logic App (Standard). */
export interface AppIdentity {
  kind: 'system' | 'user';
  objectId: string;
  tenantId?: string;
  /** User-assigned: the identity's resource id. */
  resourceId?: string;
}

/** A deployed Logic App (Standard) and its managed identities. */
export interface AzureApp {
  siteId: string;
  name: string;
  identities: AppIdentity[];
}

/** The identity that needs a policy, with a description for messages. */
export interface NeededIdentity {
  objectId: string;
  tenantId?: string;
  source: 'developer' | 'managed-identity';
  /** "you, dev@contoso.com", "the system-assigned identity of la-orders-prod", "user-assigned identity uai-orders of la-orders-prod". */
  description: string;
}

export type PolicyNeed =
  | { kind: 'identity'; identity: NeededIdentity }
  /** No identity policy is involved (a connection key, OAuth): `why` says so. */
  | { kind: 'none'; why: string }
  /** Cannot tell (mode unknown, identity unknown, an expression): stay silent. */
  | { kind: 'unknown'; why: string };

/** The identities of a site as read from ARM (`identity.principalId`, `identity.userAssignedIdentities`). */
export function appOfSite(site: SiteIdentity, name: string): AzureApp {
  const identities: AppIdentity[] = [];
  if (site.principalId) identities.push({ kind: 'system', objectId: site.principalId, ...(site.tenantId ? { tenantId: site.tenantId } : {}) });
  for (const ua of site.userAssigned) {
    if (ua.principalId) identities.push({ kind: 'user', objectId: ua.principalId, resourceId: ua.resourceId, ...(site.tenantId ? { tenantId: site.tenantId } : {}) });
  }
  return { siteId: site.siteId, name, identities };
}

/** "system-assigned identity of app", "user-assigned identity <name> of app". */
export function describeAppIdentity(app: AzureApp, id: AppIdentity): string {
  return id.kind === 'system' ? `the system-assigned identity of ${app.name}` : `the user-assigned identity ${id.resourceId?.split('/').pop() ?? id.objectId} of ${app.name}`;
}

function normaliseId(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * Who needs an access policy for one managed connection entry. `app` given: as in Azure; else
 * locally, by `mode`, for `developer`.
 */
export function policyNeedOf(input: { auth: EntryAuth; mode?: LocalAuthMode; developer?: AzureIdentity; app?: AzureApp }): PolicyNeed {
  const { auth } = input;
  if (auth.kind === 'key') return { kind: 'none', why: 'it authenticates with a connection key, which needs no access policy' };
  if (auth.kind === 'oauth') return { kind: 'none', why: 'it authenticates with an app registration (ActiveDirectoryOAuth)' };
  if (auth.kind !== 'msi') return { kind: 'unknown', why: 'its authentication cannot be read' };
  if (input.app) {
    const app = input.app;
    let id: AppIdentity | undefined;
    if (auth.identity) {
      if (!/^\/subscriptions\//i.test(auth.identity)) return { kind: 'unknown', why: `its identity ${auth.identity} is not a literal resource id` };
      id = app.identities.find((x) => x.kind === 'user' && x.resourceId && normaliseId(x.resourceId) === normaliseId(auth.identity!));
      if (!id) return { kind: 'unknown', why: `${app.name} has no user-assigned identity ${auth.identity}` };
    } else {
      id = app.identities.find((x) => x.kind === 'system');
      if (!id) return { kind: 'unknown', why: `${app.name} has no system-assigned identity` };
    }
    return { kind: 'identity', identity: { objectId: id.objectId, ...(id.tenantId ? { tenantId: id.tenantId } : {}), source: 'managed-identity', description: describeAppIdentity(app, id) } };
  }
  const mode = input.mode?.mode ?? 'unknown';
  if (mode === 'unknown') return { kind: 'unknown', why: `the local authentication mode is unknown (${input.mode?.reason ?? 'no local.settings.json'})` };
  if (mode === 'keys') return { kind: 'none', why: 'the project runs locally with connection keys (no managed identity is used locally)' };
  const dev = input.developer;
  if (!dev?.objectId) return { kind: 'unknown', why: 'your identity is unknown (the sign-in carries no object id)' };
  return {
    kind: 'identity',
    identity: { objectId: dev.objectId, ...(dev.tenantId ? { tenantId: dev.tenantId } : {}), source: 'developer', description: dev.name ? `you, ${dev.name}` : 'you' },
  };
}

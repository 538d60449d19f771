/**
 * The identity and credentials doctor: predicts "ManagedIdentityCredential authentication
 * unavailable", "Forbidden" with a managed identity, expiring secrets and certificates, disabled
 * authorizing users and cross-tenant connections before a run.
 *
 * For a Logic App (Standard site or Consumption workflow) and the project that runs on it:
 *
 * - `app-identity`: is a managed identity enabled, which one each managed-identity action and
 *   connection uses;
 * - `role-assignment` (one per identity and target): the target resource (from the host or the
 *   connection's parameters, located by name with Resource Graph), the identity's role assignments
 *   there or at any ancestor scope and whether their roles' `dataActions` / `actions` grant what the
 *   requests need; a Key Vault with access policies: its access policies;
 * - `credential-expiry` (one per credential): app registrations' secrets and certificates (Microsoft
 *   Graph; warning 30 days ahead, error once expired) and local connection keys; a calendar of
 *   everything that expires (and when consent was given);
 * - `authorized-user` (one per connection with a user): the user exists and is enabled (Graph);
 * - `tenant`: connections and service principals in another tenant than the app.
 *
 * A refused call (403, Graph not consented) never makes a check `ok`: it says "could not be checked"
 * and which permission would allow it.
 *
 * Only types of the clients are imported here: this module loads nothing of the Azure SDK.
 */
import type { AzureClient } from '../azure/client';
import type { CheckSeverity } from '../azure/diagnose';
import type { AzureError } from '../azure/errors';
import { isGraphRefusal, type GraphApplication, type GraphClient, type GraphCredential, type GraphOrganization, type GraphUser } from '../azure/graph';
import { decodeJwtTimes, parseConnection, parseConnectionId, type ConnectionInfo } from '../azure/model';
import {
  getAppIdentity,
  getKeyVault,
  getRoleDefinition,
  getSubscriptionTenant,
  listCosmosRoleAssignments,
  listCosmosRoleDefinitions,
  listRoleAssignmentsFor,
  locateResources,
  parseResourceId,
  type AppIdentity,
  type KeyVaultInfo,
  type RoleAssignment,
  type RoleDefinition,
} from '../azure/rbac';
import { JsonFile } from '../json/jsonFile';
import { connectionKeyValue } from '../localSettings';
import type { Project } from '../project';
import { accessPolicyAllows, cosmosResourcePath, needsFor, type RequestNeeds } from './needs';
import { COSMOS_BUILT_IN_ROLES, leastCosmosRole, leastPrivilegedRole, needLabel, roleGrants, type Need, type Permissions } from './roles';
import { consumptionConnectionUsages, identityUsages, SERVICE_LABELS, SERVICE_TYPES, targetOfHost, type IdentityRef, type MsiUse, type ServiceKind, type SpCredentialUse, type Target } from './usages';
import { managedConnections } from '../connections';

export type IdentityCheckId = 'app-identity' | 'role-assignment' | 'credential-expiry' | 'authorized-user' | 'tenant';

/** The role assignment Grant Access would create. */
export interface GrantPlan {
  appId: string;
  principalId: string;
  /** `la-orders-prod (system-assigned)`. */
  principalLabel: string;
  principalType: 'ServicePrincipal';
  roleName: string;
  roleDefinitionGuid: string;
  /** The target resource's id: the scope of the assignment. */
  scope: string;
  scopeLabel: string;
  /** What the workflows need there (data actions / actions). */
  needs: string[];
  /** The same with the Azure CLI. */
  command: string;
}

export interface IdentityCheck {
  id: IdentityCheckId;
  severity: CheckSeverity;
  title: string;
  detail: string;
  nextStep?: string;
  /** What it is about: a resource id, an application id, a connection id, a user. */
  subject?: string;
  /** Where the project uses it (`InvoiceArchive / Get_retention_policy`). */
  usedBy?: string[];
  /** A missing role assignment Grant Access can create. */
  grant?: GrantPlan;
  /** Not checked because a call was refused or something is unknown (never `ok`). */
  unchecked?: boolean;
}

export interface CalendarEntry {
  /** ISO 8601. */
  date: string;
  /** Negative once passed. */
  daysLeft: number;
  kind: 'client-secret' | 'certificate' | 'connection-key' | 'consent';
  severity: CheckSeverity;
  /** The app registration, connection… */
  subject: string;
  detail: string;
  usedBy?: string[];
}

export interface IdentityReport {
  app?: { id: string; name: string; kind: AppIdentity['kind']; identityType?: string; principalId?: string; tenantId?: string; userAssigned: { resourceId: string; principalId?: string }[] };
  generatedAt: string;
  overall: 'ok' | 'warning' | 'error';
  checks: IdentityCheck[];
  calendar: CalendarEntry[];
  errors: { step: string; error: AzureError }[];
}

export interface IdentityDiagnoseInput {
  /** The Logic App: `/subscriptions/…/providers/Microsoft.Web/sites/<name>` or `…/Microsoft.Logic/workflows/<name>`. */
  appId?: string;
  /** The project that runs on it. */
  project?: Project;
  /** Only what concerns this managed connection (Diagnose Connection). */
  connection?: { id: string; name?: string };
  /** The project's connection ids when the caller resolved them (default: connections.json through local settings). */
  connectionIds?: string[];
  /** Microsoft Graph, when a token for it can be had; else why not. */
  graph?: GraphClient;
  graphUnavailable?: string;
  /** The signed-in tenant (the reference when no app is given). */
  tenantId?: string;
  /** Where resources are looked for (default: every subscription the credential sees). */
  subscriptionIds?: string[];
  now?: number;
  signal?: AbortSignal;
}

const DAY = 86_400_000;
export const EXPIRY_WARNING_DAYS = 30;

const ROLE_READ = 'Microsoft.Authorization/roleAssignments/read and Microsoft.Authorization/roleDefinitions/read at the target (Reader, or any role that has them)';
const GRAPH_APPS = 'Microsoft Graph Application.Read.All (delegated, admin consent)';
const GRAPH_USERS = 'Microsoft Graph User.Read.All (delegated, admin consent)';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (xs: readonly string[], max = 4) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Is the error about the caller (sign-in, network), not the thing checked? */
function callerProblem(e: AzureError): boolean {
  return e.kind === 'unauthenticated' || e.kind === 'network' || e.kind === 'timeout' || e.kind === 'cancelled' || e.kind === 'insecure-target';
}

function refusedText(e: AzureError): string {
  return `${e.kind === 'forbidden' ? 'refused (403)' : e.kind}${e.code ? ` ${e.code}` : ''}: ${e.message}`;
}

/** Memoise a keyed async lookup (one call per key). */
function cache<K, V>(fn: (k: K) => Promise<V>): (k: K) => Promise<V> {
  const m = new Map<K, Promise<V>>();
  return (k) => {
    let p = m.get(k);
    if (!p) {
      p = fn(k);
      m.set(k, p);
    }
    return p;
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** Gather what Azure and Graph say and judge it. Never throws for Azure failures. */
export async function diagnoseIdentity(client: AzureClient, input: IdentityDiagnoseInput): Promise<IdentityReport> {
  const now = input.now ?? Date.now();
  const opts = { signal: input.signal };
  const checks: IdentityCheck[] = [];
  const calendar: CalendarEntry[] = [];
  const errors: IdentityReport['errors'] = [];
  const report: IdentityReport = { generatedAt: new Date(now).toISOString(), overall: 'ok', checks, calendar, errors };

  // What the project does with identities.
  const usages = input.project ? identityUsages(input.project) : { msi: [], servicePrincipals: [] };

  // The app and its identity.
  let app: AppIdentity | undefined;
  if (input.appId) {
    const r = await getAppIdentity(client, input.appId, opts);
    if (r.ok) {
      app = r.value;
      report.app = { id: app.appId, name: app.name, kind: app.kind, userAssigned: app.userAssigned.map((u) => ({ resourceId: u.resourceId, ...(u.principalId ? { principalId: u.principalId } : {}) })) };
      if (app.type) report.app.identityType = app.type;
      if (app.principalId) report.app.principalId = app.principalId;
      if (app.tenantId) report.app.tenantId = app.tenantId;
      // A Consumption workflow carries its definition: its actions are the project.
      if (app.kind === 'consumption' && app.definition) {
        const file = new JsonFile(`${app.name} (deployed definition)`, 'workflow', JSON.stringify({ definition: app.definition, parameters: app.parameters ?? {} }));
        const deployed = identityUsages({ kind: 'workflow', root: '', hasHost: false, workflows: [file] });
        deployed.msi.push(...consumptionConnectionUsages(file));
        for (const u of deployed.msi) u.site.label = `${app.name} / ${u.site.action ?? u.site.label}`;
        usages.msi.push(...deployed.msi);
        usages.servicePrincipals.push(...deployed.servicePrincipals);
      }
    } else {
      errors.push({ step: 'read the Logic App', error: r.error });
    }
  }

  // Diagnose Connection: only this connection's uses.
  const only = input.connection;
  const onlyName = only?.name ?? parseConnectionId(only?.id)?.name;
  const msiUses = only ? usages.msi.filter((u) => u.via === 'managedApi' && lower(u.connection?.name) === lower(onlyName)) : usages.msi;
  const spUses = only ? usages.servicePrincipals.filter((u) => lower(u.site.connection) === lower(onlyName)) : usages.servicePrincipals;

  const ctx = new Context(client, input, now, errors);
  appIdentityChecks(input, app, msiUses, errors, checks);
  const appTenant = app ? (app.tenantId ?? (await ctx.subscriptionTenant(app.subscriptionId))) : undefined;

  // The project's managed connections (or the one diagnosed), read once: users, tenants, MI targets.
  const connectionIds = only
    ? [only.id]
    : [...(input.connectionIds ?? (input.project ? managedConnections(input.project).map((r) => r.id).filter((id): id is string => !!id) : [])), ...msiUses.flatMap((u) => (u.connection?.id ? [u.connection.id] : []))];
  const connections = (await Promise.all([...new Set(connectionIds.map((i) => i.toLowerCase()))].map((k) => ctx.connection(connectionIds.find((i) => i.toLowerCase() === k)!)))).filter((c): c is LoadedConnection => !!c);
  // Connections authorized with a service principal (`token:clientId` in their parameters): its credentials too.
  for (const c of connections) {
    const clientId = c.target['token:clientid'];
    if (!clientId || !/^[0-9a-f-]{36}$/i.test(clientId.trim())) continue;
    const tenant = c.target['token:tenantid'];
    spUses.push({ site: { label: `connection ${c.info.name}`, connection: c.info.name, file: new JsonFile(c.id, 'connections', '{}'), path: [] }, clientId: clientId.trim(), ...(tenant ? { tenant: tenant.trim() } : {}), credentialType: 'secret' });
  }

  await Promise.all([
    roleAssignmentChecks(ctx, app, msiUses, connections, checks),
    credentialChecks(ctx, spUses, appTenant, checks, calendar),
    userChecks(ctx, connections, checks),
  ]);
  if (input.project && !only) keyCalendar(input.project, now, checks, calendar);
  consentCalendar(connections, now, calendar);
  await tenantChecks(ctx, app, appTenant, connections, spUses, checks);

  calendar.sort((a, b) => a.date.localeCompare(b.date));
  report.overall = checks.some((c) => c.severity === 'error') ? 'error' : checks.some((c) => c.severity === 'warning') ? 'warning' : 'ok';
  return report;
}

// ---------------------------------------------------------------------------------------------
// Shared lookups
// ---------------------------------------------------------------------------------------------

interface LoadedConnection {
  id: string;
  info: ConnectionInfo;
  /** Non-secret parameters that name the target (vaultName, namespaceEndpoint, accountName). */
  target: Record<string, string>;
  parameterSet?: string;
}

/** Parameters that name a connector's target: safe to read (never secrets). */
const TARGET_PARAMETERS = ['vaultName', 'namespaceEndpoint', 'accountName', 'storageaccount', 'endpoint', 'token:clientId', 'token:TenantId'];

class Context {
  readonly graphOrg: () => Promise<GraphOrganization | undefined>;
  readonly subscriptionTenant: (sub: string) => Promise<string | undefined>;
  readonly locate: (key: string) => Promise<{ id?: string; error?: AzureError }>;
  readonly roleDefinition: (id: string) => Promise<{ def?: RoleDefinition; error?: AzureError }>;
  readonly connection: (id: string) => Promise<LoadedConnection | undefined>;
  readonly application: (appId: string) => Promise<{ app?: GraphApplication; sp?: { tenant?: string; name?: string }; error?: AzureError }>;
  readonly user: (upn: string) => Promise<{ user?: GraphUser; error?: AzureError }>;
  /** App registrations found to belong to another tenant (for the tenant check). */
  readonly foreignApps: { clientId: string; tenant: string; name?: string; usedBy: string[] }[] = [];

  constructor(
    readonly client: AzureClient,
    readonly input: IdentityDiagnoseInput,
    readonly now: number,
    readonly errors: IdentityReport['errors'],
  ) {
    const opts = { signal: input.signal };
    const graph = input.graph;
    const org = cache(async (_: 'org') => {
      if (!graph) return undefined;
      const r = await graph.getOrganization(opts);
      return r.ok ? r.value : undefined;
    });
    this.graphOrg = () => org('org');
    this.subscriptionTenant = cache(async (sub: string) => {
      const r = await getSubscriptionTenant(client, sub, opts);
      if (!r.ok) {
        errors.push({ step: `read subscription ${sub}`, error: r.error });
        return undefined;
      }
      return r.value;
    });
    // The subscriptions to search, listed once for every target.
    const subscriptions = cache(async (_: 'subs') => {
      if (input.subscriptionIds) return { ids: input.subscriptionIds };
      const l = await client.listSubscriptions(opts);
      return l.ok ? { ids: l.value.filter((x) => !x.state || !/^(disabled|deleted)$/i.test(x.state)).map((x) => x.subscriptionId) } : { error: l.error };
    });
    this.locate = cache(async (key: string) => {
      const [type, name] = key.split('|') as [string, string];
      const subs = await subscriptions('subs');
      if (subs.error) return { error: subs.error };
      const r = await locateResources(client, type, name, { ...opts, subscriptionIds: subs.ids! });
      if (!r.ok) return { error: r.error };
      return r.value[0] ? { id: r.value[0].id } : {};
    });
    this.roleDefinition = cache(async (id: string) => {
      const r = await getRoleDefinition(client, id, opts);
      return r.ok ? { def: r.value } : { error: r.error };
    });
    this.connection = cache(async (id: string) => {
      const r = await client.send('GET', id.trim().replace(/\/+$/, ''), { ...opts, apiVersion: '2018-07-01-preview' });
      if (!r.ok) {
        if (!callerProblem(r.error)) errors.push({ step: `read connection ${parseConnectionId(id)?.name ?? id}`, error: r.error });
        return undefined;
      }
      const info = parseConnection(r.value.body);
      if (!info) return undefined;
      const props = (r.value.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const set = props.parameterValueSet as { name?: unknown; values?: Record<string, unknown> } | undefined;
      const target: Record<string, string> = {};
      const take = (k: string, v: unknown) => {
        const val = v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v;
        if (typeof val === 'string' && TARGET_PARAMETERS.some((p) => p.toLowerCase() === k.toLowerCase())) target[k.toLowerCase()] = val;
      };
      for (const [k, v] of Object.entries((props.parameterValues as Record<string, unknown>) ?? {})) take(k, v);
      for (const [k, v] of Object.entries(set?.values ?? {})) take(k, v);
      return { id, info, target, ...(typeof set?.name === 'string' ? { parameterSet: set.name } : {}) };
    });
    this.application = cache(async (appId: string) => {
      if (!graph) return {};
      const r = await graph.getApplication(appId, opts);
      if (r.ok) return { app: r.value };
      if (r.error.kind !== 'not-found') return { error: r.error };
      const sp = await graph.getServicePrincipal(appId, opts);
      if (sp.ok) return { sp: { ...(sp.value.appOwnerOrganizationId ? { tenant: sp.value.appOwnerOrganizationId } : {}), ...(sp.value.displayName ? { name: sp.value.displayName } : {}) } };
      return sp.error.kind === 'not-found' ? {} : { error: sp.error };
    });
    this.user = cache(async (upn: string) => {
      if (!graph) return {};
      const r = await graph.getUser(upn, opts);
      if (r.ok) return { user: r.value };
      if (r.error.kind !== 'not-found') return { error: r.error };
      const byMail = await graph.findUsersByMail(upn, opts);
      if (byMail.ok && byMail.value.length === 1) return { user: byMail.value[0]! };
      return {};
    });
  }
}

// ---------------------------------------------------------------------------------------------
// app-identity
// ---------------------------------------------------------------------------------------------

function identityLabel(app: AppIdentity | undefined, ref: IdentityRef): string {
  if (ref.kind === 'system') return `${app?.name ?? 'the app'} (system-assigned)`;
  if (ref.kind === 'user') return `${ref.resourceId.split('/').pop()} (user-assigned)`;
  return `the identity ${ref.raw}`;
}

function principalOf(app: AppIdentity | undefined, ref: IdentityRef): string | undefined {
  if (!app) return undefined;
  if (ref.kind === 'system') return app.principalId;
  if (ref.kind === 'user') return app.userAssigned.find((u) => lower(u.resourceId) === lower(ref.resourceId))?.principalId;
  return undefined;
}

function enableIdentityCommand(app: AppIdentity): string {
  return app.kind === 'standard'
    ? `az webapp identity assign --resource-group ${app.resourceGroup} --name ${app.name}`
    : `az logic workflow identity assign --resource-group ${app.resourceGroup} --name ${app.name} --system-assigned`;
}

function appIdentityChecks(input: IdentityDiagnoseInput, app: AppIdentity | undefined, uses: MsiUse[], errors: IdentityReport['errors'], checks: IdentityCheck[]): void {
  const labels = [...new Set(uses.map((u) => u.site.label))];
  if (!input.appId) {
    if (uses.length && !input.connection) {
      checks.push({ id: 'app-identity', severity: 'info', unchecked: true, title: 'Managed identity not checked: no Logic App named', detail: `${plural(labels.length, 'action')} use a managed identity (${list(labels)}); which app runs them is not known.`, nextStep: 'Name the Logic App that runs this project (lac diagnose --app <resource id>; in the editor, the setting lac.azure.logicApp).' });
    }
    return;
  }
  if (!app) {
    const e = errors.find((x) => x.step === 'read the Logic App')?.error;
    checks.push({
      id: 'app-identity',
      severity: e?.kind === 'not-found' ? 'error' : 'warning',
      unchecked: true,
      subject: input.appId,
      title: e?.kind === 'not-found' ? 'The Logic App was not found' : 'The managed identity could not be checked',
      detail: e ? refusedText(e) : 'The Logic App could not be read.',
      nextStep: e?.kind === 'not-found' ? 'Check the Logic App resource id and the subscription.' : 'Reading the Logic App needs Microsoft.Web/sites/read (Standard) or Microsoft.Logic/workflows/read (Consumption): Reader on the app.',
    });
    return;
  }
  const hasSystem = /systemassigned/i.test(app.type ?? '') && !!app.principalId;
  const users = app.userAssigned;
  const portal = `Portal: ${app.kind === 'standard' ? 'Logic App (Standard)' : 'Logic App'} ${app.name} → Settings → Identity → System assigned → Status On → Save.`;
  if (!hasSystem && !users.length) {
    if (uses.length) {
      checks.push({
        id: 'app-identity',
        severity: 'error',
        subject: app.appId,
        usedBy: labels,
        title: `${app.name} has no managed identity`,
        detail: `${plural(labels.length, 'action')} authenticate with a managed identity and will fail with "ManagedIdentityCredential authentication unavailable": ${list(labels, 8)}.`,
        nextStep: `Enable the system-assigned identity: ${enableIdentityCommand(app)}. ${portal} Then give it the roles below.`,
      });
    } else {
      checks.push({ id: 'app-identity', severity: 'info', subject: app.appId, title: `${app.name} has no managed identity`, detail: 'No action or connection of the project uses one.' });
    }
    return;
  }
  const problems: string[] = [];
  const missingUser = new Map<string, string[]>();
  const systemUsers: string[] = [];
  const dynamic: string[] = [];
  for (const u of uses) {
    if (u.identity.kind === 'system') {
      if (!hasSystem) systemUsers.push(u.site.label);
    } else if (u.identity.kind === 'user') {
      if (!users.some((x) => lower(x.resourceId) === lower((u.identity as { resourceId: string }).resourceId))) {
        const k = u.identity.resourceId;
        missingUser.set(k, [...(missingUser.get(k) ?? []), u.site.label]);
      }
    } else dynamic.push(u.site.label);
  }
  if (systemUsers.length) problems.push(`${plural(new Set(systemUsers).size, 'action')} use the system-assigned identity, which is off: ${list([...new Set(systemUsers)])}`);
  for (const [id, who] of missingUser) problems.push(`${list([...new Set(who)])} use the user-assigned identity ${id.split('/').pop()}, which is not attached to ${app.name}`);
  const have = [hasSystem ? `system-assigned (principal ${app.principalId})` : '', ...users.map((x) => `user-assigned ${x.resourceId.split('/').pop()}${x.principalId ? ` (principal ${x.principalId})` : ''}`)].filter(Boolean);
  if (problems.length) {
    checks.push({
      id: 'app-identity',
      severity: 'error',
      subject: app.appId,
      usedBy: [...new Set([...systemUsers, ...[...missingUser.values()].flat()])],
      title: `${app.name}: actions use an identity the app does not have`,
      detail: `${problems.join('; ')}. They will fail with "ManagedIdentityCredential authentication unavailable". The app has: ${have.join(', ')}.`,
      nextStep: systemUsers.length ? `Enable the system-assigned identity (${enableIdentityCommand(app)}), or point the actions at an attached identity. ${portal}` : `Attach the user-assigned identity (Identity → User assigned → Add), or point the actions at an attached one.`,
    });
    return;
  }
  const byIdentity = new Map<string, number>();
  for (const u of uses) {
    const k = u.identity.kind === 'user' ? `user-assigned ${u.identity.resourceId.split('/').pop()}` : u.identity.kind === 'system' ? 'system-assigned' : 'an identity set at run time';
    byIdentity.set(k, (byIdentity.get(k) ?? 0) + 1);
  }
  checks.push({
    id: 'app-identity',
    severity: 'ok',
    subject: app.appId,
    title: `${app.name} has a managed identity`,
    detail: `${have.join(', ')}.${byIdentity.size ? ` Used by: ${[...byIdentity].map(([k, n]) => `${plural(n, 'action')} with ${k}`).join(', ')}.` : ''}${dynamic.length ? ` ${plural(dynamic.length, 'action')} choose the identity at run time (${list(dynamic)}): not checked.` : ''}`,
  });
}

// ---------------------------------------------------------------------------------------------
// role-assignment
// ---------------------------------------------------------------------------------------------

interface Group {
  identity: IdentityRef;
  target: Target;
  uses: MsiUse[];
}

/** The target of a managed connection, from its ARM parameters (and the actions' datasets for blobs). */
function managedTarget(u: MsiUse, conn: LoadedConnection | undefined): { target?: Target; skip?: boolean; unresolved?: string } {
  if (!conn) return { unresolved: `the connection ${u.connection?.name} could not be read from Azure` };
  if (!/managedidentity|oauthmi|\bmi\b/i.test(conn.parameterSet ?? '')) return { skip: true };
  const api = u.connection?.api;
  const p = conn.target;
  if (api === 'keyvault' && p.vaultname) return { target: { service: 'keyVault', name: p.vaultname.trim().toLowerCase() } };
  if ((api === 'servicebus' || api === 'eventhubs') && p.namespaceendpoint) {
    const host = /^[a-z]+:\/\/([^/:]+)/i.exec(p.namespaceendpoint.trim())?.[1] ?? p.namespaceendpoint.trim();
    const t = targetOfHost(host);
    if (t) {
      if (api === 'eventhubs') t.service = 'eventHubs';
      delete t.maybeEventHubs;
      return { target: t };
    }
  }
  if (api === 'azureblob') {
    const raw = p.accountname ?? u.connection?.datasets.find((d) => !/^AccountNameFromSettings$/i.test(d));
    if (raw) {
      const host = /^https?:\/\/([^/]+)/i.exec(raw)?.[1];
      const t = host ? targetOfHost(host) : /^[a-z0-9]{3,24}$/i.test(raw) ? ({ service: 'storage', name: raw.toLowerCase(), storageKind: 'blob' } as Target) : undefined;
      if (t) return { target: t };
    }
  }
  return { unresolved: `the ${api} connection ${u.connection?.name} names no target this check can read` };
}

async function roleAssignmentChecks(ctx: Context, app: AppIdentity | undefined, uses: MsiUse[], connections: LoadedConnection[], checks: IdentityCheck[]): Promise<void> {
  const groups = new Map<string, Group>();
  const unresolved = new Map<string, MsiUse[]>();
  for (const u of uses) {
    let target = u.target;
    let why = u.unresolved;
    if (u.via === 'managedApi') {
      const id = u.connection!.id ?? connectionIdOf(ctx.input, u.connection!.name);
      const conn = id ? connections.find((c) => lower(c.id) === lower(id)) : undefined;
      const m = managedTarget(u, conn);
      if (m.skip) continue;
      target = m.target;
      why = m.unresolved;
    }
    if (!target) {
      const k = why ?? 'the target cannot be told';
      unresolved.set(k, [...(unresolved.get(k) ?? []), u]);
      continue;
    }
    const key = `${JSON.stringify(u.identity)}|${target.service}|${lower(target.resourceId ?? target.name)}`;
    const g = groups.get(key);
    if (g) g.uses.push(u);
    else groups.set(key, { identity: u.identity, target, uses: [u] });
  }
  for (const [why, us] of unresolved) {
    const labels = [...new Set(us.map((u) => u.site.label))];
    checks.push({ id: 'role-assignment', severity: 'info', unchecked: true, usedBy: labels, title: 'Role assignments could not be checked', detail: `${list(labels)}: ${why}.`, nextStep: 'Make the target literal (or resolvable from parameters.json / local.settings.json) to have it checked.' });
  }
  if (!groups.size) return;
  if (!app) {
    if (ctx.input.appId) return; // app-identity said why
    const labels = [...new Set([...groups.values()].flatMap((g) => g.uses.map((u) => u.site.label)))];
    if (!ctx.input.connection) checks.push({ id: 'role-assignment', severity: 'info', unchecked: true, usedBy: labels, title: 'Role assignments not checked: no Logic App named', detail: `${plural(groups.size, 'target')} are called with a managed identity (${list([...groups.values()].map((g) => targetLabel(g.target)))}).`, nextStep: 'Name the Logic App (lac diagnose --app <resource id>; in the editor, lac.azure.logicApp).' });
    return;
  }
  await Promise.all([...groups.values()].map((g) => checkGroup(ctx, app, g).then((c) => checks.push(c))));
}

/** The resolved connection id of a connections.json entry (or the connection diagnosed). */
function connectionIdOf(input: IdentityDiagnoseInput, entryName: string): string | undefined {
  const ref = input.project ? managedConnections(input.project).find((r) => r.name === entryName) : undefined;
  return ref?.id ?? input.connection?.id;
}

function targetLabel(t: Target): string {
  if (t.service === 'resourceManager') return `Resource Manager ${t.resourceId ?? ''}`.trim();
  return `${SERVICE_LABELS[t.service]} ${t.name ?? t.host ?? ''}`.trim();
}

async function resolveTargetId(ctx: Context, t: Target): Promise<{ id?: string; service: ServiceKind; error?: AzureError; tried: string[] }> {
  if (t.resourceId) return { id: t.resourceId, service: t.service, tried: [] };
  const services: ServiceKind[] = t.maybeEventHubs ? ['serviceBus', 'eventHubs'] : [t.service];
  const tried: string[] = [];
  for (const s of services) {
    if (s === 'resourceManager' || !t.name) continue;
    const type = SERVICE_TYPES[s];
    tried.push(type);
    const r = await ctx.locate(`${type}|${t.name}`);
    if (r.error) return { service: s, error: r.error, tried };
    if (r.id) return { id: r.id, service: s, tried };
  }
  return { service: services[0]!, tried };
}

function needsOfGroup(service: ServiceKind, g: Group): { needs: Need[]; what: string[]; accessPolicies: NonNullable<RequestNeeds['accessPolicy']>[]; unknown: string[] } {
  const needs: Need[] = [];
  const what: string[] = [];
  const accessPolicies: NonNullable<RequestNeeds['accessPolicy']>[] = [];
  const unknown: string[] = [];
  for (const u of g.uses) {
    const n = needsFor(service, u.request, g.target.storageKind);
    if (!n || !n.needs.length) {
      unknown.push(u.site.label);
      continue;
    }
    for (const x of n.needs) if (!needs.some((y) => needLabel(y) === needLabel(x))) needs.push(x);
    if (!what.includes(n.what)) what.push(n.what);
    if (n.accessPolicy && !accessPolicies.some((a) => a.collection === n.accessPolicy!.collection && a.permission === n.accessPolicy!.permission)) accessPolicies.push(n.accessPolicy);
  }
  return { needs, what, accessPolicies, unknown: [...new Set(unknown)] };
}

function scopeRelation(scope: string, target: string): string {
  const s = scope.replace(/\/+$/, '');
  if (lower(s) === lower(target.replace(/\/+$/, ''))) return 'on the resource';
  const p = parseResourceId(s);
  if (!p) return s === '' || s === '/' ? 'at the root (inherited)' : `at ${s} (inherited)`;
  if (p.name) return `on ${p.name} (inherited)`;
  if (p.resourceGroup) return `on resource group ${p.resourceGroup} (inherited)`;
  return `on subscription ${p.subscriptionId} (inherited)`;
}

function roleCommand(principalId: string, role: string, scope: string): string {
  return `az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${role}" --scope ${scope}`;
}

async function checkGroup(ctx: Context, app: AppIdentity, g: Group): Promise<IdentityCheck> {
  const labels = [...new Set(g.uses.map((u) => u.site.label))];
  const who = identityLabel(app, g.identity);
  const principal = principalOf(app, g.identity);
  const base = { id: 'role-assignment' as const, usedBy: labels };
  const label = targetLabel(g.target);
  if (!principal) {
    return { ...base, severity: g.identity.kind === 'dynamic' ? 'info' : 'error', unchecked: true, title: `${label}: no principal to check`, detail: `${list(labels)} use ${who}, which ${app.name} does not have (see app-identity).` };
  }
  if (g.target.service === 'sql') {
    return { ...base, severity: 'info', unchecked: true, subject: g.target.host, title: `${label}: access is granted inside the database`, detail: `${list(labels)} connect to ${g.target.host} as ${who}. Azure SQL does not use Azure roles for data: the database must have a user for the identity.`, nextStep: `In the database: CREATE USER [${app.name}] FROM EXTERNAL PROVIDER; ALTER ROLE db_datareader ADD MEMBER [${app.name}]; (db_datawriter to write).` };
  }
  const located = await resolveTargetId(ctx, g.target);
  if (!located.id) {
    if (located.error) {
      return { ...base, severity: 'warning', unchecked: true, title: `${label}: could not be checked`, detail: `Locating ${g.target.name} with Resource Graph failed: ${refusedText(located.error)}`, nextStep: 'Reading resources needs Reader on the subscription that holds the target.' };
    }
    return { ...base, severity: 'warning', unchecked: true, title: `${label}: could not be checked`, detail: `No ${located.tried.join(' or ')} named ${g.target.name} in the subscriptions you can read: it is elsewhere (another tenant, a subscription you cannot see) or does not exist.`, nextStep: 'Ask for Reader on the subscription that holds it, or check the name in the URI.' };
  }
  const resourceId = located.id;
  const service = located.service;
  const scopeLabel = `${SERVICE_LABELS[service]} ${parseResourceId(resourceId)?.name ?? resourceId}`;
  const { needs, what, accessPolicies, unknown } = needsOfGroup(service, g);
  const whatText = what.length ? what.join(', ') : 'calls it';

  if (service === 'cosmosDb') return cosmosCheck(ctx, base, g, resourceId, scopeLabel, principal, who);

  // Key Vault: which permission model?
  if (service === 'keyVault') {
    const v = await getKeyVault(ctx.client, resourceId, { signal: ctx.input.signal });
    if (!v.ok) {
      return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: could not be checked`, detail: `Reading the vault failed: ${refusedText(v.error)}`, nextStep: 'Reading the vault needs Microsoft.KeyVault/vaults/read (Reader on the vault).' };
    }
    if (!v.value.enableRbacAuthorization) return accessPolicyCheck(base, scopeLabel, resourceId, v.value, principal, who, accessPolicies, whatText, unknown, app);
  }

  const assignments = await listRoleAssignmentsFor(ctx.client, resourceId, principal, { signal: ctx.input.signal });
  if (!assignments.ok) {
    return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: role assignments could not be checked`, detail: `Listing the role assignments of ${who} failed: ${refusedText(assignments.error)}`, nextStep: `Checking needs ${ROLE_READ}.` };
  }
  const defs = await Promise.all(assignments.value.map(async (a) => ({ a, ...(await ctx.roleDefinition(a.roleDefinitionId)) })));
  const refused = defs.find((d) => d.error);
  if (refused?.error) {
    return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: role definitions could not be read`, detail: `Reading role definition ${refused.a.roleDefinitionId.split('/').pop()} failed: ${refusedText(refused.error)}`, nextStep: `Checking needs ${ROLE_READ}.` };
  }
  const held = defs.filter((d): d is { a: RoleAssignment; def: RoleDefinition } => !!d.def);
  const heldText = held.length ? held.map((d) => `${d.def.roleName} ${scopeRelation(d.a.scope, resourceId)}${d.a.condition ? ' (with a condition)' : ''}`).join('; ') : 'none';
  const least = leastPrivilegedRole(service, needs);
  const plan = (roleName: string, roleId: string): GrantPlan => ({
    appId: app.appId,
    principalId: principal,
    principalLabel: who,
    principalType: 'ServicePrincipal',
    roleName,
    roleDefinitionGuid: roleId,
    scope: resourceId,
    scopeLabel,
    needs: needs.map(needLabel),
    command: roleCommand(principal, roleName, resourceId),
  });

  if (!needs.length) {
    // Only calls whose permission cannot be told: a role with any data action (or action) for this service?
    const ns = resourceId.split('/providers/')[1]?.split('/')[0] ?? '';
    const anyData = held.some((d) => d.def.permissions.some((p) => (service === 'resourceManager' ? p.actions : p.dataActions).some((x) => x === '*' || lower(x).startsWith(lower(ns)))));
    if (!held.length || !anyData) {
      return { ...base, severity: 'error', subject: resourceId, title: `${scopeLabel}: ${who} has no data role`, detail: `${list(labels)} call ${scopeLabel} with ${who}, which holds ${held.length ? `only ${heldText}, no data permission` : 'no role'} there: every call fails with 403 Forbidden.`, nextStep: `Assign the role the calls need on ${resourceId} (for example: ${roleCommand(principal, '<role>', resourceId)}).` };
    }
    return { ...base, severity: 'info', unchecked: true, subject: resourceId, title: `${scopeLabel}: roles present, need not told`, detail: `${who} holds ${heldText}; what ${list(unknown)} need cannot be told from the files.` };
  }

  const missing: Need[] = [];
  const conditional: Need[] = [];
  const grantedBy = new Map<string, string>();
  for (const n of needs) {
    const by = held.filter((d) => roleGrants(d.def.permissions, n));
    const firm = by.find((d) => !d.a.condition);
    if (firm) grantedBy.set(needLabel(n), `${firm.def.roleName} ${scopeRelation(firm.a.scope, resourceId)}`);
    else if (by.length) conditional.push(n);
    else missing.push(n);
  }
  const unknownNote = unknown.length ? ` What ${list(unknown)} need cannot be told: not judged.` : '';
  if (!missing.length && !conditional.length) {
    const via = [...new Set(grantedBy.values())];
    return { ...base, severity: 'ok', subject: resourceId, title: `${scopeLabel}: ${who} may ${whatText}`, detail: `Granted by ${via.join('; ')}.${unknownNote}` };
  }
  if (!missing.length) {
    return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: granted only under a condition`, detail: `${who} may ${conditional.map(needLabel).join(', ')} only where the condition of its role assignment holds; whether it holds for these calls cannot be told. Roles: ${heldText}.${unknownNote}` };
  }
  const role = least ?? leastPrivilegedRole(service, missing);
  return {
    ...base,
    severity: 'error',
    subject: resourceId,
    title: `${scopeLabel}: ${who} may not ${whatText}`,
    detail: `${list(labels)} ${labels.length === 1 ? 'needs' : 'need'} ${missing.map(needLabel).join(', ')} on ${scopeLabel}; ${held.length ? `the identity holds ${heldText}, which does not grant ${missing.length === 1 ? 'it' : 'them'}` : 'the identity holds no role there'}: the calls fail with 403 Forbidden.${unknownNote}`,
    nextStep: role ? `Assign the least-privilege built-in role ${role.name}: ${roleCommand(principal, role.name, resourceId)}` : `Assign a role that grants ${missing.map(needLabel).join(', ')} on ${resourceId}.`,
    ...(role ? { grant: plan(role.name, role.id) } : {}),
  };
}

const COSMOS_READ = 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read and sqlRoleDefinitions/read on the account (Reader or Cosmos DB Account Reader Role)';

/** Does a Cosmos DB data-plane assignment's scope (the account, `…/dbs/{db}`, `…/dbs/{db}/colls/{c}`) cover one of these places? */
function cosmosScopeCovers(scope: string, account: string, places: readonly string[]): boolean {
  const s = lower(scope).replace(/\/+$/, '');
  const a = lower(account).replace(/\/+$/, '');
  if (s === a) return true;
  if (!s.startsWith(`${a}/`)) return false;
  const rest = s.slice(a.length + 1);
  return places.some((p) => lower(p) === rest);
}

function cosmosScopeLabel(scope: string, account: string): string {
  const rest = scope.replace(/\/+$/, '').slice(account.replace(/\/+$/, '').length + 1);
  return rest ? `on ${rest}` : 'on the account';
}

/**
 * Cosmos DB for NoSQL: data access is granted by the account's own role assignments
 * (sqlRoleAssignments at the account, a database or a container), not by Azure RBAC. Each call's
 * need is judged against the identity's assignments whose scope covers the database and container
 * it names.
 */
async function cosmosCheck(ctx: Context, base: { id: 'role-assignment'; usedBy: string[] }, g: Group, resourceId: string, scopeLabel: string, principal: string, who: string): Promise<IdentityCheck> {
  const labels = base.usedBy;
  const account = parseResourceId(resourceId);
  const command = (roleGuid: string) => `az cosmosdb sql role assignment create --account-name ${account?.name} --resource-group ${account?.resourceGroup} --principal-id ${principal} --role-definition-id ${roleGuid} --scope "/"`;
  const [assignments, definitions] = await Promise.all([listCosmosRoleAssignments(ctx.client, resourceId, principal, { signal: ctx.input.signal }), listCosmosRoleDefinitions(ctx.client, resourceId, { signal: ctx.input.signal })]);
  if (!assignments.ok || !definitions.ok) {
    const error = !assignments.ok ? assignments.error : !definitions.ok ? definitions.error : undefined;
    return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: data role assignments could not be checked`, detail: `Listing the account's ${!assignments.ok ? 'data role assignments' : 'data role definitions'} failed: ${error ? refusedText(error) : ''}`, nextStep: `Checking needs ${COSMOS_READ}.` };
  }
  const defOf = (id: string) => {
    const guid = lower(id.split('/').pop() ?? '');
    const d = definitions.value.find((x) => lower(x.id) === lower(id) || lower(x.name) === guid);
    if (d) return { roleName: d.roleName, permissions: d.permissions as readonly Permissions[] };
    const b = COSMOS_BUILT_IN_ROLES.find((r) => r.id === guid);
    return b ? { roleName: b.name, permissions: [b.permissions] } : undefined;
  };
  const held = assignments.value.flatMap((a) => {
    const d = defOf(a.roleDefinitionId);
    return d ? [{ a, ...d }] : [];
  });
  const heldText = held.length ? held.map((h) => `${h.roleName} ${cosmosScopeLabel(h.a.scope, resourceId)}`).join('; ') : 'none';
  const what: string[] = [];
  const unknown: string[] = [];
  const missing: Need[] = [];
  const unsure: Need[] = [];
  const grantedBy = new Set<string>();
  for (const u of g.uses) {
    const n = needsFor('cosmosDb', u.request);
    if (!n || !n.needs.length) {
      if (!unknown.includes(u.site.label)) unknown.push(u.site.label);
      continue;
    }
    if (!what.includes(n.what)) what.push(n.what);
    const places = cosmosResourcePath(u.request.path);
    const dynamic = u.request.path.includes('{x}');
    for (const need of n.needs) {
      const by = held.filter((h) => roleGrants(h.permissions, need));
      const firm = by.find((h) => cosmosScopeCovers(h.a.scope, resourceId, places));
      if (firm) grantedBy.add(`${firm.roleName} ${cosmosScopeLabel(firm.a.scope, resourceId)}`);
      else if (dynamic && by.length) {
        if (!unsure.some((x) => needLabel(x) === needLabel(need))) unsure.push(need);
      } else if (!missing.some((x) => needLabel(x) === needLabel(need))) missing.push(need);
    }
  }
  const whatText = what.length ? what.join(', ') : 'call it';
  const unknownNote = unknown.length ? ` What ${list(unknown)} need cannot be told: not judged.` : '';
  if (!what.length) {
    const anyData = held.some((h) => h.permissions.some((p) => (p.dataActions ?? []).length > 0));
    if (!anyData) {
      return { ...base, severity: 'error', subject: resourceId, title: `${scopeLabel}: ${who} has no data role`, detail: `${list(labels)} call ${scopeLabel} with ${who}, which holds no Cosmos DB data role there (Azure roles do not grant Cosmos DB data): every call fails with 403 Forbidden.`, nextStep: `Assign a data role, for example Cosmos DB Built-in Data Reader: ${command(COSMOS_BUILT_IN_ROLES[0]!.id)}` };
    }
    return { ...base, severity: 'info', unchecked: true, subject: resourceId, title: `${scopeLabel}: data roles present, need not told`, detail: `${who} holds ${heldText}; what ${list(unknown)} need cannot be told from the files.` };
  }
  if (!missing.length && !unsure.length) {
    return { ...base, severity: 'ok', subject: resourceId, title: `${scopeLabel}: ${who} may ${whatText}`, detail: `Granted by ${[...grantedBy].join('; ')} (Cosmos DB data roles).${unknownNote}` };
  }
  if (!missing.length) {
    return { ...base, severity: 'warning', unchecked: true, subject: resourceId, title: `${scopeLabel}: granted only on some databases or containers`, detail: `${who} may ${unsure.map(needLabel).join(', ')} only on ${heldText}; the database or container the calls use is built at run time, so whether it is one of them cannot be told.${unknownNote}` };
  }
  const role = leastCosmosRole(missing);
  return {
    ...base,
    severity: 'error',
    subject: resourceId,
    title: `${scopeLabel}: ${who} may not ${whatText}`,
    detail: `${list(labels)} ${labels.length === 1 ? 'needs' : 'need'} ${missing.map(needLabel).join(', ')} on ${scopeLabel}; the identity holds ${held.length ? `${heldText}, which does not grant ${missing.length === 1 ? 'it' : 'them'} there` : 'no Cosmos DB data role there (Azure roles do not grant Cosmos DB data)'}: the calls fail with 403 Forbidden.${unknownNote}`,
    nextStep: role ? `Assign the least-privilege built-in data role ${role.name}: ${command(role.id)}` : `Assign a Cosmos DB data role that grants ${missing.map(needLabel).join(', ')}.`,
  };
}

function accessPolicyCheck(
  base: { id: 'role-assignment'; usedBy: string[] },
  scopeLabel: string,
  resourceId: string,
  vault: KeyVaultInfo,
  principal: string,
  who: string,
  needed: NonNullable<RequestNeeds['accessPolicy']>[],
  whatText: string,
  unknown: string[],
  app: AppIdentity,
): IdentityCheck {
  const policies = vault.accessPolicies.filter((p) => lower(p.objectId) === lower(principal) && !p.applicationId);
  const missing = needed.filter((n) => !policies.some((p) => accessPolicyAllows(p.permissions[n.collection], n.permission)));
  const perms = (c: 'secrets' | 'keys' | 'certificates') => [...new Set(needed.filter((n) => n.collection === c).map((n) => n.permission))];
  const setPolicy = `az keyvault set-policy --name ${vault.name} --object-id ${principal}${['secrets', 'keys', 'certificates'].map((c) => (perms(c as 'secrets').length ? ` --${c.replace(/s$/, '')}-permissions ${perms(c as 'secrets').join(' ')}` : '')).join('')}`;
  const model = 'the vault uses access policies, not Azure RBAC';
  if (!needed.length) {
    return policies.length
      ? { ...base, severity: 'info', unchecked: true, subject: resourceId, title: `${scopeLabel}: access policy present, need not told`, detail: `${model}; ${who} has a policy, and what ${list(unknown)} need cannot be told.` }
      : { ...base, severity: 'error', subject: resourceId, title: `${scopeLabel}: no access policy for ${who}`, detail: `${model}, and none admits ${who}: every call fails with 403 Forbidden.`, nextStep: `az keyvault set-policy --name ${vault.name} --object-id ${principal} --secret-permissions get list` };
  }
  if (!missing.length) {
    return { ...base, severity: 'ok', subject: resourceId, title: `${scopeLabel}: ${who} may ${whatText}`, detail: `${model}: a policy for ${who} allows ${needed.map((n) => `${n.collection} ${n.permission}`).join(', ')}.` };
  }
  return {
    ...base,
    severity: 'error',
    subject: resourceId,
    title: `${scopeLabel}: ${who} may not ${whatText}`,
    detail: `${model}; ${policies.length ? `the policy for ${who} lacks` : `no policy admits ${who}; it needs`} ${missing.map((n) => `${n.collection} ${n.permission}`).join(', ')}: the calls fail with 403 Forbidden. (Azure roles do not apply to this vault.)`,
    nextStep: `${setPolicy} (or switch the vault to Azure RBAC and assign Key Vault Secrets User to ${app.name}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// credential-expiry
// ---------------------------------------------------------------------------------------------

function daysLeft(end: string, now: number): number {
  return Math.round((Date.parse(end) - now) / DAY);
}

function severityOfEnd(end: string, now: number): CheckSeverity {
  const t = Date.parse(end);
  if (!Number.isFinite(t)) return 'info';
  if (t <= now) return 'error';
  return t - now < EXPIRY_WARNING_DAYS * DAY ? 'warning' : 'ok';
}

function when(end: string, now: number): string {
  const d = daysLeft(end, now);
  const date = end.slice(0, 10);
  return Date.parse(end) <= now ? `expired on ${date} (${-d} days ago)` : d === 0 ? `expires today (${end})` : `expires on ${date} (in ${d} days)`;
}

async function credentialChecks(ctx: Context, uses: SpCredentialUse[], appTenant: string | undefined, checks: IdentityCheck[], calendar: CalendarEntry[]): Promise<void> {
  const byClient = new Map<string, SpCredentialUse[]>();
  for (const u of uses) {
    if (!u.clientId) {
      checks.push({ id: 'credential-expiry', severity: 'info', unchecked: true, usedBy: [u.site.label], title: 'Service principal not checked', detail: `${u.site.label}: ${u.unresolved ?? 'the client id is not known'}.` });
      continue;
    }
    const k = u.clientId.toLowerCase();
    byClient.set(k, [...(byClient.get(k) ?? []), u]);
  }
  if (!byClient.size) return;
  if (!ctx.input.graph) {
    const labels = [...byClient.values()].flat().map((u) => u.site.label);
    checks.push({ id: 'credential-expiry', severity: 'warning', unchecked: true, usedBy: labels, title: 'Secrets and certificates could not be checked', detail: `${plural(byClient.size, 'app registration')} (${list([...byClient.keys()])}) sign in with a secret or certificate; ${ctx.input.graphUnavailable ?? 'Microsoft Graph is not available'}.`, nextStep: `Reading app registrations needs ${GRAPH_APPS}.` });
    return;
  }
  await Promise.all(
    [...byClient].map(async ([clientId, us]) => {
      const labels = [...new Set(us.map((u) => u.site.label))];
      const r = await ctx.application(clientId);
      const base = { id: 'credential-expiry' as const, subject: clientId, usedBy: labels };
      if (r.error) {
        const refused = isGraphRefusal(r.error);
        checks.push({ ...base, severity: 'warning', unchecked: true, title: `App registration ${clientId}: could not be checked`, detail: `Microsoft Graph ${refused ? 'refused' : 'failed'}: ${refusedText(r.error)}`, nextStep: `Reading app registrations needs ${GRAPH_APPS}.` });
        return;
      }
      if (!r.app) {
        const tenant = r.sp?.tenant;
        const foreign = !!tenant && !!appTenant && lower(tenant) !== lower(appTenant);
        if (foreign) ctx.foreignApps.push({ clientId, tenant: tenant!, ...(r.sp?.name ? { name: r.sp.name } : {}), usedBy: labels });
        checks.push(
          r.sp
            ? { ...base, severity: 'info', unchecked: true, title: `App registration ${r.sp.name ?? clientId}: registered in ${foreign ? 'another' : 'its own'} tenant`, detail: `${clientId} is an application registered in tenant ${tenant ?? 'unknown'}${foreign ? `, not the app's (${appTenant})` : ''}: its secrets and certificates are not visible from here.`, nextStep: `Ask its owner (tenant ${tenant}) when its credentials expire.` }
            : { ...base, severity: 'warning', unchecked: true, title: `App registration ${clientId}: not found`, detail: `Neither an app registration nor a service principal with client id ${clientId} exists in this tenant${us.some((u) => u.tenant) ? ` (the actions sign in to tenant ${us.find((u) => u.tenant)!.tenant})` : ''}.`, nextStep: 'Check the client id and the tenant; sign in to the tenant it is registered in to check it.' },
        );
        return;
      }
      const a = r.app;
      const name = a.displayName ?? clientId;
      const certificate = us.every((u) => u.credentialType === 'certificate');
      const creds = certificate ? a.keyCredentials : a.passwordCredentials;
      const noun = certificate ? 'certificate' : 'client secret';
      const hints = [...new Set(us.map((u) => u.localSecretHint).filter((h): h is string => !!h))];
      const identified = !certificate && hints.length === 1 ? creds.filter((c) => c.hint === hints[0]) : [];
      const judged: GraphCredential | undefined = identified.length === 1 ? identified[0] : latest(creds);
      // The calendar: every credential of the app; one that expired beside the one in use is history (info).
      const inUse = (c: GraphCredential): boolean => c === judged;
      const addCalendar = () => {
        for (const c of [...a.passwordCredentials.map((c) => ({ c, k: 'client-secret' as const })), ...a.keyCredentials.map((c) => ({ c, k: 'certificate' as const }))]) {
          if (!c.c.endDateTime) continue;
          const sev = severityOfEnd(c.c.endDateTime, ctx.now);
          const current = inUse(c.c) || !judged;
          calendar.push({ date: c.c.endDateTime, daysLeft: daysLeft(c.c.endDateTime, ctx.now), kind: c.k, severity: current || sev !== 'error' ? sev : 'info', subject: name, detail: `${c.k === 'certificate' ? 'certificate' : 'secret'} "${c.c.displayName ?? c.c.keyId ?? '?'}" of app registration ${name} (${clientId})${current ? '' : sev === 'error' ? ', not the one in use' : ''}`, usedBy: labels });
        }
      };
      if (!creds.length) {
        addCalendar();
        checks.push({ ...base, severity: 'error', title: `${name}: no ${noun}`, detail: `The app registration has no ${noun}: ${list(labels)} cannot sign in.`, nextStep: certificate ? 'Upload a certificate (Certificates & secrets → Certificates).' : `Create a client secret: az ad app credential reset --id ${clientId} --append --display-name logic-apps, then update the app setting that holds it.` });
        return;
      }
      addCalendar();
      const end = judged?.endDateTime;
      if (!end) {
        checks.push({ ...base, severity: 'ok', title: `${name}: ${noun} never expires`, detail: `The ${noun} "${judged?.displayName ?? '?'}" has no end date.` });
        return;
      }
      const sev = severityOfEnd(end, ctx.now);
      const which = identified.length === 1 ? `The ${noun} the project uses ("${judged!.displayName ?? judged!.keyId}", matched by its first characters)` : creds.length > 1 ? `The latest of its ${creds.length} ${noun}s ("${judged!.displayName ?? judged!.keyId}")` : `Its ${noun} "${judged!.displayName ?? judged!.keyId}"`;
      const others = creds.filter((c) => c !== judged && c.endDateTime && severityOfEnd(c.endDateTime, ctx.now) !== 'ok');
      const otherNote = others.length ? ` Also: ${others.map((c) => `"${c.displayName ?? c.keyId}" ${when(c.endDateTime!, ctx.now)}`).join('; ')}.` : '';
      const renew = certificate
        ? 'Upload a new certificate to the app registration and to the Logic App (pfx), then remove the old one.'
        : `Create a new secret (az ad app credential reset --id ${clientId} --append --display-name logic-apps, or Certificates & secrets → New client secret), put it in the app setting the actions read (and local.settings.json), then delete the old one.`;
      checks.push({
        ...base,
        severity: sev,
        title: sev === 'error' ? `${name}: ${noun} expired` : sev === 'warning' ? `${name}: ${noun} expires in ${daysLeft(end, ctx.now)} days` : `${name}: ${noun} valid`,
        detail: `${which} ${when(end, ctx.now)}; used by ${list(labels)}${sev === 'error' ? ' (sign-in fails with AADSTS7000222)' : ''}.${otherNote}`,
        ...(sev !== 'ok' ? { nextStep: renew } : {}),
      });
    }),
  );
}

function latest(creds: GraphCredential[]): GraphCredential | undefined {
  let best: GraphCredential | undefined;
  for (const c of creds) {
    if (!c.endDateTime) return c;
    if (!best?.endDateTime || Date.parse(c.endDateTime) > Date.parse(best.endDateTime)) best = c;
  }
  return best;
}

/** Local connection keys (local.settings.json): the calendar and a check each. */
function keyCalendar(project: Project, now: number, checks: IdentityCheck[], calendar: CalendarEntry[]): void {
  for (const ref of managedConnections(project)) {
    const key = connectionKeyValue(project, ref.name, ref.entry);
    if (!key) continue;
    const exp = decodeJwtTimes(key)?.expiresAt;
    if (!exp) continue;
    const t = Date.parse(exp);
    const hours = Math.floor((t - now) / 3_600_000);
    const sev: CheckSeverity = t <= now ? 'error' : hours < 24 ? 'warning' : 'ok';
    calendar.push({ date: exp, daysLeft: daysLeft(exp, now), kind: 'connection-key', severity: sev, subject: ref.name, detail: `local connection key of ${ref.name} (local.settings.json)` });
    checks.push({
      id: 'credential-expiry',
      severity: sev,
      subject: ref.name,
      title: sev === 'error' ? `${ref.name}: local connection key expired` : sev === 'warning' ? `${ref.name}: local connection key expires within a day` : `${ref.name}: local connection key valid`,
      detail: `The key in local.settings.json ${when(exp, now)}${sev === 'error' ? ': local runs fail with "Lifetime validation failed"' : ''}.`,
      ...(sev !== 'ok' ? { nextStep: `Get a new key: lac connections keys refresh <project> ${ref.name} (editor: Refresh Connection Key).` } : {}),
    });
  }
}

/** When each OAuth connection's consent was given (the connection's `changedTime`): information. */
function consentCalendar(connections: LoadedConnection[], now: number, calendar: CalendarEntry[]): void {
  for (const c of connections) {
    if (!c.info.authenticatedUser || !c.info.changedTime) continue;
    const d = Date.parse(c.info.changedTime);
    if (!Number.isFinite(d)) continue;
    calendar.push({ date: new Date(d).toISOString(), daysLeft: daysLeft(c.info.changedTime, now), kind: 'consent', severity: 'info', subject: c.info.name, detail: `${c.info.authenticatedUser} authorized ${c.info.name} (its refresh token ends after 90 days without use: AADSTS700082)`, usedBy: [c.info.name] });
  }
}

// ---------------------------------------------------------------------------------------------
// authorized-user
// ---------------------------------------------------------------------------------------------

async function userChecks(ctx: Context, connections: LoadedConnection[], checks: IdentityCheck[]): Promise<void> {
  const withUser = connections.filter((c) => c.info.authenticatedUser);
  if (!withUser.length) return;
  if (!ctx.input.graph) {
    checks.push({ id: 'authorized-user', severity: 'warning', unchecked: true, title: 'Authorizing users could not be checked', detail: `${plural(withUser.length, 'connection')} were authorized by a user (${list(withUser.map((c) => `${c.info.name}: ${c.info.authenticatedUser}`))}); ${ctx.input.graphUnavailable ?? 'Microsoft Graph is not available'}.`, nextStep: `Reading users needs ${GRAPH_USERS}.` });
    return;
  }
  const org = await ctx.graphOrg();
  await Promise.all(
    withUser.map(async (c) => {
      const upn = c.info.authenticatedUser!;
      const base = { id: 'authorized-user' as const, subject: c.id, usedBy: [c.info.name] };
      const reauth = 'Re-authorize as an active user (Edit API connection → Authorize; lac connections authorize) or switch to a managed identity.';
      const r = await ctx.user(upn);
      if (r.error) {
        checks.push({ ...base, severity: 'warning', unchecked: true, title: `${c.info.name}: ${upn} could not be checked`, detail: `Microsoft Graph ${isGraphRefusal(r.error) ? 'refused' : 'failed'}: ${refusedText(r.error)}`, nextStep: `Reading users needs ${GRAPH_USERS}.` });
        return;
      }
      if (!r.user) {
        const domain = upn.split('@')[1]?.toLowerCase();
        const ours = !!domain && !!org?.verifiedDomains.some((d) => d.toLowerCase() === domain);
        checks.push(
          ours
            ? { ...base, severity: 'error', title: `${c.info.name}: ${upn} no longer exists`, detail: `${c.info.name} was authorized by ${upn}, who is not in the directory any more: the connection fails at its next token refresh.`, nextStep: reauth }
            : { ...base, severity: 'info', unchecked: true, title: `${c.info.name}: ${upn} is not a user of this tenant`, detail: `${upn} is not in the directory${org ? ` (its domain is not one of ${org.verifiedDomains.join(', ')})` : ''}: an external or personal account, not checked.` },
        );
        return;
      }
      if (r.user.accountEnabled === false) {
        checks.push({ ...base, severity: 'error', title: `${c.info.name}: ${upn} is disabled`, detail: `${c.info.name} was authorized by ${upn}, whose account is disabled: the connection fails at its next token refresh.`, nextStep: reauth });
      } else if (r.user.accountEnabled === undefined) {
        checks.push({ ...base, severity: 'warning', unchecked: true, title: `${c.info.name}: whether ${upn} is enabled could not be read`, detail: 'Microsoft Graph returned the user without accountEnabled.', nextStep: `Reading accountEnabled needs ${GRAPH_USERS}.` });
      } else {
        checks.push({ ...base, severity: 'ok', title: `${c.info.name}: ${upn} is active`, detail: `The user who authorized ${c.info.name} exists and is enabled.` });
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// tenant
// ---------------------------------------------------------------------------------------------

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function tenantChecks(ctx: Context, app: AppIdentity | undefined, appTenant: string | undefined, connections: LoadedConnection[], spUses: SpCredentialUse[], checks: IdentityCheck[]): Promise<void> {
  // Without an app: the tenant you are signed in to (--tenant, else the one Graph answers for).
  const reference = appTenant ?? ctx.input.tenantId ?? (await ctx.graphOrg())?.id;
  const whose = appTenant ? `the app's (${app?.name})` : 'yours';
  if (!reference) {
    if (connections.length || spUses.length) checks.push({ id: 'tenant', severity: 'info', unchecked: true, title: 'Tenants not checked', detail: 'Neither the app\'s nor your tenant is known.' });
    return;
  }
  const off: IdentityCheck[] = [];
  let checked = 0;
  await Promise.all(
    connections.map(async (c) => {
      const sub = parseConnectionId(c.id)?.subscriptionId;
      if (!sub) return;
      const t = await ctx.subscriptionTenant(sub);
      if (!t) return;
      checked++;
      if (lower(t) !== lower(reference)) {
        off.push({ id: 'tenant', severity: 'warning', subject: c.id, usedBy: [c.info.name], title: `${c.info.name} is in another tenant`, detail: `The connection's subscription ${sub} is in tenant ${t}; ${whose} is ${reference}. Its access policies, consent and users belong to that tenant.`, nextStep: `Create the connection in a subscription of tenant ${reference} (sign in to that tenant), or move the app.` });
      }
    }),
  );
  const org = await ctx.graphOrg();
  for (const u of spUses) {
    if (!u.tenant) continue;
    const t = u.tenant;
    const same = GUID.test(t) ? lower(t) === lower(reference) : org && lower(org.id) === lower(reference) ? org.verifiedDomains.some((d) => lower(d) === lower(t)) : undefined;
    if (same === undefined) continue;
    checked++;
    if (!same) off.push({ id: 'tenant', severity: 'warning', subject: u.clientId, usedBy: [u.site.label], title: `${u.site.label} signs in to another tenant`, detail: `The action's service principal${u.clientId ? ` ${u.clientId}` : ''} signs in to tenant ${t}; ${whose} is ${reference}.`, nextStep: 'If that is intended (a partner\'s API), nothing to do; otherwise use the app\'s tenant.' });
  }
  for (const f of ctx.foreignApps) {
    checked++;
    off.push({ id: 'tenant', severity: 'warning', subject: f.clientId, usedBy: f.usedBy, title: `${f.name ?? f.clientId}: application of another tenant`, detail: `${list(f.usedBy)} sign in as ${f.name ?? f.clientId} (${f.clientId}), registered in tenant ${f.tenant}; ${whose} is ${reference}.`, nextStep: 'If that is intended (a partner\'s multi-tenant application), nothing to do; its owner manages its secrets.' });
  }
  if (off.length) checks.push(...off);
  else if (checked) checks.push({ id: 'tenant', severity: 'ok', title: `Everything is in ${whose === 'yours' ? 'your' : "the app's"} tenant`, detail: `${plural(checked, 'connection or service principal', 'connections and service principals')} checked against tenant ${reference}.` });
}

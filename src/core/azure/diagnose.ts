/**
 * Connection diagnosis: gathers what Azure knows about one API connection (status, kind, who
 * authorized it, a live test, access policies against the identity that will use it, the
 * connection key's expiry, whether its API needs OAuth consent) and reports it as data,
 * Markdown (`toMarkdown`) and JSON (`toJSON`).
 *
 * `buildReport(facts)` is pure; `diagnoseConnection(client, input)` gathers the facts. Only a type
 * of the client is imported here: this module does not load the Azure SDK.
 */
import type { AzureClient } from './client';
import type { CloudName } from './clouds';
import { customConnectorChecks, judgeCustomConnector, refreshTokenCheck, type CustomConnectorReport } from './connectorChecklist';
import { getCustomApi, parseCustomApiId, type CustomApiDefinition } from './customApis';
import type { AzureError, Result } from './errors';
import { isAllowedExternalUrl, portalConnectionLink } from './links';
import {
  connectionNeedsConsent,
  decodeJwtTimes,
  isConnectedStatus,
  parseConnectionId,
  parseManagedApiId,
  policyFor,
  type AccessPolicy,
  type ConnectionInfo,
  type JwtIdentity,
  type ManagedApiInfo,
  type SiteIdentity,
} from './model';
import { redact, redactDeep } from './redact';
import type { TestConnectionResult, TestLinkRef } from './test';
import { describeUser, findConnectionUsers, type ConnectionUser, type UsageIndex } from './usage';
import type { CalendarEntry, GrantPlan, IdentityCheckId, IdentityReport } from '../identity/doctor';
import { calendarMarkdown, grantCommand } from '../identity/render';
import { CHECK_ICON as ICON, failedStepsMarkdown, mdText as md } from './reportMarkdown';

export interface ExpectedIdentity {
  objectId: string;
  tenantId?: string;
  /** `managed-identity`: the Standard app's identity in Azure; `developer`: the signed-in user, locally. */
  source: 'managed-identity' | 'developer';
  /** Shown in messages (app name, user name). */
  description?: string;
}

export type ProjectKind = 'standard' | 'consumption' | 'workflow' | 'armTemplate';

export interface DiagnoseInput {
  connectionId: string;
  /** `standard` projects need V2 connections. */
  projectKind?: ProjectKind;
  /** The identity that calls the connection (see core/accessIdentity.ts `policyNeedOf`). */
  expectedIdentity?: ExpectedIdentity;
  /**
   * Identities any of which may call it (one connection diagnosed with `--app`, no entry to say
   * which): fine when one of them has a policy; each is named.
   */
  candidateIdentities?: ExpectedIdentity[];
  /** Why no identity needs a policy, or why that cannot be told (a connection key, key mode, mode unknown): shown as information. */
  noIdentityReason?: string;
  /** The project's connection key (local.settings.json `<name>-connectionKey`), for its expiry. */
  connectionKey?: string;
  tenantId?: string;
  /** Skip the live test (it calls the connector). */
  skipTest?: boolean;
  /**
   * Find the deployed logic apps that use it (usage.ts): Consumption workflows and Standard apps of
   * these subscriptions (the connection's own is always read). Undefined: not looked up.
   */
  findUsers?: { subscriptionIds?: string[] };
  /** A usage index already built (the editor's), instead of `findUsers`. */
  usage?: UsageIndex;
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: number;
}

/** What `diagnoseConnection` gathered; `buildReport` turns it into a report. */
export interface DiagnosisFacts {
  input: DiagnoseInput;
  cloud: CloudName;
  portalLink?: string;
  connection: Result<ConnectionInfo>;
  test?: TestConnectionResult;
  accessPolicies?: Result<AccessPolicy[]>;
  managedApi?: Result<ManagedApiInfo>;
  /** The custom connector (`Microsoft.Web/customApis`) the connection is made from, when it is one. */
  customApi?: Result<CustomApiDefinition>;
  /** Who uses it in Azure (when asked for). */
  usage?: UsageIndex;
}

export type CheckSeverity = 'error' | 'warning' | 'info' | 'ok';

export interface DiagnosisCheck {
  id:
    | 'status'
    | 'kind'
    | 'authorization'
    | 'test'
    | 'access-policies'
    | 'connection-key'
    | 'consent'
    | 'runtime-url'
    | 'lookup'
    | 'custom-connector'
    | 'refresh-token'
    | 'connections'
    | 'used-by'
    // The identity and credentials doctor (src/core/identity)
    | IdentityCheckId;
  severity: CheckSeverity;
  title: string;
  detail: string;
  nextStep?: string;
  links?: TestLinkRef[];
  /** Identity checks: where the project uses it, the role assignment Grant Access would create… */
  usedBy?: string[];
  subject?: string;
  grant?: GrantPlan;
  unchecked?: boolean;
}

export interface DiagnosisReport {
  connectionId: string;
  name?: string;
  cloud: CloudName;
  generatedAt: string;
  overall: 'ok' | 'warning' | 'error';
  connection?: {
    name: string;
    displayName?: string;
    kind?: string;
    api?: string;
    location?: string;
    status: string;
    statuses: ConnectionInfo['statuses'];
    authenticatedUser?: string;
    createdTime?: string;
    changedTime?: string;
    connectionRuntimeUrl?: string;
    parameterValueKeys: string[];
    parameterValueSet?: string;
  };
  test?: TestConnectionResult;
  accessPolicies?: { policies: AccessPolicy[]; expectedIdentity?: ExpectedIdentity; candidateIdentities?: ExpectedIdentity[]; covered?: boolean };
  connectionKey?: { expiresAt?: string; expired?: boolean; hoursLeft?: number; readable: boolean };
  consent?: { needsConsent: boolean; api: string; oauthParameters: string[] };
  /** What the report is about: a connection (default) or a custom connector (`lac diagnose <customApi id>`). */
  subject?: 'custom-connector';
  /** The custom connector the connection is made from (or the one diagnosed): settings, findings, checklist. */
  customConnector?: CustomConnectorReport;
  /** A custom connector's diagnosis: the connections made from it, with their status and test. */
  connections?: { id: string; name: string; status: string; authenticatedUser?: string; test?: { status: string; httpStatus?: number } }[];
  /** The deployed logic apps that use the connection (when looked up); `complete`: "none" can be trusted. */
  deployedUsers?: { users: ConnectionUser[]; complete: boolean; scanned: { workflows: number; apps: number } };
  checks: DiagnosisCheck[];
  /** The identity and credentials doctor's view of this connection: the app and what expires. */
  identity?: { app?: IdentityReport['app']; calendar: CalendarEntry[] };
  /** Steps that could not be completed. */
  errors: { step: string; error: AzureError }[];
}

/** The expected identity for a Standard app running in Azure: its system-assigned managed identity. */
export function expectedIdentityOfSite(site: SiteIdentity, appName?: string): ExpectedIdentity | undefined {
  if (!site.principalId) return undefined;
  return {
    objectId: site.principalId,
    ...(site.tenantId ? { tenantId: site.tenantId } : {}),
    source: 'managed-identity',
    ...(appName ? { description: appName } : {}),
  };
}

/** The expected identity for local runs: the signed-in developer (from the ARM token's claims). */
export function expectedIdentityOfUser(user: JwtIdentity): ExpectedIdentity | undefined {
  if (!user.objectId) return undefined;
  return {
    objectId: user.objectId,
    ...(user.tenantId ? { tenantId: user.tenantId } : {}),
    source: 'developer',
    ...(user.name ? { description: user.name } : {}),
  };
}

/** Gather the facts with `client` and build the report. Never throws for Azure failures. */
export async function diagnoseConnection(client: AzureClient, input: DiagnoseInput): Promise<DiagnosisReport> {
  const opts = { signal: input.signal };
  const portalLink = portalConnectionLink(client.cloud, input.connectionId, input.tenantId);
  const connection = await client.getConnection(input.connectionId, opts);
  const facts: DiagnosisFacts = { input, cloud: client.cloud.name, portalLink, connection };
  if (connection.ok) {
    const c = connection.value;
    const [test, accessPolicies, managedApi, customApi] = await Promise.all([
      input.skipTest ? Promise.resolve(undefined) : client.testConnection(c, { signal: input.signal, tenantId: input.tenantId }),
      c.kind === 'V2' || (c.kind === undefined && (input.expectedIdentity || input.candidateIdentities?.length)) ? client.listAccessPolicies(c.id, opts) : Promise.resolve(undefined),
      // Custom connectors (customApis) have no managed API metadata to read: their definition instead.
      parseManagedApiId(c.api.id) ? client.getManagedApi(c.api.id!, opts) : Promise.resolve(undefined),
      parseCustomApiId(c.api.id) ? getCustomApi(client, c.api.id!, opts) : Promise.resolve(undefined),
    ]);
    facts.test = test;
    facts.accessPolicies = accessPolicies;
    facts.managedApi = managedApi;
    facts.customApi = customApi;
    if (input.usage) facts.usage = input.usage;
    else if (input.findUsers) {
      const own = parseConnectionId(c.id)?.subscriptionId;
      facts.usage = await findConnectionUsers(client, { subscriptionIds: [...(own ? [own] : []), ...(input.findUsers.subscriptionIds ?? [])], signal: input.signal });
    }
  }
  return buildReport(facts);
}

export interface DiagnoseCustomApiInput {
  customApiId: string;
  tenantId?: string;
  /** Skip the live tests of its connections. */
  skipTest?: boolean;
  signal?: AbortSignal;
  now?: number;
}

/**
 * A custom connector (`Microsoft.Web/customApis`): its OAuth settings judged by LAC070–LAC074,
 * the guide's checklist, and the connections made from it in its subscription (status, a live
 * test each, and why an authorized one gets 401). Never throws for Azure failures.
 */
export async function diagnoseCustomApi(client: AzureClient, input: DiagnoseCustomApiInput): Promise<DiagnosisReport> {
  const now = input.now ?? Date.now();
  const opts = { signal: input.signal };
  const ref = parseCustomApiId(input.customApiId);
  const checks: DiagnosisCheck[] = [];
  const errors: DiagnosisReport['errors'] = [];
  const report: DiagnosisReport = {
    connectionId: input.customApiId,
    ...(ref ? { name: ref.name } : {}),
    subject: 'custom-connector',
    cloud: client.cloud.name,
    generatedAt: new Date(now).toISOString(),
    overall: 'ok',
    checks,
    errors,
  };
  const def = await getCustomApi(client, input.customApiId, opts);
  if (!def.ok) {
    errors.push({ step: 'get custom connector', error: def.error });
    checks.push({
      id: 'lookup',
      severity: 'error',
      title: def.error.kind === 'not-found' ? 'Custom connector not found' : 'Custom connector could not be read',
      detail: def.error.message,
      nextStep: def.error.kind === 'not-found' ? 'Check the id (subscription, resource group, name) and the selected cloud.' : 'Check your access (Reader on its resource group) and retry.',
    });
    return finish(report);
  }
  report.name = def.value.info.name;
  report.customConnector = judgeCustomConnector(def.value);
  checks.push(...customConnectorChecks(report.customConnector));
  // The connections made from it: its subscription's connections whose api.id is this customApi.
  const listed = await client.listConnections({ ...opts, subscriptionIds: [ref!.subscriptionId] });
  if (!listed.ok) {
    errors.push({ step: 'list connections', error: listed.error });
    return finish(report);
  }
  for (const e of listed.value.errors) errors.push({ step: 'list connections', error: e.error });
  const key = input.customApiId.trim().replace(/\/+$/, '').toLowerCase();
  const made = listed.value.connections.filter((c) => (c.api.id ?? '').trim().replace(/\/+$/, '').toLowerCase() === key).sort((a, b) => a.name.localeCompare(b.name));
  const tests = await Promise.all(made.map((c) => (input.skipTest ? Promise.resolve(undefined) : client.testConnection(c, { signal: input.signal, tenantId: input.tenantId }))));
  report.connections = made.map((c, i) => ({
    id: c.id,
    name: c.name,
    status: c.status,
    ...(c.authenticatedUser ? { authenticatedUser: c.authenticatedUser } : {}),
    ...(tests[i] ? { test: { status: tests[i]!.status, ...(tests[i]!.httpStatus ? { httpStatus: tests[i]!.httpStatus } : {}) } } : {}),
  }));
  checks.push({
    id: 'connections',
    severity: 'info',
    title: made.length === 1 ? '1 connection made from it' : `${made.length} connections made from it`,
    detail: made.length ? made.map((c, i) => `${c.name}: ${c.status}${tests[i] ? `, test ${tests[i]!.status}` : ''}`).join('; ') : 'No API connection of its subscription uses this custom connector.',
  });
  made.forEach((c, i) => {
    const t = tests[i];
    if (t && t.status !== 'connected') {
      checks.push({ id: 'test', severity: t.status === 'throttled' || t.status === 'unreachable' ? 'warning' : 'error', title: `${c.name}: test ${t.status}${t.httpStatus ? ` (HTTP ${t.httpStatus})` : ''}`, detail: `${t.message} ${t.explanation}`.trim(), nextStep: t.nextStep });
    }
    const refresh = refreshTokenCheck(c, t, report.customConnector, now);
    if (refresh) checks.push({ ...refresh, title: `${c.name}: ${refresh.title}` });
  });
  return finish(report);
}

/** Turn gathered facts into a report (pure). All texts are redacted. */
export function buildReport(facts: DiagnosisFacts): DiagnosisReport {
  const { input } = facts;
  const now = input.now ?? Date.now();
  const checks: DiagnosisCheck[] = [];
  const errors: DiagnosisReport['errors'] = [];
  const portal: TestLinkRef[] = facts.portalLink ? [{ title: 'Open in the Azure portal (Edit API connection → Authorize)', url: facts.portalLink }] : [];
  const report: DiagnosisReport = {
    connectionId: input.connectionId,
    cloud: facts.cloud,
    generatedAt: new Date(now).toISOString(),
    overall: 'ok',
    checks,
    errors,
  };
  const parts = parseConnectionId(input.connectionId);
  if (parts) report.name = parts.name;

  if (!facts.connection.ok) {
    const e = facts.connection.error;
    errors.push({ step: 'get connection', error: e });
    checks.push({
      id: 'lookup',
      severity: 'error',
      title: e.kind === 'not-found' ? 'Connection not found' : 'Connection could not be read',
      detail: e.message,
      nextStep:
        e.kind === 'not-found'
          ? 'Check the connection id (subscription, resource group, name) and the selected cloud.'
          : e.kind === 'forbidden'
            ? 'Ask for Reader (or Logic App Contributor) on the connection\'s resource group.'
            : e.kind === 'unauthenticated'
              ? 'Sign in to Azure again.'
              : 'Retry; check the network if it persists.',
    });
    keyCheck(input, now, report, checks);
    return finish(report);
  }

  const c = facts.connection.value;
  report.name = c.name;
  report.connection = {
    name: c.name,
    status: c.status,
    statuses: c.statuses,
    parameterValueKeys: c.parameterValueKeys,
    ...(c.displayName ? { displayName: c.displayName } : {}),
    ...(c.kind ?? c.rawKind ? { kind: c.kind ?? c.rawKind } : {}),
    ...(c.api.name ? { api: c.api.displayName ? `${c.api.displayName} (${c.api.name})` : c.api.name } : {}),
    ...(c.location ? { location: c.location } : {}),
    ...(c.authenticatedUser ? { authenticatedUser: c.authenticatedUser } : {}),
    ...(c.createdTime ? { createdTime: c.createdTime } : {}),
    ...(c.changedTime ? { changedTime: c.changedTime } : {}),
    ...(c.connectionRuntimeUrl ? { connectionRuntimeUrl: c.connectionRuntimeUrl } : {}),
    ...(c.parameterValueSet?.name ? { parameterValueSet: c.parameterValueSet.name } : {}),
  };

  // Status
  const statusErrors = c.statuses.filter((s) => s.error || !isConnectedStatus(s.status));
  if (isConnectedStatus(c.status) && !statusErrors.length) {
    checks.push({ id: 'status', severity: 'ok', title: `Status: ${c.status}`, detail: 'Azure reports the connection as connected.' });
  } else {
    const first = statusErrors[0]?.error;
    const unauth = /unauthenticated|unauthorized|expired/i.test(`${first?.code ?? ''} ${c.status}`);
    checks.push({
      id: 'status',
      severity: 'error',
      title: `Status: ${c.status}${first?.code ? ` (${first.code})` : ''}`,
      detail: first?.message ?? `Azure reports the connection as ${c.status}.`,
      nextStep: unauth ? 'Re-authorize the connection (Edit API connection → Authorize).' : 'See the error; test the connection to learn more.',
      ...(unauth && portal.length ? { links: portal } : {}),
    });
  }

  // Kind
  const standard = input.projectKind === 'standard';
  if (c.kind === 'V1' && standard) {
    checks.push({
      id: 'kind',
      severity: 'error',
      title: 'V1 connection in a Standard project',
      detail: 'This is a V1 (Consumption) connection. Logic Apps Standard needs a V2 connection: only V2 has a connectionRuntimeUrl, connection keys and access policies.',
      nextStep: 'Create a V2 connection for the same API (the designer in VS Code or the portal does) and point connections.json at it.',
    });
  } else if (c.kind) {
    checks.push({ id: 'kind', severity: 'ok', title: `Kind: ${c.kind}`, detail: c.kind === 'V2' ? 'V2 (Standard) connection.' : 'V1 (Consumption) connection.' });
  } else {
    checks.push({ id: 'kind', severity: 'info', title: `Kind: ${c.rawKind ?? 'not reported'}`, detail: 'Azure did not report V1 or V2 for this connection.' });
  }

  // Runtime URL (V2)
  if (c.kind === 'V2' && !c.connectionRuntimeUrl) {
    checks.push({
      id: 'runtime-url',
      severity: 'warning',
      title: 'No connectionRuntimeUrl',
      detail: 'Azure returned no connectionRuntimeUrl for this V2 connection; connections.json needs one.',
      nextStep: 'Use listConnectionKeys (runtimeUrls[0]) or the portal\'s JSON view to get it.',
    });
  }

  // Consent / who authorized
  let needsConsent: boolean | undefined;
  if (facts.managedApi) {
    if (facts.managedApi.ok) {
      const api = facts.managedApi.value;
      needsConsent = connectionNeedsConsent(api, c);
      report.consent = { needsConsent, api: api.name, oauthParameters: api.oauthParameters };
      checks.push({
        id: 'consent',
        severity: 'info',
        title: needsConsent ? `${api.displayName ?? api.name} signs in with OAuth` : `${api.displayName ?? api.name} needs no OAuth consent`,
        detail: needsConsent
          ? 'A person must authorize this connection; the stored sign-in lapses (password change, revocation, ~90 days without use) and must then be re-authorized.'
          : 'The connection authenticates with parameters (keys, connection strings) or a managed identity: there is no user consent to renew.',
      });
    } else {
      errors.push({ step: 'get managed API', error: facts.managedApi.error });
    }
  }
  if (c.authenticatedUser) {
    checks.push({
      id: 'authorization',
      severity: 'info',
      title: `Authorized by ${c.authenticatedUser}`,
      detail: `Last changed ${c.changedTime ?? 'at an unknown time'}${c.createdTime ? `; created ${c.createdTime}` : ''}.`,
    });
  } else if (needsConsent) {
    // Real answers often carry no `authenticatedUser` (always at api-version 2016-06-01): its
    // absence says nothing about the consent. The status (above) and the test tell whether it works.
    checks.push({
      id: 'authorization',
      severity: 'info',
      title: 'Authorized by: not reported',
      detail: `Azure's answer does not say who authorized the connection${c.changedTime ? `; last changed ${c.changedTime}` : ''}.`,
    });
  }

  // Custom connector: its OAuth settings judged by LAC070–LAC074 and the guide's checklist.
  if (facts.customApi) {
    if (facts.customApi.ok) {
      report.customConnector = judgeCustomConnector(facts.customApi.value);
      checks.push(...customConnectorChecks(report.customConnector));
    } else {
      errors.push({ step: 'get custom connector', error: facts.customApi.error });
      checks.push({ id: 'custom-connector', severity: 'warning', title: 'The custom connector could not be read', detail: facts.customApi.error.message, nextStep: 'Ask for Reader on the custom connector\'s resource group to check its OAuth settings.' });
    }
  }

  // Test
  if (facts.test) {
    report.test = facts.test;
    const t = facts.test;
    checks.push({
      id: 'test',
      severity: t.status === 'connected' ? 'ok' : t.status === 'throttled' || t.status === 'unreachable' ? 'warning' : 'error',
      title: `Test: ${t.status}${t.httpStatus ? ` (HTTP ${t.httpStatus})` : ''}`,
      detail: `${t.message} ${t.explanation}`.trim(),
      nextStep: t.nextStep,
      ...(t.links?.length ? { links: t.links } : {}),
    });
    // A custom connector's connection that was authorized and now gets 401: the token refresh failed.
    const refresh = facts.customApi ? refreshTokenCheck(c, t, report.customConnector, now) : undefined;
    if (refresh) checks.push(refresh);
  }

  // Access policies
  if (facts.accessPolicies) {
    if (facts.accessPolicies.ok) {
      const policies = facts.accessPolicies.value;
      const who = input.expectedIdentity;
      const candidates = !who && input.candidateIdentities?.length ? input.candidateIdentities : undefined;
      const covered = who ? !!policyFor(policies, who) : candidates ? candidates.some((x) => !!policyFor(policies, x)) : undefined;
      report.accessPolicies = { policies, ...(who ? { expectedIdentity: who, covered } : {}), ...(candidates ? { candidateIdentities: candidates, covered } : {}) };
      if (candidates) {
        const named = candidates.map((x) => `${identityLabel(x)}: ${policyFor(policies, x) ? 'has one' : 'none'}`).join('; ');
        checks.push(
          covered
            ? { id: 'access-policies', severity: 'ok', title: 'Access policy present', detail: `${named}.` }
            : {
                id: 'access-policies',
                severity: 'error',
                title: 'No access policy for any identity of the app',
                detail: `${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}, none for the app's identities (${named}): its workflows get 403.`,
                nextStep: `Add an access policy for the identity its connections.json entry uses (lac connections access add ${input.connectionId} --object-id <id> --tenant <id>).`,
              },
        );
      } else if (who) {
        const label = identityLabel(who);
        checks.push(
          covered
            ? { id: 'access-policies', severity: 'ok', title: 'Access policy present', detail: `An access policy admits ${label}.` }
            : {
                id: 'access-policies',
                severity: 'error',
                title: 'No access policy for the identity that uses the connection',
                detail: `${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}, none for ${label}: calls will fail with 403.`,
                nextStep: `Add an access policy for objectId ${who.objectId}${who.tenantId ? ` in tenant ${who.tenantId}` : ''}: Add Access Policy… in the editor, or lac connections access add ${input.connectionId} --object-id ${who.objectId}${who.tenantId ? ` --tenant ${who.tenantId}` : ''}.`,
              },
        );
      } else if (input.noIdentityReason) {
        checks.push({
          id: 'access-policies',
          severity: 'info',
          title: `${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}; none needed`,
          detail: `No identity policy is checked: ${input.noIdentityReason}.`,
        });
      } else {
        checks.push({
          id: 'access-policies',
          severity: 'info',
          title: `${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}`,
          detail: policies.length ? policies.map((p) => `${p.name}: ${p.objectId ?? '?'}`).join('; ') : 'No identity may call this connection yet.',
        });
      }
    } else {
      errors.push({ step: 'list access policies', error: facts.accessPolicies.error });
      checks.push({ id: 'access-policies', severity: 'warning', title: 'Access policies could not be read', detail: facts.accessPolicies.error.message });
    }
  }

  keyCheck(input, now, report, checks);
  if (facts.usage) usageCheck(facts.usage, input.connectionId, report, checks, errors);
  return finish(report);
}

/** Who uses the connection: one check, and `deployedUsers` in the report. */
function usageCheck(usage: UsageIndex, connectionId: string, report: DiagnosisReport, checks: DiagnosisCheck[], errors: DiagnosisReport['errors']): void {
  const users = usage.users(connectionId);
  const complete = usage.complete(connectionId);
  report.deployedUsers = { users, complete, scanned: usage.scanned };
  for (const e of usage.errors) errors.push({ step: `find users: ${e.what}`, error: e.error });
  const scanned = `${usage.scanned.workflows} Consumption workflow(s) and ${usage.scanned.apps} Standard app(s) read`;
  if (users.length) {
    checks.push({
      id: 'used-by',
      severity: 'info',
      title: `Used by ${users.length} deployed logic app${users.length === 1 ? '' : 's'}`,
      detail: `${users.map(describeUser).join('; ')} (${scanned}).`,
    });
  } else {
    checks.push({
      id: 'used-by',
      severity: 'info',
      title: complete ? 'Used by no deployed logic app' : 'Users could not all be read',
      detail: complete
        ? `No Consumption workflow names it in $connections and no Standard app in its deployed connections.json (${scanned}).`
        : `No user found, but some logic apps could not be read (${scanned}); it may still be in use.`,
    });
  }
}

/** "you, dev@contoso.com (object id …)", "the system-assigned identity of la (object id …)". */
function identityLabel(who: ExpectedIdentity): string {
  const what = who.description ?? (who.source === 'managed-identity' ? "the app's managed identity" : 'your user');
  return `${what} (object id ${who.objectId})`;
}

function keyCheck(input: DiagnoseInput, now: number, report: DiagnosisReport, checks: DiagnosisCheck[]): void {
  if (input.connectionKey === undefined) return;
  const times = decodeJwtTimes(input.connectionKey);
  if (!times?.expiresAt) {
    report.connectionKey = { readable: false };
    checks.push({
      id: 'connection-key',
      severity: 'warning',
      title: 'Connection key unreadable',
      detail: 'The connection key is not a JWT with an expiry (a placeholder or a truncated value?).',
      nextStep: 'Get a new key (listConnectionKeys, validity 7 days) into local.settings.json.',
    });
    return;
  }
  const exp = Date.parse(times.expiresAt);
  const hoursLeft = Math.floor((exp - now) / 3600_000);
  const expired = exp <= now;
  report.connectionKey = { readable: true, expiresAt: times.expiresAt, expired, hoursLeft };
  checks.push(
    expired
      ? {
          id: 'connection-key',
          severity: 'error',
          title: 'Connection key expired',
          detail: `The key expired at ${times.expiresAt} ("Lifetime validation failed" at runtime).`,
          nextStep: 'Get a new key (listConnectionKeys, validity 7 days) into local.settings.json.',
        }
      : hoursLeft < 24
        ? {
            id: 'connection-key',
            severity: 'warning',
            title: 'Connection key expires soon',
            detail: `The key expires at ${times.expiresAt} (in ${Math.max(0, hoursLeft)} h).`,
            nextStep: 'Refresh it before it expires.',
          }
        : { id: 'connection-key', severity: 'ok', title: 'Connection key valid', detail: `Expires at ${times.expiresAt} (in ${Math.floor(hoursLeft / 24)} d ${hoursLeft % 24} h).` },
  );
}

function finish(report: DiagnosisReport): DiagnosisReport {
  report.overall = report.checks.some((c) => c.severity === 'error')
    ? 'error'
    : report.checks.some((c) => c.severity === 'warning') || report.errors.length
      ? 'warning'
      : 'ok';
  return redactDeep(report);
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------


/** The report as Markdown (all values escaped and redacted). */
export function toMarkdown(report: DiagnosisReport): string {
  const out: string[] = [];
  const connector = report.subject === 'custom-connector';
  out.push(`# ${connector ? 'Custom connector' : 'Connection'} diagnosis: ${md(report.name ?? report.connectionId)}`);
  out.push('');
  out.push(`**Overall:** ${ICON[report.overall]} ${report.overall}  `);
  out.push(`**${connector ? 'Custom connector' : 'Connection'}:** \`${redact(report.connectionId).replace(/`/g, '')}\`  `);
  out.push(`**Cloud:** ${report.cloud} · **Generated:** ${report.generatedAt}`);
  const c = report.connection;
  if (c) {
    out.push('');
    out.push('| | |');
    out.push('|---|---|');
    const row = (k: string, v: string | undefined) => v !== undefined && v !== '' && out.push(`| ${k} | ${md(v)} |`);
    row('Display name', c.displayName);
    row('API', c.api);
    row('Kind', c.kind);
    row('Location', c.location);
    row('Status', c.status);
    row('Authorized by', c.authenticatedUser);
    row('Created', c.createdTime);
    row('Changed', c.changedTime);
    row('Parameter set', c.parameterValueSet);
    row('Parameters', c.parameterValueKeys.join(', '));
  }
  out.push('');
  out.push('## Checks');
  out.push('');
  for (const check of report.checks) {
    out.push(`- ${ICON[check.severity]} **${md(check.title)}**: ${md(check.detail)}`);
    if (check.usedBy?.length) out.push(`  - Used by: ${md(check.usedBy.join(', '))}`);
    if (check.nextStep) out.push(`  - Next step: ${md(check.nextStep)}`);
    if (check.grant) out.push(`  - Grant Access: \`${redact(grantCommand(check.grant)).replace(/`/g, '')}\` (or *Grant Access…* in the editor)`);
    // Only allowlisted links become clickable.
    for (const l of check.links ?? []) {
      if (isAllowedExternalUrl(l.url, report.cloud)) out.push(`  - [${md(l.title)}](${l.url.replace(/[()\s<>]/g, encodeURIComponent)})`);
    }
  }
  const cc = report.customConnector;
  if (cc) {
    const STATE: Record<string, string> = { ok: '✅', problem: '❌', unknown: '❔' };
    out.push('');
    out.push(`## Custom connector: ${md(cc.displayName ? `${cc.displayName} (${cc.name})` : cc.name)}`);
    out.push('');
    out.push(`\`${redact(cc.id).replace(/`/g, '')}\``);
    if (cc.checklist.length) {
      out.push('');
      out.push("Microsoft's checklist for custom connector OAuth (Troubleshoot OAuth configuration, learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2), from its settings in Azure:");
      out.push('');
      out.push('| | check | what Azure says |');
      out.push('|---|---|---|');
      for (const i of cc.checklist) out.push(`| ${STATE[i.state]} | ${md(i.item)} | ${md(i.detail)} |`);
    }
  }
  if (report.connections) {
    out.push('');
    out.push('## Connections made from it');
    out.push('');
    if (!report.connections.length) out.push('None in its subscription.');
    else {
      out.push('| name | status | authorized by | test |');
      out.push('|---|---|---|---|');
      for (const c of report.connections) out.push(`| ${md(c.name)} | ${md(c.status)} | ${md(c.authenticatedUser ?? '')} | ${md(c.test ? `${c.test.status}${c.test.httpStatus ? ` (HTTP ${c.test.httpStatus})` : ''}` : 'not run')} |`);
    }
  }
  if (report.deployedUsers) {
    out.push('');
    out.push('## Used by');
    out.push('');
    if (!report.deployedUsers.users.length) out.push(report.deployedUsers.complete ? 'No deployed logic app uses it.' : 'No user found; some logic apps could not be read (see the steps that failed).');
    else {
      out.push('| logic app | kind | named as | resource group |');
      out.push('|---|---|---|---|');
      for (const u of report.deployedUsers.users) {
        const kind = u.kind === 'standard' ? 'Standard' : `Consumption${u.state && !/^enabled$/i.test(u.state) ? ` (${u.state})` : ''}`;
        out.push(`| ${md(u.name)} | ${md(kind)} | ${md(`${u.kind === 'standard' ? 'connections.json' : '$connections'} "${u.reference}"${u.throughExpression ? ' (id through app settings)' : ''}`)} | ${md(u.resourceGroup ?? '')} |`);
      }
    }
  }
  if (report.identity?.calendar.length) {
    out.push('');
    out.push('## Calendar');
    out.push('');
    out.push(...calendarMarkdown(report.identity.calendar));
  }
  if (report.accessPolicies?.policies.length) {
    out.push('');
    out.push('## Access policies');
    out.push('');
    out.push('| name | objectId | tenantId |');
    out.push('|---|---|---|');
    for (const p of report.accessPolicies.policies) out.push(`| ${md(p.name)} | ${md(p.objectId)} | ${md(p.tenantId)} |`);
  }
  out.push(...failedStepsMarkdown(report.errors));
  out.push('');
  return out.join('\n');
}

/** The report as JSON text (redacted). */
export function toJSON(report: DiagnosisReport): string {
  return JSON.stringify(redactDeep(report), null, 2);
}

/**
 * What Diagnose adds for a connection made from a custom connector (and `lac diagnose <customApi
 * id>` shows for the connector itself): the connector's OAuth settings as Resource Manager returns
 * them, judged by LAC070–LAC074, the checklist of Microsoft's guide for custom connector OAuth
 * (https://learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2: client id and
 * secret, token URL, refresh URL the same as the token URL) and, for a connection that was
 * authorized and now gets 401, what a failed token refresh looks like.
 *
 * Pure: the caller reads the resource (customApis.ts); nothing here calls Azure.
 */
import { lintDefinition, oauthSummaries, projectOfResource, type DefinitionFinding, type OAuthSummary } from '../customConnectors/lint';
import { isMicrosoftV2Endpoint, sameUrl } from '../customConnectors/oauth';
import type { CustomApiDefinition } from './customApis';
import type { DiagnosisCheck } from './diagnose';
import type { ConnectionInfo } from './model';
import type { TestConnectionResult } from './test';

export type ChecklistState = 'ok' | 'problem' | 'unknown';

export interface ChecklistItem {
  item: string;
  state: ChecklistState;
  detail: string;
}

export interface CustomConnectorReport {
  id: string;
  name: string;
  displayName?: string;
  oauth: OAuthSummary[];
  findings: DefinitionFinding[];
  checklist: ChecklistItem[];
}

const EDIT = 'Edit the custom connector (Azure portal → the custom connector → Edit → Security, or its definition and redeploy)';

/** Judge a custom connector read from Azure: its summary, findings and checklist. */
export function judgeCustomConnector(def: CustomApiDefinition): CustomConnectorReport {
  const project = projectOfResource(def.resource, def.info.name);
  const findings = lintDefinition(project);
  const oauth = oauthSummaries(project);
  return {
    id: def.info.id,
    name: def.info.name,
    ...(def.info.displayName ? { displayName: def.info.displayName } : {}),
    oauth,
    findings,
    checklist: oauth.flatMap((s) => checklistOf(s, findings, oauth.length > 1)),
  };
}

function checklistOf(s: OAuthSummary, findings: DefinitionFinding[], several: boolean): ChecklistItem[] {
  const label = several ? ` (${s.parameterSet !== undefined ? `${s.parameterSet}/` : ''}${s.parameter})` : '';
  const has = (ruleId: string, re: RegExp) => findings.some((f) => f.ruleId === ruleId && re.test(f.message) && f.message.includes(`"${s.parameter}"`));
  const items: ChecklistItem[] = [];
  const p = s.identityProvider?.toLowerCase();
  items.push(
    s.identityProvider
      ? { item: `Identity provider${label}`, state: has('LAC070', /not an identity provider/) ? 'problem' : 'ok', detail: s.identityProvider }
      : { item: `Identity provider${label}`, state: 'problem', detail: 'none: the connection cannot sign in' },
  );
  items.push(
    s.clientId || s.firstParty || p === 'aadcertificate'
      ? { item: `Client id${label}`, state: 'ok', detail: s.clientId ? 'set' : "Microsoft's first-party app" }
      : { item: `Client id${label}`, state: 'problem', detail: 'not set' },
  );
  items.push({
    item: `Client secret${label}`,
    state: 'unknown',
    detail: "Azure never returns it: check that it is the OAuth app's current secret (secrets expire) in the connector's Security tab.",
  });
  if (p === 'oauth2' || p === 'oauth2generic') {
    items.push({
      item: `Token URL${label}`,
      state: !s.tokenUrl || has('LAC070', /tokenUrl/i) ? 'problem' : 'ok',
      detail: s.tokenUrl ?? 'not set',
    });
    const refreshProblem = has('LAC071', /./);
    items.push({
      item: `Refresh URL is the token URL${label}`,
      state: refreshProblem ? 'problem' : sameUrl(s.refreshUrl, s.tokenUrl) ? 'ok' : 'unknown',
      detail: s.refreshUrl ? (sameUrl(s.refreshUrl, s.tokenUrl) ? s.refreshUrl : `${s.refreshUrl} (token URL: ${s.tokenUrl ?? 'not set'})`) : 'not set',
    });
    const v2 = isMicrosoftV2Endpoint(s.authorizationUrl) || isMicrosoftV2Endpoint(s.tokenUrl);
    items.push(
      v2
        ? {
            item: `A refresh token is issued${label}`,
            state: s.scopes.some((x) => x.toLowerCase() === 'offline_access') ? 'ok' : 'problem',
            detail: s.scopes.some((x) => x.toLowerCase() === 'offline_access') ? 'offline_access is requested (Microsoft identity platform v2.0)' : 'offline_access is not requested on a Microsoft identity platform v2.0 endpoint: no refresh token',
          }
        : { item: `A refresh token is issued${label}`, state: 'unknown', detail: "Call the token endpoint once (Postman) and check that the answer holds a refresh_token, or that the access token does not expire." },
    );
  } else {
    items.push({ item: `Token and refresh URLs${label}`, state: 'ok', detail: `the ${s.identityProvider ?? 'provider'}'s own endpoints` });
  }
  items.push({
    item: `Redirect URL registered in the OAuth app${label}`,
    state: has('LAC072', /not|lacks/) ? 'problem' : s.redirectUrl ? 'ok' : 'unknown',
    detail: s.redirectUrl ?? 'the one the portal shows on the connector\'s Security tab',
  });
  return items;
}

/** The report's checks for a custom connector: one per finding, or one that says all is well. */
export function customConnectorChecks(report: CustomConnectorReport): DiagnosisCheck[] {
  const name = report.displayName ? `${report.displayName} (${report.name})` : report.name;
  const providers = [...new Set(report.oauth.map((o) => o.identityProvider).filter(Boolean))];
  if (!report.oauth.length) {
    return [{ id: 'custom-connector', severity: 'info', title: `Custom connector ${name}`, detail: 'It signs in without OAuth (API key, basic or no authentication): no OAuth settings to check.' }];
  }
  if (!report.findings.length) {
    return [{ id: 'custom-connector', severity: 'ok', title: `Custom connector ${name}: OAuth settings`, detail: `Signs in with ${providers.join(', ') || 'OAuth'}; LAC070–LAC074 find no problem in its settings.` }];
  }
  return report.findings.map((f) => ({
    id: 'custom-connector',
    severity: f.severity === 'hint' ? 'info' : f.severity,
    title: `Custom connector ${name}: ${f.ruleId} ${f.name}`,
    detail: f.message,
    nextStep: f.fixTitle ? `${f.fixTitle}. ${EDIT}.` : `${EDIT}.`,
  }));
}

/**
 * For a connection that someone authorized and whose test now answers 401: the connection could
 * not renew its access token. Said once, with the cause when the connector's settings show it.
 */
export function refreshTokenCheck(connection: ConnectionInfo, test: TestConnectionResult | undefined, report: CustomConnectorReport | undefined, now: number): DiagnosisCheck | undefined {
  if (!test || !(test.status === 'unauthenticated' || test.httpStatus === 401)) return undefined;
  if (!connection.authenticatedUser) return undefined;
  const since = Date.parse(connection.changedTime ?? connection.createdTime ?? '');
  const hours = Number.isFinite(since) ? Math.max(0, Math.round((now - since) / 3600_000)) : undefined;
  const cause = report?.findings.find((f) => f.ruleId === 'LAC071' && f.severity === 'error') ?? report?.findings.find((f) => f.ruleId === 'LAC070' && /offline_access/.test(f.message));
  return {
    id: 'refresh-token',
    severity: cause ? 'error' : 'warning',
    title: cause ? 'The connection cannot refresh its token: the connector is why' : 'A 401 after sign-in: the token refresh failed',
    detail:
      `${connection.authenticatedUser} authorized this connection${connection.changedTime ? ` at ${connection.changedTime}` : ''}${hours !== undefined ? ` (${hours} h ago)` : ''} and it now gets 401. ` +
      'A custom connector connection that works after sign-in and fails after a fixed time (the access token\'s lifetime, about an hour for Entra ID) could not renew its token: when the access token expires the service sends the refresh token to the refresh URL.' +
      (cause ? ` ${cause.message}` : ''),
    nextStep: cause
      ? `${cause.fixTitle ?? 'Fix the connector'} (${EDIT}), then authorize the connection again.`
      : "Check the connector's refresh URL (the token URL), that the token endpoint returns a refresh token (offline_access on Microsoft identity platform v2.0), and its client id and secret; then authorize the connection again.",
  };
}

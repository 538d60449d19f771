/**
 * Test Connection results: one category per outcome, with the service's message, an
 * explanation and the next step. The classification is pure; the calls live in client.ts.
 *
 * Pure: no Azure SDK.
 */
import { findAadsts, type AadstsInfo } from './aadsts';
import type { AzureError } from './errors';
import { parseArmError } from './errors';
import { redact } from './redact';

export type TestStatus =
  | 'connected'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'unreachable'
  | 'throttled'
  | 'error';

export interface TestLinkRef {
  title: string;
  url: string;
}

export interface TestConnectionResult {
  /** The connection id. */
  id: string;
  status: TestStatus;
  httpStatus?: number;
  code?: string;
  /** What the service said (redacted). */
  message: string;
  /** What it means. */
  explanation: string;
  /** What to do. */
  nextStep: string;
  links?: TestLinkRef[];
  /** How the test ran: the connection's testLinks[0], testRequests[0] (dynamicInvoke), or not at all. */
  via?: 'testLink' | 'testRequest' | 'none';
  aadsts?: AadstsInfo[];
  retryAfterSeconds?: number;
}

export interface TestContext {
  id: string;
  via?: TestConnectionResult['via'];
  /** Portal link to the connection's Edit page (Authorize). */
  portalLink?: string;
  /** Who authorized the connection, for messages. */
  authenticatedUser?: string;
}

/** Codes ARM returns when *our* token (not the connection's) is the problem. */
const ARM_TOKEN_CODES = new Set(
  [
    'InvalidAuthenticationToken',
    'ExpiredAuthenticationToken',
    'InvalidAuthenticationTokenAudience',
    'InvalidAuthenticationTokenTenant',
    'AuthenticationFailed',
    'AuthenticationFailedMissingToken',
  ].map((c) => c.toLowerCase()),
);

/** Codes that point at a missing access policy on a V2 connection. */
const ACCESS_POLICY_RE = /access ?polic|ConnectionAuthorizationFailed|not authorized to access (the )?connection/i;

export function statusForHttp(status: number): TestStatus {
  if (status >= 200 && status < 300) return 'connected';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504) return 'unreachable';
  return 'error';
}

/** Map a `dynamicInvoke` `response.statusCode` ("OK", "Unauthorized", 403...) to an HTTP status. */
export function httpStatusOfStatusCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v !== 'string') return undefined;
  if (/^\d{3}$/.test(v.trim())) return Number(v.trim());
  const names: Record<string, number> = {
    ok: 200,
    created: 201,
    accepted: 202,
    nocontent: 204,
    badrequest: 400,
    unauthorized: 401,
    forbidden: 403,
    notfound: 404,
    requesttimeout: 408,
    conflict: 409,
    toomanyrequests: 429,
    internalservererror: 500,
    badgateway: 502,
    serviceunavailable: 503,
    gatewaytimeout: 504,
  };
  return names[v.replace(/[^a-z]/gi, '').toLowerCase()];
}

interface Outcome {
  status: TestStatus;
  httpStatus?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** A transport-level failure (timeout, DNS, refused) rather than a response. */
  transport?: 'timeout' | 'network' | 'cancelled' | 'insecure-target';
}

/** Build the result for an outcome: explanation, next step and links, AADSTS explained. */
export function buildTestResult(ctx: TestContext, o: Outcome): TestConnectionResult {
  const message = redact(o.message ?? '') || defaultMessage(o);
  const aadsts = findAadsts(message);
  const links: TestLinkRef[] = [];
  const portal = ctx.portalLink ? { title: 'Open the connection in the Azure portal (Edit API connection → Authorize)', url: ctx.portalLink } : undefined;
  let explanation: string;
  let nextStep: string;
  const code = o.code ? redact(o.code) : undefined;
  const lcode = code?.toLowerCase() ?? '';
  switch (o.status) {
    case 'connected':
      explanation = 'The test call succeeded: the connection is authorized and its target answered.';
      nextStep = 'Nothing to do.';
      break;
    case 'unauthenticated':
      if (ARM_TOKEN_CODES.has(lcode)) {
        explanation = 'Azure Resource Manager refused your own sign-in token (expired, wrong tenant or wrong cloud); the connection itself was not tested.';
        nextStep = 'Sign in to Azure again (Azure account in VS Code, `az login`, or a fresh LAC_ACCESS_TOKEN) and retry.';
      } else {
        explanation = `The connection's stored authorization is no longer valid: its consent or refresh token expired or was revoked${ctx.authenticatedUser ? ` (authorized by ${redact(ctx.authenticatedUser)})` : ''}.`;
        nextStep = 'Re-authorize the connection: Edit API connection → Authorize in the portal, or run the consent flow, then save.';
        if (portal) links.push(portal);
      }
      break;
    case 'forbidden': {
      const action = /perform action '([^']+)'/i.exec(message)?.[1];
      if (lcode === 'authorizationfailed' || action) {
        explanation = `Your account lacks an Azure role for this call${action ? `: it may not perform '${action}'` : ''} on the connection or its resource group.`;
        nextStep = `Ask for a role that includes ${action ? `'${action}'` : 'the Microsoft.Web/connections actions'} (for example Logic App Contributor or Contributor) on the connection's resource group.`;
      } else if (ACCESS_POLICY_RE.test(`${code ?? ''} ${message}`)) {
        explanation = 'The identity that calls the connection has no access policy on it (V2 connections admit only the identities listed in their access policies).';
        nextStep = 'Add an access policy for the identity that uses the connection: the Standard app\'s managed identity in Azure, or your own user for local runs.';
      } else {
        explanation = `The connection's account was refused by the target service: it lacks permission there${ctx.authenticatedUser ? ` (the connection signs in as ${redact(ctx.authenticatedUser)})` : ''}.`;
        nextStep = 'Grant that account the permission in the target service, or re-authorize the connection with an account that has it.';
        if (portal) links.push(portal);
      }
      break;
    }
    case 'not-found':
      explanation = 'The connection (or its test endpoint) was not found: deleted, renamed, or in another subscription or cloud.';
      nextStep = 'Check the connection id in connections.json and the selected subscription and cloud; recreate the connection if it was deleted.';
      break;
    case 'unreachable':
      explanation =
        o.transport === 'network'
          ? 'The test could not reach the service (DNS, refused connection, proxy or firewall).'
          : 'The test did not complete in time (the connector or its target did not answer: network, firewall or an on-premises gateway).';
      nextStep = 'Check the network, proxy and firewall (and the on-premises data gateway if the connection uses one), then retry.';
      break;
    case 'throttled':
      explanation = 'Azure kept throttling the requests (HTTP 429) after the retries.';
      nextStep = `Wait${o.retryAfterSeconds ? ` ${o.retryAfterSeconds} s` : ' a minute'} and test again.`;
      break;
    default:
      if (o.transport === 'cancelled') {
        explanation = 'The test was cancelled before it finished.';
        nextStep = 'Run the test again.';
      } else if (o.transport === 'insecure-target') {
        explanation = 'The connection\'s test link points outside the Resource Manager endpoint, so it was not called with your Azure token.';
        nextStep = 'Open the connection in the portal and test it there; report the link if it persists.';
        if (portal) links.push(portal);
      } else {
        explanation = `The test call failed${o.httpStatus ? ` with HTTP ${o.httpStatus}` : ''}: see the service's message.`;
        nextStep = 'Read the message; if it names the sign-in or the account, re-authorize the connection, otherwise check the target service.';
        if (portal) links.push(portal);
      }
  }
  if (aadsts.length) {
    explanation += ` ${aadsts.map((a) => `AADSTS${a.code}: ${a.meaning}`).join(' ')}`;
    nextStep = `${aadsts.map((a) => a.fix).join(' ')} ${aadsts.some((a) => a.reauthorize) && !/re-authorize/i.test(nextStep) ? 'Then re-authorize the connection.' : ''}`.trim();
    if (aadsts.some((a) => a.reauthorize) && portal && !links.includes(portal)) links.push(portal);
  }
  const result: TestConnectionResult = { id: ctx.id, status: o.status, message, explanation, nextStep };
  if (o.httpStatus !== undefined) result.httpStatus = o.httpStatus;
  if (code) result.code = code;
  if (links.length) result.links = links;
  if (ctx.via) result.via = ctx.via;
  if (aadsts.length) result.aadsts = aadsts;
  if (o.retryAfterSeconds !== undefined) result.retryAfterSeconds = o.retryAfterSeconds;
  return result;
}

function defaultMessage(o: Outcome): string {
  switch (o.status) {
    case 'connected':
      return 'Connected.';
    case 'unreachable':
      return o.transport === 'network' ? 'The service could not be reached.' : 'The test timed out.';
    default:
      return o.httpStatus ? `HTTP ${o.httpStatus}.` : 'The test failed.';
  }
}

/** Result from an HTTP response of the test link (status + body). */
export function testResultFromResponse(ctx: TestContext, httpStatus: number, body: unknown): TestConnectionResult {
  const err = parseArmError(body);
  return buildTestResult(ctx, {
    status: statusForHttp(httpStatus),
    httpStatus,
    code: err?.code,
    message: err?.message ?? (httpStatus >= 200 && httpStatus < 300 ? 'Connected.' : undefined),
  });
}

/** Result from a failed call (no usable response). */
export function testResultFromError(ctx: TestContext, error: AzureError): TestConnectionResult {
  const base = { httpStatus: error.status, code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  switch (error.kind) {
    case 'unauthenticated':
      return buildTestResult(ctx, { ...base, status: 'unauthenticated' });
    case 'forbidden':
      return buildTestResult(ctx, { ...base, status: 'forbidden' });
    case 'not-found':
      return buildTestResult(ctx, { ...base, status: 'not-found' });
    case 'throttled':
      return buildTestResult(ctx, { ...base, status: 'throttled' });
    case 'timeout':
      return buildTestResult(ctx, { ...base, status: 'unreachable', transport: 'timeout' });
    case 'network':
      return buildTestResult(ctx, { ...base, status: 'unreachable', transport: 'network' });
    case 'cancelled':
      return buildTestResult(ctx, { ...base, status: 'error', code: error.code ?? 'Cancelled', transport: 'cancelled' });
    case 'insecure-target':
      return buildTestResult(ctx, { ...base, status: 'error', code: error.code ?? 'InsecureTarget', transport: 'insecure-target' });
    default:
      return buildTestResult(ctx, { ...base, status: statusForHttp(error.status ?? 500) === 'connected' ? 'error' : statusForHttp(error.status ?? 500) });
  }
}

/**
 * Result from a `dynamicInvoke` answer: `{response:{statusCode, body, headers}}`. The outer call
 * succeeded; the inner status says whether the connector's test worked.
 */
export function testResultFromDynamicInvoke(ctx: TestContext, body: unknown): TestConnectionResult {
  const response =
    body && typeof body === 'object' ? ((body as Record<string, unknown>).response as Record<string, unknown> | undefined) : undefined;
  if (!response || typeof response !== 'object') {
    return buildTestResult(ctx, { status: 'error', message: 'The test request returned no response to judge.', code: 'BadResponse' });
  }
  const httpStatus = httpStatusOfStatusCode(response.statusCode ?? response.status);
  if (httpStatus === undefined) {
    return buildTestResult(ctx, { status: 'error', message: 'The test request returned an unknown status.', code: 'BadResponse' });
  }
  const err = parseArmError(response.body);
  return buildTestResult(ctx, {
    status: statusForHttp(httpStatus),
    httpStatus,
    code: err?.code,
    message: err?.message ?? (httpStatus < 300 ? 'Connected.' : undefined),
  });
}

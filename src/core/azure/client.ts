/**
 * The Azure Resource Manager client of Logic Apps Connections, on the Azure SDK pipeline
 * (`ResourceManagementClient` from @azure/arm-resources: its pipeline and HTTP client; requests
 * from `createPipelineRequest`). No hand-rolled HTTP.
 *
 * Pipeline, outermost first:
 *   … SDK policies (user agent, request id, …)
 *   lacTokenPrefetch                      gets/refreshes the token before any queueing
 *   retryPolicy([lacArmRetry])            phase Retry: Retry-After on 429/503, backoff on 5xx/network
 *   lacLimiter                            per attempt: ≤ N in flight, token bucket per subscription
 *   lacTimeout                            per attempt: explicit timeout covering the body
 *   lacArmBearer                          phase Sign: assertTokenTarget, then the token
 *   HTTP client
 *
 * The SDK's own bearer policy is removed (it refuses http, which the loopback emulator needs)
 * and never sees the credential; ours refuses every URL whose origin is not the ARM endpoint,
 * so a testLinks URI, nextLink or any URL from a response that points elsewhere never gets the
 * token (nor the request at all). Redirects are not followed.
 *
 * Every operation returns a `Result` (never throws for service, network, timeout or
 * cancellation failures); texts are redacted.
 *
 * This module loads the Azure SDK: import it lazily (`await import('./core/azure')`).
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { setMaxListeners } from 'events';
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  bearerTokenAuthenticationPolicyName,
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  retryPolicy,
  type HttpClient,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  type RetryStrategy,
} from '@azure/core-rest-pipeline';
import { checkTokenTarget, describeOrigin, getCloud, InsecureTargetError, normaliseArmEndpoint, type AzureCloud, type CloudName, type TokenTargetOptions } from './clouds';
import { azureError, errorFromResponse, fail, ok, retryAfterMs, type AzureError, type Result } from './errors';
import { RequestLimiter, AbortedError, sleep, type SignalLike } from './limiter';
import { consentLinksRequestBody, parseConsentLinks, portalConnectionLink, type ConsentLink } from './links';
import {
  connectionPath,
  decodeJwtIdentity,
  decodeJwtTimes,
  enc,
  managedApiPath,
  parseAccessPolicy,
  parseConnection,
  parseConnectionId,
  parseManagedApi,
  parseManagedApiId,
  parseSiteId,
  parseSiteIdentity,
  parseSubscription,
  sitePath,
  subscriptionOfUrl,
  type AccessPolicy,
  type ConnectionIdParts,
  type ConnectionInfo,
  type JwtIdentity,
  type ManagedApiInfo,
  type ManagedApiRef,
  type SiteIdentity,
  type SubscriptionInfo,
} from './model';
import { ipLiteralAwareHttpClient } from './ipLiteral';
import { redact, registerSecret } from './redact';
import {
  buildTestResult,
  testResultFromDynamicInvoke,
  testResultFromError,
  testResultFromResponse,
  type TestConnectionResult,
  type TestContext,
} from './test';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

export interface RetryOptions {
  /** Retries after 5xx / 408 / network errors. Default 3. */
  maxRetries?: number;
  /** Retries after 429 / 503 (throttling). Default 8. */
  maxThrottleRetries?: number;
  /** First backoff delay (doubled each retry, ±20 % jitter). Default 800 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 30 s. */
  maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited for: the call ends `throttled` with
   * `retryAfterSeconds`. Default 60 s.
   */
  maxRetryAfterMs?: number;
  /** Lower bound applied to every Retry-After wait, ms. Default 0. */
  minRetryAfterMs?: number;
}

export interface AzureClientOptions {
  credential: TokenCredential;
  /** Cloud name, or a resolved cloud (`getCloud(name, {armEndpoint})`). Default AzureCloud. */
  cloud?: CloudName | AzureCloud;
  /** Custom ARM endpoint (https, or http on loopback only), overriding the cloud's. */
  armEndpoint?: string;
  /** Token scope for a custom endpoint. */
  armScope?: string;
  /** Tenant, for portal links. */
  tenantId?: string;
  /** Per-attempt timeout, ms (covers the whole response body). Default 30 000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Requests in flight (default 8) and requests per second per subscription (default 12). */
  limits?: { maxConcurrent?: number; requestsPerSecond?: number; burst?: number };
  /** Receives one line per HTTP attempt and notable events; lines are redacted. */
  log?: (line: string) => void;
  /** Override api-versions (for emulators or new API versions). */
  apiVersions?: Partial<ApiVersions>;
  userAgentPrefix?: string;
  /**
   * The HTTP transport under the pipeline (default: the SDK's). Tests give one that sends requests
   * for hosts they cannot resolve (a regional ARM host) to a local emulator; the token gate
   * (`lacArmBearer`) runs before it, so it sees only what may be sent.
   */
  httpClient?: HttpClient;
}

export interface ApiVersions {
  /** Reading connections, in every path (GET, the per-subscription list): one version, one shape. */
  connections: string;
  /** Consent links, consent codes and DELETE (published at 2016-06-01). */
  connectionsActions: string;
  connectionKeys: string;
  /** Listing access policies. */
  accessPolicies: string;
  /** Creating an access policy (PUT). */
  accessPolicyWrite: string;
  managedApis: string;
  subscriptions: string;
  resourceGraph: string;
  sites: string;
}

/**
 * The versions the official Logic Apps (Standard) extension uses for the fields we rely on
 * (Azure/LogicAppsUX `apps/vs-code-designer/src/app/utils/codeless/connection.ts` and the
 * designer's `apiHubServiceDetails`): connections, keys and access-policy lists at
 * 2018-07-01-preview (2016-06-01 answers have no `authenticatedUser`, `overallStatus`,
 * `connectionRuntimeUrl` or `testRequests`: bicep-types-az `generated/web/microsoft.web/2016-06-01/types.md`),
 * the local developer's access policy PUT at 2016-06-01 (`ensureAccessPolicyLocalMSI`).
 */
export const DEFAULT_API_VERSIONS: ApiVersions = {
  connections: '2018-07-01-preview',
  connectionsActions: '2016-06-01',
  connectionKeys: '2018-07-01-preview',
  accessPolicies: '2018-07-01-preview',
  accessPolicyWrite: '2016-06-01',
  managedApis: '2016-06-01',
  subscriptions: '2022-12-01',
  resourceGraph: '2021-03-01',
  sites: '2023-01-01',
};

export interface CallOptions {
  signal?: AbortSignal;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when empty. */
  body: unknown;
}

export interface Paged<T> {
  items: T[];
  /** A page after the first failed (or a nextLink was refused): the items are incomplete. */
  incomplete?: AzureError;
}

export interface ListConnectionsOptions extends CallOptions {
  /** Subscriptions to search; default: every enabled subscription the credential sees. */
  subscriptionIds?: string[];
  /** `auto` (default): Resource Graph, falling back to ARM per subscription. */
  source?: 'auto' | 'resource-graph' | 'arm';
}

export interface ListConnectionsResult {
  connections: ConnectionInfo[];
  source: 'resource-graph' | 'arm';
  subscriptionIds: string[];
  /** Subscriptions that could not be listed (ARM fallback) or were listed incompletely. */
  errors: { subscriptionId?: string; error: AzureError }[];
  /** Why Resource Graph was not used, when the ARM fallback ran. */
  resourceGraphError?: AzureError;
}

export interface ConnectionKeys {
  connectionKey: string;
  /** `runtimeUrls[0]`: the connectionRuntimeUrl. */
  runtimeUrl?: string;
  runtimeUrls: string[];
  /** Decoded from the key (a JWT), ISO 8601. */
  expiresAt?: string;
}

export interface IdentityInput {
  objectId: string;
  tenantId: string;
}

// ---------------------------------------------------------------------------------------------
// Internal errors thrown inside the pipeline and mapped by `send`
// ---------------------------------------------------------------------------------------------

class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No complete answer within ${Math.round(timeoutMs / 100) / 10} s.`);
    this.name = 'RequestTimeoutError';
  }
}

class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
]);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'REQUEST_SEND_ERROR']);

const TENANT_KEY = '(tenant)';
/** Resource Graph has its own per-user quota (15 queries per 5 s window). */
const RESOURCE_GRAPH_KEY = '(resource-graph)';

// ---------------------------------------------------------------------------------------------
// Token cache (one token per client, shared by concurrent requests)
// ---------------------------------------------------------------------------------------------

class TokenCache {
  private current?: AccessToken;
  private pending?: Promise<AccessToken>;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
  ) {}

  private fresh(t: AccessToken | undefined): t is AccessToken {
    if (!t) return false;
    const now = Date.now();
    if (t.refreshAfterTimestamp !== undefined && now >= t.refreshAfterTimestamp) return false;
    return t.expiresOnTimestamp - now > 120_000;
  }

  async get(signal?: SignalLike, claims?: string): Promise<string> {
    if (!claims && this.fresh(this.current)) return this.current.token;
    if (!this.pending || claims) {
      const p = (async () => {
        let t: AccessToken | null;
        try {
          t = await this.credential.getToken([this.scope], { enableCae: true, ...(claims ? { claims } : {}) });
        } catch (e) {
          throw new CredentialError(redact(e instanceof Error ? e.message : String(e)) || 'The credential failed to get a token.');
        }
        if (!t || !t.token) throw new CredentialError('The credential returned no token.');
        registerSecret(t.token);
        this.current = t;
        return t;
      })();
      this.pending = p;
      p.then(
        () => {
          if (this.pending === p) this.pending = undefined;
        },
        () => {
          if (this.pending === p) this.pending = undefined;
        },
      );
    }
    const t = await raceAbort(this.pending, signal);
    return t.token;
  }
}

function raceAbort<T>(p: Promise<T>, signal?: SignalLike): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function caeClaims(header: string | undefined): string | undefined {
  if (!header || !/insufficient_claims/i.test(header)) return undefined;
  const m = /claims="([^"]+)"/i.exec(header);
  if (!m) return undefined;
  try {
    return Buffer.from(m[1]!, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

export class AzureClient {
  readonly cloud: AzureCloud;
  readonly limiter: RequestLimiter;
  readonly apiVersions: ApiVersions;
  readonly timeoutMs: number;
  private readonly sdk: ResourceManagementClient;
  private readonly tokens: TokenCache;
  private readonly logLine: (line: string) => void;
  private readonly tenantId?: string;
  private readonly retry: ResolvedRetry;

  constructor(options: AzureClientOptions) {
    const base = typeof options.cloud === 'object' ? options.cloud : getCloud(options.cloud ?? 'AzureCloud');
    // getCloud / normaliseArmEndpoint validate the endpoint (https, or http on loopback; an
    // origin only) and throw InsecureTargetError otherwise.
    const cloud =
      options.armEndpoint !== undefined
        ? getCloud(base.name, { armEndpoint: options.armEndpoint, armScope: options.armScope })
        : options.armScope
          ? { ...base, armScope: options.armScope }
          : base;
    this.cloud = { ...cloud, armEndpoint: normaliseArmEndpoint(cloud.armEndpoint) };
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
    this.apiVersions = { ...DEFAULT_API_VERSIONS, ...options.apiVersions };
    this.tenantId = options.tenantId;
    const log = options.log;
    this.logLine = log
      ? (line) => {
          try {
            log(redact(line));
          } catch {
            /* a failing logger never breaks a request */
          }
        }
      : () => undefined;
    this.limiter = new RequestLimiter({
      maxConcurrent: options.limits?.maxConcurrent ?? 8,
      ratePerSecond: options.limits?.requestsPerSecond ?? 12,
      burst: options.limits?.burst,
      keyRates: { [RESOURCE_GRAPH_KEY]: { ratePerSecond: 3, burst: 15 } },
    });
    this.tokens = new TokenCache(options.credential, this.cloud.armScope);

    // The SDK client gets a credential that refuses to work: the real one is only used by our
    // bearer policy, so no SDK policy can ever send the token anywhere.
    const sealed: TokenCredential = {
      getToken: async () => {
        throw new CredentialError('internal: the SDK bearer policy must not be used');
      },
    };
    this.sdk = new ResourceManagementClient(sealed, {
      endpoint: this.cloud.armEndpoint,
      credentialScopes: [this.cloud.armScope],
      // `http://[::1]:PORT`: see ipLiteral.ts.
      httpClient: ipLiteralAwareHttpClient(),
      redirectOptions: { maxRetries: 0 },
      retryOptions: { maxRetries: 0 },
      userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'logic-apps-connections' },
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    });
    const pipeline = this.sdk.pipeline;
    pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    pipeline.removePolicy({ phase: 'Retry' });
    // Bodies are parsed once, tolerantly, by `send`: core-client's (de)serialization is not used.
    pipeline.removePolicy({ name: 'deserializationPolicy' });
    pipeline.removePolicy({ name: 'serializationPolicy' });
    const retry = (this.retry = resolveRetry(options.retry));
    pipeline.addPolicy(
      retryPolicy([armRetryStrategy(retry, this.logLine)], { maxRetries: Math.max(retry.maxRetries, retry.maxThrottleRetries) }),
      { phase: 'Retry' },
    );
    // Get (or refresh) the token before queueing: a slow credential (Azure CLI, managed identity
    // probing) neither holds a limiter slot nor eats into the request timeout.
    pipeline.addPolicy({
      name: 'lacTokenPrefetch',
      sendRequest: async (request, next) => {
        await this.tokens.get(request.abortSignal);
        return next(request);
      },
    });
    const limiterPolicy = this.limiterPolicy();
    pipeline.addPolicy(limiterPolicy, { afterPhase: 'Retry' });
    pipeline.addPolicy(this.timeoutPolicy(), { afterPhase: 'Retry', afterPolicies: [limiterPolicy.name] });
    pipeline.addPolicy(this.bearerPolicy(), { phase: 'Sign' });
  }

  /** Where besides the ARM endpoint the token may go: the cloud's regional ARM hosts (none with a custom endpoint). */
  private targetOptions(): TokenTargetOptions {
    return this.cloud.customArmEndpoint || !this.cloud.regionalArmHostSuffix ? {} : { regionalHostSuffix: this.cloud.regionalArmHostSuffix };
  }

  /** Names of the pipeline's policies in order (outermost first), for diagnostics and tests. */
  pipelinePolicies(): string[] {
    return this.sdk.pipeline.getOrderedPolicies().map((p) => p.name);
  }

  // -------------------------------------------------------------------------------------------
  // Pipeline policies
  // -------------------------------------------------------------------------------------------

  private bearerPolicy(): PipelinePolicy {
    const arm = this.cloud.armEndpoint;
    const regional = this.targetOptions();
    return {
      name: 'lacArmBearer',
      sendRequest: async (request: PipelineRequest, next) => {
        // The one gate: every attempt, including retries, is checked right before the token is set.
        const target = checkTokenTarget(request.url, arm, regional);
        if (!target.ok) {
          request.headers.delete('Authorization');
          throw new InsecureTargetError(target.message, target.reason);
        }
        // http is only ever allowed here for loopback (checkTokenTarget refused anything else).
        request.allowInsecureConnection = target.url.protocol === 'http:';
        request.headers.set('Authorization', `Bearer ${await this.tokens.get(request.abortSignal)}`);
        let response = await next(request);
        if (response.status === 401) {
          const claims = caeClaims(response.headers.get('WWW-Authenticate'));
          if (claims) {
            request.headers.set('Authorization', `Bearer ${await this.tokens.get(request.abortSignal, claims)}`);
            response = await next(request);
          }
        }
        return response;
      },
    };
  }

  private limiterPolicy(): PipelinePolicy {
    return {
      name: 'lacLimiter',
      sendRequest: async (request, next) => {
        const path = new URL(request.url).pathname;
        const key = /\/providers\/Microsoft\.ResourceGraph\//i.test(path) ? RESOURCE_GRAPH_KEY : (subscriptionOfUrl(path) ?? TENANT_KEY);
        const release = await this.limiter.acquire(key, request.abortSignal);
        const started = Date.now();
        const what = `${request.method} ${describeUrl(request.url)}`;
        try {
          const response = await next(request);
          const ra = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers) : undefined;
          // Hold the subscription back for everyone for a wait we accept; a longer Retry-After
          // fails its request at once (the retry strategy gives up) and holds nothing back.
          if (response.status === 429 && (ra ?? 1000) <= this.retry.maxRetryAfterMs) this.limiter.pause(key, ra ?? 1000);
          this.logLine(`${what} → ${response.status} in ${Date.now() - started} ms${ra !== undefined ? ` (retry-after ${Math.ceil(ra / 1000)} s)` : ''}`);
          return response;
        } catch (e) {
          this.logLine(`${what} → ${errorName(e)} after ${Date.now() - started} ms`);
          throw e;
        } finally {
          release();
        }
      },
    };
  }

  private timeoutPolicy(): PipelinePolicy {
    const timeoutMs = this.timeoutMs;
    return {
      name: 'lacTimeout',
      sendRequest: async (request, next) => {
        const outer = request.abortSignal;
        if (outer?.aborted) throw new AbortedError();
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
        const onAbort = () => controller.abort();
        outer?.addEventListener('abort', onAbort, { once: true });
        request.abortSignal = controller.signal;
        try {
          const response = await next(request);
          if (timedOut) throw new RequestTimeoutError(timeoutMs);
          return response;
        } catch (e) {
          if (timedOut && !outer?.aborted) throw new RequestTimeoutError(timeoutMs);
          throw e;
        } finally {
          clearTimeout(timer);
          outer?.removeEventListener('abort', onAbort);
          request.abortSignal = outer;
        }
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Generic requests
  // -------------------------------------------------------------------------------------------

  /** `armEndpoint + path` with `api-version` (paths only; absolute URLs are taken as they are). */
  url(pathOrUrl: string, apiVersion?: string): string {
    const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl);
    const u = isAbsolute ? pathOrUrl : `${this.cloud.armEndpoint}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
    if (!apiVersion || isAbsolute) return u;
    return `${u}${u.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(apiVersion)}`;
  }

  /**
   * Send one request through the pipeline. The URL must be on the ARM endpoint's origin (checked
   * before anything is sent). Never throws for service, network, timeout or cancellation errors.
   */
  async send(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    pathOrUrl: string,
    options: CallOptions & { apiVersion?: string; body?: unknown } = {},
  ): Promise<Result<HttpResult>> {
    const url = this.url(pathOrUrl, options.apiVersion);
    const target = checkTokenTarget(url, this.cloud.armEndpoint, this.targetOptions());
    if (!target.ok) return fail(azureError({ kind: 'insecure-target', code: 'InsecureTarget', message: target.message }));
    if (options.signal?.aborted) return fail(azureError({ kind: 'cancelled', message: 'The request was cancelled.' }));
    // One caller signal commonly covers many concurrent requests (a listing): no leak warning.
    if (options.signal) setMaxListeners(0, options.signal);
    const headers = createHttpHeaders({ Accept: 'application/json' });
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers.set('Content-Type', 'application/json; charset=utf-8');
    }
    const request = createPipelineRequest({
      url: target.url.href,
      method,
      headers,
      body,
      abortSignal: options.signal,
      timeout: this.timeoutMs,
    });
    let response: PipelineResponse;
    try {
      response = await this.sdk.sendRequest(request);
    } catch (e) {
      return fail(this.mapThrown(e, options.signal));
    }
    const text = response.bodyAsText ?? '';
    let parsed: unknown;
    let parseFailed = false;
    if (text.trim()) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    if (response.status < 200 || response.status >= 300) {
      return fail(errorFromResponse(response.status, parseFailed ? text : parsed, response.headers));
    }
    if (parseFailed) {
      return fail(
        azureError({
          kind: 'bad-response',
          status: response.status,
          code: 'InvalidJson',
          message: `Azure answered ${method} ${describeUrl(url)} with a body that is not JSON.`,
        }),
      );
    }
    return ok({ status: response.status, headers: response.headers.toJSON(), body: parsed });
  }

  private mapThrown(e: unknown, signal?: AbortSignal): AzureError {
    if (signal?.aborted) return azureError({ kind: 'cancelled', message: 'The request was cancelled.' });
    if (e instanceof RequestTimeoutError) {
      return azureError({ kind: 'timeout', code: 'Timeout', message: `Azure did not answer in time (${Math.round(e.timeoutMs / 100) / 10} s).` });
    }
    if (e instanceof InsecureTargetError) return azureError({ kind: 'insecure-target', code: 'InsecureTarget', message: e.message });
    if (e instanceof CredentialError) return azureError({ kind: 'unauthenticated', code: 'CredentialUnavailable', message: e.message });
    if (e instanceof Error && e.name === 'AbortError') {
      // Aborted without the caller asking: the SDK's own request timer fired.
      return azureError({ kind: 'timeout', code: 'Timeout', message: `Azure did not answer in time (${Math.round(this.timeoutMs / 100) / 10} s).` });
    }
    if (isRestError(e)) {
      const code = typeof e.code === 'string' ? e.code : undefined;
      if (e.response && e.response.status >= 200 && e.response.status < 300) {
        return azureError({ kind: 'bad-response', status: e.response.status, code: code ?? 'BadResponse', message: 'Azure returned a response that could not be read.' });
      }
      if (e.response) return errorFromResponse(e.response.status, e.response.bodyAsText, e.response.headers);
      return azureError({
        kind: 'network',
        code,
        message: code && NETWORK_CODES.has(code) ? networkMessage(code, this.cloud.armEndpoint) : `Azure could not be reached${code ? ` (${code})` : ''}.`,
      });
    }
    const code = (e as { code?: unknown })?.code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return azureError({ kind: 'network', code, message: networkMessage(code, this.cloud.armEndpoint) });
    }
    // Unknown failure: a short, redacted message, never a stack.
    return azureError({ kind: 'network', code: 'RequestFailed', message: `The request failed: ${redact(e instanceof Error ? e.message : String(e)).slice(0, 300)}` });
  }

  /** Follow `value` + `nextLink` to the end (nextLinks only on the ARM origin; loops stopped). */
  async collect<T>(
    first: string,
    parse: (raw: unknown) => T | undefined,
    options: CallOptions & { apiVersion?: string; maxPages?: number } = {},
  ): Promise<Result<Paged<T>>> {
    const items: T[] = [];
    const seen = new Set<string>();
    let url: string | undefined = this.url(first, options.apiVersion);
    let page = 0;
    const maxPages = options.maxPages ?? 10_000;
    while (url) {
      if (seen.has(url)) {
        return ok({ items, incomplete: azureError({ kind: 'bad-response', code: 'PagingLoop', message: 'Azure returned a nextLink already followed; paging stopped.' }) });
      }
      seen.add(url);
      const r = await this.send('GET', url, { signal: options.signal });
      if (!r.ok) {
        if (page === 0 || r.error.kind === 'cancelled') return r;
        return ok({ items, incomplete: r.error });
      }
      page++;
      const body = r.value.body as { value?: unknown; nextLink?: unknown } | undefined;
      if (!body || typeof body !== 'object' || !Array.isArray(body.value)) {
        const e = azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a list without a value array.' });
        return page === 1 ? fail(e) : ok({ items, incomplete: e });
      }
      for (const raw of body.value) {
        const v = parse(raw);
        if (v !== undefined) items.push(v);
      }
      const next = typeof body.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
      if (next) {
        const check = checkTokenTarget(next, this.cloud.armEndpoint, this.targetOptions());
        if (!check.ok) {
          this.logLine(`nextLink refused: ${check.message}`);
          return ok({ items, incomplete: azureError({ kind: 'insecure-target', code: 'InsecureTarget', message: `The next page was not requested: ${check.message}` }) });
        }
      }
      if (page >= maxPages && next) {
        return ok({ items, incomplete: azureError({ kind: 'bad-response', code: 'TooManyPages', message: `Paging stopped after ${maxPages} pages.` }) });
      }
      url = next;
    }
    return ok({ items });
  }

  // -------------------------------------------------------------------------------------------
  // Operations
  // -------------------------------------------------------------------------------------------

  async listSubscriptions(options: CallOptions = {}): Promise<Result<SubscriptionInfo[]>> {
    const r = await this.collect('/subscriptions', parseSubscription, { ...options, apiVersion: this.apiVersions.subscriptions });
    if (!r.ok) return r;
    if (r.value.incomplete) return fail(r.value.incomplete);
    return ok(r.value.items);
  }

  /**
   * Connections across subscriptions: one paged Resource Graph query; if Resource Graph fails,
   * ARM list per subscription (`/subscriptions/{s}/providers/Microsoft.Web/connections`).
   */
  async listConnections(options: ListConnectionsOptions = {}): Promise<Result<ListConnectionsResult>> {
    let subscriptionIds = options.subscriptionIds;
    if (!subscriptionIds) {
      const subs = await this.listSubscriptions(options);
      if (!subs.ok) return subs;
      subscriptionIds = subs.value.filter((s) => !s.state || !/^(disabled|deleted)$/i.test(s.state)).map((s) => s.subscriptionId);
    }
    subscriptionIds = [...new Set(subscriptionIds.filter((s) => typeof s === 'string' && s.trim()))];
    if (!subscriptionIds.length) return ok({ connections: [], source: 'resource-graph', subscriptionIds, errors: [] });
    const source = options.source ?? 'auto';
    let resourceGraphError: AzureError | undefined;
    // Rows of a Resource Graph listing that stopped part-way: kept, never thrown away.
    let partial: ConnectionInfo[] = [];
    if (source !== 'arm') {
      const rg = await this.queryResourceGraph(CONNECTIONS_QUERY, subscriptionIds, options);
      const connections = rg.ok ? connectionRows(rg.value.items) : [];
      if (rg.ok && !rg.value.incomplete) return ok({ connections, source: 'resource-graph', subscriptionIds, errors: [] });
      resourceGraphError = rg.ok ? rg.value.incomplete : rg.error;
      partial = connections;
      if (resourceGraphError?.kind === 'cancelled') return fail(resourceGraphError);
      if (source === 'resource-graph') {
        return partial.length ? ok({ connections: partial, source: 'resource-graph', subscriptionIds, errors: [{ error: resourceGraphError! }] }) : fail(resourceGraphError!);
      }
      this.logLine(`Resource Graph ${partial.length ? `stopped after ${partial.length} connection(s)` : 'unavailable'} (${resourceGraphError?.kind}): listing per subscription`);
    }
    const results = await Promise.all(
      subscriptionIds.map(async (subscriptionId) => ({
        subscriptionId,
        r: await this.collect(`/subscriptions/${enc(subscriptionId)}/providers/Microsoft.Web/connections`, parseConnection, {
          signal: options.signal,
          apiVersion: this.apiVersions.connections,
        }),
      })),
    );
    if (options.signal?.aborted) return fail(azureError({ kind: 'cancelled', message: 'The listing was cancelled.' }));
    const connections: ConnectionInfo[] = [];
    const errors: ListConnectionsResult['errors'] = [];
    for (const { subscriptionId, r } of results) {
      if (!r.ok) errors.push({ subscriptionId, error: r.error });
      else {
        connections.push(...r.value.items);
        if (r.value.incomplete) errors.push({ subscriptionId, error: r.value.incomplete });
      }
    }
    // Resource Graph rows the per-subscription listing did not bring (its subscription failed there).
    if (partial.length) {
      const seen = new Set(connections.map((c) => c.id.toLowerCase()));
      for (const c of partial) if (!seen.has(c.id.toLowerCase())) connections.push(c);
    }
    return ok({ connections, source: 'arm', subscriptionIds, errors, ...(resourceGraphError ? { resourceGraphError } : {}) });
  }

  /** A paged Resource Graph query (`$skipToken`), subscriptions in chunks of 1000. */
  async queryResourceGraph(query: string, subscriptionIds: string[], options: CallOptions = {}): Promise<Result<Paged<Record<string, unknown>>>> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < subscriptionIds.length; i += 1000) {
      const chunk = subscriptionIds.slice(i, i + 1000);
      let skipToken: string | undefined;
      const seen = new Set<string>();
      let page = 0;
      do {
        const body = {
          subscriptions: chunk,
          query,
          options: { resultFormat: 'objectArray', $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) },
        };
        let r = await this.send('POST', '/providers/Microsoft.ResourceGraph/resources', { signal: options.signal, apiVersion: this.apiVersions.resourceGraph, body });
        // A later page that still fails after the pipeline's retries gets one more try of its own:
        // a listing of thousands should not fall back for one bad page.
        if (!r.ok && page > 0 && RETRYABLE_PAGE_ERRORS.has(r.error.kind)) {
          this.logLine(`Resource Graph page ${page + 1} failed (${r.error.kind}); trying it again`);
          try {
            await sleep(this.retry.baseDelayMs, options.signal);
          } catch {
            return fail(azureError({ kind: 'cancelled', message: 'The request was cancelled.' }));
          }
          r = await this.send('POST', '/providers/Microsoft.ResourceGraph/resources', { signal: options.signal, apiVersion: this.apiVersions.resourceGraph, body });
        }
        if (!r.ok) return items.length && r.error.kind !== 'cancelled' ? ok({ items, incomplete: r.error }) : fail(r.error);
        page++;
        const rows = resourceGraphRows(r.value.body);
        if (!rows) {
          const e = azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Resource Graph returned no data array.' });
          return items.length ? ok({ items, incomplete: e }) : fail(e);
        }
        items.push(...rows);
        const answer = r.value.body as Record<string, unknown>;
        skipToken = typeof answer.$skipToken === 'string' && answer.$skipToken ? answer.$skipToken : undefined;
        // `resultTruncated` without a $skipToken: Resource Graph has more rows it will not page to.
        if (!skipToken && (answer.resultTruncated === true || (typeof answer.resultTruncated === 'string' && answer.resultTruncated.toLowerCase() === 'true'))) {
          return ok({ items, incomplete: azureError({ kind: 'bad-response', code: 'ResultTruncated', message: `Resource Graph truncated the result after ${items.length} row(s).` }) });
        }
        if (skipToken) {
          if (seen.has(skipToken) || page > 100_000) {
            return ok({ items, incomplete: azureError({ kind: 'bad-response', code: 'PagingLoop', message: 'Resource Graph repeated a $skipToken; paging stopped.' }) });
          }
          seen.add(skipToken);
        }
      } while (skipToken);
    }
    return ok({ items });
  }

  async getConnection(connectionId: string, options: CallOptions = {}): Promise<Result<ConnectionInfo>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    const r = await this.send('GET', connectionPath(parts), { ...options, apiVersion: this.apiVersions.connections });
    if (!r.ok) return r;
    const info = parseConnection(r.value.body);
    if (!info) return fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a connection without an id.' }));
    return ok(info);
  }

  /**
   * Test a connection: `testLinks[0]` (an ARM URL, called with the ARM token) else
   * `testRequests[0]` (dynamicInvoke). URLs outside the ARM origin are refused.
   */
  async testConnection(connection: string | ConnectionInfo, options: CallOptions & { tenantId?: string } = {}): Promise<TestConnectionResult> {
    const id = typeof connection === 'string' ? connection : connection.id;
    const portalLink = portalConnectionLink(this.cloud, id, options.tenantId ?? this.tenantId);
    let info: ConnectionInfo;
    if (typeof connection === 'string') {
      const r = await this.getConnection(connection, options);
      if (!r.ok) return testResultFromError({ id, via: 'none', portalLink }, r.error);
      info = r.value;
    } else {
      info = connection;
    }
    const ctx: TestContext = { id, portalLink, authenticatedUser: info.authenticatedUser };
    const link = info.testLinks[0];
    if (link) {
      ctx.via = 'testLink';
      const r = await this.send(methodOf(link.method, 'GET'), link.requestUri, { signal: options.signal });
      if (!r.ok) return testResultFromError(ctx, r.error);
      return testResultFromResponse(ctx, r.value.status, r.value.body);
    }
    const req = info.testRequests[0];
    if (req) {
      ctx.via = 'testRequest';
      const r = await this.send(methodOf(req.method, 'POST'), req.requestUri, { signal: options.signal, body: req.body ?? {} });
      if (!r.ok) return testResultFromError(ctx, r.error);
      return testResultFromDynamicInvoke(ctx, r.value.body);
    }
    // Nothing to call: report what the connection's own status says.
    ctx.via = 'none';
    const err = info.statuses.find((x) => x.error)?.error;
    if (/^(connected|ready)$/i.test(info.status) && !err) {
      return buildTestResult(ctx, { status: 'connected', message: `The connection offers no test; Azure reports it as ${info.status}.` });
    }
    const code = err?.code ?? info.status;
    const status = /unauthenticated|unauthorized|expired/i.test(code) ? 'unauthenticated' : /forbidden/i.test(code) ? 'forbidden' : 'error';
    return buildTestResult(ctx, { status, code: err?.code, message: err?.message ?? `The connection offers no test; Azure reports it as ${info.status}.` });
  }

  async listConsentLinks(
    connectionId: string,
    input: { redirectUrl: string; objectId?: string; tenantId?: string; parameterName?: string },
    options: CallOptions = {},
  ): Promise<Result<ConsentLink[]>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    const r = await this.send('POST', `${connectionPath(parts)}/listConsentLinks`, {
      ...options,
      apiVersion: this.apiVersions.connectionsActions,
      body: consentLinksRequestBody(input),
    });
    if (!r.ok) return r;
    return ok(parseConsentLinks(r.value.body, this.cloud));
  }

  async confirmConsentCode(connectionId: string, input: { code: string; objectId?: string; tenantId?: string }, options: CallOptions = {}): Promise<Result<void>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    registerSecret(input.code);
    const r = await this.send('POST', `${connectionPath(parts)}/confirmConsentCode`, {
      ...options,
      apiVersion: this.apiVersions.connectionsActions,
      body: { code: input.code, ...(input.objectId ? { objectId: input.objectId } : {}), ...(input.tenantId ? { tenantId: input.tenantId } : {}) },
    });
    return r.ok ? ok(undefined) : r;
  }

  /** A connection key for local development (`validityTimeSpan` '7' = 7 days) and the runtime URL. */
  async listConnectionKeys(connectionId: string, options: CallOptions & { validityTimeSpan?: string } = {}): Promise<Result<ConnectionKeys>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    const r = await this.send('POST', `${connectionPath(parts)}/listConnectionKeys`, {
      signal: options.signal,
      apiVersion: this.apiVersions.connectionKeys,
      body: { validityTimeSpan: options.validityTimeSpan ?? '7' },
    });
    if (!r.ok) return r;
    const body = (r.value.body ?? {}) as Record<string, unknown>;
    const key = typeof body.connectionKey === 'string' ? body.connectionKey : undefined;
    if (!key) return fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned no connectionKey.' }));
    registerSecret(key);
    const runtimeUrls = Array.isArray(body.runtimeUrls) ? body.runtimeUrls.filter((u): u is string => typeof u === 'string') : [];
    const out: ConnectionKeys = { connectionKey: key, runtimeUrls };
    if (runtimeUrls[0]) out.runtimeUrl = runtimeUrls[0];
    const exp = decodeJwtTimes(key)?.expiresAt;
    if (exp) out.expiresAt = exp;
    return ok(out);
  }

  async listAccessPolicies(connectionId: string, options: CallOptions = {}): Promise<Result<AccessPolicy[]>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    const r = await this.collect(`${connectionPath(parts)}/accessPolicies`, parseAccessPolicy, { ...options, apiVersion: this.apiVersions.accessPolicies });
    if (!r.ok) return r;
    if (r.value.incomplete) return fail(r.value.incomplete);
    return ok(r.value.items);
  }

  /**
   * Add an access policy for an identity on a V2 connection, with the body the official extension
   * sends (`ensureAccessPolicyLocalMSI`): `{"properties": {"principal": {"type": "ActiveDirectory",
   * "identity": {"objectId", "tenantId"}}}}`, PUT `{id}/accessPolicies/{name}`. The connection is
   * read first (or given): a V1 connection fails with `V1Connection` (V1 connections have no access
   * policies). `name` defaults to the object id.
   */
  async createAccessPolicy(
    connectionId: string,
    identity: IdentityInput & { name?: string },
    options: CallOptions & { connection?: ConnectionInfo } = {},
  ): Promise<Result<AccessPolicy>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    if (!isGuid(identity.objectId) || !isGuid(identity.tenantId)) {
      return fail(azureError({ kind: 'bad-response', code: 'InvalidIdentity', message: 'objectId and tenantId must be GUIDs.' }));
    }
    let connection = options.connection;
    if (!connection) {
      const c = await this.getConnection(connectionId, options);
      if (!c.ok) return c;
      connection = c.value;
    }
    if (connection.kind === 'V1') {
      return fail(azureError({ kind: 'bad-response', code: 'V1Connection', message: `${connection.name} is a V1 connection: V1 connections have no access policies (only V2 connections, which Logic Apps Standard uses, have them).` }));
    }
    const name = identity.name?.trim() || identity.objectId;
    const r = await this.send('PUT', `${connectionPath(parts)}/accessPolicies/${enc(name)}`, {
      signal: options.signal,
      apiVersion: this.apiVersions.accessPolicyWrite,
      body: { properties: { principal: { type: 'ActiveDirectory', identity: { objectId: identity.objectId, tenantId: identity.tenantId } } } },
    });
    if (!r.ok) return r;
    return ok(parseAccessPolicy(r.value.body) ?? { name, principalType: 'ActiveDirectory', objectId: identity.objectId, tenantId: identity.tenantId });
  }

  /** Managed API metadata: OAuth settings decide `needsConsent`. */
  async getManagedApi(api: string | ManagedApiRef, options: CallOptions = {}): Promise<Result<ManagedApiInfo>> {
    const ref = typeof api === 'string' ? parseManagedApiId(api) : api;
    if (!ref) return fail(invalidId(typeof api === 'string' ? api : '', 'managed API'));
    const r = await this.send('GET', managedApiPath(ref), { ...options, apiVersion: this.apiVersions.managedApis });
    if (!r.ok) return r;
    const info = parseManagedApi(r.value.body);
    if (!info) return fail(azureError({ kind: 'bad-response', status: r.value.status, code: 'UnexpectedShape', message: 'Azure returned a managed API without a name.' }));
    return ok(info);
  }

  /** The managed identity (system-assigned principalId/tenantId, user-assigned ones) of a Standard app. */
  async resolveSiteIdentity(siteId: string, options: CallOptions = {}): Promise<Result<SiteIdentity>> {
    const parts = parseSiteId(siteId);
    if (!parts) return fail(invalidId(siteId, 'Logic App (site)'));
    const r = await this.send('GET', sitePath(parts), { ...options, apiVersion: this.apiVersions.sites });
    if (!r.ok) return r;
    return ok(parseSiteIdentity(siteId, r.value.body));
  }

  /**
   * Who the client is signed in as (object id, tenant, name from the ARM token's claims): the
   * identity that needs an access policy for local runs. `not-found` for a token that is not a
   * JWT (an emulator's token).
   */
  async signedInIdentity(options: CallOptions = {}): Promise<Result<JwtIdentity>> {
    let token: string;
    try {
      token = await this.tokens.get(options.signal);
    } catch (e) {
      return fail(this.mapThrown(e, options.signal));
    }
    const id = decodeJwtIdentity(token);
    if (!id?.objectId) return fail(azureError({ kind: 'not-found', code: 'NoIdentityClaims', message: 'The access token carries no object id (oid) claim.' }));
    return ok(id);
  }

  /** Delete a connection. `deleted: false` when it did not exist. */
  async deleteConnection(connectionId: string, options: CallOptions = {}): Promise<Result<{ deleted: boolean }>> {
    const parts = parseConnectionId(connectionId);
    if (!parts) return fail(invalidId(connectionId));
    const r = await this.send('DELETE', connectionPath(parts), { ...options, apiVersion: this.apiVersions.connectionsActions });
    if (!r.ok) return r.error.kind === 'not-found' && r.error.code !== 'InvalidResourceId' ? ok({ deleted: false }) : r;
    // ARM: 200/202 deleted, 204 there was nothing to delete.
    return ok({ deleted: r.value.status !== 204 });
  }
}

/** The Resource Graph query for connections (with their properties). */
export const CONNECTIONS_QUERY = "resources | where type =~ 'microsoft.web/connections'";

export function createAzureClient(options: AzureClientOptions): AzureClient {
  return new AzureClient(options);
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface ResolvedRetry {
  maxRetries: number;
  maxThrottleRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  minRetryAfterMs: number;
}

function resolveRetry(o: RetryOptions = {}): ResolvedRetry {
  return {
    maxRetries: Math.max(0, o.maxRetries ?? 3),
    maxThrottleRetries: Math.max(0, o.maxThrottleRetries ?? 8),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 800),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 30_000),
    maxRetryAfterMs: Math.max(0, o.maxRetryAfterMs ?? 60_000),
    minRetryAfterMs: Math.max(0, o.minRetryAfterMs ?? 0),
  };
}

function backoff(retryCount: number, o: ResolvedRetry): number {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(retryCount, 20));
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

/**
 * One retry strategy for the SDK's `retryPolicy`: honours Retry-After (and the -ms variants) on
 * 429/503 up to `maxRetryAfterMs`, backs off exponentially on 429/503 without Retry-After, on
 * 500/502/504/408 and on transient network errors; separate budgets for throttling and failures.
 */
function armRetryStrategy(o: ResolvedRetry, log: (line: string) => void): RetryStrategy {
  // Budgets are per request (the policy reuses one request object across its attempts).
  const budgets = new WeakMap<PipelineRequest, { t: number; f: number }>();
  return {
    name: 'lacArmRetry',
    retry({ retryCount, response, responseError }) {
      const req = response?.request ?? responseError?.request;
      let counts = req ? budgets.get(req) : undefined;
      if (!counts) {
        counts = req ? { t: 0, f: 0 } : { t: retryCount, f: retryCount };
        if (req) budgets.set(req, counts);
      }
      if (!response) {
        const code = responseError?.code;
        if (responseError && typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code) && counts.f < o.maxRetries) {
          counts.f++;
          return { retryAfterInMs: backoff(counts.f - 1, o) };
        }
        return { skipStrategy: true };
      }
      const s = response.status;
      if (s === 429 || s === 503) {
        if (counts.t >= o.maxThrottleRetries) return { skipStrategy: true };
        const ra = retryAfterMs(response.headers);
        if (ra !== undefined && ra > o.maxRetryAfterMs) {
          log(`Retry-After ${Math.ceil(ra / 1000)} s exceeds the ${Math.ceil(o.maxRetryAfterMs / 1000)} s limit: not retrying`);
          return { skipStrategy: true };
        }
        counts.t++;
        return { retryAfterInMs: ra !== undefined ? Math.max(ra, o.minRetryAfterMs) : backoff(counts.t - 1, o) };
      }
      if ((s === 500 || s === 502 || s === 504 || s === 408) && counts.f < o.maxRetries) {
        counts.f++;
        return { retryAfterInMs: backoff(counts.f - 1, o) };
      }
      return { skipStrategy: true };
    },
  };
}

function methodOf(m: string | undefined, fallback: 'GET' | 'POST'): 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' {
  const u = (m ?? '').toUpperCase();
  return u === 'GET' || u === 'POST' || u === 'PUT' || u === 'PATCH' || u === 'DELETE' ? u : fallback;
}

/** Failures of a later Resource Graph page worth one more try. */
const RETRYABLE_PAGE_ERRORS = new Set<AzureError['kind']>(['server', 'network', 'timeout', 'throttled', 'bad-response']);

/** Connections from Resource Graph rows: only `microsoft.web/connections` rows (a query may bring others). */
function connectionRows(rows: readonly Record<string, unknown>[]): ConnectionInfo[] {
  const out: ConnectionInfo[] = [];
  for (const row of rows) {
    const type = row.type;
    if (typeof type !== 'string' || type.toLowerCase() !== 'microsoft.web/connections') continue;
    const c = parseConnection(row);
    if (c) out.push(c);
  }
  return out;
}

function resourceGraphRows(body: unknown): Record<string, unknown>[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const data = (body as Record<string, unknown>).data;
  if (Array.isArray(data)) return data.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
  // Table format: {columns:[{name}], rows:[[...]]}
  if (data && typeof data === 'object') {
    const t = data as { columns?: unknown; rows?: unknown };
    if (Array.isArray(t.columns) && Array.isArray(t.rows)) {
      const names = t.columns.map((c) => (c && typeof c === 'object' ? String((c as { name?: unknown }).name) : ''));
      return t.rows.filter(Array.isArray).map((row) => Object.fromEntries(names.map((n, i) => [n, (row as unknown[])[i]])));
    }
  }
  return undefined;
}

function invalidId(id: string, what = 'connection'): AzureError {
  return azureError({
    kind: 'not-found',
    code: 'InvalidResourceId',
    message: `'${redact(String(id)).slice(0, 200)}' is not a valid ${what} resource id.`,
  });
}

function isGuid(s: string | undefined): boolean {
  return typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Origin + path of a URL, no query (which may carry secrets), for messages and logs. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${describeOrigin(u)}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function errorName(e: unknown): string {
  if (e instanceof RequestTimeoutError) return 'timeout';
  if (e instanceof InsecureTargetError) return 'refused (insecure target)';
  if (e instanceof Error && e.name === 'AbortError') return 'aborted';
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'error';
}

function networkMessage(code: string, endpoint: string): string {
  const host = (() => {
    try {
      return new URL(endpoint).host;
    } catch {
      return endpoint;
    }
  })();
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name of ${host} could not be resolved (DNS).`;
    case 'ECONNREFUSED':
      return `${host} refused the connection.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return `The connection to ${host} was reset.`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `The connection to ${host} timed out.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `${host} is unreachable from this network.`;
    default:
      return /CERT|TLS|SELF_SIGNED|EPROTO/.test(code)
        ? `The TLS connection to ${host} failed (${code}): a proxy or certificate problem.`
        : `Azure could not be reached (${code}).`;
  }
}

export type { ConnectionIdParts };

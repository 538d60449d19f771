/**
 * Types of the local ARM emulator: the fixture data set it serves, the faults a test can inject
 * and the requests it records. See README.md in this folder.
 */

import type { IdentityWorld } from './identity';
import type { WorkflowFixture } from './workflows';

// ---------------------------------------------------------------------------------------------
// Fixture data
// ---------------------------------------------------------------------------------------------

export interface SubscriptionFixture {
  subscriptionId: string;
  displayName: string;
  state: 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted';
  tenantId: string;
}

export interface ResourceGroupFixture {
  subscriptionId: string;
  name: string;
  location: string;
}

/** What `{connectionId}/extensions/proxy/testconnection` does for one connection. */
export type TestBehaviour =
  /** 200 (working). */
  | { kind: 'ok' }
  /** An error status with an ARM error body (401 with an AADSTS message, 403, 502, 504...). */
  | { kind: 'status'; status: number; code: string; message: string }
  /** Never answers (unreachable: the client must time out). */
  | { kind: 'hang' }
  /** The first `times` calls answer 429 with `Retry-After: retryAfter`, then 200 (per emulator). */
  | { kind: 'throttle'; times: number; retryAfter: number };

/** A test link or test request. `{origin}` in `requestUri` is replaced by the emulator's origin. */
export interface TestLinkFixture {
  requestUri: string;
  method: string;
  body?: unknown;
}

export interface AccessPolicyFixture {
  name: string;
  objectId: string;
  tenantId: string;
}

export interface ConnectionStatusFixture {
  status: string;
  target?: string;
  error?: { code: string; message: string };
}

export interface ConnectionFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** V1 = Consumption, V2 = Standard (connectionRuntimeUrl, access policies, connection keys). */
  kind: 'V1' | 'V2';
  /** Managed API name (a key of `EmulatorData.managedApis`), or the name of a custom connector when `customApi` is set. */
  api: string;
  /** Made from the custom connector `api` of the same subscription (`EmulatorData.customApis`), not a managed API. */
  customApi?: boolean;
  displayName: string;
  overallStatus: string;
  connectionState?: string;
  statuses: ConnectionStatusFixture[];
  /** Absent for a connection that was never authorized. */
  authenticatedUser?: string;
  createdTime: string;
  changedTime: string;
  parameterValues?: Record<string, unknown>;
  parameterValueSet?: { name: string; values: Record<string, unknown> };
  /** Test connection behaviour. */
  test: TestBehaviour;
  /** Undefined: the standard testconnection link on the emulator. `null` or `[]`: none. */
  testLinks?: TestLinkFixture[] | null;
  testRequests?: TestLinkFixture[];
  /** What `dynamicInvoke` answers; default from the status (`OK` when Connected). */
  dynamicInvoke?: { statusCode: string; body?: unknown };
  /** V2 only. */
  accessPolicies?: AccessPolicyFixture[];
  /** Who is signed in after `confirmConsentCode` succeeds (default `authenticatedUser` or user@contoso.com). */
  consentUser?: string;
  /** V2: the runtime URL Azure reports (default `runtimeUrlOf`: the samples' connections keep theirs). */
  connectionRuntimeUrl?: string;
}

/** A custom connector (`Microsoft.Web/customApis`, see customApis.ts). */
export interface CustomApiFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  displayName: string;
  description: string;
  /** `backendService.serviceUrl` (also the OpenAPI host and base path). */
  backendUrl: string;
  /** `connectionParameters.token.oAuthSettings` as ARM returns it (never a client secret). */
  oauth: Record<string, unknown>;
}

export interface ManagedApiFixture {
  name: string;
  displayName: string;
  /** OAuth APIs have a `token` parameter of type `oauthSetting` (consent links). */
  oauth: boolean;
  /** `customParameters.resourceUri` of the OAuth settings. */
  oauthResourceUri?: string;
  capabilities: string[];
}

export interface SiteFixture {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  kind: string;
  identity?: { type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned' | 'None'; principalId?: string; tenantId?: string };
  /** The deployed project's connections.json. */
  connectionsJson: unknown;
  health: 'Healthy' | 'Unhealthy' | 'Unknown';
}

export interface PagingOptions {
  /** GET /subscriptions page size (default 2, to exercise paging). */
  subscriptions: number;
  /** GET .../resourceGroups page size (default 2). */
  resourceGroups: number;
  /** Connection list page size (default 50). */
  connections: number;
  /** Resource Graph rows per page when `options.$top` is absent (ARG default: 100). */
  resourceGraphTop: number;
  /** Resource Graph maximum `$top` (ARG: 1000). */
  resourceGraphMaxTop: number;
}

export interface EmulatorData {
  tenantId: string;
  subscriptions: SubscriptionFixture[];
  resourceGroups: ResourceGroupFixture[];
  connections: ConnectionFixture[];
  /** Keyed by API name (lower case), the same in every location. */
  managedApis: Record<string, ManagedApiFixture>;
  sites: SiteFixture[];
  /** Custom connectors (`Microsoft.Web/customApis`). */
  customApis?: CustomApiFixture[];
  /** Consumption workflows (`Microsoft.Logic/workflows`) with their `$connections` (workflows.ts). */
  workflows?: WorkflowFixture[];
  /** Consent links lead to the emulator's own consent page, which completes the flow offline (consentPage.ts). */
  localConsentPage?: boolean;
  /** Resources, role definitions and assignments, and Microsoft Graph (identity.ts). */
  identity?: IdentityWorld;
  paging: PagingOptions;
}

// ---------------------------------------------------------------------------------------------
// Faults and recorded requests
// ---------------------------------------------------------------------------------------------

/**
 * A fault injected on matching requests. `times`: how many matching requests it applies to, then
 * it stops (default: every one). A delay is applied and the request goes on (to another fault or
 * the route); the others answer in place of the route.
 */
export type Fault = (
  | { status: 401 | 403 | 404 | 429 | 500 | 503 | number; retryAfter?: number; times?: number; body?: unknown }
  | { delayMs: number; times?: number }
  | { hang: true; times?: number }
  | { malformed: true; times?: number }
) & {
  /** Let this many matching requests through untouched first (a fault on a later page). */
  skip?: number;
};

/**
 * `path`: a string matches the request path exactly (case-insensitive, trailing slash ignored);
 * a RegExp is tested against the (decoded) path. `method`: case-insensitive, any when absent.
 */
export interface FaultMatch {
  method?: string;
  path: RegExp | string;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path, without the query. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; `authorization` redacted to `Bearer <redacted>`. */
  headers: Record<string, string>;
  /** An `Authorization: Bearer ...` header was present. */
  hadBearer: boolean;
  /** ...and its token equals the emulator's token exactly. */
  tokenOk: boolean;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** Date.now() on arrival. */
  at: number;
  /** Name of the route that matched, if any. */
  route?: string;
  /** Which fault answered or delayed it, if any. */
  fault?: 'status' | 'delay' | 'hang' | 'malformed';
  /** Status sent (undefined while pending or when it hung). */
  status?: number;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
  /** The live data set (DELETE, confirmConsentCode and PUT accessPolicies change it). */
  data: EmulatorData;
  requests: RecordedRequest[];
  fault(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
}

export interface EmulatorOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** The loopback address to listen on: `127.0.0.1` (default) or `::1` (then the url is `http://[::1]:port`). */
  host?: '127.0.0.1' | '::1';
  /** Default: `defaultData()`. Used as is (not copied). */
  data?: EmulatorData;
  /** Bearer token to require (default `emulator-token`). */
  token?: string;
  /** Added to every request before it is handled. */
  latencyMs?: number;
  /**
   * Answer 429 (with Retry-After) when a subscription's read bucket is empty, as ARM's throttling
   * does (a bucket of 250 refilled at 25 per second per subscription). Default: reported only.
   */
  enforceRateLimits?: boolean;
}

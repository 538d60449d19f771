/**
 * Azure clouds (ARM endpoint, token scope, portal, login and consent hosts) and the one rule
 * that decides where an ARM bearer token may be sent: `checkTokenTarget` / `assertTokenTarget`.
 *
 * Pure: no Azure SDK, no network. Safe to import eagerly.
 */
import type { CloudName } from '../types';

export type { CloudName };

export interface AzureCloud {
  /** The cloud this configuration is based on (a custom ARM endpoint keeps its base cloud's hosts). */
  name: CloudName;
  /** Origin of Azure Resource Manager, no trailing slash (`https://management.azure.com`). */
  armEndpoint: string;
  /** Scope asked of a TokenCredential for ARM (`https://management.azure.com/.default`). */
  armScope: string;
  /** Portal origin (`https://portal.azure.com`). */
  portalUrl: string;
  /** Entra ID sign-in host (`login.microsoftonline.com`). */
  loginHost: string;
  /**
   * Host suffixes of the API-connection consent service: a consent link's host must be one DNS
   * label or more followed by one of these (`logic-apis-westeurope.consent.azure-apim.net`).
   */
  consentHostSuffixes: readonly string[];
  /** True when `armEndpoint` was given explicitly rather than taken from the cloud. */
  customArmEndpoint: boolean;
  /**
   * Host suffix of the cloud's regional Resource Manager hosts (`.management.azure.com`:
   * `southcentralus.management.azure.com`), which serve the same API: real connections carry
   * `testLinks` there. Absent with a custom ARM endpoint (an emulator, Azure Stack): then only
   * that endpoint gets the token.
   */
  regionalArmHostSuffix?: string;
  /**
   * False for values not confirmed from public sources (China consent host); links to
   * unverified hosts are refused rather than opened.
   */
  consentHostsVerified: boolean;
}

const BUILT_IN: Record<CloudName, Omit<AzureCloud, 'customArmEndpoint'>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    portalUrl: 'https://portal.azure.com',
    loginHost: 'login.microsoftonline.com',
    consentHostSuffixes: ['.consent.azure-apim.net'],
    consentHostsVerified: true,
    regionalArmHostSuffix: '.management.azure.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    portalUrl: 'https://portal.azure.us',
    loginHost: 'login.microsoftonline.us',
    // `global.consent.azure-apim.us` appears in public Power Platform (GCC High) documentation.
    consentHostSuffixes: ['.consent.azure-apim.us'],
    consentHostsVerified: true,
    regionalArmHostSuffix: '.management.usgovcloudapi.net',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    portalUrl: 'https://portal.azure.cn',
    loginHost: 'login.chinacloudapi.cn',
    // Unverified: the connector host family in China is azure-apihub.cn; the consent host is
    // assumed to follow the public pattern. Kept so that links are recognised; see links.ts.
    consentHostSuffixes: ['.consent.azure-apihub.cn'],
    consentHostsVerified: false,
    regionalArmHostSuffix: '.management.chinacloudapi.cn',
  },
};

export const CLOUD_NAMES: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (CLOUD_NAMES as readonly string[]).includes(value);
}

export interface CloudOptions {
  /** A custom ARM endpoint (an emulator, Azure Stack): https, or http on loopback only. */
  armEndpoint?: string;
  /** Token scope for the custom endpoint; default `<origin>/.default`. */
  armScope?: string;
}

/**
 * The configuration of a cloud, optionally with a custom ARM endpoint. Throws `InsecureTargetError`
 * for an endpoint that is neither https nor http on loopback, or carries userinfo, a path or a query.
 */
export function getCloud(name: CloudName = 'AzureCloud', options: CloudOptions = {}): AzureCloud {
  const base = BUILT_IN[name];
  if (!base) throw new Error(`Unknown Azure cloud '${String(name)}'. Known: ${CLOUD_NAMES.join(', ')}.`);
  if (options.armEndpoint === undefined || options.armEndpoint === '') return { ...base, customArmEndpoint: false };
  const origin = normaliseArmEndpoint(options.armEndpoint);
  const custom = origin !== base.armEndpoint;
  const { regionalArmHostSuffix, ...rest } = base;
  return {
    ...rest,
    armEndpoint: origin,
    armScope: options.armScope ?? `${origin}/.default`,
    customArmEndpoint: custom,
    ...(custom || !regionalArmHostSuffix ? {} : { regionalArmHostSuffix }),
  };
}

/** Validates and reduces an ARM endpoint to its origin (`https://host[:port]`). */
export function normaliseArmEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new InsecureTargetError('The ARM endpoint is not an absolute URL.', 'invalid-url');
  }
  const problem = transportProblem(url);
  if (problem) throw new InsecureTargetError(`The ARM endpoint is refused: ${problem.message}`, problem.reason);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new InsecureTargetError('The ARM endpoint must be an origin only (no path, query or fragment).', 'invalid-url');
  }
  return url.origin;
}

// ---------------------------------------------------------------------------------------------
// Where a token may go
// ---------------------------------------------------------------------------------------------

export type TargetRefusal =
  | 'invalid-url'
  | 'scheme'
  | 'insecure-http'
  | 'userinfo'
  | 'origin-mismatch';

export class InsecureTargetError extends Error {
  readonly kind = 'insecure-target' as const;
  constructor(
    message: string,
    readonly reason: TargetRefusal,
  ) {
    super(message);
    this.name = 'InsecureTargetError';
  }
}

/** `localhost`, 127.0.0.0/8 and ::1, after WHATWG URL normalisation (`127.1` is `127.0.0.1`). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost') return true;
  if (h === '[::1]' || h === '::1') return true;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(h) && h.split('.').every((p) => Number(p) <= 255);
}

function transportProblem(url: URL): { reason: TargetRefusal; message: string } | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { reason: 'scheme', message: `scheme '${url.protocol}' is not https.` };
  }
  if (url.username || url.password) {
    return { reason: 'userinfo', message: 'URLs with user information (user@host) are never used.' };
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      reason: 'insecure-http',
      message: `plain http is allowed only to loopback (localhost, 127.0.0.0/8, ::1), not to ${url.host}.`,
    };
  }
  return undefined;
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: TargetRefusal; message: string };

export interface TokenTargetOptions {
  /**
   * Also accept `https://<one DNS label><suffix>` on the default port: the regional Resource
   * Manager hosts of the same cloud (`AzureCloud.regionalArmHostSuffix`).
   */
  regionalHostSuffix?: string;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Is `target` a regional host of the cloud (`<region><suffix>`, https, default port)? */
function isRegionalArmHost(target: URL, suffix: string | undefined): boolean {
  if (!suffix || target.protocol !== 'https:' || target.port !== '') return false;
  const host = target.hostname.toLowerCase();
  const s = suffix.toLowerCase();
  if (!s.startsWith('.') || !host.endsWith(s)) return false;
  return DNS_LABEL.test(host.slice(0, host.length - s.length));
}

/**
 * May an ARM bearer token be sent to `url`? Only when the URL is absolute, https (or http on
 * loopback), has no userinfo, and its origin (scheme, host, port with default ports normalised)
 * equals the ARM endpoint's origin, or (with `regionalHostSuffix`) it is a regional Resource
 * Manager host of the same cloud over https. Host comparison is exact after WHATWG normalisation:
 * case is folded, but a trailing dot or another port is a different origin.
 */
export function checkTokenTarget(url: string | URL, armEndpoint: string, options: TokenTargetOptions = {}): TargetCheck {
  let target: URL;
  try {
    target = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    return { ok: false, reason: 'invalid-url', message: 'The URL is not absolute; no token is sent to it.' };
  }
  const problem = transportProblem(target);
  if (problem) return { ok: false, reason: problem.reason, message: `No token is sent there: ${problem.message}` };
  let arm: URL;
  try {
    arm = new URL(armEndpoint);
  } catch {
    return { ok: false, reason: 'invalid-url', message: 'The ARM endpoint is not an absolute URL.' };
  }
  const armProblem = transportProblem(arm);
  if (armProblem) return { ok: false, reason: armProblem.reason, message: `The ARM endpoint is refused: ${armProblem.message}` };
  if (target.origin !== arm.origin && !isRegionalArmHost(target, options.regionalHostSuffix)) {
    return {
      ok: false,
      reason: 'origin-mismatch',
      message: `${describeOrigin(target)} is not the Resource Manager endpoint (${arm.origin}); the Azure token is only sent to that endpoint.`,
    };
  }
  return { ok: true, url: target };
}

/** Throwing form of `checkTokenTarget`: returns the parsed URL or throws `InsecureTargetError`. */
export function assertTokenTarget(url: string | URL, armEndpoint: string, options: TokenTargetOptions = {}): URL {
  const r = checkTokenTarget(url, armEndpoint, options);
  if (!r.ok) throw new InsecureTargetError(r.message, r.reason);
  return r.url;
}

/** An origin fit for a message: no userinfo, path or query (those may carry secrets). */
export function describeOrigin(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

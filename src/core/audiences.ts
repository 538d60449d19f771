/**
 * The managed-identity audience catalogue: which Azure service a request host belongs to, the
 * audience each service expects in each cloud, the other audiences it accepts, and the judgement
 * of an `audience` against its target. This module is the single place these facts live: rules
 * LAC020, LAC021 and LAC022 only report what it decides.
 *
 * Facts come from docs/reference (azure-connections.md §4). Values marked `verified: false` are
 * hints: they may fill a (non-preferred) fix, never justify an error.
 */
import { apiOf } from './connections/arm';
import { connectionIndex } from './connections/entries';
import { hasPlaceholder, isDynamic, isExpression } from './expressions';
import type { JsonFile } from './json/jsonFile';
import { isObject, pathWith } from './json/pointer';
import type { Project } from './project';
import type { Resolved } from './resolve';
import type { CloudName, JsonPath, Severity } from './types';
import { actionType, walkActions } from './workflow';
import { StringMemo } from './memo';

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

export type AudienceService =
  | 'resourceManager'
  | 'classicManagement'
  | 'keyVault'
  | 'storage'
  | 'sql'
  | 'graph'
  | 'serviceBus'
  | 'eventHubs'
  | 'cosmosDb'
  | 'cognitiveServices'
  | 'logAnalytics'
  | 'ossrdbms';

export const CLOUDS: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];

export interface CloudEntry {
  /** The canonical audience: what a fix writes. */
  audience: string;
  /** False for values the reference marks "unverified" (never the basis of an error). */
  verified: boolean;
  /**
   * Request hosts that identify the service in this cloud: `host.name` exactly or `*.suffix`
   * (any subdomain of the suffix).
   */
  hosts: readonly string[];
  /** Other audiences (full values, compared without trailing slash) the service accepts here. */
  alternates?: readonly string[];
}

export interface SlashRule {
  /** `forbidden`: no trailing slash; `required`: a trailing slash. */
  rule: 'forbidden' | 'required';
  severity: Severity;
  why: string;
}

export interface ServiceEntry {
  label: string;
  clouds: Partial<Record<CloudName, CloudEntry>>;
  /** Trailing-slash rule of the canonical audience; absent when both forms work. */
  slash?: SlashRule;
  /**
   * The resource's own address (an account or namespace URL) is a documented audience.
   * `slash` is the rule for that form, when one is documented.
   */
  endpointAudience?: { slash?: SlashRule };
  /** Audiences of these services are accepted too (ARM accepts the classic management audience). */
  accepts?: readonly AudienceService[];
  /** Audiences of these services might be accepted: never judged either way. */
  mayAccept?: readonly AudienceService[];
  /**
   * The service may accept first-party audiences this catalogue does not list: an audience of
   * some unknown application is not judged against it.
   */
  openAudiences?: boolean;
  /** Application ids accepted as audience in every cloud. */
  appIds?: readonly string[];
  /** Managed API names (`.../managedApis/<name>`) whose target is this service. */
  managedApis?: readonly string[];
}

const STORAGE_KINDS = ['blob', 'queue', 'table', 'file', 'dfs'];
const storageHosts = (suffix: string): string[] => STORAGE_KINDS.map((k) => `*.${k}.core.${suffix}`);

export const SERVICES: Readonly<Record<AudienceService, ServiceEntry>> = {
  resourceManager: {
    label: 'Azure Resource Manager',
    clouds: {
      AzureCloud: { audience: 'https://management.azure.com/', verified: true, hosts: ['management.azure.com'] },
      AzureUSGovernment: { audience: 'https://management.usgovcloudapi.net/', verified: true, hosts: ['management.usgovcloudapi.net'] },
      AzureChinaCloud: { audience: 'https://management.chinacloudapi.cn', verified: true, hosts: ['management.chinacloudapi.cn'] },
    },
    accepts: ['classicManagement'],
    managedApis: ['arm', 'azureautomation', 'azureeventgrid'],
  },
  classicManagement: {
    label: 'Azure classic management',
    clouds: {
      AzureCloud: { audience: 'https://management.core.windows.net/', verified: true, hosts: [] },
      AzureUSGovernment: { audience: 'https://management.core.usgovcloudapi.net/', verified: true, hosts: [] },
      AzureChinaCloud: { audience: 'https://management.core.chinacloudapi.cn/', verified: true, hosts: [] },
    },
    accepts: ['resourceManager'],
  },
  keyVault: {
    label: 'Key Vault',
    clouds: {
      AzureCloud: { audience: 'https://vault.azure.net', verified: true, hosts: ['*.vault.azure.net'] },
      AzureUSGovernment: { audience: 'https://vault.usgovcloudapi.net', verified: true, hosts: ['*.vault.usgovcloudapi.net'] },
      AzureChinaCloud: { audience: 'https://vault.azure.cn', verified: true, hosts: ['*.vault.azure.cn'] },
    },
    slash: { rule: 'forbidden', severity: 'error', why: 'Key Vault rejects the token with 401 (AKV10022 invalid audience)' },
    managedApis: ['keyvault'],
  },
  storage: {
    label: 'Azure Storage',
    clouds: {
      AzureCloud: { audience: 'https://storage.azure.com/', verified: true, hosts: storageHosts('windows.net') },
      AzureUSGovernment: { audience: 'https://storage.azure.com/', verified: true, hosts: storageHosts('usgovcloudapi.net') },
      AzureChinaCloud: { audience: 'https://storage.azure.com/', verified: true, hosts: storageHosts('chinacloudapi.cn') },
    },
    slash: { rule: 'required', severity: 'warning', why: 'the resource-wide Storage audience is documented with its trailing slash' },
    endpointAudience: {
      slash: { rule: 'forbidden', severity: 'warning', why: 'a storage account audience is documented without a trailing slash' },
    },
    managedApis: ['azureblob', 'azurequeues', 'azuretables', 'azurefile'],
  },
  sql: {
    label: 'Azure SQL',
    clouds: {
      AzureCloud: { audience: 'https://database.windows.net/', verified: true, hosts: ['*.database.windows.net'] },
      AzureUSGovernment: { audience: 'https://database.usgovcloudapi.net/', verified: true, hosts: ['*.database.usgovcloudapi.net'] },
      AzureChinaCloud: { audience: 'https://database.chinacloudapi.cn/', verified: true, hosts: ['*.database.chinacloudapi.cn'] },
    },
    managedApis: ['sql'],
  },
  graph: {
    label: 'Microsoft Graph',
    clouds: {
      AzureCloud: { audience: 'https://graph.microsoft.com', verified: true, hosts: ['graph.microsoft.com'] },
      AzureUSGovernment: { audience: 'https://graph.microsoft.us/', verified: true, hosts: ['graph.microsoft.us'] },
      AzureChinaCloud: { audience: 'https://microsoftgraph.chinacloudapi.cn', verified: true, hosts: ['microsoftgraph.chinacloudapi.cn'] },
    },
    appIds: ['00000003-0000-0000-c000-000000000000'],
  },
  serviceBus: {
    label: 'Service Bus',
    clouds: {
      AzureCloud: { audience: 'https://servicebus.azure.net', verified: true, hosts: ['*.servicebus.windows.net'] },
      // Unverified: the reference gives no sovereign value; the public one is the likely value.
      AzureUSGovernment: { audience: 'https://servicebus.azure.net', verified: false, hosts: ['*.servicebus.usgovcloudapi.net'] },
      AzureChinaCloud: { audience: 'https://servicebus.azure.net', verified: false, hosts: ['*.servicebus.chinacloudapi.cn'] },
    },
    // Event Hubs namespaces share the Service Bus host names.
    accepts: ['eventHubs'],
    endpointAudience: {},
    managedApis: ['servicebus', 'eventhubs'],
  },
  eventHubs: {
    label: 'Event Hubs',
    clouds: {
      AzureCloud: { audience: 'https://eventhubs.azure.net', verified: true, hosts: [] },
      AzureUSGovernment: { audience: 'https://eventhubs.azure.net', verified: false, hosts: [] },
      AzureChinaCloud: { audience: 'https://eventhubs.azure.net', verified: false, hosts: [] },
    },
    accepts: ['serviceBus'],
  },
  cosmosDb: {
    label: 'Cosmos DB',
    clouds: {
      AzureCloud: { audience: 'https://cosmos.azure.com', verified: true, hosts: ['*.documents.azure.com'] },
      AzureUSGovernment: { audience: 'https://cosmos.azure.us', verified: true, hosts: ['*.documents.azure.us'] },
      AzureChinaCloud: { audience: 'https://cosmos.azure.cn', verified: true, hosts: ['*.documents.azure.cn'] },
    },
    endpointAudience: {},
    managedApis: ['documentdb'],
  },
  cognitiveServices: {
    label: 'Azure AI services (Cognitive Services / Azure OpenAI)',
    clouds: {
      AzureCloud: { audience: 'https://cognitiveservices.azure.com', verified: true, hosts: ['*.cognitiveservices.azure.com', '*.openai.azure.com'] },
      AzureUSGovernment: { audience: 'https://cognitiveservices.azure.us', verified: false, hosts: ['*.cognitiveservices.azure.us', '*.openai.azure.us'] },
      AzureChinaCloud: { audience: 'https://cognitiveservices.azure.cn', verified: false, hosts: ['*.cognitiveservices.azure.cn', '*.openai.azure.cn'] },
    },
    openAudiences: true,
  },
  logAnalytics: {
    label: 'Log Analytics',
    clouds: {
      AzureCloud: {
        audience: 'https://api.loganalytics.io',
        verified: true,
        hosts: ['api.loganalytics.io', 'api.loganalytics.azure.com'],
        alternates: ['https://api.loganalytics.azure.com'],
      },
      AzureUSGovernment: { audience: 'https://api.loganalytics.us', verified: true, hosts: ['api.loganalytics.us'] },
      AzureChinaCloud: { audience: 'https://api.loganalytics.azure.cn', verified: true, hosts: ['api.loganalytics.azure.cn'] },
    },
    // Not documented either way: never judged.
    mayAccept: ['resourceManager', 'classicManagement'],
    openAudiences: true,
  },
  ossrdbms: {
    label: 'Azure Database for PostgreSQL / MySQL',
    clouds: {
      AzureCloud: {
        audience: 'https://ossrdbms-aad.database.windows.net',
        verified: true,
        hosts: ['*.postgres.database.azure.com', '*.mysql.database.azure.com'],
      },
      AzureUSGovernment: {
        audience: 'https://ossrdbms-aad.database.usgovcloudapi.net',
        verified: true,
        hosts: ['*.postgres.database.usgovcloudapi.net', '*.mysql.database.usgovcloudapi.net'],
      },
      AzureChinaCloud: {
        audience: 'https://ossrdbms-aad.database.chinacloudapi.cn',
        verified: true,
        hosts: ['*.postgres.database.chinacloudapi.cn', '*.mysql.database.chinacloudapi.cn'],
      },
    },
  },
};

const SERVICE_IDS = Object.keys(SERVICES) as AudienceService[];

/**
 * First host labels of catalogue audiences, for "did you mean" on near misses such as
 * `https://vault.azure.com`. Only labels that no other real Azure audience starts with.
 */
const NEAR_MISS: Readonly<Record<string, AudienceService>> = {
  vault: 'keyVault',
  storage: 'storage',
  servicebus: 'serviceBus',
  eventhubs: 'eventHubs',
  cosmos: 'cosmosDb',
  cognitiveservices: 'cognitiveServices',
};

/** Domains of Microsoft clouds: a near miss must be under one of them. */
const CLOUD_DOMAINS: readonly [string, CloudName][] = [
  ['azure.net', 'AzureCloud'],
  ['azure.com', 'AzureCloud'],
  ['windows.net', 'AzureCloud'],
  ['microsoft.com', 'AzureCloud'],
  ['usgovcloudapi.net', 'AzureUSGovernment'],
  ['azure.us', 'AzureUSGovernment'],
  ['microsoft.us', 'AzureUSGovernment'],
  ['chinacloudapi.cn', 'AzureChinaCloud'],
  ['azure.cn', 'AzureChinaCloud'],
];

// ---------------------------------------------------------------------------------------------
// Hosts
// ---------------------------------------------------------------------------------------------

export interface HostMatch {
  service: AudienceService;
  cloud: CloudName;
  /** The cloud entry is verified. */
  verified: boolean;
}

interface HostPattern extends HostMatch {
  /** Lower-case host (exact) or suffix (wildcard, without `*.`). */
  name: string;
  wildcard: boolean;
}

const HOST_PATTERNS: HostPattern[] = [];
for (const service of SERVICE_IDS) {
  for (const cloud of CLOUDS) {
    const e = SERVICES[service].clouds[cloud];
    if (!e) continue;
    for (const h of e.hosts) {
      const wildcard = h.startsWith('*.');
      HOST_PATTERNS.push({ service, cloud, verified: e.verified, name: (wildcard ? h.slice(2) : h).toLowerCase(), wildcard });
    }
  }
}

function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  const colon = h.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  return h;
}

const HOSTNAME_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** The Azure service (and cloud) a request host belongs to: `myvault.vault.azure.net` → Key Vault, AzureCloud. */
export const serviceForHost = memo(computeServiceForHost);

function computeServiceForHost(host: string): HostMatch | undefined {
  const h = normaliseHost(host);
  if (!HOSTNAME_RE.test(h)) return undefined;
  let best: HostPattern | undefined;
  for (const p of HOST_PATTERNS) {
    const hit = p.wildcard ? h.length > p.name.length + 1 && h.endsWith('.' + p.name) : h === p.name;
    if (!hit) continue;
    if (!p.wildcard) return strip(p);
    if (!best || p.name.length > best.name.length) best = p;
  }
  return best && strip(best);
}

/**
 * The service of a host known only by its literal tail (`.blob.core.windows.net` after an
 * expression that builds the account name). Undefined when a longer pattern could still match
 * depending on the unknown part (`.database.usgovcloudapi.net` could be PostgreSQL).
 */
export const serviceForHostTail = memo(computeServiceForHostTail);

function computeServiceForHostTail(tail: string): HostMatch | undefined {
  const t = normaliseHost(tail);
  if (!/^(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(t)) return undefined;
  let best: HostPattern | undefined;
  const others: HostPattern[] = [];
  for (const p of HOST_PATTERNS) {
    if (!p.wildcard) {
      if (('.' + p.name).endsWith(t)) others.push(p);
      continue;
    }
    const dotted = '.' + p.name;
    if (t.endsWith(dotted)) {
      if (!best || p.name.length > best.name.length) best = p;
    } else if (dotted.endsWith(t)) {
      others.push(p);
    }
  }
  if (!best) return undefined;
  if (others.some((o) => o.service !== best!.service || o.cloud !== best!.cloud)) return undefined;
  return strip(best);
}

function strip(p: HostPattern): HostMatch {
  return { service: p.service, cloud: p.cloud, verified: p.verified };
}

export interface RequestTarget extends HostMatch {
  /** The complete request host, when it is literal (undefined when an expression builds part of it). */
  host?: string;
}

/**
 * The service an HTTP request goes to, from its URI. The host must be literal, or end with a
 * literal suffix after an expression (`https://@{parameters('account')}.blob.core.windows.net/...`).
 * `@{concat('https://', ...)}`, `@{parameters('url')}/x` and placeholders give undefined.
 */
export function targetOfUri(uri: string): RequestTarget | undefined {
  // Without an expression the target depends on the text up to the path only: keyed by it,
  // thousands of distinct URIs to a few hosts share one entry, and one target (whose verdicts are
  // then shared too) instead of a memo that overflows and recomputes each lint.
  if (uri.indexOf('@') === -1) {
    const s = uri.trim();
    const scheme = s.indexOf('://');
    const slash = scheme === -1 ? -1 : s.indexOf('/', scheme + 3);
    return targetOfText(slash === -1 ? s : s.slice(0, slash));
  }
  return targetOfText(uri);
}

const targetOfText = memo(computeTargetOfUri);

function computeTargetOfUri(uri: string): RequestTarget | undefined {
  const s = uri.trim();
  const m = /^https?:\/\//i.exec(s);
  if (!m) return undefined;
  const slash = s.indexOf('/', m[0].length);
  const authorityish = slash === -1 ? s : s.slice(0, slash);
  if (hasPlaceholder(authorityish)) return undefined;
  let i = m[0].length;
  let literal = '';
  while (i < s.length) {
    const c = s[i];
    if (c === '/' || c === '?' || c === '#') break;
    if (c === '@' && s[i + 1] === '{') break;
    literal += c;
    i++;
  }
  if (i >= s.length || s[i] !== '@') {
    if (/[@\s\\]/.test(literal)) return undefined;
    const t = serviceForHost(literal);
    return t && { ...t, host: normaliseHost(literal) };
  }
  // An expression right after a complete known host starts the path (`https://management.azure.com@{id}`).
  const known = literal && !literal.endsWith('.') ? serviceForHost(literal) : undefined;
  if (known) return { ...known, host: normaliseHost(literal) };
  // Otherwise an expression builds part of the host: only its literal tail can tell.
  let tail = '';
  while (i < s.length) {
    if (s[i] === '@' && s[i + 1] === '{') {
      const j = skipExpression(s, i);
      if (j < 0) return undefined;
      i = j;
      tail = '';
      continue;
    }
    const c = s[i];
    if (c === '/' || c === '?' || c === '#') break;
    tail += c;
    i++;
  }
  return tail.startsWith('.') ? serviceForHostTail(tail) : undefined;
}

/** Index after the `}` closing the `@{` at `start`, or -1. Skips quoted strings (`''` escapes). */
function skipExpression(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "'") {
        if (s[i + 1] === "'") i++;
        else inString = false;
      }
    } else if (c === "'") inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Audiences
// ---------------------------------------------------------------------------------------------

export interface CanonicalAudience {
  audience: string;
  verified: boolean;
}

/**
 * The audience to write for a service in a cloud. A request URL whose host tells the cloud wins
 * over `cloud` (the host is certain, the setting is an assumption).
 */
export function canonicalAudience(service: AudienceService, cloud: CloudName = 'AzureCloud', requestUrl?: string): CanonicalAudience | undefined {
  let c = cloud;
  if (requestUrl) {
    const t = targetOfUri(requestUrl);
    if (t && (t.service === service || SERVICES[t.service].accepts?.includes(service))) c = t.cloud;
  }
  const e = SERVICES[service].clouds[c];
  return e && { audience: e.audience, verified: e.verified };
}

export interface ParsedAudience {
  raw: string;
  /** Leading/trailing whitespace or whitespace inside. */
  whitespace: boolean;
  /** `https`, `http`, another scheme (lower case), or undefined when there is none. */
  scheme: string | undefined;
  /** Lower-case host without port. */
  host: string;
  /** The path as written (`''`, `/`, `/.default`...). */
  path: string;
  /** Query and fragment as written. */
  rest: string;
}

/** Split an audience written as a URL (tolerantly: whitespace, no scheme, case). */
export function parseAudience(raw: string): ParsedAudience | undefined {
  const t = raw.trim();
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#\s]+)([^?#]*)(.*)$/i.exec(t);
  if (!m) return undefined;
  const host = normaliseHost(m[2]);
  if (!HOSTNAME_RE.test(host)) return undefined;
  return {
    raw,
    whitespace: t !== raw || /\s/.test(t),
    scheme: m[1]?.toLowerCase(),
    host,
    path: m[3],
    rest: m[4],
  };
}

export type AudienceForm =
  /** The catalogue's audience for the service (slash and case aside). */
  | 'canonical'
  /** Another documented audience of the service. */
  | 'alternate'
  /** The resource's own address, documented as an audience (storage account URL). */
  | 'account'
  /** The resource's own address, not documented as an audience (`https://myvault.vault.azure.net`). */
  | 'endpoint'
  /** An application id. */
  | 'appId';

export interface AudienceClass {
  service: AudienceService;
  /** The cloud the audience belongs to; undefined when it is the same in every cloud (storage, app ids). */
  cloud: CloudName | undefined;
  form: AudienceForm;
  /** The catalogue entry behind the classification is verified. */
  verified: boolean;
  parsed?: ParsedAudience;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hostOf = memo(computeHostOf);

function computeHostOf(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/**
 * Which service (and cloud) an audience is for, tolerating the mistakes LAC021 reports (slash,
 * missing scheme, whitespace, case, a path). Undefined for custom APIs and unknown values.
 */
export const classifyAudience = memo(computeClassifyAudience);

function computeClassifyAudience(audience: string): AudienceClass | undefined {
  const t = audience.trim();
  if (GUID_RE.test(t)) {
    const id = t.toLowerCase();
    for (const service of SERVICE_IDS) {
      if (SERVICES[service].appIds?.includes(id)) return { service, cloud: undefined, form: 'appId', verified: true };
    }
    return undefined;
  }
  const parsed = parseAudience(audience);
  if (!parsed) return undefined;
  if (parsed.scheme && parsed.scheme !== 'https' && parsed.scheme !== 'http') return undefined;
  // Catalogue audiences: same host in several clouds means "every cloud".
  for (const service of SERVICE_IDS) {
    const hits: { cloud: CloudName; e: CloudEntry; form: AudienceForm }[] = [];
    for (const cloud of CLOUDS) {
      const e = SERVICES[service].clouds[cloud];
      if (!e) continue;
      if (hostOf(e.audience) === parsed.host) hits.push({ cloud, e, form: 'canonical' });
      else if (e.alternates?.some((a) => hostOf(a) === parsed.host)) hits.push({ cloud, e, form: 'alternate' });
    }
    if (hits.length) {
      return {
        service,
        cloud: hits.length > 1 ? undefined : hits[0].cloud,
        form: hits[0].form,
        verified: hits.some((h) => h.e.verified),
        parsed,
      };
    }
  }
  const byHost = serviceForHost(parsed.host);
  if (byHost) {
    const form: AudienceForm = SERVICES[byHost.service].endpointAudience ? 'account' : 'endpoint';
    return { service: byHost.service, cloud: byHost.cloud, form, verified: byHost.verified, parsed };
  }
  return undefined;
}

/** For a near miss such as `https://vault.azure.com`: the service and cloud it probably meant. */
export function nearMissAudience(audience: string): { service: AudienceService; cloud: CloudName } | undefined {
  const p = parseAudience(audience);
  if (!p || (p.scheme && p.scheme !== 'https' && p.scheme !== 'http')) return undefined;
  if (classifyAudience(audience)) return undefined;
  const labels = p.host.split('.');
  const service = NEAR_MISS[labels[0]];
  if (!service || labels.length < 3) return undefined;
  const rest = labels.slice(1).join('.');
  const domain = CLOUD_DOMAINS.find(([d]) => rest === d || rest.endsWith('.' + d));
  if (!domain) return undefined;
  return { service, cloud: domain[1] };
}

/** Whether a target service takes tokens issued for an audience of `audience` service. */
function accepts(target: AudienceService, audience: AudienceService): 'yes' | 'no' | 'maybe' {
  if (target === audience || SERVICES[target].accepts?.includes(audience)) return 'yes';
  if (SERVICES[target].mayAccept?.includes(audience)) return 'maybe';
  return 'no';
}

/** The target takes a token from the default (no audience) request: a Resource Manager token. */
export function acceptsDefaultToken(target: AudienceService): 'yes' | 'no' | 'maybe' {
  return accepts(target, 'resourceManager');
}

const EXPRESSION_WITHOUT_AT = /^\s*(parameters|appsetting|variables|concat|body|outputs|triggerbody|json|string|coalesce)\s*\(.*\)\s*$/i;

// ---------------------------------------------------------------------------------------------
// Judgement
// ---------------------------------------------------------------------------------------------

export interface AudienceFix {
  value: string;
  title: string;
  preferred: boolean;
}

export interface AudienceVerdict {
  rule: 'LAC020' | 'LAC021';
  severity: Severity;
  message: string;
  fix?: AudienceFix;
}

export interface JudgeTarget {
  service: AudienceService;
  /** Undefined when the cloud is not known from a host (managed API connections). */
  cloud: CloudName | undefined;
  verified: boolean;
  host?: string;
  /** Where the target comes from: an HTTP request (certain) or a managed API name (what the connector calls is not ours to see). */
  source: 'request' | 'managedApi';
  /** For messages: `the request goes to myvault.vault.azure.net (Key Vault)`. */
  describe: string;
}

const q = (s: string): string => `"${s}"`;

/** `Use "x".`, saying so when the value is unverified. */
function use(value: CanonicalAudience, verb = 'Use'): string {
  return `${verb} ${q(value.audience)}${value.verified ? '' : ' (unverified value for this cloud)'}.`;
}

function fixFor(value: CanonicalAudience, verb = 'Set the audience to'): AudienceFix {
  return {
    value: value.audience,
    title: `${verb} ${q(value.audience)}${value.verified ? '' : ' (unverified value)'}`,
    preferred: value.verified,
  };
}

/**
 * Judge a literal audience against its target. `target` undefined: the request goes somewhere
 * this catalogue cannot tell (an expression, a custom API). `cloudSetting` is the user's cloud.
 */
export function judgeAudience(audience: string, target: JudgeTarget | undefined, cloudSetting: CloudName | undefined): AudienceVerdict | undefined {
  if (audience.trim() === '' || isDynamic(audience.trim())) return undefined;
  const c = classifyAudience(audience);
  const targetCanonical = target ? canonicalAudience(target.service, target.cloud ?? cloudSetting ?? 'AzureCloud') : undefined;
  const strict = target?.source === 'request';
  const mismatchSeverity: Severity = strict ? 'error' : 'warning';

  if (!c) {
    const near = nearMissAudience(audience);
    if (near && (!target || accepts(target.service, near.service) === 'yes')) {
      const want = targetCanonical ?? canonicalAudience(near.service, near.cloud);
      if (!want) return undefined;
      return {
        rule: 'LAC021',
        severity: 'warning',
        message: `${q(audience)} is not a known Azure audience: did you mean ${q(want.audience)} (${SERVICES[near.service].label})?`,
        fix: { ...fixFor(want), preferred: false },
      };
    }
    if (EXPRESSION_WITHOUT_AT.test(audience) && !isExpression(audience)) {
      const expr = '@' + audience.trim();
      return {
        rule: 'LAC021',
        severity: 'error',
        message: `The audience ${q(audience)} looks like an expression without its leading '@': it is sent as literal text and no token can be issued for it.`,
        fix: { value: expr, title: `Make it an expression: ${q(expr)}`, preferred: false },
      };
    }
    // A first-party service never accepts a token issued for some other application's URL.
    const p = parseAudience(audience);
    if (target && strict && !SERVICES[target.service].openAudiences && p && (p.scheme === 'https' || p.scheme === 'http') && targetCanonical) {
      return {
        rule: 'LAC020',
        severity: 'error',
        message: `The audience ${q(audience.trim())} is not one ${SERVICES[target.service].label} accepts, but ${target.describe}: the token is rejected (401). ${use(targetCanonical)}`,
        fix: fixFor(targetCanonical),
      };
    }
    return undefined;
  }

  const label = SERVICES[c.service].label;
  if (target) {
    const ok = accepts(target.service, c.service);
    if (ok === 'maybe') return undefined;
    if (ok === 'no') {
      if (!targetCanonical) return undefined;
      return {
        rule: 'LAC020',
        severity: mismatchSeverity,
        message: `The audience ${q(audience.trim())} is for ${label}, but ${target.describe}: the token is rejected (401). ${use(targetCanonical)}`,
        fix: fixFor(targetCanonical),
      };
    }
    // Same service: the right account, the right cloud?
    if (c.form === 'account' && target.host && c.parsed && c.service === target.service) {
      const a = c.parsed.host.split('.')[0];
      const b = target.host.split('.')[0];
      const sameCloud = c.cloud === target.cloud;
      if (c.service === 'storage' && (a !== b || !sameCloud) && targetCanonical) {
        return {
          rule: 'LAC020',
          severity: 'error',
          message: `The audience ${q(audience.trim())} is storage account ${q(a)}${sameCloud ? '' : ` in ${c.cloud}`}, but the request goes to ${target.host}: the token is rejected (401). ${use(targetCanonical)}`,
          fix: fixFor(targetCanonical),
        };
      }
    }
    const tCloud = target.cloud ?? cloudSetting;
    if (c.cloud && tCloud && c.cloud !== tCloud && c.form !== 'account') {
      const want = canonicalAudience(target.service, tCloud);
      if (want && want.verified && c.verified && hostOf(want.audience) !== c.parsed?.host) {
        const fromSetting = target.cloud === undefined;
        return {
          rule: 'LAC020',
          severity: fromSetting ? 'warning' : mismatchSeverity,
          message: fromSetting
            ? `The audience ${q(audience.trim())} is the ${label} audience of ${c.cloud}, but the cloud setting is ${tCloud}: use ${q(want.audience)}.`
            : `The audience ${q(audience.trim())} is the ${label} audience of ${c.cloud}, but ${target.describe} in ${tCloud}: the token is rejected. ${use(want)}`,
          fix: fixFor(want),
        };
      }
    }
  } else if (cloudSetting && c.cloud && c.cloud !== cloudSetting && c.form !== 'account' && c.form !== 'endpoint') {
    const want = canonicalAudience(c.service, cloudSetting);
    if (want && want.verified && c.verified && hostOf(want.audience) !== c.parsed?.host) {
      return {
        rule: 'LAC020',
        severity: 'warning',
        message: `The audience ${q(audience.trim())} is the ${label} audience of ${c.cloud}, but the cloud setting is ${cloudSetting}: use ${q(want.audience)}.`,
        fix: fixFor(want),
      };
    }
  }
  return formatVerdict(audience, c, target, cloudSetting);
}

/**
 * `judgeAudience`, remembered per target, cloud and audience text: LAC020 and LAC021 judge the
 * same sites, and a workflow repeats the same audience against the same (shared) request target.
 * Verdicts are shared: they must not be changed.
 */
export function judgeSiteAudience(audience: string, target: JudgeTarget | undefined, cloudSetting: CloudName | undefined): AudienceVerdict | undefined {
  if (audience.length > 256) return judgeAudience(audience, target, cloudSetting); // never kept: a long text is no audience anyone repeats
  const holder: object = target ?? NO_TARGET;
  let byCloud = verdictCache.get(holder);
  if (!byCloud) {
    byCloud = new Map();
    verdictCache.set(holder, byCloud);
  }
  const cloudKey = cloudSetting ?? '';
  let byAudience = byCloud.get(cloudKey);
  if (!byAudience) {
    byAudience = new Map();
    byCloud.set(cloudKey, byAudience);
  }
  let v = byAudience.get(audience);
  if (v === undefined) {
    if (byAudience.size >= 1024) byAudience.clear();
    v = judgeAudience(audience, target, cloudSetting) ?? null;
    byAudience.set(audience, v);
  }
  return v ?? undefined;
}

/** Keyed by target object: a target's verdicts go when the target does. */
const verdictCache = new WeakMap<object, Map<string, Map<string, AudienceVerdict | null>>>();
const NO_TARGET = {};

/** LAC021: the audience is for the right service but written in a way that fails (or is undocumented). */
function formatVerdict(audience: string, c: AudienceClass, target: JudgeTarget | undefined, cloudSetting: CloudName | undefined): AudienceVerdict | undefined {
  const p = c.parsed;
  if (!p) return undefined; // app ids
  const svc = SERVICES[c.service];
  const cloud = c.cloud ?? target?.cloud ?? cloudSetting ?? 'AzureCloud';
  const canonical = canonicalAudience(c.service, cloud);
  if (!canonical) return undefined;
  const problems: { severity: Severity; text: string }[] = [];
  const shown = q(audience);

  if (c.form === 'endpoint') {
    return {
      rule: 'LAC021',
      severity: 'warning',
      message: `${q(audience.trim())} is the address of a ${svc.label} resource, not the documented ${svc.label} audience: use ${q(canonical.audience)}.`,
      fix: { ...fixFor(canonical), preferred: false },
    };
  }

  if (p.whitespace) problems.push({ severity: 'error', text: 'has whitespace around or inside it (the token request uses it as written)' });
  if (!p.scheme) problems.push({ severity: 'error', text: "has no 'https://' (the token request fails with an opaque error, Azure/LogicAppsUX#4242)" });
  else if (p.scheme !== 'https') problems.push({ severity: 'error', text: `uses ${p.scheme}:// instead of https://` });
  if (p.rest) problems.push({ severity: c.form === 'account' ? 'warning' : 'error', text: 'has a query or fragment (an audience identifies the service, it is not a request URL)' });
  const path = p.path;
  if (path && path !== '/') {
    if (/\/\.default\/?$/i.test(path)) problems.push({ severity: 'error', text: "ends with '/.default', which belongs to a scope, not an audience" });
    else problems.push({ severity: c.form === 'account' ? 'warning' : 'error', text: `has a path (${q(path)}): an audience identifies the service, it is not a request URL` });
  }

  // The trailing-slash rule applies to what is left once the other problems are fixed.
  let corrected: string;
  if (c.form === 'account') {
    corrected = `https://${p.host}`;
    const rule = svc.endpointAudience?.slash;
    if (rule && path === '/' && rule.rule === 'forbidden') problems.push({ severity: rule.severity, text: `ends with a slash: ${rule.why}` });
    else if (!rule) corrected = `https://${p.host}${path === '/' ? '/' : ''}`;
  } else {
    const rule = svc.slash;
    if (rule) {
      if (rule.rule === 'forbidden' && path === '/') problems.push({ severity: rule.severity, text: `ends with a slash: ${rule.why}` });
      if (rule.rule === 'required' && path === '') problems.push({ severity: rule.severity, text: `has no trailing slash: ${rule.why}` });
    }
    if (c.form === 'canonical' && hostOf(canonical.audience) === p.host) corrected = canonical.audience;
    else corrected = rule ? applySlash(`https://${p.host}`, rule) : `https://${p.host}${path === '/' ? '/' : ''}`;
  }
  if (!problems.length || corrected === audience) return undefined;
  const severity: Severity = problems.some((x) => x.severity === 'error') ? 'error' : 'warning';
  const text = problems.map((x) => x.text).join('; it also ');
  const verified = c.verified;
  return {
    rule: 'LAC021',
    severity,
    message: `The ${svc.label} audience ${shown} ${text}. Use ${q(corrected)}.`,
    fix: { value: corrected, title: `Change the audience to ${q(corrected)}`, preferred: verified },
  };
}

function applySlash(url: string, rule: SlashRule): string {
  return rule.rule === 'required' ? url + '/' : url;
}

// ---------------------------------------------------------------------------------------------
// Where managed-identity audiences are written in a project
// ---------------------------------------------------------------------------------------------

export type Resolver = (file: JsonFile, path: JsonPath, value: unknown) => Resolved;

export interface MsiSite {
  kind: 'http' | 'managedApi' | 'additionalAudience';
  /** The authentication object and where it is written (parameters.json when the whole object is a parameter). */
  authFile: JsonFile;
  authPath: JsonPath;
  auth: Record<string, unknown>;
  /** The object has an `audience` member (whatever its value). */
  hasAudience: boolean;
  /** The literal audience string and where it is written; undefined when absent or not literal. */
  audience?: { value: string; file: JsonFile; path: JsonPath };
  target?: JudgeTarget;
}

function isMsi(auth: Record<string, unknown>): boolean {
  return typeof auth.type === 'string' && lowerTrimmed(auth.type) === 'managedserviceidentity';
}

/** `s.trim().toLowerCase()`, remembered: the same few authentication types recur in every action. */
const lowerTrimmed = memo((s: string): string => s.trim().toLowerCase());

/** The literal string behind a value, following `@parameters('X')` into parameters.json. */
function literalString(resolve: Resolver, file: JsonFile, path: JsonPath, value: unknown): { value: string; file: JsonFile; path: JsonPath } | undefined {
  const r = resolve(file, path, value);
  if (typeof r.value !== 'string') return undefined;
  if (isDynamic(r.value.trim())) return undefined;
  return { value: r.value, file: r.file, path: r.path };
}

/**
 * A request URI with `@parameters('X')` (whole, or as the prefix `@{parameters('X')}/...`)
 * resolved when parameters.json holds a literal value.
 */
function requestUri(resolve: Resolver, file: JsonFile, value: unknown): string | undefined {
  // Only the value matters here (a URI is never reported): no path is built for it.
  const path = NO_PATH;
  const r = resolve(file, path, value);
  if (typeof r.value !== 'string') return undefined;
  const s = r.value.trim();
  const m = PARAMETER_PREFIX.exec(s);
  if (m) {
    const p = resolve(file, path, `@parameters('${m[1]}')`);
    if (typeof p.value === 'string' && p.via && !isDynamic(p.value)) return p.value.replace(/\/+$/, '') + s.slice(m[0].length);
    return undefined;
  }
  return s;
}

const NO_PATH: JsonPath = [];
/** `@{parameters('X')}` at the start of a URI (a module constant: a regex literal allocates on every evaluation). */
const PARAMETER_PREFIX = /^@\{\s*parameters\('((?:[^']|'')*)'\)\s*\}/;

function describeRequest(t: RequestTarget): string {
  const label = SERVICES[t.service].label;
  return t.host ? `the request goes to ${t.host} (${label})` : `the request goes to ${label}`;
}

/** The judge's target of a request, one per request target (URIs to one host share it, and so its verdicts). */
function requestTarget(uri: string): JudgeTarget | undefined {
  const t = targetOfUri(uri);
  if (!t) return undefined;
  let j = judgeTargets.get(t);
  if (!j) {
    j = { service: t.service, cloud: t.cloud, verified: t.verified, host: t.host, source: 'request', describe: describeRequest(t) };
    judgeTargets.set(t, j);
  }
  return j;
}

const judgeTargets = new WeakMap<RequestTarget, JudgeTarget>();

/** Where the `authentication` of an HTTP action's inputs is, by action type. */
const HTTP_PLACES: readonly (readonly string[])[] = [[]];
const WEBHOOK_PLACES: readonly (readonly string[])[] = [['subscribe'], ['unsubscribe']];

/** Every managed-identity authentication of a project's workflows and connections. Iterative walks only. */
export function msiSites(project: Project, resolve: Resolver): MsiSite[] {
  // LAC020, LAC021 and LAC022 look at the same sites: find them once per project.
  const hit = msiSitesCache.get(project);
  if (hit) return hit;
  const sites = findMsiSites(project, resolve);
  msiSitesCache.set(project, sites);
  return sites;
}

const msiSitesCache = new WeakMap<Project, MsiSite[]>();

function findMsiSites(project: Project, resolve: Resolver): MsiSite[] {
  const out: MsiSite[] = [];
  const add = (kind: MsiSite['kind'], file: JsonFile, authPath: JsonPath, authValue: unknown, target: JudgeTarget | undefined): void => {
    const r = resolve(file, authPath, authValue);
    if (!isObject(r.value) || !isMsi(r.value)) return;
    const auth = r.value;
    const hasAudience = Object.prototype.hasOwnProperty.call(auth, 'audience');
    const audience = hasAudience ? literalString(resolve, r.file, pathWith(r.path, 'audience'), auth.audience) : undefined;
    out.push({ kind, authFile: r.file, authPath: r.path, auth, hasAudience, audience, target });
    if (kind === 'managedApi' && Array.isArray(auth.additionalAudiences)) {
      auth.additionalAudiences.forEach((a, i) => {
        const lit = literalString(resolve, r.file, pathWith(r.path, 'additionalAudiences', i), a);
        if (lit) out.push({ kind: 'additionalAudience', authFile: r.file, authPath: r.path, auth, hasAudience: true, audience: lit, target: undefined });
      });
    }
  };

  for (const wf of project.workflows) {
    for (const action of walkActions(wf)) {
      const type = actionType(action.node);
      const places = type === 'http' ? HTTP_PLACES : type === 'httpwebhook' ? WEBHOOK_PLACES : undefined;
      const inputs = action.node.inputs;
      if (!places || !isObject(inputs)) continue;
      for (const sub of places) {
        let holder: unknown = inputs;
        for (const k of sub) holder = isObject(holder) ? holder[k] : undefined;
        if (!isObject(holder) || holder.authentication === undefined) continue;
        const uri = requestUri(resolve, wf, holder.uri);
        const target = uri !== undefined ? requestTarget(uri) : undefined;
        add('http', wf, sub.length ? pathWith(action.path, 'inputs', sub[0], 'authentication') : pathWith(action.path, 'inputs', 'authentication'), holder.authentication, target);
      }
    }
  }

  const conns = project.connections;
  if (conns) {
    for (const { name, value: entry } of connectionIndex(conns).section('managedApiConnections')) {
      if (!isObject(entry) || !isObject(entry.connectionProperties)) continue;
      const authValue = entry.connectionProperties.authentication;
      if (authValue === undefined) continue;
      const api = isObject(entry.api) ? apiOf(entry.api.id) : undefined;
      const apiName = api?.kind === 'managed' ? api.name : undefined;
      const service = apiName ? SERVICE_IDS.find((s) => SERVICES[s].managedApis?.includes(apiName)) : undefined;
      const target: JudgeTarget | undefined = service && { service, cloud: undefined, verified: true, source: 'managedApi', describe: `connection ${q(name)} (${apiName}) calls ${SERVICES[service].label}` };
      add('managedApi', conns, ['managedApiConnections', name, 'connectionProperties', 'authentication'], authValue, target);
    }
  }
  return out;
}

export interface MissingAudienceVerdict {
  message: string;
  fix?: AudienceFix;
}

/**
 * LAC022: an HTTP call with the managed identity and no audience gets a Resource Manager token.
 * Judged only when the request host is known and the target is certainly not Resource Manager.
 */
export function judgeMissingAudience(site: MsiSite, cloudSetting: CloudName | undefined): MissingAudienceVerdict | undefined {
  if (site.kind !== 'http' || !site.target || site.target.source !== 'request') return undefined;
  const a = site.auth.audience;
  const empty = a === null || (typeof a === 'string' && a.trim() === '') || (site.audience !== undefined && site.audience.value.trim() === '');
  if (site.hasAudience && !empty) return undefined;
  if (acceptsDefaultToken(site.target.service) !== 'no') return undefined;
  const want = canonicalAudience(site.target.service, site.target.cloud ?? cloudSetting ?? 'AzureCloud');
  const what = site.hasAudience ? 'an empty audience' : 'no audience';
  return {
    message: `Managed identity with ${what} gets a Resource Manager token, but ${site.target.describe}: the call fails with 401.${want ? ` ${use(want, 'Set the audience to')}` : ''}`,
    fix: want && fixFor(want),
  };
}

/**
 * Cache a pure function of one string: the same hosts, URIs and audiences recur in every
 * action of a workflow. Results are shared, so callers must not change them. Bounded by entries
 * and by key length (StringMemo): a URI of megabytes is judged, not kept.
 */
function memo<R>(fn: (s: string) => R): (s: string) => R {
  const m = new StringMemo(fn, 4096, 2048);
  return (s: string): R => m.get(s);
}

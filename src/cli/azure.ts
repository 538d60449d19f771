/**
 * What the Azure commands (`lac connections …`, `lac diagnose`) share: their common options, the
 * credential, the client, name resolution and one-line errors.
 *
 * Nothing of the Azure client is loaded here at module load: types only. `openSession` requires
 * `../core/azure` (and with it the Azure SDK) when an Azure command runs, so `lac lint` and
 * `lac rules` never load it.
 */
import type * as AzureModuleNs from '../core/azure';
import type { AzureClient, AzureError, ConnectionInfo, TokenCredential } from '../core/azure';
import type { CloudName } from '../core/types';
import { UsageError, type CliIO } from './io';
import { VERSION } from './version';

export type AzureModule = typeof AzureModuleNs;

export const CLOUDS: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];
export const AUTH_MODES = ['env', 'cli', 'default', 'secret'] as const;
export type AuthMode = (typeof AUTH_MODES)[number] | 'auto';

/** Environment: a ready ARM token (used first when set). */
export const ACCESS_TOKEN_ENV = 'LAC_ACCESS_TOKEN';
/** Environment: the default for --arm-endpoint. */
export const ARM_ENDPOINT_ENV = 'LAC_ARM_ENDPOINT';
/** Environment: first retry back-off delay in ms (default 800; tests and CI set it low). */
export const RETRY_DELAY_ENV = 'LAC_RETRY_DELAY_MS';

/** `util.parseArgs` options every Azure command takes. */
export const AZURE_OPTIONS = {
  format: { type: 'string', short: 'f' },
  cloud: { type: 'string' },
  'arm-endpoint': { type: 'string' },
  subscription: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  auth: { type: 'string' },
  tenant: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** The help lines of the common options (after a command's own). */
export const AZURE_OPTIONS_HELP = `
Azure options:
      --cloud <cloud>          AzureCloud (default), AzureUSGovernment or AzureChinaCloud
      --arm-endpoint <url>     a custom Resource Manager endpoint (https; http only on
                               localhost); default $${ARM_ENDPOINT_ENV} or the cloud's
      --subscription <id>      subscriptions to search (repeatable; default: all you can see)
      --timeout <seconds>      per request (default 30)
      --auth <mode>            env ($${ACCESS_TOKEN_ENV}), cli (az login), default
                               (DefaultAzureCredential) or secret (AZURE_TENANT_ID,
                               AZURE_CLIENT_ID, AZURE_CLIENT_SECRET). Without --auth:
                               $${ACCESS_TOKEN_ENV} when set, else default
      --tenant <id>            tenant for sign-in and portal links (default $AZURE_TENANT_ID)
      --verbose                log every request (method, path, status; never a token) to stderr
  -h, --help                   show this help`;

export interface AzureCliOptions {
  format: string;
  cloud: CloudName;
  armEndpoint?: string;
  subscriptions: string[];
  timeoutMs: number;
  auth: AuthMode;
  tenant?: string;
  verbose: boolean;
}

type AzureValues = {
  format?: string;
  cloud?: string;
  'arm-endpoint'?: string;
  subscription?: string[];
  timeout?: string;
  auth?: string;
  tenant?: string;
  verbose?: boolean;
};

/** Check the common options; `formats[0]` is the default format. */
export function parseAzureOptions(values: AzureValues, io: CliIO, formats: readonly string[]): AzureCliOptions {
  const format = (values.format ?? formats[0]!).toLowerCase();
  if (!formats.includes(format)) throw new UsageError(`unknown format "${values.format}" (${formats.join(', ')})`);
  let cloud: CloudName = 'AzureCloud';
  if (values.cloud !== undefined) {
    const c = CLOUDS.find((x) => x.toLowerCase() === values.cloud!.trim().toLowerCase());
    if (!c) throw new UsageError(`unknown cloud "${values.cloud}" (${CLOUDS.join(', ')})`);
    cloud = c;
  }
  let timeoutMs = 30_000;
  if (values.timeout !== undefined) {
    const t = values.timeout.trim();
    if (!/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0 || Number(t) > 3600) {
      throw new UsageError(`--timeout needs a number of seconds (0 < n ≤ 3600), got "${values.timeout}"`);
    }
    timeoutMs = Math.max(1, Math.round(Number(t) * 1000));
  }
  let auth: AuthMode = 'auto';
  if (values.auth !== undefined) {
    const a = AUTH_MODES.find((x) => x === values.auth!.trim().toLowerCase());
    if (!a) throw new UsageError(`unknown --auth "${values.auth}" (${AUTH_MODES.join(', ')})`);
    auth = a;
  }
  const subscriptions: string[] = [];
  for (const v of values.subscription ?? []) {
    for (const part of v.split(',')) {
      const s = part.trim();
      if (!s) continue;
      if (!/^[0-9a-zA-Z-]{1,64}$/.test(s)) throw new UsageError(`--subscription needs a subscription id, got "${s}"`);
      if (!subscriptions.some((x) => x.toLowerCase() === s.toLowerCase())) subscriptions.push(s);
    }
  }
  const armEndpoint = values['arm-endpoint'] ?? (io.env[ARM_ENDPOINT_ENV]?.trim() || undefined);
  const tenant = values.tenant?.trim() || io.env.AZURE_TENANT_ID?.trim() || undefined;
  return { format, cloud, ...(armEndpoint ? { armEndpoint } : {}), subscriptions, timeoutMs, auth, ...(tenant ? { tenant } : {}), verbose: !!values.verbose };
}

/** An Azure command's connection to Azure: the (lazily loaded) module, the client and the options. */
export interface AzureSession {
  azure: AzureModule;
  client: AzureClient;
  opts: AzureCliOptions;
  io: CliIO;
  /** The credential the client uses (Microsoft Graph asks it for a Graph token: graph.ts). */
  credential?: TokenCredential;
}

/**
 * Load the Azure client (and the SDK) now, at command time. A `require` rather than `import()`:
 * esbuild bundles it behind a lazy initialiser all the same (nothing of it runs before this
 * call), and under tsx/cjs (the unit tests) an `import()` of a TypeScript folder cannot resolve.
 */
export async function loadAzure(): Promise<AzureModule> {
  return require('../core/azure') as AzureModule;
}

/** Load the Azure module, get a credential and create the client. Throws UsageError (exit 2). */
export async function openSession(opts: AzureCliOptions, io: CliIO, extra: { maxConcurrent?: number } = {}): Promise<AzureSession> {
  const azure = await loadAzure();
  let cloud;
  try {
    cloud = azure.getCloud(opts.cloud, opts.armEndpoint ? { armEndpoint: opts.armEndpoint } : {});
  } catch (e) {
    throw new UsageError(`invalid --arm-endpoint: ${azure.redact(e instanceof Error ? e.message : String(e))}`);
  }
  const credential = await makeCredential(azure, opts, io, `https://${cloud.loginHost}`);
  const retryDelay = io.env[RETRY_DELAY_ENV]?.trim();
  const baseDelayMs = retryDelay && /^\d+$/.test(retryDelay) ? Number(retryDelay) : undefined;
  let client: AzureClient;
  try {
    client = azure.createAzureClient({
      credential,
      cloud,
      timeoutMs: opts.timeoutMs,
      ...(opts.tenant ? { tenantId: opts.tenant } : {}),
      ...(baseDelayMs !== undefined ? { retry: { baseDelayMs, maxDelayMs: Math.max(baseDelayMs * 8, 1) } } : {}),
      ...(opts.verbose ? { log: (line: string) => io.stderr.write(`lac: ${line}\n`) } : {}),
      ...(extra.maxConcurrent ? { limits: { maxConcurrent: extra.maxConcurrent } } : {}),
      userAgentPrefix: `lac/${VERSION}`,
    });
  } catch (e) {
    throw new UsageError(`cannot use Azure: ${azure.redact(e instanceof Error ? e.message : String(e))}`);
  }
  return { azure, client, opts, io, credential };
}

async function makeCredential(azure: AzureModule, opts: AzureCliOptions, io: CliIO, authorityHost: string): Promise<TokenCredential> {
  const env = io.env;
  const fromEnv = () => {
    try {
      return azure.credentialFromEnv({ [ACCESS_TOKEN_ENV]: env[ACCESS_TOKEN_ENV] });
    } catch {
      return undefined;
    }
  };
  const identity = async (o: Parameters<AzureModule['createIdentityCredential']>[0]) => {
    try {
      return await azure.createIdentityCredential(o);
    } catch (e) {
      throw new UsageError(`not signed in: ${azure.redact(e instanceof Error ? e.message : String(e)).split(/\r?\n/, 1)[0]}`);
    }
  };
  switch (opts.auth) {
    case 'env': {
      const c = fromEnv();
      if (!c) throw new UsageError(`not signed in: ${ACCESS_TOKEN_ENV} is not set (--auth env)`);
      return c;
    }
    case 'cli':
      return identity({ kind: 'cli', ...(opts.tenant ? { tenantId: opts.tenant } : {}) });
    case 'secret': {
      const tenantId = opts.tenant ?? env.AZURE_TENANT_ID?.trim();
      const clientId = env.AZURE_CLIENT_ID?.trim();
      const clientSecret = env.AZURE_CLIENT_SECRET;
      const missing = [!tenantId && 'AZURE_TENANT_ID', !clientId && 'AZURE_CLIENT_ID', !clientSecret && 'AZURE_CLIENT_SECRET'].filter(Boolean);
      if (missing.length) throw new UsageError(`not signed in: --auth secret needs ${missing.join(', ')} in the environment`);
      return identity({ kind: 'clientSecret', tenantId: tenantId!, clientId: clientId!, clientSecret: clientSecret!, authorityHost });
    }
    case 'default':
      return identity({ kind: 'default', ...(opts.tenant ? { tenantId: opts.tenant } : {}), authorityHost });
    default:
      return fromEnv() ?? identity({ kind: 'default', ...(opts.tenant ? { tenantId: opts.tenant } : {}), authorityHost });
  }
}

const ERROR_LABELS: Record<AzureError['kind'], string> = {
  unauthenticated: 'not signed in',
  forbidden: 'forbidden',
  'not-found': 'not found',
  throttled: 'throttled',
  timeout: 'timed out',
  cancelled: 'cancelled',
  network: 'cannot reach Azure',
  server: 'Azure error',
  'bad-response': 'unexpected answer from Azure',
  'insecure-target': 'refused',
};

/** One line for an Azure error: `not signed in: <message> (<code>)`, redacted. */
export function describeAzureError(azure: AzureModule, e: AzureError, context?: string): string {
  const message = azure.redact(e.message).replace(/\s*\r?\n\s*/g, ' ').trim();
  const code = e.code && !message.includes(e.code) ? ` (${azure.redact(e.code)})` : '';
  const retry = e.kind === 'throttled' && e.retryAfterSeconds ? ` Retry in ${e.retryAfterSeconds} s.` : '';
  return `${ERROR_LABELS[e.kind] ?? 'error'}: ${context ? `${context}: ` : ''}${message}${code}${retry}`;
}

/** Throw an Azure error as a one-line usage error (exit 2). */
export function azureFailure(s: AzureSession, e: AzureError, context?: string): never {
  if (e.kind === 'unauthenticated' && e.code === 'CredentialUnavailable' && /ChainedTokenCredential/.test(e.message)) {
    // DefaultAzureCredential's message lists every credential it tried: one line says it shorter.
    if (s.opts.verbose) s.io.stderr.write(`lac: ${describeAzureError(s.azure, e, context)}\n`);
    throw new UsageError(
      `not signed in: no credential found (set ${ACCESS_TOKEN_ENV}, run az login, or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET with --auth secret)${s.opts.verbose ? '' : '; --verbose tells why'}`,
    );
  }
  throw new UsageError(describeAzureError(s.azure, e, context));
}

/** Errors that are about the caller, not the connection: the command stops with exit 2. */
export function isCallerError(e: AzureError): boolean {
  return e.kind === 'unauthenticated' || e.kind === 'network' || e.kind === 'timeout' || e.kind === 'cancelled' || e.kind === 'insecure-target';
}

/** List connections in the selected (or all) subscriptions; partial failures go to stderr. */
export async function listConnections(s: AzureSession): Promise<{ connections: ConnectionInfo[]; subscriptionCount: number; subscriptionIds: string[] }> {
  const r = await s.client.listConnections(s.opts.subscriptions.length ? { subscriptionIds: s.opts.subscriptions } : {});
  if (!r.ok) azureFailure(s, r.error);
  const { connections, errors, subscriptionIds } = r.value;
  if (errors.length && errors.length >= subscriptionIds.length && !connections.length) {
    azureFailure(s, errors[0]!.error, errors[0]!.subscriptionId ? `subscription ${errors[0]!.subscriptionId}` : undefined);
  }
  for (const e of errors) {
    s.io.stderr.write(`lac: warning: ${describeAzureError(s.azure, e.error, e.subscriptionId ? `subscription ${e.subscriptionId}` : 'listing incomplete')}\n`);
  }
  return { connections, subscriptionCount: subscriptionIds.length, subscriptionIds };
}

export interface ResolvedConnection {
  id: string;
  /** From the listing, when the connection was found by name. */
  listed?: ConnectionInfo;
}

/**
 * `<id|name>`: a full `Microsoft.Web/connections` resource id as it is, or a connection name looked
 * up (case-insensitively) in the selected subscriptions. Unknown and ambiguous names are usage errors.
 */
export async function resolveConnection(s: AzureSession, ref: string): Promise<ResolvedConnection> {
  const value = ref.trim();
  if (value.startsWith('/')) {
    if (!s.azure.parseConnectionId(value)) {
      throw new UsageError(`"${value}" is not a connection resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/connections/<name>)`);
    }
    return { id: value };
  }
  if (!value || /[/\\?#\s]/.test(value)) throw new UsageError(`"${ref}" is neither a connection name nor a resource id`);
  const { connections, subscriptionCount } = await listConnections(s);
  const matches = connections.filter((c) => c.name.toLowerCase() === value.toLowerCase());
  if (matches.length === 1) return { id: matches[0]!.id, listed: matches[0]! };
  if (!matches.length) {
    const where = s.opts.subscriptions.length ? `in ${subscriptionCount === 1 ? 'subscription' : 'subscriptions'} ${s.opts.subscriptions.join(', ')}` : `in ${subscriptionCount} ${subscriptionCount === 1 ? 'subscription' : 'subscriptions'}`;
    throw new UsageError(`no connection named "${value}" ${where} (see lac connections list)`);
  }
  const ids = matches.map((c) => c.id).sort();
  throw new UsageError(`connection name "${value}" is ambiguous (${matches.length} connections); use the resource id or --subscription:\n${ids.map((id) => `  ${id}`).join('\n')}`);
}

/**
 * Run an Azure command body: an unexpected exception becomes an Error whose message and stack are
 * redacted (main prints it as one line), so no token or key can leak through a bug.
 */
export async function guarded(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UsageError || !(e instanceof Error)) throw e;
    let redact: (s: unknown) => string = (x) => String(x);
    try {
      redact = (await loadAzure()).redact;
    } catch {
      /* keep the message as it is */
    }
    const safe = new Error(redact(e.message));
    safe.stack = redact(e.stack ?? '');
    throw safe;
  }
}

/** A value for a text table cell. */
export function cell(v: string | undefined): string {
  return v === undefined || v === '' ? '-' : v.replace(/\s+/g, ' ');
}

/** Aligned columns, two spaces apart, the last column not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/**
 * Typed results of Azure calls. Operations never throw for service, network, timeout or
 * cancellation failures: they return `{ ok: false, error }` with an `AzureError` whose text has
 * been through `redact` (no tokens, keys, signatures or stack traces).
 *
 * Pure: no Azure SDK.
 */
import { findAadsts, type AadstsInfo } from './aadsts';
import { redact } from './redact';

export type AzureErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'throttled'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'server'
  | 'bad-response'
  | 'insecure-target';

export interface AzureError {
  kind: AzureErrorKind;
  /** HTTP status when a response was received. */
  status?: number;
  /** Error code from the ARM error body (`AuthorizationFailed`), or a network code (`ECONNREFUSED`). */
  code?: string;
  /** Human-readable message (from the ARM error body when there is one). Redacted. */
  message: string;
  /** Inner error details from the ARM body, redacted. */
  details?: { code?: string; message?: string; target?: string }[];
  /** ARM request id / correlation id, for support. */
  requestId?: string;
  /** Seconds the service asked to wait (429/503). */
  retryAfterSeconds?: number;
  /** AADSTS codes found in the message, explained. */
  aadsts?: AadstsInfo[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AzureError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AzureError): Result<T> => ({ ok: false, error });

export function isAzureError(value: unknown): value is AzureError {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as AzureError).kind === 'string' &&
    typeof (value as AzureError).message === 'string'
  );
}

/** Build an `AzureError`, redacting its texts and explaining AADSTS codes. */
export function azureError(init: AzureError): AzureError {
  const message = redact(init.message) || defaultMessage(init.kind, init.status);
  const details = init.details?.map((d) => ({
    ...(d.code !== undefined ? { code: redact(d.code) } : {}),
    ...(d.message !== undefined ? { message: redact(d.message) } : {}),
    ...(d.target !== undefined ? { target: redact(d.target) } : {}),
  }));
  const aadsts = findAadsts([message, ...(details ?? []).map((d) => d.message ?? '')].join('\n'));
  const out: AzureError = { kind: init.kind, message };
  if (init.status !== undefined) out.status = init.status;
  if (init.code !== undefined && init.code !== '') out.code = redact(init.code);
  if (details?.length) out.details = details;
  if (init.requestId) out.requestId = redact(init.requestId);
  if (init.retryAfterSeconds !== undefined) out.retryAfterSeconds = init.retryAfterSeconds;
  if (aadsts.length) out.aadsts = aadsts;
  return out;
}

export function kindForStatus(status: number): AzureErrorKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 300 && status < 400) return 'bad-response';
  return 'server';
}

export function defaultMessage(kind: AzureErrorKind, status?: number): string {
  switch (kind) {
    case 'unauthenticated':
      return 'Azure did not accept the credentials (401).';
    case 'forbidden':
      return 'Access denied (403).';
    case 'not-found':
      return 'Not found (404).';
    case 'throttled':
      return 'Azure is throttling requests (429); try again later.';
    case 'timeout':
      return 'The request timed out.';
    case 'cancelled':
      return 'The request was cancelled.';
    case 'network':
      return 'Azure could not be reached.';
    case 'bad-response':
      return 'Azure returned a response that could not be understood.';
    case 'insecure-target':
      return 'The request was refused: the target is not the Resource Manager endpoint.';
    default:
      return status ? `Azure returned HTTP ${status}.` : 'Azure returned an error.';
  }
}

export interface ArmErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: { code?: string; message?: string; target?: string }[];
}

/**
 * Tolerant parse of an ARM error body: `{error:{code,message,details}}`, `{code,message}`,
 * `{Code,Message}`, `{error:"text", error_description}`, OData `{"odata.error":{message:{value}}}`,
 * a bare string. Returns undefined when nothing usable is found.
 */
export function parseArmError(body: unknown): ArmErrorBody | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    const t = body.trim();
    if (!t) return undefined;
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return parseArmError(JSON.parse(t));
      } catch {
        /* fall through: not JSON */
      }
    }
    if (/^<(!doctype|html)/i.test(t)) return undefined;
    return { message: t.slice(0, 500) };
  }
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const inner = pickObject(b, 'error') ?? pickObject(b, 'Error') ?? pickObject(b, 'odata.error');
  const src = inner ?? b;
  const code = str(src.code) ?? str(src.Code) ?? str(src.errorCode) ?? (typeof b.error === 'string' ? str(b.error) : undefined);
  let message = str(src.message) ?? str(src.Message) ?? str(src.error_description);
  if (!message && src.message && typeof src.message === 'object') message = str((src.message as Record<string, unknown>).value);
  const detailsRaw = Array.isArray(src.details) ? src.details : Array.isArray(src.Details) ? src.Details : undefined;
  const details = detailsRaw
    ?.filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
    .map((d) => ({ code: str(d.code) ?? str(d.Code), message: str(d.message) ?? str(d.Message), target: str(d.target) }))
    .filter((d) => d.code || d.message);
  if (!code && !message && !details?.length) return undefined;
  const out: ArmErrorBody = {};
  if (code) out.code = code;
  if (message) out.message = message;
  const target = str(src.target);
  if (target) out.target = target;
  if (details?.length) out.details = details;
  return out;
}

function pickObject(o: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = o[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Parse Retry-After (seconds or HTTP date) and the ms variants; undefined when absent/invalid. */
export function retryAfterMs(headers: { get(name: string): string | undefined }, now = Date.now()): number | undefined {
  for (const h of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(h);
    if (v !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Number(v));
  }
  const v = headers.get('retry-after');
  if (v === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** An `AzureError` from an HTTP response status, headers and (text or parsed) body. */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers?: { get(name: string): string | undefined },
): AzureError {
  const parsed = parseArmError(body);
  const kind = kindForStatus(status);
  const ra = headers ? retryAfterMs(headers) : undefined;
  return azureError({
    kind,
    status,
    code: parsed?.code,
    message: parsed?.message ?? defaultMessage(kind, status),
    details: parsed?.details,
    requestId: headers?.get('x-ms-request-id') ?? headers?.get('x-ms-correlation-request-id'),
    retryAfterSeconds: ra !== undefined ? Math.ceil(ra / 1000) : undefined,
  });
}

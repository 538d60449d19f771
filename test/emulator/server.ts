/**
 * The emulator's HTTP server (node:http on 127.0.0.1). Every request goes through:
 * record → latency → injected faults → bearer check → route → api-version check → handler.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { armError, defaultErrorFor, type Reply } from './arm';
import { DEFAULT_TOKEN, defaultData } from './data';
import { consentPageReply, CONSENT_PAGE_PATH } from './consentPage';
import { matchRoute, type EmulatorState } from './routes';
import type { Emulator, EmulatorOptions, Fault, FaultMatch, RecordedRequest } from './types';

const MAX_BODY = 10 * 1024 * 1024;
/**
 * `GET /_emulator/requests[?route=accessPolicy&method=PUT]` (bearer token required, not an ARM
 * route): the recorded requests (tokens redacted), for tests in another process.
 */
export const RECORDED_REQUESTS_PATH = '/_emulator/requests';
/** Sent for `{malformed: true}`: JSON cut off mid-way. */
export const MALFORMED_BODY = '{"value":[{"id":"/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg-integration-prod/providers/Microsoft.Web/connec';

interface ActiveFault {
  match: FaultMatch;
  fault: Fault;
  /** Matching requests it still applies to (Infinity when `times` is absent). */
  remaining: number;
  /** Matching requests still to let through before it applies. */
  skip: number;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const normalisePath = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p).toLowerCase();

function faultMatches(m: FaultMatch, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof m.path === 'string') return normalisePath(m.path) === normalisePath(path);
  m.path.lastIndex = 0;
  return m.path.test(path);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  if (out.authorization !== undefined) out.authorization = /^bearer\s/i.test(out.authorization) ? 'Bearer <redacted>' : '<redacted>';
  return out;
}

/**
 * ARM read bucket per subscription (250, refilled at 25/s: learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling,
 * "Subscription and tenant limits"), reported in `x-ms-ratelimit-remaining-subscription-reads`;
 * enforced (429 with Retry-After) only with `enforceRateLimits`.
 */
class RateLimits {
  private buckets = new Map<string, { tokens: number; at: number }>();

  /** Tokens left for `key` now (after the refill), without taking one. */
  peek(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 250;
    return Math.min(250, b.tokens + ((Date.now() - b.at) / 1000) * 25);
  }

  take(key: string): number {
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: 250, at: now };
    b.tokens = Math.min(250, b.tokens + ((now - b.at) / 1000) * 25) - 1;
    b.at = now;
    if (b.tokens < 0) b.tokens = 0;
    this.buckets.set(key, b);
    return Math.floor(b.tokens);
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const data = opts.data ?? defaultData();
  const token = opts.token ?? DEFAULT_TOKEN;
  const latencyMs = opts.latencyMs ?? 0;
  const requests: RecordedRequest[] = [];
  const faults: ActiveFault[] = [];
  const state: EmulatorState = { testCalls: new Map(), pendingConsents: [] };
  const limits = new RateLimits();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function send(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, reply: Reply): void {
    if ('hang' in reply) return;
    if (res.destroyed || res.headersSent) return;
    const sub = /^\/subscriptions\/([^/]+)/i.exec(record.path)?.[1]?.toLowerCase() ?? 'tenant';
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      'x-ms-ratelimit-remaining-subscription-reads': String(limits.take(sub)),
      'cache-control': 'no-cache',
      ...(req.method !== 'GET' ? { 'x-ms-ratelimit-remaining-subscription-writes': '1199' } : {}),
      ...(typeof req.headers['x-ms-client-request-id'] === 'string' ? { 'x-ms-client-request-id': req.headers['x-ms-client-request-id'] } : {}),
      ...reply.headers,
    };
    let payload: string | undefined;
    if (reply.raw !== undefined) payload = reply.raw;
    else if (reply.body !== undefined) payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    } else {
      headers['content-length'] = '0';
    }
    record.status = reply.status;
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  function faultReply(fault: Fault): Reply | undefined {
    if ('hang' in fault) return { hang: true };
    if ('malformed' in fault) return { status: 200, raw: MALFORMED_BODY, headers: { 'content-type': 'application/json' } };
    if ('status' in fault) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
      const e = defaultErrorFor(fault.status);
      return armError(fault.status, e.code, e.message, headers);
    }
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const rawPath = url.pathname;
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      if (!res.destroyed) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'RequestEntityTooLarge', message: 'The request body is too large.' } }));
      }
      return;
    }
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const bearer = /^Bearer (.+)$/i.exec(auth);
    const match = matchRoute(method, rawPath);
    const record: RecordedRequest = {
      method,
      path: decode(rawPath),
      query: Object.fromEntries(url.searchParams),
      headers: headersOf(req),
      hadBearer: !!bearer,
      tokenOk: !!bearer && bearer[1] === token,
      body: parseBody(text),
      at: Date.now(),
      ...(match ? { route: match.route.name } : {}),
    };
    requests.push(record);

    await sleep(latencyMs);
    if (closed) return;

    for (const f of faults) {
      if (f.remaining <= 0 || !faultMatches(f.match, method, record.path)) continue;
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      f.remaining--;
      if ('delayMs' in f.fault) {
        record.fault = 'delay';
        await sleep(f.fault.delayMs);
        if (closed) return;
        continue;
      }
      record.fault = 'hang' in f.fault ? 'hang' : 'malformed' in f.fault ? 'malformed' : 'status';
      return send(req, res, record, faultReply(f.fault)!);
    }

    // The emulator's own consent page: a browser page (no bearer token), as the consent service's is.
    // Its root lists the sign-ins waiting: a browser-hosted editor (code-server) may open a
    // loopback link through its port proxy without the link's path and query.
    if (method === 'GET' && (normalisePath(rawPath).startsWith(CONSENT_PAGE_PATH) || (rawPath === '/' && data.localConsentPage))) {
      return send(req, res, record, consentPageReply(normalisePath(rawPath), url.searchParams, data, state.pendingConsents));
    }

    if (!record.tokenOk) {
      const message = !auth
        ? "Authentication failed. The 'Authorization' header is missing."
        : !bearer
          ? "Authentication failed. The 'Authorization' header is provided in an invalid format."
          : 'Authentication failed. The access token is not valid for the ARM emulator.';
      return send(
        req,
        res,
        record,
        armError(401, 'AuthenticationFailed', message, {
          'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${data.tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
        }),
      );
    }
    if (method === 'GET' && normalisePath(rawPath) === RECORDED_REQUESTS_PATH) {
      // Not ARM: what the emulator recorded, for tests that run elsewhere (the extension host).
      const route = url.searchParams.get('route');
      const m = url.searchParams.get('method');
      const value = requests.filter((r) => r !== record && (!route || r.route === route) && (!m || r.method === m.toUpperCase()));
      return send(req, res, record, { status: 200, body: { value } });
    }
    if (opts.enforceRateLimits) {
      const sub = /^\/subscriptions\/([^/]+)/i.exec(record.path)?.[1]?.toLowerCase() ?? 'tenant';
      if (limits.peek(sub) < 1) {
        return send(req, res, record, armError(429, 'TooManyRequests', "The request is being throttled as the limit has been reached for operation type 'Read'.", { 'retry-after': '1' }));
      }
    }
    if (!match) {
      return send(req, res, record, armError(404, 'InvalidResourceType', `The emulator has no route for '${method} ${record.path}'.`));
    }
    if (!match.handler) {
      return send(req, res, record, armError(405, 'MethodNotAllowed', `The method '${method}' is not supported on '${match.route.name}'.`, { allow: Object.keys(match.route.methods).join(', ') }));
    }
    if (!match.route.graph && !url.searchParams.get('api-version')) {
      return send(req, res, record, armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'));
    }
    const reply = match.handler({ method, params: match.params, rawPath, query: url.searchParams, body: record.body, origin, data, state });
    send(req, res, record, reply);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: `Emulator bug: ${err instanceof Error ? err.message : String(err)}` } }));
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    data,
    requests,
    fault(match, fault) {
      faults.push({ match, fault, remaining: fault.times ?? Infinity, skip: fault.skip ?? 0 });
    },
    clearFaults() {
      faults.length = 0;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

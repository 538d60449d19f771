/**
 * IPv6 literal endpoints (`http://[::1]:8080`, the loopback emulator bound on ::1). The WHATWG URL
 * keeps the brackets in `hostname`, and core-rest-pipeline's Node client passes that hostname to
 * `http.request`, whose lookup of `[::1]` fails with ENOTFOUND; an agent with its own lookup does
 * not help in VS Code, whose proxy support replaces the agent of a request that is not to
 * `localhost`/`127.0.0.1`. So requests to an IPv6 literal host are sent by this small client with
 * the address unbracketed (Host header and TLS as for the URL); every other request goes to the
 * SDK's own client unchanged.
 *
 * Only what `AzureClient.send` needs: a text or byte body, the abort signal (the timeout policy
 * aborts through it), the status, the headers and the body as text.
 */
import { createDefaultHttpClient, createHttpHeaders, RestError, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import * as http from 'http';
import * as https from 'https';

/** The SDK's client, with requests to an IPv6 literal host (`[::1]`) sent with the address unbracketed. */
export function ipLiteralAwareHttpClient(inner: HttpClient = createDefaultHttpClient()): HttpClient {
  return {
    sendRequest: (request) => (isIpLiteral(request.url) ? sendUnbracketed(request) : inner.sendRequest(request)),
  };
}

function isIpLiteral(url: string): boolean {
  try {
    return new URL(url).hostname.startsWith('[');
  } catch {
    return false;
  }
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

function sendUnbracketed(request: PipelineRequest): Promise<PipelineResponse> {
  const url = new URL(request.url);
  const body = request.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return Promise.reject(new RestError('Only text bodies are sent to an IPv6 literal endpoint.', { code: RestError.REQUEST_SEND_ERROR, request }));
  }
  const signal = request.abortSignal;
  if (signal?.aborted) return Promise.reject(abortError());
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  headers.host = url.host;
  // The body is read as text here: no compressed answers.
  delete headers['accept-encoding'];
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<PipelineResponse>((resolve, reject) => {
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.slice(1, -1),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => done(() => reject(new RestError(e.message, { code: RestError.REQUEST_SEND_ERROR, request }))));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
          done(() => resolve({ request, status: res.statusCode ?? 0, headers: createHttpHeaders(out), bodyAsText: Buffer.concat(chunks).toString('utf8') }));
        });
      },
    );
    const onAbort = () => {
      req.destroy();
      done(() => reject(abortError()));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => done(() => reject(new RestError(e.message, { code: e.code ?? RestError.REQUEST_SEND_ERROR, request }))));
    if (body !== undefined && body !== null) req.write(body);
    req.end();
  });
}

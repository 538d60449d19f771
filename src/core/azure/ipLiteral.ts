/**
 * IPv6 literal endpoints (`http://[::1]:8080`, the loopback emulator bound on ::1): the WHATWG URL
 * keeps the brackets in `hostname`, and the HTTP client of the Azure SDK (core-rest-pipeline's
 * node client) hands that hostname to Node, whose DNS lookup of `[::1]` fails with ENOTFOUND.
 * Requests to such a host get an agent whose lookup drops the brackets. Nothing else changes: the
 * Host header and TLS name stay those of the URL.
 */
import * as dns from 'dns';
import * as http from 'http';
import * as https from 'https';

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

const lookup: NonNullable<http.AgentOptions['lookup']> = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) =>
  dns.lookup(unbracket(hostname), options, callback as never)) as never;

let agents: { http: http.Agent; https: https.Agent } | undefined;

/** The agent for a URL whose host is an IPv6 literal; undefined for every other URL (the SDK's own agent is used). */
export function ipLiteralAgent(url: URL): http.Agent | undefined {
  if (!url.hostname.startsWith('[')) return undefined;
  agents ??= { http: new http.Agent({ keepAlive: true, lookup }), https: new https.Agent({ keepAlive: true, lookup }) };
  return url.protocol === 'https:' ? agents.https : url.protocol === 'http:' ? agents.http : undefined;
}

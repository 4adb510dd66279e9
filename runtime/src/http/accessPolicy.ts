import { createHash, timingSafeEqual } from 'node:crypto';
import type * as http from 'node:http';
import { isIP } from 'node:net';
import * as os from 'node:os';
import { DurableError } from '../api/errors';
import { HttpError } from './httpError';

export interface AccessOptions {
  /** The address the server is bound to. */
  boundHost: string;
  boundPort: number;
  /** Further names a Host header may give (a proxy's, a tunnel's). */
  allowHosts?: readonly string[];
  /** Origins other than the server's own whose pages may call the API. */
  allowOrigins?: readonly string[];
  /** Required on every request (Durable Functions' `code=` query parameter or `x-functions-key` header). */
  key?: string;
}

/**
 * Who may talk to the API. A web page the developer visits could otherwise use the API through the browser: its
 * requests carry an `Origin` that is not ours (refused), and a DNS name it rebinds to 127.0.0.1 arrives as a Host
 * that is not one of ours (refused). Off loopback, a key stands in for the authentication Functions' host provides.
 */
export class AccessPolicy {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly keyDigest: Buffer | undefined;

  constructor(private readonly options: AccessOptions) {
    this.hosts = new Set(['localhost', '127.0.0.1', '::1', normaliseHost(options.boundHost), ...(options.allowHosts ?? []).map((name) => hostnameOf(name) ?? normaliseHost(name))]);
    if (isWildcard(options.boundHost)) for (const address of machineAddresses()) this.hosts.add(address);
    this.origins = new Set((options.allowOrigins ?? []).map(normaliseOrigin));
    this.keyDigest = options.key === undefined ? undefined : digest(options.key);
  }

  /** Throws the HTTP error that refuses the request, if one does. Returns the CORS headers an allowed foreign page needs. */
  check(request: http.IncomingMessage, url: URL): Record<string, string> {
    // A target in absolute form (GET http://name/path) names the host itself, in place of the Host header.
    const absoluteFormHost = request.url?.startsWith('/') ? undefined : url.host;
    this.checkHost(absoluteFormHost || request.headers.host);
    const corsHeaders = this.checkOrigin(request.headers.origin);
    this.checkKey(request, url);
    return corsHeaders;
  }

  private checkHost(header: string | undefined): void {
    if (header === undefined) return; // HTTP/1.0 clients may omit it; a browser never does
    const hostname = hostnameOf(header);
    if (hostname === undefined) throw new HttpError(400, `The Host header '${header}' is not a valid host[:port].`);
    if (!this.hosts.has(hostname)) {
      throw new HttpError(403, `Host '${header}' is not an address of this server. If a proxy or tunnel forwards it on purpose, start serve with --allow-host ${hostname}.`);
    }
  }

  private checkOrigin(header: string | undefined): Record<string, string> {
    if (header === undefined) return {}; // not a browser page: curl, the CLI, Durable Functions' own clients
    const origin = normaliseOrigin(header);
    if (this.isOwnOrigin(origin)) return {};
    if (!this.origins.has(origin)) {
      throw new HttpError(403, `Requests from web pages at ${header} are refused. To allow them, start serve with --allow-origin ${header}.`);
    }
    // The headers a poller follows (where to poll, how long to wait, the next page), which a page cannot read unless exposed.
    return { 'Access-Control-Allow-Origin': header, 'Access-Control-Expose-Headers': 'Location, Retry-After, x-ms-continuation-token', Vary: 'Origin' };
  }

  private isOwnOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // 'null' (a sandboxed page, a file) and anything else unparsable
    }
    return url.protocol === 'http:' && Number(url.port || 80) === this.options.boundPort && this.hosts.has(normaliseHost(url.hostname));
  }

  private checkKey(request: http.IncomingMessage, url: URL): void {
    if (!this.keyDigest) return;
    const header = request.headers['x-functions-key'];
    const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('code') ?? undefined;
    if (given === undefined) throw new HttpError(401, 'This server requires a key: send it as an x-functions-key header or a code= query parameter.');
    // Compare digests: equal lengths, and no timing that tells how much of a guess was right.
    if (!timingSafeEqual(digest(given), this.keyDigest)) throw new HttpError(401, 'The key is wrong.');
  }
}

/** Serving off loopback needs a key or an explicit choice to serve without one. */
export function requireKeyOffLoopback(host: string, key: string | undefined, allowUnauthenticated: boolean | undefined): void {
  if (key !== undefined && key.length === 0) throw new DurableError('The API key is empty: give a non-empty key.');
  if (isLoopback(host) || key !== undefined || allowUnauthenticated) return;
  throw new DurableError(
    `${host} is not a loopback address: anyone who can reach it could start, read, terminate and purge your instances. ` +
      'Pass --key KEY (or set DURABLE_TS_KEY) to require a key on every request, or --no-auth to serve without one.',
  );
}

export function isLoopback(host: string): boolean {
  const name = normaliseHost(host);
  return name === 'localhost' || name === '::1' || (isIP(name) === 4 && name.startsWith('127.'));
}

function isWildcard(host: string): boolean {
  const name = normaliseHost(host);
  return name === '0.0.0.0' || name === '::';
}

function machineAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => normaliseHost(entry.address)));
}

/** The hostname of a Host header (`name`, `1.2.3.4`, `[::1]`, each with an optional port), or undefined if malformed. */
function hostnameOf(header: string): string | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/.exec(header);
  if (!match || (match[1] !== undefined && isIP(match[1]) !== 6)) return undefined;
  return normaliseHost(match[1] ?? match[2]);
}

function normaliseHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

function normaliseOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/$/, '');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

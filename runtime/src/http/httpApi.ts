import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DurableClient } from '../client/client';
import {
  DurableError,
  InstanceAlreadyExistsError,
  InstanceFinishedError,
  InstanceNotFailedError,
  InstanceNotFoundError,
  InvalidInputError,
  SerializationError,
  StoreUnavailableError,
  UnknownOrchestrationError,
} from '../api/errors';
import { AccessPolicy, requireKeyOffLoopback } from './accessPolicy';
import { HttpError } from './httpError';
import { TASK_HUB } from './checkStatus';
import { apiRoutes } from './routes';
import { fromDurableFunctionsClient, locate, type ApiRequest, type Reply } from './routing';

export { runtimeStatuses } from './queryParams';

export interface HttpApiOptions {
  client: DurableClient;
  port?: number;
  /** Bind address; loopback unless told otherwise. Any other address needs `key` or `allowUnauthenticated`. */
  host?: string;
  /** Required on every request, as Durable Functions' `code=` query parameter or `x-functions-key` header. */
  key?: string;
  /** Serve a non-loopback address without a key. */
  allowUnauthenticated?: boolean;
  /** Host header names accepted besides the bound address, localhost and 127.0.0.1. */
  allowHosts?: string[];
  /** Origins, besides the server's own, whose web pages may call the API. */
  allowOrigins?: string[];
}

export interface RunningHttpApi {
  readonly url: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** The Durable Functions HTTP management API, with its paths, shapes and status codes. */
export async function serveHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const host = options.host ?? '127.0.0.1';
  requireKeyOffLoopback(host, options.key, options.allowUnauthenticated);
  // Made once listening, as it needs the bound port (--port 0 picks one); no request can arrive before that.
  let policy!: AccessPolicy;
  const server = http.createServer((request, response) => {
    respond(options, policy, request).then((reply) => send(response, reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  policy = new AccessPolicy({ boundHost: address.address, boundPort: address.port, allowHosts: options.allowHosts, allowOrigins: options.allowOrigins, key: options.key });
  return {
    url: `http://${urlHost(address.address)}:${address.port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Refuse what the access policy refuses, then handle the request; errors become replies too. */
async function respond(options: HttpApiOptions, policy: AccessPolicy, request: http.IncomingMessage): Promise<Reply> {
  let corsHeaders: Record<string, string> = {};
  let url: URL | undefined;
  try {
    url = requestUrl(request);
    corsHeaders = policy.check(request, url);
    const reply = request.method === 'OPTIONS' ? preflightReply() : await handle(options, request, url);
    return { ...reply, headers: { ...corsHeaders, ...reply.headers } };
  } catch (error) {
    const reply = errorReply(error);
    // Durable Functions' client makes its errors of the body as it is (`new Error(response.data)`): it gets the message as a JSON string.
    const forDurableFunctions = url !== undefined && fromDurableFunctionsClient(url);
    return { ...reply, body: forDurableFunctions ? (reply.body as { error: string }).error : reply.body, headers: corsHeaders };
  }
}

async function handle(options: HttpApiOptions, request: http.IncomingMessage, url: URL): Promise<Reply> {
  const method = request.method ?? 'GET';
  const located = locate(url.pathname);
  const params = url.searchParams;
  const taskHub = params.get('taskHub');
  if (taskHub !== null && taskHub.toLowerCase() !== TASK_HUB.toLowerCase()) {
    throw new HttpError(404, `No task hub '${taskHub}': this server serves one, '${TASK_HUB}'.`);
  }
  if (located) {
    const api: ApiRequest = {
      request, method, url, ...located, client: options.client, baseUrl: ownBaseUrl(request), key: options.key,
      durableFunctionsClient: fromDurableFunctionsClient(url),
    };
    for (const route of apiRoutes) {
      const reply = route(api);
      if (reply) return reply;
    }
  }
  throw new HttpError(404, `No such endpoint: ${method} ${url.pathname}`);
}

/**
 * This server's URL as the client reached it: the address and port of the connection, which name the server even
 * when it is bound to every address. Never the Host header, which the client (or a rebound DNS name) chose.
 */
function ownBaseUrl(request: http.IncomingMessage): string {
  const address = request.socket.localAddress ?? '127.0.0.1';
  return `http://${urlHost(address.replace(/^::ffff:(?=\d+\.)/, ''))}:${request.socket.localPort}`;
}

/** The request's path and query. The Host header is checked, never used to build anything. */
function requestUrl(request: http.IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://server');
  } catch {
    throw new HttpError(400, `The request target '${request.url}' is not a valid URL path.`);
  }
}

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** What a browser asks before an allowed foreign page's JSON or DELETE request. */
function preflightReply(): Reply {
  return { status: 204, headers: { 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type, x-functions-key, x-ms-continuation-token', 'Access-Control-Max-Age': '600' } };
}

function errorReply(error: unknown): Reply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpError) return { status: error.status, body: { error: message } };
  if (error instanceof UnknownOrchestrationError || error instanceof InstanceNotFoundError) return { status: 404, body: { error: message } };
  if (error instanceof InstanceAlreadyExistsError) return { status: 409, body: { error: message } };
  if (error instanceof InstanceFinishedError) return { status: 410, body: { error: message } };
  if (error instanceof InstanceNotFailedError) return { status: 412, body: { error: message } };
  if (error instanceof InvalidInputError || error instanceof SerializationError) return { status: 400, body: { error: message } };
  if (error instanceof StoreUnavailableError) return { status: 503, body: { error: message } };
  if (error instanceof DurableError) return { status: 500, body: { error: message } };
  return { status: 500, body: { error: `Internal error: ${message}` } };
}

function send(response: http.ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(body),
    ...reply.headers,
  });
  response.end(body);
}

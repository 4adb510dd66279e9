import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DurableClient } from '../client/client';
import type { ListFilter, OrchestrationStatus, RuntimeStatus } from '../api/types';
import {
  DurableError,
  InstanceAlreadyExistsError,
  InstanceFinishedError,
  InstanceNotFoundError,
  InvalidInputError,
  SerializationError,
  StoreUnavailableError,
  UnknownOrchestrationError,
} from '../api/errors';
import { AccessPolicy, requireKeyOffLoopback } from './accessPolicy';
import { HttpError } from './httpError';
import { readJsonBody } from './jsonBody';
import { dateParam } from './queryParams';
import { entityReply } from './entityRoutes';

const WEBHOOK = '/runtime/webhooks/durabletask';
export const runtimeStatuses: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Suspended'];

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

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Refuse what the access policy refuses, then handle the request; errors become replies too. */
async function respond(options: HttpApiOptions, policy: AccessPolicy, request: http.IncomingMessage): Promise<Reply> {
  let corsHeaders: Record<string, string> = {};
  try {
    const url = requestUrl(request);
    corsHeaders = policy.check(request, url);
    const reply = request.method === 'OPTIONS' ? preflightReply() : await handle(options, request, url);
    return { ...reply, headers: { ...corsHeaders, ...reply.headers } };
  } catch (error) {
    return { ...errorReply(error), headers: corsHeaders };
  }
}

async function handle(options: HttpApiOptions, request: http.IncomingMessage, url: URL): Promise<Reply> {
  const client = options.client;
  const method = request.method ?? 'GET';
  const base = ownBaseUrl(request);
  const segments = pathSegments(url.pathname);

  const webhook = WEBHOOK.split('/').filter(Boolean);
  const underWebhook = webhook.every((segment, index) => segments[index] === segment);
  // Starts: the HTTP-trigger path of the samples, and the built-in webhook path Durable Functions also serves.
  const start = segments[0] === 'api' && segments[1] === 'orchestrators' ? segments.slice(2) : underWebhook && segments[webhook.length] === 'orchestrators' ? segments.slice(webhook.length + 1) : undefined;
  if (start && start.length >= 1 && start.length <= 2) {
    allow(method, ['POST']);
    const input = await readJsonBody(request);
    const instanceId = await client.start(start[0], input, { instanceId: start[1], version: url.searchParams.get('version') ?? undefined });
    const payload = checkStatusPayload(base, instanceId, options.key);
    return { status: 202, body: payload, headers: { Location: payload.statusQueryGetUri } };
  }

  if (underWebhook && segments[webhook.length] === 'entities') return entityReply(client, method, segments.slice(webhook.length + 1), url.searchParams, request);
  if (!underWebhook || segments[webhook.length] !== 'instances') {
    throw new HttpError(404, `No such endpoint: ${method} ${url.pathname}`);
  }
  const [instanceId, action, eventName] = segments.slice(webhook.length + 1);
  if (instanceId === undefined) {
    allow(method, ['GET']);
    return { status: 200, body: await client.list(listFilter(url.searchParams)) };
  }
  const reason = url.searchParams.get('reason') ?? undefined;
  switch (action) {
    case undefined:
      allow(method, ['GET', 'DELETE']);
      if (method === 'DELETE') {
        if (!(await client.purge(instanceId))) throw new InstanceNotFoundError(instanceId);
        return { status: 200, body: { instancesDeleted: 1 } };
      }
      return statusReply(await client.getStatus(instanceId, { showHistory: url.searchParams.get('showHistory') === 'true' }), instanceId);
    case 'raiseEvent':
      allow(method, ['POST']);
      if (!eventName) throw new HttpError(400, 'The event name is missing: POST .../raiseEvent/{eventName}.');
      await client.raiseEvent(instanceId, eventName, await readJsonBody(request));
      return { status: 202 };
    case 'terminate':
      allow(method, ['POST']);
      await client.terminate(instanceId, reason);
      return { status: 202 };
    case 'suspend':
      allow(method, ['POST']);
      await client.suspend(instanceId, reason);
      return { status: 202 };
    case 'resume':
      allow(method, ['POST']);
      await client.resume(instanceId, reason);
      return { status: 202 };
    default:
      throw new HttpError(404, `No such endpoint: ${method} ${url.pathname}`);
  }
}

/**
 * The management URLs of an instance. Like Durable Functions', they carry the key when the server requires one (the
 * request just proved it holds it), so a client can follow them as they are.
 */
function checkStatusPayload(base: string, instanceId: string, key: string | undefined) {
  const instance = `${base}${WEBHOOK}/instances/${encodeURIComponent(instanceId)}`;
  const code = key === undefined ? '' : `code=${encodeURIComponent(key)}`;
  const query = (params: string) => [params, code].filter(Boolean).join('&').replace(/^(?=.)/, '?');
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}${query('')}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}${query('')}`,
    terminatePostUri: `${instance}/terminate${query('reason={text}')}`,
    purgeHistoryDeleteUri: `${instance}${query('')}`,
    suspendPostUri: `${instance}/suspend${query('reason={text}')}`,
    resumePostUri: `${instance}/resume${query('reason={text}')}`,
  };
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

function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpError(400, `The path segment '${segment}' has bad percent-encoding: each % takes two hex digits, and the bytes they give must be UTF-8 text.`);
      }
    });
}

/** What a browser asks before an allowed foreign page's JSON or DELETE request. */
function preflightReply(): Reply {
  return { status: 204, headers: { 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type, x-functions-key', 'Access-Control-Max-Age': '600' } };
}

/** 200 when completed, 202 while it can still make progress, 400 when failed or terminated. */
function statusReply(status: OrchestrationStatus | undefined, instanceId: string): Reply {
  if (!status) throw new InstanceNotFoundError(instanceId);
  const code = status.runtimeStatus === 'Completed' ? 200 : status.runtimeStatus === 'Failed' || status.runtimeStatus === 'Terminated' ? 400 : 202;
  return { status: code, body: status };
}

function listFilter(params: URLSearchParams): ListFilter {
  const filter: ListFilter = {};
  const statuses = params.getAll('runtimeStatus').flatMap((value) => value.split(',')).filter(Boolean);
  for (const status of statuses) {
    if (!runtimeStatuses.includes(status as RuntimeStatus)) throw new HttpError(400, `Unknown runtimeStatus '${status}'. Use ${runtimeStatuses.join(', ')}.`);
  }
  if (statuses.length) filter.runtimeStatus = statuses as RuntimeStatus[];
  const name = params.get('name');
  if (name) filter.name = name;
  const prefix = params.get('instanceIdPrefix');
  if (prefix) filter.instanceIdPrefix = prefix;
  filter.createdTimeFrom = dateParam(params, 'createdTimeFrom');
  filter.createdTimeTo = dateParam(params, 'createdTimeTo');
  const top = params.get('top');
  if (top !== null) {
    if (!/^\d+$/.test(top)) throw new HttpError(400, `top must be a non-negative integer, got '${top}'.`);
    filter.top = Number(top);
  }
  return filter;
}

function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw new HttpError(405, `Method ${method} is not allowed here; use ${allowed.join(' or ')}.`);
}

function errorReply(error: unknown): Reply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpError) return { status: error.status, body: { error: message } };
  if (error instanceof UnknownOrchestrationError || error instanceof InstanceNotFoundError) return { status: 404, body: { error: message } };
  if (error instanceof InstanceAlreadyExistsError) return { status: 409, body: { error: message } };
  if (error instanceof InstanceFinishedError) return { status: 410, body: { error: message } };
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

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

const WEBHOOK = '/runtime/webhooks/durabletask';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const runtimeStatuses: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Suspended'];

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface HttpApiOptions {
  client: DurableClient;
  port?: number;
  /** Bind address; loopback unless told otherwise. */
  host?: string;
}

export interface RunningHttpApi {
  readonly url: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** The Durable Functions HTTP management API, with its paths, shapes and status codes. */
export async function serveHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const server = http.createServer((request, response) => {
    handle(options.client, request)
      .then((reply) => send(response, reply))
      .catch((error) => send(response, errorReply(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

async function handle(client: DurableClient, request: http.IncomingMessage): Promise<Reply> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  const base = `${url.protocol}//${url.host}`;
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = request.method ?? 'GET';

  const webhook = WEBHOOK.split('/').filter(Boolean);
  const underWebhook = webhook.every((segment, index) => segments[index] === segment);
  // Starts: the HTTP-trigger path of the samples, and the built-in webhook path Durable Functions also serves.
  const start = segments[0] === 'api' && segments[1] === 'orchestrators' ? segments.slice(2) : underWebhook && segments[webhook.length] === 'orchestrators' ? segments.slice(webhook.length + 1) : undefined;
  if (start && start.length >= 1 && start.length <= 2) {
    allow(method, ['POST']);
    const input = await readJsonBody(request);
    const instanceId = await client.start(start[0], input, { instanceId: start[1] });
    const payload = checkStatusPayload(base, instanceId);
    return { status: 202, body: payload, headers: { Location: payload.statusQueryGetUri } };
  }

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

function checkStatusPayload(base: string, instanceId: string) {
  const instance = `${base}${WEBHOOK}/instances/${encodeURIComponent(instanceId)}`;
  return {
    id: instanceId,
    statusQueryGetUri: instance,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}`,
    terminatePostUri: `${instance}/terminate?reason={text}`,
    purgeHistoryDeleteUri: instance,
    suspendPostUri: `${instance}/suspend?reason={text}`,
    resumePostUri: `${instance}/resume?reason={text}`,
  };
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

function dateParam(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} is not a valid date: '${value}'.`);
  return date;
}

function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw new HttpError(405, `Method ${method} is not allowed here; use ${allowed.join(' or ')}.`);
}

/** An empty body means no input; anything else must be JSON. */
async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
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

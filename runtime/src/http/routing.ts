import type * as http from 'node:http';
import type { DurableClient } from '../client/client';
import { HttpError } from './httpError';

/** What a route answers: a status, a JSON body and headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Where a request came in. Durable Functions serves its API under the webhook path, and its JavaScript client
 * reaches the same API under the local RPC path (its binding's `rpcBaseUrl`); samples start instances through an
 * HTTP trigger under `/api`.
 */
export type Surface = 'webhook' | 'rpc' | 'trigger';

export const WEBHOOK_PATH = '/runtime/webhooks/durabletask';
export const RPC_PATH = '/durabletask';
const surfaces: [Surface, string[]][] = [
  ['webhook', WEBHOOK_PATH.split('/').filter(Boolean)],
  ['rpc', RPC_PATH.split('/').filter(Boolean)],
  ['trigger', ['api']],
];

export interface ApiRequest {
  readonly request: http.IncomingMessage;
  readonly method: string;
  readonly url: URL;
  readonly surface: Surface;
  /** The decoded path segments after the surface's base path. */
  readonly segments: string[];
  readonly client: DurableClient;
  /** This server's URL as the client reached it. */
  readonly baseUrl: string;
  /** The key the server requires, which the URLs it hands out carry. */
  readonly key: string | undefined;
  /**
   * Durable Functions' own client asks (through its RPC path, or a URL from its binding or a check-status payload,
   * which name the task hub): answer in Durable Functions' shapes where durable-ts's own differ (history, paging).
   */
  readonly durableFunctionsClient: boolean;
}

/** Durable Functions' client: on its RPC path, or with a URL from its binding or a check-status payload, which name the task hub. */
export function fromDurableFunctionsClient(url: URL): boolean {
  return url.pathname === RPC_PATH || url.pathname.startsWith(`${RPC_PATH}/`) || url.searchParams.has('taskHub');
}

/** Handles the requests whose path it knows, and returns undefined for any other, which the next route gets. */
export type Route = (request: ApiRequest) => Promise<Reply> | undefined;

/** The surface and the segments after its base, or undefined for a path under none of them. */
export function locate(pathname: string): { surface: Surface; segments: string[] } | undefined {
  const segments = pathSegments(pathname);
  for (const [surface, base] of surfaces) {
    if (base.every((segment, index) => segments[index] === segment)) return { surface, segments: segments.slice(base.length) };
  }
  return undefined;
}

export function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw new HttpError(405, `Method ${method} is not allowed here; use ${allowed.join(' or ')}.`);
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

import type * as http from 'node:http';
import type { DurableClient } from '../client/client';
import type { EntityMetadata, EntityQuery } from '../entities/types';
import { UnknownEntityError } from '../entities/errors';
import { HttpError } from './httpError';
import { readJsonBody } from './jsonBody';
import { dateParam } from './queryParams';
import type { Reply, Route } from './routing';


/** The page cursor of an entity list, as Durable Functions pages them. */
const CONTINUATION_HEADER = 'x-ms-continuation-token';

/** `{base}/entities/...` under the webhook and RPC paths: the entity endpoints below. */
export const entityRoutes: Route = (api) => {
  const [collection, ...path] = api.segments;
  if (collection !== 'entities' || api.surface === 'trigger') return undefined;
  return entityReply(api.client, api.method, path, api.url.searchParams, api.request);
};

/**
 * Durable Functions' entity endpoints, under /runtime/webhooks/durabletask/entities (`path` is what follows):
 *   POST {name}/{key}?op=OPERATION   signal (the body is the operation's input) → 202
 *   GET  {name}/{key}                the entity's state → 200, or 404 when it has none
 *   GET  [{name}]?fetchState=&lastOperationTimeFrom=&lastOperationTimeTo=&top=   list, paged with x-ms-continuation-token
 * and, beyond Durable Functions' (what `durable-ts entity` needs of a serving process):
 *   GET  [{name}]?keyPrefix=&includeDeleted=true   items also say lockedBy and backlogQueueSize
 *   DELETE (no name)?removeEmptyEntities=&releaseOrphanedLocks=   clean entity storage → its counts
 */
async function entityReply(client: DurableClient, method: string, path: string[], params: URLSearchParams, request: http.IncomingMessage): Promise<Reply> {
  const [name, key, ...rest] = path;
  if (rest.length > 0) throw new HttpError(404, `No such endpoint: ${method} …/entities/${path.join('/')}`);
  if (key === undefined) {
    if (method === 'DELETE' && name === undefined) return { status: 200, body: await client.cleanEntityStorage({ removeEmptyEntities: params.get('removeEmptyEntities') !== 'false', releaseOrphanedLocks: params.get('releaseOrphanedLocks') !== 'false' }) };
    if (method !== 'GET') throw new HttpError(405, `Method ${method} is not allowed here; use GET${name === undefined ? ' or DELETE' : ''}.`);
    return listReply(client, name, params, request.headers[CONTINUATION_HEADER]);
  }
  const id = { name, key };
  if (method === 'GET') {
    const { entityExists, entityState } = await client.readEntityState(id);
    if (!entityExists) throw new HttpError(404, `No entity @${name.toLowerCase()}@${key} (it has no state).`);
    return { status: 200, body: entityState ?? null };
  }
  if (method !== 'POST') throw new HttpError(405, `Method ${method} is not allowed here; use GET or POST.`);
  const operation = params.get('op');
  if (!operation) throw new HttpError(400, 'The operation is missing: POST …/entities/{name}/{key}?op={operation}.');
  const input = await readJsonBody(request);
  try {
    await client.signalEntity(id, operation, input);
  } catch (error) {
    if (error instanceof UnknownEntityError) throw new HttpError(404, error.message);
    throw error;
  }
  return { status: 202 };
}

async function listReply(client: DurableClient, name: string | undefined, params: URLSearchParams, continuation: string | string[] | undefined): Promise<Reply> {
  const query: EntityQuery = { name, fetchState: params.get('fetchState') === 'true', includeDeleted: params.get('includeDeleted') === 'true' };
  const keyPrefix = params.get('keyPrefix');
  if (keyPrefix) query.keyPrefix = keyPrefix;
  query.lastOperationTimeFrom = dateParam(params, 'lastOperationTimeFrom');
  query.lastOperationTimeTo = dateParam(params, 'lastOperationTimeTo');
  const top = params.get('top');
  if (top !== null && !/^[1-9]\d*$/.test(top)) throw new HttpError(400, `top must be a positive integer, got '${top}'.`);
  const entities = (await client.listEntities(query)).sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const after = typeof continuation === 'string' && continuation ? Buffer.from(continuation, 'base64url').toString('utf8') : undefined;
  const start = after === undefined ? 0 : entities.findIndex((entity) => idOf(entity) > after);
  const page = start < 0 ? [] : entities.slice(start, top === null ? undefined : start + Number(top));
  const more = start >= 0 && start + page.length < entities.length;
  const body = page.map((entity) => {
    const item: Record<string, unknown> = { entityId: { name: entity.id.name, key: entity.id.key }, lastOperationTime: entity.lastOperationTime };
    if (query.fetchState) item.state = entity.state ?? null;
    if (entity.lockedBy) item.lockedBy = entity.lockedBy;
    if (entity.backlogQueueSize) item.backlogQueueSize = entity.backlogQueueSize;
    return item;
  });
  return { status: 200, body, headers: more ? { [CONTINUATION_HEADER]: Buffer.from(idOf(page[page.length - 1]), 'utf8').toString('base64url') } : {} };
}

/** Entities list in the order of their instance ids, which the cursor compares with. */
function idOf(entity: EntityMetadata): string {
  return `@${entity.id.name}@${entity.id.key}`;
}

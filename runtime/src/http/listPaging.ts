import type { ListFilter, OrchestrationStatus } from '../api/types';
import type { DurableClient } from '../client/client';
import { HttpError } from './httpError';

export const CONTINUATION_HEADER = 'x-ms-continuation-token';

interface Cursor {
  createdAt: number;
  instanceId: string;
}

/**
 * One page of a listing, and the token of the next when there is more (Durable Functions' `x-ms-continuation-token`).
 * The store lists by creation time, then id (compared as UTF-8 bytes); the token names the last row given, so a
 * page starts after it even when instances are created or purged between pages.
 */
export async function listPage(client: DurableClient, filter: ListFilter, pageSize: number, token: string | undefined): Promise<{ statuses: OrchestrationStatus[]; next: string | undefined }> {
  const cursor = token === undefined ? undefined : parseToken(token);
  const from = cursor && (!filter.createdTimeFrom || filter.createdTimeFrom.getTime() < cursor.createdAt) ? new Date(cursor.createdAt) : filter.createdTimeFrom;
  // Rows created in the cursor's millisecond up to the cursor itself come back too, and are skipped.
  for (let extra = 0; ; extra = extra * 2 + pageSize) {
    const limit = pageSize + 1 + extra;
    const rows = await client.list({ ...filter, createdTimeFrom: from, top: limit });
    const after = cursor ? rows.filter((status) => isAfter(status, cursor)) : rows;
    if (after.length > pageSize || rows.length < limit) {
      const statuses = after.slice(0, pageSize);
      const last = statuses[statuses.length - 1];
      return { statuses, next: after.length > pageSize && last ? makeToken(last) : undefined };
    }
  }
}

function isAfter(status: OrchestrationStatus, cursor: Cursor): boolean {
  const createdAt = Date.parse(status.createdTime);
  if (createdAt !== cursor.createdAt) return createdAt > cursor.createdAt;
  return Buffer.compare(Buffer.from(status.instanceId), Buffer.from(cursor.instanceId)) > 0;
}

function makeToken(status: OrchestrationStatus): string {
  return Buffer.from(JSON.stringify([Date.parse(status.createdTime), status.instanceId])).toString('base64url');
}

function parseToken(token: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[0]) || typeof parsed[1] !== 'string') {
    throw new HttpError(400, `The ${CONTINUATION_HEADER} header is not a token this server gave: send back the header of the previous page as it came.`);
  }
  return { createdAt: parsed[0], instanceId: parsed[1] };
}

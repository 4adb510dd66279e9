import type { RuntimeStatus } from '../api/types';
import { HttpError } from './httpError';

export const runtimeStatuses: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Suspended'];
/** A status Durable Functions knows and durable-ts never gives: a filter naming it is valid and matches nothing. */
const CANCELED = 'Canceled';
/** Page sizes beyond this are refused: no store is asked for more rows than fit an integer. */
const MAX_TOP = 999_999_999;

/** `true` or `false` (any case, as Durable Functions parses them); absent gives the default. */
export function booleanParam(params: URLSearchParams, name: string, absent: boolean): boolean {
  const value = params.get(name);
  if (value === null) return absent;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new HttpError(400, `${name} must be true or false, got '${value}'.`);
}

export function dateParam(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} is not a valid date: '${value}'. Use ISO 8601, e.g. 2024-05-01T00:00:00Z.`);
  return date;
}

/**
 * The statuses `runtimeStatus` names (repeated, or comma-separated), or undefined when it names none. `Canceled`
 * is dropped: when it is all a filter names, `matchesNothing` says so (an empty list would match everything).
 */
export function statusesParam(params: URLSearchParams): { statuses: RuntimeStatus[] | undefined; matchesNothing: boolean } {
  const named = params.getAll('runtimeStatus').flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  for (const status of named) {
    if (status !== CANCELED && !runtimeStatuses.includes(status as RuntimeStatus)) throw new HttpError(400, `Unknown runtimeStatus '${status}'. Use ${[...runtimeStatuses, CANCELED].join(', ')}.`);
  }
  const statuses = named.filter((status) => status !== CANCELED) as RuntimeStatus[];
  return { statuses: statuses.length ? statuses : undefined, matchesNothing: named.length > 0 && statuses.length === 0 };
}

export function topParam(params: URLSearchParams): number | undefined {
  const top = params.get('top');
  if (top === null) return undefined;
  if (!/^\d+$/.test(top) || Number(top) > MAX_TOP) throw new HttpError(400, `top must be a whole number from 0 to ${MAX_TOP}, got '${top}'.`);
  return Number(top);
}

/**
 * What the Instances tree shows: the user's filter, turned into the runtime's list filter. Editor-free.
 */
import type { ListFilter, RuntimeStatus } from 'durable-ts';

export const RUNTIME_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew'];

export interface InstanceFilter {
  statuses?: RuntimeStatus[];
  /** The orchestration's name, exactly. */
  name?: string;
  idPrefix?: string;
  /** Created within this many milliseconds before the listing (recomputed at every refresh), or in a fixed range. */
  createdWithinMs?: number;
  createdFrom?: Date;
  createdTo?: Date;
}

export function toListFilter(filter: InstanceFilter, now: Date): ListFilter {
  const list: ListFilter = {};
  if (filter.statuses?.length) list.runtimeStatus = [...filter.statuses];
  if (filter.name) list.name = filter.name;
  if (filter.idPrefix) list.instanceIdPrefix = filter.idPrefix;
  if (filter.createdWithinMs !== undefined) list.createdTimeFrom = new Date(now.getTime() - filter.createdWithinMs);
  if (filter.createdFrom) list.createdTimeFrom = filter.createdFrom;
  if (filter.createdTo) list.createdTimeTo = filter.createdTo;
  return list;
}

export function isEmptyFilter(filter: InstanceFilter): boolean {
  return describeFilter(filter) === '';
}

/** One line for the tree's description: `Running, Failed · PlaceOrder · id ord- · last 1 h`. */
export function describeFilter(filter: InstanceFilter): string {
  const parts: string[] = [];
  if (filter.statuses?.length) parts.push(filter.statuses.join(', '));
  if (filter.name) parts.push(filter.name);
  if (filter.idPrefix) parts.push(`id ${filter.idPrefix}…`);
  if (filter.createdWithinMs !== undefined) parts.push(`last ${formatSpan(filter.createdWithinMs)}`);
  if (filter.createdFrom || filter.createdTo) parts.push(`${filter.createdFrom?.toISOString() ?? '…'} – ${filter.createdTo?.toISOString() ?? '…'}`);
  return parts.join(' · ');
}

/** The time ranges the filter offers, as a user picks them. */
export const CREATED_WITHIN: readonly { label: string; ms: number }[] = [
  { label: 'last 15 min', ms: 15 * 60_000 },
  { label: 'last 1 h', ms: 3_600_000 },
  { label: 'last 24 h', ms: 86_400_000 },
  { label: 'last 7 days', ms: 7 * 86_400_000 },
];

/**
 * A fixed range typed as `FROM..TO` (either side may be left out), each side an ISO date or date-time:
 * `2026-11-30..2026-12-01T12:00`. Returns the range, or a message saying what is wrong.
 */
export function parseCreatedRange(text: string): { from?: Date; to?: Date } | string {
  const sides = text.split('..');
  if (sides.length !== 2) return 'Write the range as FROM..TO, e.g. 2026-11-30..2026-12-01T12:00 (either side may be left out).';
  const [from, to] = sides.map((side) => side.trim()).map((side) => (side ? new Date(side) : undefined));
  for (const [side, date] of [[sides[0], from], [sides[1], to]] as const) {
    if (date && Number.isNaN(date.getTime())) return `'${side.trim()}' is not a date: use an ISO date or date-time, e.g. 2026-12-01 or 2026-12-01T12:00.`;
  }
  if (!from && !to) return 'Give at least one side of the range.';
  if (from && to && from > to) return 'The range ends before it starts.';
  return { from, to };
}

function formatSpan(ms: number): string {
  return CREATED_WITHIN.find((choice) => choice.ms === ms)?.label.replace(/^last /, '') ?? `${Math.round(ms / 60_000)} min`;
}

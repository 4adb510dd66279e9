/**
 * The instances the tree lists, newest first, a page at a time: a store with 10,000 instances shows the first
 * page at once and the rest on "Load more". Editor-free.
 */
import type { OrchestrationStatus } from 'durable-ts';

export const PAGE_SIZE = 100;

export interface InstancePage {
  shown: OrchestrationStatus[];
  /** How many match the filter in all. */
  total: number;
}

export class InstancePages {
  private pages = 1;

  constructor(private readonly pageSize = PAGE_SIZE) {}

  /** What to show of a full listing, newest first (ties: by id, so the order is stable across refreshes). */
  page(listed: readonly OrchestrationStatus[]): InstancePage {
    const newestFirst = [...listed].sort((a, b) => b.createdTime.localeCompare(a.createdTime) || a.instanceId.localeCompare(b.instanceId));
    return { shown: newestFirst.slice(0, this.pages * this.pageSize), total: listed.length };
  }

  loadMore(): void {
    this.pages++;
  }

  /** A new filter starts again from the first page. */
  reset(): void {
    this.pages = 1;
  }
}

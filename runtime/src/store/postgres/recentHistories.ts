import type { HistoryEvent } from '../../api/types';

/** How many instances' histories are kept: a debugger reads the few it is stopped in. */
const KEPT = 64;

/**
 * The histories this process last read or committed, for a reader that cannot wait (a debugger paused in the middle
 * of a turn reads `historyNow` synchronously). Only the most recently used few are kept, and an instance is dropped
 * once this process lets go of it, so a waiting instance still costs no memory here.
 */
export class RecentHistories {
  private readonly histories = new Map<string, HistoryEvent[]>();

  get(instanceId: string): HistoryEvent[] | undefined {
    return this.histories.get(instanceId);
  }

  /** A history just read from the database; an older read finishing after a longer commit keeps the longer one. */
  read(instanceId: string, history: readonly HistoryEvent[]): void {
    const known = this.histories.get(instanceId);
    if (known && known.length > history.length) return;
    this.keep(instanceId, [...history]);
  }

  /** A committed turn's events: they continue a kept history, or whatever is kept of it no longer holds. */
  appended(instanceId: string, firstEventId: number, events: readonly HistoryEvent[]): void {
    const known = this.histories.get(instanceId);
    if (known?.length === firstEventId) this.keep(instanceId, known.concat(events));
    else if (firstEventId === 0) this.keep(instanceId, [...events]);
    else this.histories.delete(instanceId);
  }

  forget(instanceId: string): void {
    this.histories.delete(instanceId);
  }

  private keep(instanceId: string, history: HistoryEvent[]): void {
    this.histories.delete(instanceId);
    this.histories.set(instanceId, history);
    if (this.histories.size > KEPT) this.histories.delete(this.histories.keys().next().value!);
  }
}

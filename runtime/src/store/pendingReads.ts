import type { HistoryEvent } from '../api/types';
import type { InstanceRow, InstanceUpdate, StoreChange } from './types';

/** What pending changes did to one instance's row: replaced it (or purged it: undefined), or only updated fields. */
type RowEffect = { row: InstanceRow | undefined } | { update: InstanceUpdate };

/** What pending changes did to one instance's history: events appended, after clearing it or not. */
interface HistoryEffect {
  cleared: boolean;
  appended: HistoryEvent[];
}

/**
 * Instance rows and histories as seen through changes not yet applied to the database, so that reading an
 * instance (a client waiting for completion, a status poll, a cold instance replaying) does not force every
 * pending change into the database first. Only instances that pending changes touched are tracked; for the
 * others the database is already current.
 */
export class PendingReads {
  private readonly rows = new Map<string, RowEffect>();
  private readonly histories = new Map<string, HistoryEffect>();

  record(change: StoreChange): void {
    switch (change.op) {
      case 'createInstance':
        this.rows.set(change.row.instanceId, { row: change.row });
        return;
      case 'purge':
        this.rows.set(change.instanceId, { row: undefined });
        this.histories.set(change.instanceId, { cleared: true, appended: [] });
        return;
      case 'updateInstance': {
        const effect = this.rows.get(change.instanceId);
        if (!effect) this.rows.set(change.instanceId, { update: change.update });
        else if ('update' in effect) this.rows.set(change.instanceId, { update: { ...effect.update, ...change.update } });
        // An update of a purged (absent) row changes nothing, as in SQL.
        else if (effect.row) this.rows.set(change.instanceId, { row: { ...effect.row, ...change.update } });
        return;
      }
      case 'clearHistory':
        this.histories.set(change.instanceId, { cleared: true, appended: [] });
        return;
      case 'appendHistory': {
        const effect = this.histories.get(change.instanceId);
        if (effect) for (const event of change.events) effect.appended.push(event);
        else this.histories.set(change.instanceId, { cleared: false, appended: change.events.slice() });
        return;
      }
    }
  }

  /**
   * The row as it will be once pending changes are applied; `fromDatabase` reads the applied state and is only
   * called when pending changes merely updated fields. Null when pending changes did not touch the instance.
   */
  row(instanceId: string, fromDatabase: () => InstanceRow | undefined): InstanceRow | undefined | null {
    const effect = this.rows.get(instanceId);
    if (!effect) return null;
    if ('row' in effect) return effect.row && { ...effect.row };
    const base = fromDatabase();
    return base && { ...base, ...effect.update };
  }

  /** The history as it will be once pending changes are applied; `fromDatabase` reads the applied part. */
  history(instanceId: string, fromDatabase: () => HistoryEvent[]): HistoryEvent[] {
    const effect = this.histories.get(instanceId);
    if (!effect) return fromDatabase();
    return effect.cleared ? effect.appended.slice() : [...fromDatabase(), ...effect.appended];
  }

  /** The database has caught up. */
  clear(): void {
    this.rows.clear();
    this.histories.clear();
  }
}

import type { InstanceRow, InstanceUpdate, StoreChange } from './types';

/** What pending changes did to one instance's row: replaced it (or purged it: undefined), or only updated fields. */
type RowEffect = { row: InstanceRow | undefined } | { update: InstanceUpdate };

/**
 * Instance rows as seen through changes not yet applied to the database, so that reading an instance (a client
 * waiting for completion, a status poll) does not force every pending change into the database first.
 * Only instances that pending changes touched are tracked; for the others the database is already current.
 */
export class PendingRows {
  private readonly effects = new Map<string, RowEffect>();

  record(change: StoreChange): void {
    switch (change.op) {
      case 'createInstance':
        this.effects.set(change.row.instanceId, { row: change.row });
        return;
      case 'purge':
        this.effects.set(change.instanceId, { row: undefined });
        return;
      case 'updateInstance': {
        const effect = this.effects.get(change.instanceId);
        if (!effect) this.effects.set(change.instanceId, { update: change.update });
        else if ('update' in effect) this.effects.set(change.instanceId, { update: { ...effect.update, ...change.update } });
        // An update of a purged (absent) row changes nothing, as in SQL.
        else if (effect.row) this.effects.set(change.instanceId, { row: { ...effect.row, ...change.update } });
        return;
      }
    }
  }

  /**
   * The row as it will be once pending changes are applied; `fromDatabase` reads the applied state and is only
   * called when pending changes merely updated fields. Null when pending changes did not touch the instance.
   */
  read(instanceId: string, fromDatabase: () => InstanceRow | undefined): InstanceRow | undefined | null {
    const effect = this.effects.get(instanceId);
    if (!effect) return null;
    if ('row' in effect) return effect.row && { ...effect.row };
    const base = fromDatabase();
    return base && { ...base, ...effect.update };
  }

  /** The database has caught up. */
  clear(): void {
    this.effects.clear();
  }
}

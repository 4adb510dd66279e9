import type { DurableStore } from './types';
import { SqlJsStore, type SqlJsStoreOptions } from './sqljs/sqljsStore';

export type OpenStoreOptions = SqlJsStoreOptions;

/** Open the embedded sql.js store: on disk when given a path, in memory otherwise. */
export function openStore(options: OpenStoreOptions = {}): Promise<DurableStore & SqlJsStore> {
  return SqlJsStore.open(options);
}

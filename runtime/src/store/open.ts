import type { DurableStore } from './types';
import { SqlJsStore, type SqlJsStoreOptions } from './sqljs/sqljsStore';
import { isPostgresUrl } from './postgres/storeUrl';

export type OpenStoreOptions = SqlJsStoreOptions;

/** Open the embedded sql.js store: on disk when given a path, in memory otherwise. */
export function openStore(options: OpenStoreOptions = {}): Promise<DurableStore & SqlJsStore> {
  return SqlJsStore.open(options);
}

export interface StoreLocationOptions {
  /** Embedded store: read without ever writing its files. */
  readOnly?: boolean;
  /** PostgreSQL: how long work handed to this process stays its own without renewal (default 30,000 ms). */
  leaseMs?: number;
}

/**
 * Open the store a `--store` or `createRuntime({ store })` names: a `postgres://` (or `postgresql://`) URL is a
 * PostgreSQL database several processes share; anything else is the embedded store's file (nothing: in memory).
 */
export async function openStoreAt(location: string | undefined, options: StoreLocationOptions = {}): Promise<DurableStore> {
  if (isPostgresUrl(location)) {
    // Loaded only when asked for: the embedded store's commands start without the PostgreSQL client.
    const { PostgresStore } = await import('./postgres/postgresStore.js');
    return PostgresStore.open({ url: location, leaseMs: options.leaseMs });
  }
  return SqlJsStore.open({ path: location, readOnly: options.readOnly });
}

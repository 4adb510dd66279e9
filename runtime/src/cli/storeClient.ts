import * as fs from 'node:fs';
import { DurableError } from '../api/errors';
import { createClient } from '../client/client';
import { openStoreAt } from '../store/open';
import { isPostgresUrl } from '../store/postgres/storeUrl';
import { readLockOwner } from '../store/lockFile';
import { DEFAULT_STORE } from '../store/storePath';
import { RemoteClient, type ManagementClient } from './remoteClient';

/**
 * Run `body` with a client of the store at `storePath`: through the HTTP API of the `serve` that owns it, else on
 * the store itself (opened read-only for `readOnly` commands, which then never write its files).
 */
export async function withStoreClient<T>(storePath: string, readOnly: boolean, body: (client: ManagementClient) => Promise<T>): Promise<T> {
  // A database several processes share: this one is one more of them.
  if (isPostgresUrl(storePath)) return withOpenStore(storePath, readOnly, body);
  const owner = readLockOwner(storePath);
  if (owner?.httpUrl) return body(new RemoteClient(owner.httpUrl));
  // Opening a store creates it: a mistyped path would otherwise show an empty store instead of an error.
  if (!fs.existsSync(storePath) && !fs.existsSync(`${storePath}-log`)) {
    throw new DurableError(`No store at ${storePath}. Pass the --store that 'run' or 'serve' used (the default is ${DEFAULT_STORE} in the current directory).`);
  }
  return withOpenStore(storePath, readOnly, body);
}

async function withOpenStore<T>(storePath: string, readOnly: boolean, body: (client: ManagementClient) => Promise<T>): Promise<T> {
  const store = await openStoreAt(storePath, { readOnly });
  try {
    return await body(createClient({ store }));
  } finally {
    await store.close();
  }
}

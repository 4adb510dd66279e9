import * as fs from 'node:fs';
import { DurableError } from '../api/errors';
import { createClient } from '../client/client';
import { openStore } from '../store/open';
import { readLockOwner } from '../store/lockFile';
import { DEFAULT_STORE } from '../store/storePath';
import { RemoteClient, type ManagementClient } from './remoteClient';

/**
 * Run `body` with a client of the store at `storePath`: through the HTTP API of the `serve` that owns it, else on
 * the store itself (opened read-only for `readOnly` commands, which then never write its files).
 */
export async function withStoreClient<T>(storePath: string, readOnly: boolean, body: (client: ManagementClient) => Promise<T>): Promise<T> {
  const owner = readLockOwner(storePath);
  if (owner?.httpUrl) return body(new RemoteClient(owner.httpUrl));
  // Opening a store creates it: a mistyped path would otherwise show an empty store instead of an error.
  if (!fs.existsSync(storePath) && !fs.existsSync(`${storePath}-log`)) {
    throw new DurableError(`No store at ${storePath}. Pass the --store that 'run' or 'serve' used (the default is ${DEFAULT_STORE} in the current directory).`);
  }
  const store = await openStore({ path: storePath, readOnly });
  try {
    return await body(createClient({ store }));
  } finally {
    await store.close();
  }
}

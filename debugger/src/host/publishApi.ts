import type { DurableRuntime } from 'durable-ts';
import type { RunningHttpApi } from 'durable-ts/internal';
import { report } from './reportChannel';
import type { RuntimeModules } from './runtimeModules';

interface AdvertisingStore {
  storeLock?: { advertise(url: string): void };
}

/**
 * Serves the HTTP management API on a free loopback port and names it in the store's lock, as `durable-ts serve`
 * does: `durable-ts raise/status/terminate` run against the session's store then reach the session, and the
 * Raise Event command reaches it through the adapter. The listening server also keeps the session up while an
 * instance waits for an event.
 */
export async function publishApi(runtime: DurableRuntime, modules: RuntimeModules, storePath: string): Promise<RunningHttpApi> {
  const api = await modules.internal.serveHttpApi({ client: runtime.client, port: 0, host: '127.0.0.1' });
  (runtime.store as AdvertisingStore).storeLock?.advertise(api.url);
  report({ kind: 'store', path: storePath, apiUrl: api.url });
  return api;
}

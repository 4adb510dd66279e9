import type { DurableRuntime } from 'durable-ts';
import type { RunningHttpApi } from 'durable-ts/debugging';
import { report } from './reportChannel';
import type { DebuggingInterface } from './debuggingInterface';

/**
 * Serves the HTTP management API on a free loopback port and names it in the store's lock, as `durable-ts serve`
 * does: `durable-ts raise/status/terminate` run against the session's store then reach the session, and the
 * Raise Event command reaches it through the adapter. The listening server also keeps the session up while an
 * instance waits for an event.
 */
export async function publishApi(runtime: DurableRuntime, debugging: DebuggingInterface, storePath: string): Promise<RunningHttpApi> {
  const api = await debugging.serveHttpApi({ client: runtime.client, port: 0, host: '127.0.0.1' });
  debugging.advertiseApi(runtime.store, api.url);
  report({ kind: 'store', path: storePath, apiUrl: api.url });
  return api;
}

import { serveHttpApi, type RunningHttpApi } from '../http/httpApi';
import type { DurableRuntime } from '../runtime';
import { SqlJsStore } from '../store/sqljs/sqljsStore';

/** Name where this process serves the management API in the store's lock, for the CLI and the editor to find. */
export function advertiseApi(runtime: DurableRuntime, url: string): void {
  if (runtime.store instanceof SqlJsStore) runtime.store.storeLock?.advertise(url);
}

/**
 * `run`'s API: on a free loopback port, for the life of the run, so the management commands and the editor's
 * instance explorer reach the process that owns the store. It never keeps the process alive: `run` still ends
 * when its instance finishes or has nothing left to do here.
 */
export async function publishRunApi(runtime: DurableRuntime): Promise<{ close(): Promise<void> }> {
  const api: RunningHttpApi = await serveHttpApi({ client: runtime.client, port: 0, host: '127.0.0.1' });
  api.server.unref();
  api.server.on('connection', (socket) => socket.unref());
  advertiseApi(runtime, api.url);
  return {
    close: () => {
      const closed = api.close();
      api.server.closeAllConnections(); // a client's idle keep-alive connection must not hold the exit
      return closed;
    },
  };
}

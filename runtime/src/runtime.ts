import type { DurableApp } from './api/app';
import { StoreUnavailableError } from './api/errors';
import { app as defaultApp } from './api/app';
import { createClient, type DurableClient } from './client/client';
import { openStoreAt } from './store/open';
import type { DurableStore } from './store/types';
import { Worker, type StopReport } from './worker/worker';
import { CrashLedger } from './worker/crashLedger';
import { SqlJsStore } from './store/sqljs/sqljsStore';
import { checkVersion } from './engine/version';

export interface RuntimeOptions {
  app?: DurableApp;
  /**
   * A store path (created if missing), a `postgres://user:password@host:port/database` URL (a store several
   * processes share), an open store, or nothing for an in-memory store.
   */
  store?: string | DurableStore;
  /** On PostgreSQL: how long work handed to this process stays its own without renewal (default 30,000 ms). */
  leaseMs?: number;
  timeSkip?: boolean;
  maxWarmInstances?: number;
  replayEveryTurn?: boolean;
  /** How many activities run at once (default 1,000); the rest queue. */
  maxConcurrentActivities?: number;
  /**
   * How long `close()` waits for running turns and activities (default 10,000 ms). What is still running then is
   * abandoned, unrecorded: it runs again when the store is next opened.
   */
  shutdownTimeoutMs?: number;
  /**
   * Poison handling for a store the runtime opens from a path or a PostgreSQL URL: a work item that was running each
   * of the last `crashLimit` times its host died (default 10) is failed instead of being run again.
   */
  crashLimit?: number;
  /**
   * Orchestrator code that runs this long without yielding (`while (true) {}`) is stopped and its instance failed,
   * naming the source line (default 2,000 ms; 0 turns this off). Off while a debugger is attached.
   */
  turnDeadlineMs?: number;
  /**
   * The version of instances and sub-orchestrations started without one (default: none, ''): name the deployed
   * code, so each instance records which code it started under (`ctx.version`, the status's `version`).
   */
  defaultVersion?: string;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export interface DurableRuntime {
  readonly store: DurableStore;
  readonly worker: Worker;
  readonly client: DurableClient;
  /**
   * Stop the worker (waiting at most `shutdownTimeoutMs` for running work), make everything durable and close the
   * store (if the runtime opened it). Says what was abandoned.
   */
  close(): Promise<StopReport>;
}

/** A store, a worker running the app's orchestrations on it, and a client: everything a local run needs. */
export async function createRuntime(options: RuntimeOptions = {}): Promise<DurableRuntime> {
  const app = options.app ?? defaultApp;
  const defaultVersion = options.defaultVersion === undefined ? undefined : checkVersion(options.defaultVersion, 'createRuntime({ defaultVersion })');
  const ownsStore = typeof options.store !== 'object';
  const store = typeof options.store === 'object' ? options.store : await openStoreAt(options.store, { leaseMs: options.leaseMs });
  const storeFile = ownsStore && store instanceof SqlJsStore ? store.filePath : undefined;
  const crashLedger = storeFile ? new CrashLedger(`${storeFile}.crashes`, options.crashLimit) : undefined;
  const worker = await new Worker({
    app, store, timeSkip: options.timeSkip, maxWarmInstances: options.maxWarmInstances, replayEveryTurn: options.replayEveryTurn,
    maxConcurrentActivities: options.maxConcurrentActivities, crashLedger, crashLimit: options.crashLimit, turnDeadlineMs: options.turnDeadlineMs, defaultVersion,
  }).start();
  const client = createClient({ store, app, defaultVersion });
  return {
    store,
    worker,
    client,
    async close() {
      // On a full disk the worker cannot sync what it stops with: closing the store still makes the last attempt
      // and says what was lost, and releases the store.
      let stopped: unknown;
      const report = await worker.stop({ timeoutMs: options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS }).catch((error) => {
        stopped = error;
        return { abandonedActivities: [], abandonedTurns: [] };
      });
      if (ownsStore) await store.close();
      else await store.flush();
      if (stopped && !(stopped instanceof StoreUnavailableError)) throw stopped;
      return report;
    },
  };
}

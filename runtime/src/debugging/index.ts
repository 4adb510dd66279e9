/**
 * `durable-ts/debugging`: the runtime's debugging interface, what a debugger uses of the runtime (the Durable TS
 * debug adapter's host, which runs an app under the inspector; its attach into `durable-ts serve --debug`). A
 * debugger loads it from the durable-ts the app resolves, checks `version`, and observes the engine through
 * `observeReplay` instead of reaching into the runtime's files. Not part of the app API.
 */
import type { OrchestratorFunction } from '../api/types';
import { TaskFailedError } from '../api/errors';
import { OrchestrationExecutor } from '../engine/executor';
import type { ObservedExecutor } from '../engine/replayObserver';
import { serveHttpApi } from '../http/httpApi';
import { loadApp } from '../host/loadApp';
import { registerTypeScript } from '../host/typescriptSupport';
import { entityObserver } from '../entities/entityObserver';
import { createRuntime } from '../runtime';
import { openStore as openEmbeddedStore, openStoreAt, type OpenStoreOptions } from '../store/open';
import { isPostgresUrl } from '../store/postgres/storeUrl';
import { loadSqlJs, StateDatabase } from '../store/sqljs/database';
import { resolveStorePath } from '../store/storePath';
import { historyNow, type SqlJsStore } from '../store/sqljs/sqljsStore';
import type { DurableStore } from '../store/types';

export { DEBUGGING_INTERFACE_VERSION as version } from './interfaceVersion';
export { observeReplay, type ReplayObserver, type ObservedExecutor, type ObservedActivity, type ObservedEntityOperation } from '../engine/replayObserver';
export type { ScheduledAction, TurnOutcome } from '../engine/turn';
export type { RunningHttpApi } from '../http/httpApi';
export { createRuntime, loadApp, resolveStorePath, serveHttpApi, registerTypeScript };
/**
 * An instance's history at this moment, read synchronously: a debugger paused in the middle of a turn cannot wait
 * for a read. On a shared (PostgreSQL) store, as this process last read or committed it.
 */
export { historyNow };

/** The store a path names (the embedded store), or the PostgreSQL database a `postgres://` URL names. */
export function openStore(options: OpenStoreOptions = {}): Promise<DurableStore> {
  return isPostgresUrl(options.path) ? openStoreAt(options.path) : openEmbeddedStore(options);
}

/** A fresh executor for an instance's code, which nothing stores: a debugger replays the past in it. */
export function createExecutor(options: { instanceId: string; name: string; generation: number; orchestrator: OrchestratorFunction }): ObservedExecutor {
  return new OrchestrationExecutor(options);
}

/**
 * Loads the embedded store's SQLite engine (sql.js's WebAssembly) ahead of opening a store, and runs it once on a
 * throwaway in-memory database (V8 compiles WebAssembly functions when first called: creating the first store
 * took 100 ms more than the next): a debugger does it while it waits to run the app, so the launch does not wait.
 */
export async function prepareStore(): Promise<void> {
  await loadSqlJs();
  const scratch = await StateDatabase.create();
  scratch.loadPendingWork();
  scratch.listInstances();
  scratch.close();
}

/** Keep track of the entity operation each piece of code belongs to, which a stop in an entity's code shows. */
export function trackEntityOperations(): void {
  entityObserver.track();
}

/** Whether an error is a failed activity or sub-orchestration delivered to the orchestrator, not one its code threw. */
export function isDeliveredFailure(error: unknown): boolean {
  return error instanceof TaskFailedError;
}

/** Names the address of the process's HTTP management API in the store's lock, for the CLI and the editor to find. */
export function advertiseApi(store: DurableStore, url: string): void {
  (store as Partial<SqlJsStore>).storeLock?.advertise(url);
}

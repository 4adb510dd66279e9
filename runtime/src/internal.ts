/**
 * Engine internals for tools built on the runtime (the debug adapter's host): not part of the stable app API.
 */
export { OrchestrationExecutor, type ExecutorOptions } from './engine/executor';
export { replayObserver, type ReplayListener, type ObservedExecutor } from './engine/replayObserver';
export { entityObserver } from './entities/entityObserver';
export type { TurnOutcome, ScheduledAction, Completion } from './engine/turn';
export type { DurableStore, InstanceRow, Message, ActivityWorkItem, StoreChange } from './store/types';
export { registerTypeScript } from './host/typescriptSupport';
export { serveHttpApi, type RunningHttpApi } from './http/httpApi';
export { RemoteClient, type ManagementClient } from './cli/remoteClient';
export { readLockOwner } from './store/lockFile';

export * from './api/types';
export * from './api/errors';
export { app, DurableApp } from './api/app';
export { createClient, DurableClient, type ClientOptions } from './client/client';
export { openStore, type OpenStoreOptions } from './store/open';
export type { DurableStore } from './store/types';
export { Worker, type WorkerOptions } from './worker/worker';
export { createRuntime, type DurableRuntime, type RuntimeOptions } from './runtime';

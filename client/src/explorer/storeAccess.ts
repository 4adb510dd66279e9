/**
 * What the explorer needs of a store, whichever kind it is: an embedded store's files (`FileStoreAccess`) or a
 * PostgreSQL database (`PostgresStoreAccess`). Editor-free.
 */
import type * as Durable from 'durable-ts';
// The client resolves packages as Node 10 did, which does not read `exports`: the files the exports name.
import type * as DurableInternal from 'durable-ts/dist/internal';
import type * as StoreOpening from 'durable-ts/dist/store/open';
import type * as StoreUrl from 'durable-ts/dist/store/postgres/storeUrl';
import type * as Pg from 'pg';
import { FileStoreAccess } from './fileStoreAccess';
import { PostgresStoreAccess } from './postgresStoreAccess';

export interface RuntimeModules {
  durable: typeof Durable;
  internal: typeof DurableInternal;
  /** Opens what a `--store` names, a file or a `postgres://` URL. */
  storeOpening: typeof StoreOpening;
  storeUrl: typeof StoreUrl;
  /** The PostgreSQL client the runtime ships with. */
  pg: typeof Pg;
}

export type ManagementClient = DurableInternal.ManagementClient;

export interface StoreAccess {
  /** What a launch configuration's `"store"` names: the snapshot file, or the database URL. */
  readonly storePath: string;
  /** The store for messages (a URL without its password). */
  readonly label: string;
  /** Where the owner serves its API, when a live process owns the store and serves one. */
  apiUrl(): string | undefined;
  /** Where reads go right now, for the tree's tooltip. */
  describe(): string;
  /** Instances matching `filter`; none when there is no store yet (nothing has run). */
  list(filter: Durable.ListFilter): Promise<Durable.OrchestrationStatus[]>;
  /** An instance's status with its history; undefined when there is no such instance. */
  history(instanceId: string): Promise<Durable.OrchestrationStatus | undefined>;
  read<T>(use: (client: ManagementClient) => Promise<T>): Promise<T | undefined>;
  /** Runs a command that changes the store. */
  write<T>(use: (client: ManagementClient) => Promise<T>): Promise<T>;
  /** Starts an instance in a process known to serve the store; undefined when none is known to (a run must start it). */
  startInServer(name: string, input: unknown): Promise<string | undefined>;
  /** Calls `onChange` once per burst of changes to the store, until disposed. */
  watch(onChange: () => void): { dispose(): void };
  /** Lets go of what the access holds open (a database's connections). */
  dispose(): Promise<void>;
}

/** The access for what `durableTs.explorer.store` (resolved as the CLI resolves `--store`) names. */
export function storeAccessFor(modules: RuntimeModules, location: string): StoreAccess {
  return modules.storeUrl.isPostgresUrl(location) ? new PostgresStoreAccess(modules, location) : new FileStoreAccess(modules, location);
}

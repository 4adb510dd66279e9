/**
 * A PostgreSQL store in the explorer. Every process of a shared task hub reads and writes the database itself, so
 * the explorer does too, as one more client of it (as the CLI's management commands do): no process owns the store
 * and none names an API in a lock. The store is opened on first use and kept open (a connection pool) until the
 * explorer lets go of it; a store that could not be opened is opened again on the next read. Editor-free.
 */
import type * as Durable from 'durable-ts';
import { PostgresWatcher } from './postgresWatcher';
import type { ManagementClient, RuntimeModules, StoreAccess } from './storeAccess';

export class PostgresStoreAccess implements StoreAccess {
  readonly label: string;
  private opened: Promise<{ store: Durable.DurableStore; client: ManagementClient }> | undefined;
  private disposed = false;

  constructor(private readonly modules: RuntimeModules, readonly storePath: string) {
    this.label = modules.storeUrl.redactUrl(storePath);
  }

  /** Nothing tells which processes serve the database: a start from the editor runs in a run of its own. */
  apiUrl(): undefined {
    return undefined;
  }

  describe(): string {
    return `${this.label} (PostgreSQL)`;
  }

  async list(filter: Durable.ListFilter): Promise<Durable.OrchestrationStatus[]> {
    return this.read((client) => client.list(filter));
  }

  async history(instanceId: string): Promise<Durable.OrchestrationStatus | undefined> {
    return this.read((client) => client.getStatus(instanceId, { showHistory: true }));
  }

  async read<T>(use: (client: ManagementClient) => Promise<T>): Promise<T> {
    return use((await this.open()).client);
  }

  async write<T>(use: (client: ManagementClient) => Promise<T>): Promise<T> {
    return use((await this.open()).client);
  }

  async startInServer(): Promise<undefined> {
    return undefined;
  }

  watch(onChange: () => void): { dispose(): void } {
    return new PostgresWatcher(this.modules.pg, this.storePath, onChange);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const opened = this.opened;
    this.opened = undefined;
    await opened?.then(({ store }) => store.close(), () => {});
  }

  private open(): Promise<{ store: Durable.DurableStore; client: ManagementClient }> {
    if (this.disposed) return Promise.reject(new Error(`The explorer no longer reads ${this.label}.`));
    const opening = (this.opened ??= this.modules.storeOpening.openStoreAt(this.storePath).then((store) => ({ store, client: this.modules.durable.createClient({ store }) })));
    // A database that was down, or refused the login, is tried again next time.
    opening.catch(() => {
      if (this.opened === opening) this.opened = undefined;
    });
    return opening;
  }
}

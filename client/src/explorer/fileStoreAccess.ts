/**
 * Reaching an embedded store's instances from the editor, as the CLI's management commands do: through the HTTP API of the
 * process that owns the store (`serve`, `run`, a debug session: each names its API in the store's lock), else
 * the store's files themselves: for reading, a copy of them, so browsing never writes a byte and never holds the
 * store's lock (a run or a debug session starting meanwhile would be refused); opened for the one command, and
 * closed again, to change something. Editor-free.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Durable from 'durable-ts';
import { StoreWatcher } from './storeWatcher';
import type { ManagementClient, RuntimeModules, StoreAccess } from './storeAccess';

export class FileStoreAccess implements StoreAccess {
  constructor(private readonly modules: RuntimeModules, readonly storePath: string) {}

  get label(): string {
    return this.storePath;
  }

  watch(onChange: () => void): { dispose(): void } {
    return new StoreWatcher(this.storePath, onChange);
  }

  /** Nothing stays open between reads. */
  async dispose(): Promise<void> {}

  /** Where the owner serves its API, when a live process owns the store and serves one. */
  apiUrl(): string | undefined {
    return this.modules.internal.readLockOwner(this.storePath)?.httpUrl;
  }

  exists(): boolean {
    return fs.existsSync(this.storePath) || fs.existsSync(`${this.storePath}-log`);
  }

  /** Where reads go right now, for the tree's tooltip: the owner's API or the file. */
  describe(): string {
    const url = this.apiUrl();
    return url ? `${this.storePath} (through ${url})` : this.storePath;
  }

  /** Instances matching `filter`; none when there is no store yet (nothing has run). */
  async list(filter: Durable.ListFilter): Promise<Durable.OrchestrationStatus[]> {
    return (await this.read((client) => client.list(filter))) ?? [];
  }

  /** An instance's status with its history; undefined when there is no such instance. */
  async history(instanceId: string): Promise<Durable.OrchestrationStatus | undefined> {
    return this.read((client) => client.getStatus(instanceId, { showHistory: true }));
  }

  async read<T>(use: (client: ManagementClient) => Promise<T>): Promise<T | undefined> {
    const url = this.apiUrl();
    if (url) {
      try {
        return await use(new this.modules.internal.RemoteClient(url));
      } catch (error) {
        // An owner that is stopping closes its API before it lets go of the lock: its files say the same.
        if (!isUnreachable(error)) throw error;
      }
    }
    if (!this.exists()) return undefined;
    return this.withCopy(use);
  }

  /** Runs a command that changes the store: through the owner's API, or on the store opened for it alone. */
  async write<T>(use: (client: ManagementClient) => Promise<T>): Promise<T> {
    const url = this.apiUrl();
    if (url) return use(new this.modules.internal.RemoteClient(url));
    if (!this.exists()) throw new Error(`No store at ${this.storePath} yet: run an orchestration first (F5, or durable-ts run).`);
    return this.withStore(use);
  }

  /** Starts an instance in the process that owns the store; undefined when no process serves it (nothing would run it). */
  async startInServer(name: string, input: unknown): Promise<string | undefined> {
    const url = this.apiUrl();
    return url ? new this.modules.internal.RemoteClient(url).start(name, input) : undefined;
  }

  /**
   * Reads a copy of the store's files, taken journal first: a snapshot written meanwhile then holds everything the
   * copied journal does (what the journal repeats of it is skipped on opening), and a journal append cut short by
   * the copy is a torn tail, dropped. Opening the copy read-only takes the copy's lock, never the store's.
   */
  private async withCopy<T>(use: (client: ManagementClient) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-explorer-'));
    try {
      const copy = path.join(dir, path.basename(this.storePath));
      for (const suffix of ['-log', '']) {
        try {
          fs.copyFileSync(`${this.storePath}${suffix}`, `${copy}${suffix}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // a store may have only one of them yet
        }
      }
      const store = await this.modules.durable.openStore({ path: copy, readOnly: true });
      try {
        return await use(this.modules.durable.createClient({ store }));
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  private async withStore<T>(use: (client: ManagementClient) => Promise<T>): Promise<T> {
    const store = await this.modules.durable.openStore({ path: this.storePath });
    try {
      return await use(this.modules.durable.createClient({ store }));
    } finally {
      await store.close();
    }
  }
}

/** The RemoteClient's error for an API nothing listens at any more. */
function isUnreachable(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Cannot reach the durable-ts server');
}

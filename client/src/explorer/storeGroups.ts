/**
 * Which stores the Instances view shows: each workspace folder's (its `durableTs.explorer.store`, else the CLI's
 * `.durable` there), then the store of each debug session that runs on another one (a launch configuration's
 * `"store"`), each store once. Editor-free.
 */
import * as path from 'node:path';

export interface StoreGroup {
  /** The store, resolved as the CLI resolves `--store`: the snapshot file, or the database URL. */
  location: string;
  /** What the view calls it: the folder's name, or the session's. */
  label: string;
  /** The workspace folder it belongs to, whose sources hold the orchestrations of its instances; a session's folder. */
  folderPath?: string;
  /** From a debug session, not a folder's setting. */
  fromSession?: boolean;
}

export interface FolderStore {
  name: string;
  path: string;
  /** The folder's `durableTs.explorer.store`, unresolved; empty or undefined for the default. */
  configured?: string;
}

/** What the explorer reads of a debug session's configuration (after VS Code substituted its variables). */
export interface SessionStore {
  name: string;
  folderPath?: string;
  configuration: { store?: unknown; cwd?: unknown; program?: unknown };
}

export type ResolveStorePath = (given: string | undefined, cwd: string) => string;

/** The folders' stores, then the sessions' other stores; with no folder open, the store of the current directory. */
export function storeGroups(folders: readonly FolderStore[], sessions: readonly SessionStore[], resolve: ResolveStorePath, fallbackCwd: string): StoreGroup[] {
  const groups: StoreGroup[] = folders.map((folder) => ({ location: resolve(folder.configured || undefined, folder.path), label: folder.name, folderPath: folder.path }));
  if (groups.length === 0) groups.push({ location: resolve(undefined, fallbackCwd), label: path.basename(fallbackCwd) });
  for (const session of sessions) {
    const location = sessionStoreLocation(session, resolve);
    if (location && !groups.some((group) => group.location === location)) groups.push({ location, label: session.name, folderPath: session.folderPath, fromSession: true });
  }
  return groups;
}

/**
 * The store a session runs on, as the debug adapter resolves it: a relative `"store"` against the launch's `cwd`,
 * else the program's folder. Undefined for a launch with no store of its own (an attach, a replay of a history file).
 */
export function sessionStoreLocation(session: SessionStore, resolve: ResolveStorePath): string | undefined {
  const { store, cwd, program } = session.configuration;
  if (typeof store !== 'string' || !store) return undefined;
  const base = typeof cwd === 'string' ? cwd : typeof program === 'string' ? path.dirname(path.resolve(session.folderPath ?? '', program)) : session.folderPath;
  return resolve(store, base ?? path.resolve('/'));
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPostgresUrl } from './postgres/storeUrl';

/** Where the CLI and the debugger keep a store when told nothing: relative to the current (or the launch's) folder. */
export const DEFAULT_STORE = '.durable/store.db';
/** The snapshot's file name in a store directory. */
const STORE_FILE_IN_DIRECTORY = 'store.db';

/**
 * The snapshot file a `--store` (or a launch's `"store"`) names. A store is a file (`.durable/store.db`) or the
 * directory that holds it (`.durable`, as the docs write it): an existing directory, or a new path with no file
 * extension, holds `store.db`. So `.durable` and `.durable/store.db` are the same store, and the default. A
 * `postgres://` URL is returned as it is.
 */
export function resolveStorePath(given: string | undefined, cwd: string): string {
  // A PostgreSQL URL names a database, not a file.
  if (isPostgresUrl(given)) return given;
  const resolved = path.resolve(cwd, given ?? DEFAULT_STORE);
  if (isDirectory(resolved) || (!fs.existsSync(resolved) && namesADirectory(given ?? DEFAULT_STORE))) {
    return path.join(resolved, STORE_FILE_IN_DIRECTORY);
  }
  return resolved;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** `.durable`, `stores/orders/`: no extension after the name (a leading dot starts a name, not an extension). */
function namesADirectory(given: string): boolean {
  return /[\\/]$/.test(given) || path.extname(path.basename(given)) === '';
}

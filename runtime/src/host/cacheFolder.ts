import * as os from 'node:os';
import * as path from 'node:path';

/** A folder of the user's Durable TS cache (DURABLE_TS_CACHE moves it; `off` turns every cache off). */
export function durableCacheFolder(name: string): string | undefined {
  const configured = process.env.DURABLE_TS_CACHE;
  if (configured === 'off') return undefined;
  if (configured) return path.resolve(configured, name);
  return path.join(userCacheRoot(), 'durable-ts', name);
}

/** Where the platform keeps a user's caches. */
function userCacheRoot(): string {
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  return process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
}

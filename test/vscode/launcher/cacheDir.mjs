import os from 'node:os';
import path from 'node:path';

/**
 * Everything the launchers install lives outside the clone, so fresh clones and CI runs on the same machine
 * reuse it instead of paying a multi-minute install each time.
 */
export function e2eCacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'durable-ts-e2e');
}

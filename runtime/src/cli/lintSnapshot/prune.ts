import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * How many snapshots the cache keeps, the most recently used first (a lint touches the one it starts from): one per
 * checkout or installed version in use, with room for a few, since each is tens of megabytes and every build of the
 * lint makes a new one.
 */
export const SNAPSHOTS_KEPT = 3;
/** Snapshots, and failure marks, unused for this long are removed even when fewer than SNAPSHOTS_KEPT remain. */
const UNUSED_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/** Removes the cache's snapshots beyond the SNAPSHOTS_KEPT last used (`kept` always stays), and old failure marks. */
export function pruneSnapshots(folder: string, kept: string): void {
  const now = Date.now();
  const entries = fs.readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    const lastUsed = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    return file !== kept && lastUsed !== undefined && /\.(blob|failed)$/.test(name) ? [{ file, name, lastUsed }] : [];
  });
  const snapshots = entries.filter((entry) => entry.name.endsWith('.blob')).sort((a, b) => b.lastUsed - a.lastUsed);
  const surplus = new Set(snapshots.slice(SNAPSHOTS_KEPT - 1).map((entry) => entry.file));
  for (const entry of entries) {
    if (surplus.has(entry.file) || entry.lastUsed < now - UNUSED_FOR_MS) fs.rmSync(entry.file, { force: true });
  }
}

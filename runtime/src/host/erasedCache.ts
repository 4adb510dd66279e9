/**
 * A cache of type-erased sources on disk, so that launching an app whose files did not change since the last
 * launch loads no TypeScript compiler at all (loading it is most of a TypeScript app's start). An entry is named by
 * a hash of the source and of the eraser's versions, so an edited file, or another eraser, never meets a stale entry.
 * It lives in the user's own cache folder (made private to them: its entries are code that runs); set
 * DURABLE_TS_CACHE to another folder, or to `off`. A cache that cannot be read or written is only slower.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { durableCacheFolder } from './cacheFolder';

/** Entries unused for this long are removed (at most once per process, when one is added). */
const UNUSED_FOR_MS = 30 * 24 * 60 * 60 * 1000;

let pruned = false;

/** The erased source from the cache, or erased now by `erase` (and kept, unless it threw). */
export function cachedErasure(source: string, eraser: string, erase: (source: string) => string): string {
  const dir = durableCacheFolder('erased');
  if (!dir) return erase(source);
  const entry = path.join(dir, `${createHash('sha256').update(`${eraser}\0${source}`).digest('hex')}.js`);
  const cached = readEntry(entry);
  if (cached !== undefined) return cached;
  const erased = erase(source);
  writeEntry(dir, entry, erased);
  return erased;
}

function readEntry(entry: string): string | undefined {
  try {
    const text = fs.readFileSync(entry, 'utf8');
    // Marks it used, off the loading path: pruning keeps what is used.
    const now = new Date();
    fs.utimes(entry, now, now, () => {});
    return text;
  } catch {
    return undefined;
  }
}

function writeEntry(dir: string, entry: string, erased: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written whole, then renamed: a process reading it meanwhile (another launch) sees all of it or nothing.
    const partial = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
    fs.writeFileSync(partial, erased, { mode: 0o600 });
    fs.renameSync(partial, entry);
    if (!pruned) {
      pruned = true;
      pruneUnused(dir);
    }
  } catch {
    // A read-only or full disk: the next launch erases the file again.
  }
}

function pruneUnused(dir: string): void {
  const cutoff = Date.now() - UNUSED_FOR_MS;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.unlinkSync(file);
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

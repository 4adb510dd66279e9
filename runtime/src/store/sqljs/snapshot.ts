import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDirectory } from './directory';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0');

export function looksLikeSqlite(contents: Uint8Array): boolean {
  return contents.length >= SQLITE_HEADER.length && SQLITE_HEADER.equals(contents.subarray(0, SQLITE_HEADER.length));
}

/** Replace the snapshot atomically: write a temp file, fsync it, rename it over, fsync the directory. */
export function writeSnapshotAtomically(target: string, contents: Uint8Array): void {
  const temp = `${target}.tmp-${process.pid}`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, contents);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  syncDirectory(path.dirname(target));
}

/**
 * A host killed while writing a snapshot leaves the temp file behind, as large as the database. Only the store's
 * owner writes snapshots, so once it holds the lock any such file is abandoned.
 */
export function removeAbandonedSnapshots(target: string): void {
  const prefix = `${path.basename(target)}.tmp-`;
  for (const name of fs.readdirSync(path.dirname(target))) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(path.dirname(target), name), { force: true });
  }
}

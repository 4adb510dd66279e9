import * as fs from 'node:fs';
import * as path from 'node:path';

/** Make the entries of `dir` (files created, renamed or removed in it) survive a power failure. */
export function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Create `dir` and any missing parents, syncing each new entry into its parent. */
export function makeDirectoryDurably(dir: string): void {
  const firstCreated = fs.mkdirSync(dir, { recursive: true });
  if (firstCreated === undefined) return;
  for (let created = dir; ; created = path.dirname(created)) {
    syncDirectory(path.dirname(created));
    if (created === firstCreated) return;
  }
}

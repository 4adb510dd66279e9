import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The files of one store in a fresh temp directory: the snapshot, its journal and its lock. */
export interface StoreFiles {
  dir: string;
  store: string;
  journal: string;
  lock: string;
  remove(): void;
}

export function freshStoreFiles(prefix: string): StoreFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `durable-ts-${prefix}-`));
  const store = path.join(dir, 'store.db');
  return { dir, store, journal: `${store}-log`, lock: `${store}.lock`, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Fresh store files for each call within a test (and any `track`ed others, such as crash images), all removed after
 * it: `const files = trackedStoreFiles(); afterEach(files.removeAll)`.
 */
export function trackedStoreFiles(): ((prefix: string) => StoreFiles) & { track(files: StoreFiles): StoreFiles; removeAll(): void } {
  const made: StoreFiles[] = [];
  const track = (files: StoreFiles) => (made.push(files), files);
  const files = (prefix: string) => track(freshStoreFiles(prefix));
  return Object.assign(files, { track, removeAll: () => made.splice(0).forEach((fresh) => fresh.remove()) });
}

/** Every file in the directory with its exact bytes, to prove an operation left them untouched. */
export function snapshotBytes(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name))]));
}

/**
 * What a crash at this instant would leave on disk: a copy of a live store's snapshot and journal, without its
 * lock (its owner is gone). The live store stays open and untouched.
 */
export function crashImage(live: StoreFiles, prefix: string): StoreFiles {
  const image = freshStoreFiles(prefix);
  for (const [from, to] of [[live.store, image.store], [live.journal, image.journal]]) {
    if (fs.existsSync(from)) fs.copyFileSync(from, to);
  }
  return image;
}

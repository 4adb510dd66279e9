/**
 * Tells when a store changes: its snapshot, its journal (every commit appends to it, whoever owns the store) or
 * its lock (an owner comes, goes or starts serving). Kernel file events, no polling: a quiet store costs nothing.
 * Editor-free.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CHANGE_SETTLE_MS = 150;

export class StoreWatcher {
  private watcher: fs.FSWatcher | undefined;
  private settle: NodeJS.Timeout | undefined;
  private closed = false;

  /** `onChange` is called once per burst of changes (a running instance commits many times a second). */
  constructor(private readonly storePath: string, private readonly onChange: () => void, private readonly settleMs = CHANGE_SETTLE_MS) {
    this.watch();
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.settle);
    this.watcher?.close();
  }

  /** Watches the store's folder, or, until that exists, the nearest folder above it that does. */
  private watch(): void {
    if (this.closed) return;
    this.watcher?.close();
    const storeDir = path.dirname(this.storePath);
    const watched = nearestExisting(storeDir);
    const names = new Set([path.basename(this.storePath), `${path.basename(this.storePath)}-log`, `${path.basename(this.storePath)}.lock`]);
    try {
      this.watcher = fs.watch(watched, (_event, file) => {
        if (watched !== storeDir) {
          if (fs.existsSync(storeDir)) (this.watch(), this.changed());
          return;
        }
        // Without a file name (some platforms), anything in the folder may be the store.
        if (!file || names.has(file.toString()) || !fs.existsSync(watched)) this.changed();
        if (!fs.existsSync(watched)) this.watch();
      });
      this.watcher.on('error', () => this.watch());
    } catch {
      this.watcher = undefined; // the folder vanished between the check and the watch: look again shortly
      this.settle = setTimeout(() => this.watch(), this.settleMs);
    }
  }

  private changed(): void {
    if (this.settle || this.closed) return;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      if (!this.closed) this.onChange();
    }, this.settleMs);
  }
}

function nearestExisting(folder: string): string {
  for (let current = folder; ; current = path.dirname(current)) {
    if (fs.existsSync(current) || path.dirname(current) === current) return current;
  }
}

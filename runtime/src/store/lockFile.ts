import * as fs from 'node:fs';
import * as os from 'node:os';
import { StoreLockedError } from '../api/errors';

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
  /** Where the owner serves the HTTP management API, so other tools can reach it instead of the store. */
  httpUrl?: string;
}

/** One process owns a store at a time. The lock file names its owner; a dead owner's lock is taken over. */
export class StoreLock {
  private constructor(readonly path: string, private owner: LockOwner) {}

  static acquire(storePath: string): StoreLock {
    const lockPath = `${storePath}.lock`;
    const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx' });
        return new StoreLock(lockPath, owner);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readOwner(lockPath);
      if (current === 'gone') continue;
      if (current && isAlive(current)) throw new StoreLockedError(storePath, describe(current));
      takeOverStale(lockPath, current);
    }
    throw new StoreLockedError(storePath, 'another process that keeps re-creating its lock');
  }

  /** Record where this owner serves HTTP, for CLI commands run while it holds the store. */
  advertise(httpUrl: string): void {
    this.owner = { ...this.owner, httpUrl };
    fs.writeFileSync(this.path, JSON.stringify(this.owner));
  }

  release(): void {
    const current = readOwner(this.path);
    if (current && current !== 'gone' && current.pid === this.owner.pid) fs.rmSync(this.path, { force: true });
  }
}

export function readLockOwner(storePath: string): LockOwner | undefined {
  const owner = readOwner(`${storePath}.lock`);
  return owner && owner !== 'gone' && isAlive(owner) ? owner : undefined;
}

function readOwner(lockPath: string): LockOwner | undefined | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    return undefined; // a lock torn by a crash while it was written: its owner is gone
  }
}

/** Move a dead owner's lock aside atomically; if someone else took it over first, leave theirs alone. */
function takeOverStale(lockPath: string, stale: LockOwner | undefined): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const movedSomeoneElses = moved && moved !== 'gone' && (!stale || moved.pid !== stale.pid) && isAlive(moved);
  if (movedSomeoneElses) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // A third process already holds the lock; it is the owner now.
    }
  }
  fs.rmSync(aside, { force: true });
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true; // cannot tell for another machine: assume it lives
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(owner.pid);
}

/** A SIGKILLed process its parent has not reaped yet still answers kill(pid, 0), but it holds nothing. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function describe(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.hostname} (started ${owner.startedAt}: ${owner.command})`;
}

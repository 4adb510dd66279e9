import { createHash } from 'node:crypto';
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
  /** Which process exactly (boot and start time): after a reboot or a container restart its pid can be another's. */
  process?: string;
}

/** One process owns a store at a time. The lock file names its owner; a dead owner's lock is taken over. */
export class StoreLock {
  private constructor(readonly path: string, private owner: LockOwner) {}

  static acquire(storePath: string): StoreLock {
    const lockPath = `${storePath}.lock`;
    const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' '), process: processIdentity(process.pid) };
    const ownerText = JSON.stringify(owner);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (createExclusively(lockPath, ownerText)) return new StoreLock(lockPath, owner);
      const text = readText(lockPath);
      if (text === undefined) continue; // released meanwhile
      const current = parseOwner(text);
      if (current && isAlive(current)) throw new StoreLockedError(storePath, describe(current));
      if (replaceStale(lockPath, text, ownerText)) return new StoreLock(lockPath, owner);
      pause(); // another process is taking the dead owner's lock over: see who won
    }
    throw new StoreLockedError(storePath, 'another process that keeps re-creating its lock');
  }

  /** Record where this owner serves HTTP, for CLI commands run while it holds the store. */
  advertise(httpUrl: string): void {
    this.owner = { ...this.owner, httpUrl };
    // Replaced atomically: a reader must never see a half-written lock, which it would take for a dead owner's.
    replaceAtomically(this.path, JSON.stringify(this.owner));
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
  const text = readText(lockPath);
  return text === undefined ? 'gone' : parseOwner(text);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // ENOTDIR: a file where a folder of the path should be
    throw error;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    return undefined; // a lock torn by a crash (power loss) while it was written: its owner is gone
  }
}

/** Create `file` with its whole contents at once, unless it exists: others never see it empty or half-written. */
function createExclusively(file: string, text: string): boolean {
  const temp = `${file}.new-${process.pid}`;
  fs.writeFileSync(temp, text);
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function replaceAtomically(file: string, text: string): void {
  const temp = `${file}.new-${process.pid}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

/**
 * Replace a dead owner's lock with ours, if no one else has meanwhile. Contenders for the same dead lock first
 * take a guard named after its contents, so only one of them can check and replace it; the lock file itself
 * never disappears, so no one can slip a fresh lock in between.
 */
function replaceStale(lockPath: string, staleText: string, ownerText: string): boolean {
  const guard = `${lockPath}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`;
  if (!createExclusively(guard, ownerText)) {
    // A contender that crashed in the middle of a takeover leaves its guard behind: clear it for the next attempt.
    const guardText = readText(guard);
    const guardOwner = guardText === undefined ? undefined : parseOwner(guardText);
    if (guardText !== undefined && !(guardOwner && isAlive(guardOwner))) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readText(lockPath) !== staleText) return false;
    replaceAtomically(lockPath, ownerText);
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true; // cannot tell for another machine: assume it lives
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: it exists, as another user's
  }
  if (isZombie(owner.pid)) return false;
  const current = owner.process && processIdentity(owner.pid);
  return !current || current === owner.process;
}

function processIdentity(pid: number): string | undefined {
  try {
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // field 22: start time, in ticks since boot
    return startTime ? `${bootId}/${startTime}` : undefined;
  } catch {
    return undefined;
  }
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

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');
const storeWriter = path.join(repoRoot, 'test/runtime/fixtures/crashStoreWriter.ts');

/** A child process whose stdout lines the test can wait for. */
export interface WatchedChild {
  child: ChildProcess;
  /** Every complete stdout line so far. */
  lines: string[];
  stderr(): string;
  /** Resolves with the first line matching, rejects if the child exits first or the time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function watch(child: ChildProcess): WatchedChild {
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    listeners.forEach((listener) => listener());
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => listeners.forEach((listener) => listener()));
  let done = false;
  exited.then(() => (done = true));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(() => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; stderr: ${stderr}`))), timeoutMs);
        const check = () => {
          const line = lines.find((candidate) => pattern.test(candidate));
          if (line !== undefined) finish(() => resolve(line));
          else if (done) finish(() => reject(new Error(`The child exited before printing a line matching ${pattern}; stderr: ${stderr}`)));
        };
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Run the store-writer fixture (see crashStoreWriter.ts) and wait until it has the store open. */
export async function startStoreWriter(mode: 'hold' | 'advertise' | 'commit', store: string, snapshotAfterBytes?: number): Promise<WatchedChild> {
  const args = ['--import', 'tsx', storeWriter, mode, store, ...(snapshotAfterBytes ? [String(snapshotAfterBytes)] : [])];
  const watched = watch(spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
  await watched.waitForLine(/^ready /);
  return watched;
}

/** SIGKILL, the way a crash ends a process: no exit handlers, no close(). Resolves once it is gone and reaped. */
export async function crash(watched: WatchedChild): Promise<void> {
  watched.child.kill('SIGKILL');
  await watched.exited;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import * as fs from 'node:fs';

/** Whether the process has exited (a zombie left for its new parent to reap counts). */
export function hasExited(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

/** Resolves once the process has exited; fails after `timeoutMs`. */
export async function exitOf(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!hasExited(pid)) {
    if (Date.now() > deadline) throw new Error(`the host (process ${pid}) still runs ${timeoutMs} ms later`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

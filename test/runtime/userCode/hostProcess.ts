import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliMain, fixtureApp, repoRoot, tempDir } from '../cli/cliProcess';
import { watch, type WatchedChild } from '../store/support/processes';
import { openStore } from '../../../runtime/src/store/open';
import type { InstanceRow } from '../../../runtime/src/store/types';

export const hostileApp = fixtureApp('hostile.ts');

/** A store directory plus the file the hostile app's activities log their starts to. */
export function hostileDir(prefix: string) {
  const temp = tempDir(prefix);
  const log = path.join(temp.dir, 'activity-starts.txt');
  return {
    ...temp,
    log,
    lock: `${temp.store}.lock`,
    /** The activity starts so far, as `<activity> <pid>` lines. */
    starts: (): string[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}

const hosts = new Set<WatchedChild>();

/** SIGKILL every host a test started and did not see exit (a failed test must not leave one running). */
export async function killHosts(): Promise<void> {
  for (const host of hosts) {
    if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL');
    await host.exited;
  }
  hosts.clear();
}

/** `durable-ts <args>` as a real process (optionally with Node flags such as a small heap), its stdout watched. */
export function startHost(args: string[], options: { log: string; nodeFlags?: string[] }): WatchedChild {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), cliMain, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', HOSTILE_LOG: options.log },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const host = watch(child);
  hosts.add(host);
  return host;
}

/** Resolves once `condition()` holds; polls, since what it waits for happens in another process. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The instance as the store on disk has it (opened after the host is gone). */
export async function storedInstance(store: string, instanceId: string): Promise<InstanceRow | undefined> {
  const opened = await openStore({ path: store });
  try {
    return await opened.getInstance(instanceId);
  } finally {
    await opened.close();
  }
}

/** The URL a `serve` process printed. */
export async function servedUrl(host: WatchedChild): Promise<string> {
  const line = await host.waitForLine(/Serving .* on http:\/\/\S+/, 15_000);
  return /on (http:\/\/\S+)/.exec(line)![1];
}

/**
 * Processes of one PostgreSQL task hub for the multi-process tests: `durable-ts worker` and `serve` members running
 * the hand-over app, named so its activities can say which member ran them, and the checks every instance's history
 * must pass however its work moved between them.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { HistoryEvent, HistoryEventType } from '../../../runtime/src/api/types';
import { repoRoot, watch, type WatchedChild } from '../store/support/processes';

const cliMain = path.join(repoRoot, 'runtime/dist/cli/main.js');
export const handoverApp = path.join(repoRoot, 'test/runtime/fixtures/handoverApp.ts');

export interface MemberOptions {
  /** `--lease-ms`; the CLI's default when absent. */
  leaseMs?: number;
  /** Written by the app's `HangOnce` activity. */
  sideEffects?: string;
  /** Node's own flags, before the CLI's script. */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

export interface HubMember extends WatchedChild {
  name: string;
  /** A `serve` member's HTTP base URL. */
  url?: string;
}

/** Start `durable-ts worker|serve` on the hand-over app and wait until it works on the store. */
export async function startMember(command: 'worker' | 'serve', name: string, store: string, options: MemberOptions = {}): Promise<HubMember> {
  const args = [...(options.nodeFlags ?? []), cliMain, command, handoverApp, '--store', store, '--quiet'];
  if (command === 'serve') args.push('--port', '0');
  if (options.leaseMs !== undefined) args.push('--lease-ms', String(options.leaseMs));
  const env = { ...process.env, ...options.env, HUB_MEMBER: name, ...(options.sideEffects ? { HUB_SIDE_EFFECTS: options.sideEffects } : {}) };
  const watched = watch(spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const ready = await watched.waitForLine(command === 'serve' ? /^Serving .* on http/ : /^Working on/, 30_000);
  return { ...watched, name, url: ready.match(/on (http:\/\/\S+)/)?.[1] };
}

/**
 * What must hold of a finished instance's history whichever process ran which turn: events numbered without gap
 * or repeat, one start, one end, and each event in `once` recorded exactly once.
 */
export function checkHistory(instanceId: string, history: HistoryEvent[], once: HistoryEventType[], end: HistoryEventType = 'ExecutionCompleted'): void {
  assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), `${instanceId}: events numbered without gap or repeat`);
  for (const type of ['ExecutionStarted', end, ...once]) {
    assert.equal(history.filter((event) => event.EventType === type).length, 1, `${instanceId}: one ${type} in ${JSON.stringify(history.map((event) => event.EventType))}`);
  }
}

/**
 * What a unit test of orchestrators needs: replay a history exported from a real store against the code under
 * test, and an in-memory runtime whose durable timers fire at once.
 */
import type { DurableApp } from './api/app';
import { createRuntime, type DurableRuntime, type RuntimeOptions } from './runtime';
import { exportedInstance } from './check/exportedHistory';
import { replayOrThrow } from './check/replayCheck';

/**
 * Replay an exported history (`durable-ts history <id> --format json`, as an object or JSON text) against the app's
 * code, running nothing. Resolves when the code makes the recorded calls; rejects with the NonDeterminismError a
 * worker would fail the instance with (the history event, the recorded and the new call, the new call's line).
 */
export async function replayHistory(app: DurableApp, history: unknown): Promise<void> {
  await replayOrThrow(app, exportedInstance(history, 'The history given to replayHistory'));
}

/**
 * An in-memory runtime over `app` with time skipping: when nothing else can run, the next durable timer fires at
 * once, so a test of a three-day timeout takes milliseconds. Close it when done.
 */
export function createTestRuntime(app: DurableApp, options: Omit<RuntimeOptions, 'app' | 'store'> = {}): Promise<DurableRuntime> {
  return createRuntime({ timeSkip: true, ...options, app });
}

import type { DurableRuntime } from 'durable-ts';
import type { RunningHttpApi } from 'durable-ts/debugging';
import type { DebugState } from './debugState';
import { report } from './reportChannel';

/**
 * How long a stopping host waits for the turn and the activities running when Stop came (the code a paused host
 * runs on from its stop) to record what they did; longer work is redone when the instance continues.
 */
const FINISH_RUNNING_MS = 1_000;

/**
 * The session's Stop (or Restart) reaches the host as SIGTERM, after the adapter has let a paused host run again:
 * everything the run recorded is made durable and the store closed before the host exits, so a later session (or
 * `durable-ts run`) continues from there and re-runs no completed activity. A paused host is first asked to start
 * no more work (`state`'s stopWork): the code it runs on from its stop finishes its turn, which is recorded, but
 * starts no activity that a relaunch would then find done and not stop before. Turns and activities still running
 * after FINISH_RUNNING_MS are not waited for: what they would record is redone when the instance continues.
 */
export function stopOnRequest(runtime: DurableRuntime, api: Promise<RunningHttpApi>, instanceId: () => string | undefined, state: DebugState | undefined): void {
  let workStopped: Promise<unknown> | undefined;
  // No new turn, activity or timer starts from here; what runs finishes (within the time given) and is recorded.
  const stopWork = () => (workStopped ??= runtime.worker.stop({ timeoutMs: FINISH_RUNNING_MS }).catch(() => {}));
  if (state) state.stopWork = () => void stopWork();
  process.once('SIGTERM', () => {
    void stop(runtime, api, stopWork(), instanceId()).then(
      () => process.exit(0),
      (error: unknown) => {
        report({ kind: 'error', message: `Stopping did not finish cleanly: ${error instanceof Error ? error.message : String(error)}` });
        process.exit(1);
      },
    );
  });
}

async function stop(runtime: DurableRuntime, api: Promise<RunningHttpApi>, workStopped: Promise<unknown>, instanceId: string | undefined): Promise<void> {
  void api.then((served) => served.close());
  await workStopped;
  await runtime.store.close();
  const continueWith = instanceId ? ` Launch again with "instanceId": "${instanceId}" to continue it.` : '';
  report({ kind: 'output', text: `Stopped: everything recorded so far is in the store ${runtime.store.description}.${continueWith}\n` });
}

import type { DurableRuntime } from 'durable-ts';
import type { RunningHttpApi } from 'durable-ts/debugging';
import type { DebugState } from './debugState';
import { report } from './reportChannel';

/**
 * The session's Stop (or Restart) reaches the host as SIGTERM, after the adapter has let a paused host run again:
 * everything the run recorded is made durable and the store closed before the host exits, so a later session (or
 * `durable-ts run`) continues from there and re-runs no completed activity. Turns and activities still running are
 * not waited for: what they would record is redone when the instance continues. A paused host is first asked to
 * start no more work (`state`'s stopWork): between the adapter's resume and the signal, the code it lets run must
 * not go on to run the next activity, which a relaunch would then not stop before.
 */
export function stopOnRequest(runtime: DurableRuntime, api: Promise<RunningHttpApi>, instanceId: () => string | undefined, state: DebugState | undefined): void {
  let workStopped = false;
  const stopWork = () => {
    if (workStopped) return;
    workStopped = true;
    // No new turn, activity or timer starts from here; the store takes what is already on its way.
    void runtime.worker.stop();
  };
  if (state) state.stopWork = stopWork;
  process.once('SIGTERM', () => {
    stopWork();
    void stop(runtime, api, instanceId()).then(
      () => process.exit(0),
      (error: unknown) => {
        report({ kind: 'error', message: `Stopping did not finish cleanly: ${error instanceof Error ? error.message : String(error)}` });
        process.exit(1);
      },
    );
  });
}

async function stop(runtime: DurableRuntime, api: Promise<RunningHttpApi>, instanceId: string | undefined): Promise<void> {
  void api.then((served) => served.close());
  await runtime.store.close();
  const continueWith = instanceId ? ` Launch again with "instanceId": "${instanceId}" to continue it.` : '';
  report({ kind: 'output', text: `Stopped: everything recorded so far is in the store ${runtime.store.description}.${continueWith}\n` });
}

/**
 * The turn watchdog's thread. The main thread writes the number of the orchestrator code it is running into
 * shared memory (0 when none); when one number stays for the deadline, that code has not yielded, and this thread,
 * whose event loop the stuck one cannot block, stops it through the inspector: `Runtime.evaluate` runs on the main
 * thread in an interrupt, at the stuck point (so its stack names the source line, and it can check the code is still
 * stuck), and `Runtime.terminateExecution` unwinds it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Session } from 'node:inspector';

export interface WatchdogThreadData {
  running: Int32Array;
  deadlineMs: number;
  /** The global under which the main thread shares `running`, for the probe evaluated there. */
  globalKey: string;
}

export interface RunawayReport {
  turn: number;
  stack: string;
}

const { running, deadlineMs, globalKey } = workerData as WatchdogThreadData;
const session = new Session();
session.connectToMainThread();
let watched = 0;
let since = Date.now();
let stopping = false;

setInterval(() => {
  const turn = Atomics.load(running, 0);
  if (turn === 0 || turn !== watched || stopping) {
    watched = turn;
    since = Date.now();
    return;
  }
  if (Date.now() - since < deadlineMs) return;
  stopping = true;
  const probe = `Atomics.load(globalThis[Symbol.for(${JSON.stringify(globalKey)})], 0) === ${turn} ? new Error().stack : null`;
  session.post('Runtime.evaluate', { expression: probe }, (error, answer) => {
    const stack = answer?.result?.value;
    if (error || typeof stack !== 'string') {
      stopping = false; // it moved on meanwhile
      return;
    }
    session.post('Runtime.terminateExecution', () => {
      stopping = false;
      watched = 0;
      parentPort!.postMessage({ turn, stack } satisfies RunawayReport);
    });
  });
}, Math.max(20, Math.floor(deadlineMs / 4)));

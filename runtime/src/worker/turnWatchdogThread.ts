/**
 * The turn watchdog's thread. The main thread writes the number of the orchestrator code it is running into
 * shared memory (0 when none); when one number stays for the deadline, that code has not yielded, and this thread,
 * whose event loop the stuck one cannot block, stops it through the inspector: `Runtime.evaluate` runs on the main
 * thread in an interrupt, at the stuck point (so its stack names the source line, and it can check the code is still
 * stuck), and `Runtime.terminateExecution` unwinds it. What was stopped is written to shared memory first: the
 * main thread must know before it runs anything else, the stopped turn's own continuation included.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Session } from 'node:inspector';

export interface WatchdogThreadData {
  /** Where in `slots` the code running now, the code this thread stopped and the length of its stack are. */
  slot: { running: number; stopped: number; stackBytes: number };
  slots: Int32Array;
  /** The stopped code's stack, UTF-8. */
  stack: Uint8Array;
  deadlineMs: number;
  /** The global under which the main thread shares `slots`, for the probe evaluated there. */
  globalKey: string;
  /** The global under which the main thread offers to clear its async id stack (see asyncIdStack.ts), if it can. */
  clearKey: string;
}

const { slot, slots, stack, deadlineMs, globalKey, clearKey } = workerData as WatchdogThreadData;
// Connected only while code is stuck: an idle session would still be a debugger attached to the process.
const session = new Session();
let watched = 0;
let since = Date.now();
let stopping = false;
/** The main thread clears the stopped code's number once it is free again: until then, it is not stuck twice. */
let stoppedTurn = 0;

setInterval(() => {
  const turn = Atomics.load(slots, slot.running);
  if (turn === 0 || turn === stoppedTurn || turn !== watched || stopping) {
    watched = turn;
    since = Date.now();
    return;
  }
  if (Date.now() - since < deadlineMs) return;
  stopping = true;
  session.connectToMainThread();
  const done = () => {
    session.disconnect();
    stopping = false;
    watched = 0;
  };
  // Still stuck: the stack is read, and the async id stack cleared for the stop that follows, in the one interrupt.
  const probe = `Atomics.load(globalThis[Symbol.for(${JSON.stringify(globalKey)})], ${slot.running}) === ${turn} ? (globalThis[Symbol.for(${JSON.stringify(clearKey)})]?.(), new Error().stack) : null`;
  session.post('Runtime.evaluate', { expression: probe }, (error, answer) => {
    const text = answer?.result?.value;
    if (error || typeof text !== 'string') return done(); // it moved on meanwhile
    const { written } = new TextEncoder().encodeInto(text, stack);
    Atomics.store(slots, slot.stackBytes, written);
    Atomics.store(slots, slot.stopped, turn);
    stoppedTurn = turn;
    session.post('Runtime.terminateExecution', () => {
      done();
      parentPort!.postMessage('stopped');
    });
  });
}, Math.max(20, Math.floor(deadlineMs / 4)));

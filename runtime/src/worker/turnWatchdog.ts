import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { WatchdogThreadData } from './turnWatchdogThread';
import { stripTypes } from '../host/stripTypes';

/** How long orchestrator code may run without yielding before it is stopped (Temporal's deadlock detection: 2 s). */
export const DEFAULT_TURN_DEADLINE_MS = 2000;

const GLOBAL_KEY = 'durable-ts.runningOrchestratorCode';
const RUNNING = 0;
const STOPPED = 1;
const STACK_BYTES = 2;
/** Recent turns' instances, by turn number modulo its size: the stuck one is found even if others ran since. */
const RECENT = 1024;

/**
 * Stops orchestrator code that does not yield (`while (true) {}`) so the rest of the host keeps running. The
 * executor calls `enteringUserCode` each time it hands the orchestrator a result; the code then runs until the
 * microtasks it started are done, and a tick after them marks it finished. Costs one `process.nextTick` per
 * delivered event on the main thread; the watching happens on another thread.
 */
export class TurnWatchdog {
  private readonly slots = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly stack = new Uint8Array(new SharedArrayBuffer(8192));
  private readonly instances: (string | undefined)[] = new Array(RECENT);
  private turn = 0;
  private readonly thread: Thread;

  /** Undefined when code cannot be watched: a debugger pauses it on purpose. */
  /**
   * Undefined when code cannot be watched: a debugger pauses it on purpose. `onStopped` hears of stopped code when
   * the main thread is free again, unless `takeStopped` told someone first.
   */
  static start(deadlineMs: number, onStopped: () => void): TurnWatchdog | undefined {
    if (deadlineMs <= 0 || inspector.url() !== undefined) return undefined;
    return new TurnWatchdog(deadlineMs, onStopped);
  }

  private constructor(deadlineMs: number, onStopped: () => void) {
    (globalThis as Record<symbol, unknown>)[Symbol.for(GLOBAL_KEY)] = this.slots;
    this.thread = new Thread(threadFile(), {
      workerData: { slot: { running: RUNNING, stopped: STOPPED, stackBytes: STACK_BYTES }, slots: this.slots, stack: this.stack, deadlineMs, globalKey: GLOBAL_KEY } satisfies WatchdogThreadData,
    });
    this.thread.on('message', onStopped);
    // After listening, which would keep the process up again: the watchdog is never the reason a host stays.
    this.thread.unref();
  }

  /** The instance whose code the watchdog stopped since last asked, and where it was; undefined if none. */
  takeStopped(): { instanceId: string; stack: string } | undefined {
    const turn = Atomics.exchange(this.slots, STOPPED, 0);
    const instanceId = turn === 0 ? undefined : this.instances[turn % RECENT];
    if (instanceId === undefined) return undefined;
    return { instanceId, stack: new TextDecoder().decode(this.stack.slice(0, Atomics.load(this.slots, STACK_BYTES))) };
  }

  enteringUserCode(instanceId: string): void {
    const turn = (this.turn = (this.turn % 0x7fffffff) + 1);
    this.instances[turn % RECENT] = instanceId;
    Atomics.store(this.slots, RUNNING, turn);
    process.nextTick(() => Atomics.compareExchange(this.slots, RUNNING, turn, 0));
  }

  stop(): Promise<number> {
    return this.thread.terminate();
  }
}

/**
 * The compiled thread next to this file. Run from sources (the tests do, through a TypeScript loader that worker
 * threads do not get), the .ts file with its types erased, as an ES module.
 */
function threadFile(): string | URL {
  const compiled = path.join(__dirname, 'turnWatchdogThread.js');
  if (fs.existsSync(compiled)) return compiled;
  const source = path.join(__dirname, 'turnWatchdogThread.ts');
  return new URL(`data:text/javascript,${encodeURIComponent(stripTypes(fs.readFileSync(source, 'utf8'), source))}`);
}

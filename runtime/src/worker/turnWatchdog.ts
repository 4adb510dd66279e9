import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { RunawayReport, WatchdogThreadData } from './turnWatchdogThread';
import { stripTypes } from '../host/stripTypes';

/** How long orchestrator code may run without yielding before it is stopped (Temporal's deadlock detection: 2 s). */
export const DEFAULT_TURN_DEADLINE_MS = 2000;

const GLOBAL_KEY = 'durable-ts.runningOrchestratorCode';
/** Recent turns' instances, by turn number modulo its size: the stuck one is found even if others ran since. */
const RECENT = 1024;

/**
 * Stops orchestrator code that does not yield (`while (true) {}`) so the rest of the host keeps running. The
 * executor calls `enteringUserCode` each time it hands the orchestrator a result; the code then runs until the
 * microtasks it started are done, and a tick after them marks it finished. Costs one `process.nextTick` per
 * delivered event on the main thread; the watching happens on another thread.
 */
export class TurnWatchdog {
  private readonly running = new Int32Array(new SharedArrayBuffer(4));
  private readonly instances: (string | undefined)[] = new Array(RECENT);
  private turn = 0;
  private readonly thread: Thread;

  /** Undefined when code cannot be watched: a debugger pauses it on purpose. */
  static start(deadlineMs: number, onRunaway: (instanceId: string, stack: string) => void): TurnWatchdog | undefined {
    if (deadlineMs <= 0 || inspector.url() !== undefined) return undefined;
    return new TurnWatchdog(deadlineMs, onRunaway);
  }

  private constructor(deadlineMs: number, onRunaway: (instanceId: string, stack: string) => void) {
    (globalThis as Record<symbol, unknown>)[Symbol.for(GLOBAL_KEY)] = this.running;
    this.thread = new Thread(threadFile(), { workerData: { running: this.running, deadlineMs, globalKey: GLOBAL_KEY } satisfies WatchdogThreadData });
    this.thread.on('message', ({ turn, stack }: RunawayReport) => {
      const instanceId = this.instances[turn % RECENT];
      if (instanceId !== undefined) onRunaway(instanceId, stack);
    });
    // After the listener: adding a 'message' listener refs the thread's port again, and a watchdog must never keep
    // the process alive (`run` learns it has nothing left to do when the event loop empties).
    this.thread.unref();
  }

  enteringUserCode(instanceId: string): void {
    const turn = (this.turn = (this.turn % 0x7fffffff) + 1);
    this.instances[turn % RECENT] = instanceId;
    Atomics.store(this.running, 0, turn);
    process.nextTick(() => Atomics.compareExchange(this.running, 0, turn, 0));
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

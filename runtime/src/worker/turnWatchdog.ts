import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { WatchdogThreadData } from './turnWatchdogThread';
import { stripTypes } from '../host/stripTypes';
import { asyncIdStackClearer } from './asyncIdStack';

/** How long orchestrator code may run without yielding before it is stopped (Temporal's deadlock detection: 2 s). */
export const DEFAULT_TURN_DEADLINE_MS = 2000;

const GLOBAL_KEY = 'durable-ts.runningOrchestratorCode';
const CLEAR_KEY = 'durable-ts.clearAsyncIdStack';
const RUNNING = 0;
const STOPPED = 1;
const STACK_BYTES = 2;
/** Recent deliveries' instances, by delivery number modulo its size: the stuck one is found even if others ran since. */
const RECENT = 1024;
const WRAP = 0x7fffffff;

/** What the watchdog stopped: the code of one of `suspects` (undefined: of some instance running a turn now). */
export interface StoppedCode {
  suspects: string[] | undefined;
  /** Where the stopped code was. */
  stack: string;
}

/**
 * Stops orchestrator code that does not yield (`while (true) {}`) so the rest of the host keeps running. The
 * executor calls `enteringUserCode` each time it hands the orchestrator a result; the code then runs until the
 * microtasks it started are done. Watching costs the main thread a shared-memory write per delivered result and one
 * microtask and tick per batch of them; no timer, no macrotask. The watching happens on a thread of its own, started
 * when orchestrator code first runs.
 *
 * Deliveries made in one go (a worker starting many turns at once) share a microtask queue, so when code among them
 * is stopped, which one it was is not known: the watchdog names them all as suspects, and the worker runs each of
 * them again on its own, where the stuck one is stopped again, alone.
 */
export class TurnWatchdog {
  private readonly slots = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly stack = new Uint8Array(new SharedArrayBuffer(8192));
  private readonly instances: (string | undefined)[] = new Array(RECENT);
  private delivery = 0;
  /** Every delivery up to this one has had its microtasks run: its code cannot be the stuck code. */
  private finishedThrough = 0;
  private leaveQueued = false;
  private thread: Thread | undefined;

  /**
   * Undefined when code cannot be watched: a debugger pauses it on purpose. `onStopped` hears of stopped code when
   * the main thread is free again, unless `takeStopped` told someone first.
   */
  static start(deadlineMs: number, onStopped: () => void): TurnWatchdog | undefined {
    if (deadlineMs <= 0 || inspector.url() !== undefined) return undefined;
    return new TurnWatchdog(deadlineMs, onStopped);
  }

  private constructor(
    private readonly deadlineMs: number,
    private readonly onStopped: () => void,
  ) {}

  /** The code the watchdog stopped since last asked, and where it was; undefined if none. */
  takeStopped(): StoppedCode | undefined {
    const stopped = Atomics.load(this.slots, STOPPED);
    if (stopped === 0) return undefined;
    const stack = new TextDecoder().decode(this.stack.slice(0, Atomics.load(this.slots, STACK_BYTES)));
    const unfinished = (stopped - this.finishedThrough + WRAP) % WRAP;
    let suspects: string[] | undefined;
    if (unfinished > 0 && unfinished <= RECENT) {
      const ids = new Set<string>();
      for (let back = 0; back < unfinished; back++) ids.add(this.instances[(((stopped - 1 - back + WRAP) % WRAP) + 1) % RECENT]!);
      suspects = [...ids];
    }
    this.finishedThrough = stopped;
    Atomics.store(this.slots, STOPPED, 0);
    // Stopping discarded the microtask that was to mark the stopped delivery finished; results delivered since
    // then counted on it. Mark them all once the code running now is done.
    this.leaveQueued = true;
    queueMicrotask(this.queueLeave);
    return { suspects, stack };
  }

  enteringUserCode(instanceId: string): void {
    const delivery = (this.delivery = (this.delivery % WRAP) + 1);
    this.instances[delivery % RECENT] = instanceId;
    Atomics.store(this.slots, RUNNING, delivery);
    this.thread ??= this.startThread();
    if (this.leaveQueued) return;
    this.leaveQueued = true;
    // A microtask, then a tick: the tick runs once the microtask queue is empty, whether this delivery was made from
    // a microtask (ticks queued there run after the queue drains) or not (ticks would run before it).
    queueMicrotask(this.queueLeave);
  }

  private readonly queueLeave = (): void => {
    this.leaveQueued = false;
    process.nextTick(this.left, this.delivery);
  };

  private readonly left = (delivery: number): void => {
    Atomics.compareExchange(this.slots, RUNNING, delivery, 0);
    // Once code was stopped, which deliveries finished is known only up to the stopped one, until it is taken.
    if (Atomics.load(this.slots, STOPPED) === 0) this.finishedThrough = delivery;
  };

  async stop(): Promise<void> {
    await this.thread?.terminate();
  }

  private startThread(): Thread {
    (globalThis as Record<symbol, unknown>)[Symbol.for(GLOBAL_KEY)] = this.slots;
    (globalThis as Record<symbol, unknown>)[Symbol.for(CLEAR_KEY)] = asyncIdStackClearer();
    const thread = new Thread(threadFile(), {
      // None of the host's own options: inherited, `--import tsx` or a `--require` preload would load into this
      // thread too, costing tens of MB and a CPU-heavy start for a thread that only watches a number.
      execArgv: [],
      workerData: { slot: { running: RUNNING, stopped: STOPPED, stackBytes: STACK_BYTES }, slots: this.slots, stack: this.stack, deadlineMs: this.deadlineMs, globalKey: GLOBAL_KEY, clearKey: CLEAR_KEY } satisfies WatchdogThreadData,
    });
    thread.on('message', this.onStopped);
    // After listening, which would keep the process up again: the watchdog is never the reason a host stays.
    thread.unref();
    return thread;
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

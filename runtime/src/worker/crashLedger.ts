import * as fs from 'node:fs';
import type { ActivityWorkItem, Message } from '../store/types';

/** How many host deaths in a row a work item may be running at before it is failed (`crashLimit`). */
export const DEFAULT_CRASH_LIMIT = 10;

interface LedgerFile {
  /** Set while a host works on the store, cleared when it stops on purpose: still set at start = the last one died. */
  hostRunning: boolean;
  /** Work item key (`a<activity id>`, `m<message id>`) → how many host deaths in a row it was pending at. */
  deaths: Record<string, number>;
}

/** Work that was pending each of the last `crashLimit` times a host died on this store. */
export interface PoisonedWork {
  activities: ActivityWorkItem[];
  /** Instance id → the number of deaths its oldest poisoned message saw. */
  instances: Map<string, number>;
}

/**
 * Poison handling: counts, per work item, the host deaths it was pending at, so that code that kills its host
 * (out of memory, `process.kill`, a native crash) stops being retried after `crashLimit` deaths in a row instead
 * of crashing every restart. A side file next to the store (`<store>.crashes`), written at start and at a
 * deliberate stop only: nothing on the path of a turn or an activity. A death is a start that finds the last
 * host never stopped; a SIGKILL from outside counts too, which is why the limit leaves room for a few.
 */
export class CrashLedger {
  private deaths: Record<string, number> = {};

  constructor(
    private readonly file: string,
    readonly crashLimit = DEFAULT_CRASH_LIMIT,
  ) {}

  /**
   * Called as a host starts on the store, with the work it is about to run. Counts a death for each of those items
   * if the last host died, forgets items no longer pending, and says which are poisoned.
   */
  hostStarting(pending: { activities: ActivityWorkItem[]; messages: Message[] }): PoisonedWork {
    const previous = this.read();
    const died = previous?.hostRunning === true;
    const deaths: Record<string, number> = {};
    const count = (key: string) => {
      const before = previous?.deaths[key] ?? 0;
      deaths[key] = died ? before + 1 : before;
      return deaths[key];
    };
    const activities = pending.activities.filter((item) => count(`a${item.id}`) >= this.crashLimit);
    const instances = new Map<string, number>();
    for (const message of pending.messages) {
      const seen = count(`m${message.id}`);
      if (seen >= this.crashLimit) instances.set(message.instanceId, Math.max(seen, instances.get(message.instanceId) ?? 0));
    }
    this.deaths = Object.fromEntries(Object.entries(deaths).filter(([, seen]) => seen > 0));
    this.write(true);
    return { activities, instances };
  }

  /** The host stops on purpose (gracefully, or at once on a second signal): what it abandoned did not kill it. */
  hostStopped(): void {
    this.write(false);
  }

  private read(): LedgerFile | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as LedgerFile;
    } catch {
      return undefined; // none yet, or cut short by a crash while written: count nothing rather than fail to start
    }
  }

  private write(hostRunning: boolean): void {
    const temp = `${this.file}.tmp-${process.pid}`;
    fs.writeFileSync(temp, JSON.stringify({ hostRunning, deaths: this.deaths } satisfies LedgerFile));
    // Survives the process dying (the page cache keeps it); a power cut may lose one count, never the store.
    fs.renameSync(temp, this.file);
  }
}

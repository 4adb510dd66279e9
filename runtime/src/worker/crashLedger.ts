import * as fs from 'node:fs';
import type { ActivityWorkItem, Message } from '../store/types';

/** How many host deaths in a row a work item may be running at before it is failed (`crashLimit`). */
export const DEFAULT_CRASH_LIMIT = 10;

interface LedgerFile {
  /** Set while a host works on the store, cleared when it stops on purpose: still set at start = the last one died. */
  hostRunning: boolean;
  /** Work item key (`a<activity id>`, `m<message id>`) → how many host deaths in a row it was running at. */
  deaths: Record<string, number>;
  /** Suspects (counted at an earlier death) whose code this host is running now: a death now is theirs too. */
  running?: string[];
}

/** Work that was pending each of the last `crashLimit` times a host died on this store. */
export interface PoisonedWork {
  activities: ActivityWorkItem[];
  /** Instance id → the number of deaths its oldest poisoned message saw. */
  instances: Map<string, number>;
}

/**
 * Poison handling: counts, per work item, the host deaths it was running at, so that code that kills its host
 * (out of memory, `process.kill`, a native crash) stops being retried after `crashLimit` deaths in a row instead
 * of crashing every restart. A side file next to the store (`<store>.crashes`). A death is a start that finds the
 * last host never stopped; a SIGKILL from outside counts too, which is why the limit leaves room for a few.
 *
 * The first death an item is pending at makes it a suspect (and counts once: what ran is not recorded for work
 * never suspected, which keeps the file off the path of every turn and activity). From then on the file records
 * when a suspect's code starts and settles (for an activity, until the turn that takes its result has run), so a
 * later death counts only if that code was running: not when the host died before it ran the item again, nor while
 * the item's result waited for its sync.
 */
export class CrashLedger {
  private deaths: Record<string, number> = {};
  private readonly running = new Set<string>();
  private suspects = 0;
  /**
   * A suspect activity's result (message key → the activity's key), until the turn that takes it has run: that
   * result is not durable before then, so a death in that turn finds the activity pending again, and is its death.
   */
  private readonly resultsOfSuspects = new Map<string, string>();

  constructor(
    private readonly file: string,
    readonly crashLimit = DEFAULT_CRASH_LIMIT,
  ) {}

  /**
   * Called as a host starts on the store, with the work it is about to run. If the last host died, counts that
   * death for each of those items not suspected before, and for each suspect whose code it was running; forgets
   * items no longer pending, and says which are poisoned.
   */
  hostStarting(pending: { activities: ActivityWorkItem[]; messages: Message[] }): PoisonedWork {
    const previous = this.read();
    const died = previous?.hostRunning === true;
    const wasRunning = new Set(previous?.running ?? []);
    const deaths: Record<string, number> = {};
    const count = (key: string) => {
      const before = previous?.deaths[key] ?? 0;
      deaths[key] = died && (before === 0 || wasRunning.has(key)) ? before + 1 : before;
      return deaths[key];
    };
    const activities = pending.activities.filter((item) => count(activityKey(item)) >= this.crashLimit);
    const instances = new Map<string, number>();
    for (const message of pending.messages) {
      const seen = count(messageKey(message));
      if (seen >= this.crashLimit) instances.set(message.instanceId, Math.max(seen, instances.get(message.instanceId) ?? 0));
    }
    this.deaths = Object.fromEntries(Object.entries(deaths).filter(([, seen]) => seen > 0));
    this.suspects = Object.keys(this.deaths).length;
    this.running.clear();
    this.resultsOfSuspects.clear();
    this.write(true);
    return { activities, instances };
  }

  /** Whether any pending work is suspected (it was pending at a death): only then is what runs recorded. */
  get hasSuspects(): boolean {
    return this.suspects > 0;
  }

  /**
   * Work whose code is about to run: a suspect among it (or the suspect activity whose result it takes) is recorded
   * first, so that a death while it runs counts.
   */
  starting(keys: readonly string[]): void {
    let changed = false;
    for (const key of keys) {
      for (const suspect of [key, this.resultsOfSuspects.get(key)]) {
        if (suspect === undefined || !this.deaths[suspect] || this.running.has(suspect)) continue;
        this.running.add(suspect);
        changed = true;
      }
    }
    if (changed) this.write(true);
  }

  /** Work whose code has settled (its result may still wait for a sync): a death from now on is not its doing. */
  settled(keys: readonly string[]): void {
    let changed = false;
    for (const key of keys) {
      const activity = this.resultsOfSuspects.get(key);
      this.resultsOfSuspects.delete(key);
      changed = this.running.delete(key) || changed;
      if (activity !== undefined) changed = this.running.delete(activity) || changed;
    }
    if (changed) this.write(true);
  }

  /** An activity settled with the result `message`: if it is a suspect, the turn that takes the result runs for it. */
  resultReported(activity: string, message: string): void {
    if (this.deaths[activity]) this.resultsOfSuspects.set(message, activity);
  }

  /** The host stops on purpose (gracefully, or at once on a second signal): what it abandoned did not kill it. */
  hostStopped(): void {
    this.running.clear();
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
    fs.writeFileSync(temp, JSON.stringify({ hostRunning, deaths: this.deaths, running: [...this.running] } satisfies LedgerFile));
    // Survives the process dying (the page cache keeps it); a power cut may lose one count, never the store.
    fs.renameSync(temp, this.file);
  }
}

export function activityKey(item: ActivityWorkItem): string {
  return `a${item.id}`;
}

export function messageKey(message: Message): string {
  return `m${message.id}`;
}

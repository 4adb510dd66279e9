import { TurnWatchdog } from '../worker/turnWatchdog';

/**
 * Stops orchestrator code that never yields (`while (true) {}`) while it replays for a check, as the worker's
 * watchdog does in a host: a loop in the code under check must not hang the check (a CI job) with it.
 */
export class ReplayDeadline {
  private onStopped: ((stack: string) => void) | undefined;

  private constructor(private readonly watchdog: TurnWatchdog, readonly deadlineMs: number) {}

  /** Undefined when code cannot be watched (0 ms, or a debugger attached): replays then run unwatched. */
  static start(deadlineMs: number): ReplayDeadline | undefined {
    let deadline: ReplayDeadline | undefined;
    const watchdog = TurnWatchdog.start(deadlineMs, () => {
      const stopped = watchdog?.takeStopped();
      if (stopped) deadline?.onStopped?.(stopped.stack);
    });
    return watchdog && (deadline = new ReplayDeadline(watchdog, deadlineMs));
  }

  enteringUserCode(instanceId: string): void {
    this.watchdog.enteringUserCode(instanceId);
  }

  /**
   * Settles with the replay, or with the stack of its code once stopped. A stopped replay may never settle, or go on
   * and finish (the rest of its history delivered to code that is gone): either way it was stopped, as the
   * watchdog's shared memory says before anything else runs.
   */
  async watch(replay: Promise<void>): Promise<{ stoppedAt: string } | undefined> {
    const stopped = new Promise<{ stoppedAt: string }>((resolve) => (this.onStopped = (stack) => resolve({ stoppedAt: stack })));
    const finished = replay.then(() => {
      const stoppedMeanwhile = this.watchdog.takeStopped();
      return stoppedMeanwhile && { stoppedAt: stoppedMeanwhile.stack };
    });
    try {
      return await Promise.race([finished, stopped]);
    } finally {
      this.onStopped = undefined;
    }
  }

  stop(): Promise<void> {
    return this.watchdog.stop();
  }
}

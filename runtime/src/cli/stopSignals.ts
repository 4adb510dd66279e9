import type { DurableRuntime } from '../runtime';
import type { StopReport } from '../worker/worker';
import { SqlJsStore } from '../store/sqljs/sqljsStore';
import type { CliIo } from './io';
import { exitProcess } from '../worker/activityScope';

export interface StopSignals {
  /** Resolves with the first SIGINT or SIGTERM: the host should stop gracefully. */
  readonly received: Promise<NodeJS.Signals>;
  dispose(): void;
}

/** What a shell reports for a process ended by the signal. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * The first SIGINT/SIGTERM asks for a graceful stop (bounded by the runtime's shutdown timeout); a second one
 * exits at once. Exiting at once loses nothing acknowledged (every acknowledgement waited for durability) and
 * releases the store's lock; whatever was running is unrecorded and runs again when the store is next opened.
 */
export function listenForStopSignals(io: CliIo, runtime: () => DurableRuntime | undefined): StopSignals {
  let resolveReceived!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!signalled) {
      signalled = true;
      resolveReceived(signal);
      return;
    }
    io.stderr(`${signal} again: exiting at once. Work that was running is not recorded; it runs again when the store is next opened.`);
    const store = runtime()?.store;
    runtime()?.worker.markStoppedOnPurpose();
    if (store instanceof SqlJsStore) store.storeLock?.release();
    exitProcess(signalExitCode(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Say what a graceful stop gave up on, so an operator knows it will run again. */
export function reportAbandoned(report: StopReport, timeoutMs: number, io: CliIo): void {
  const { abandonedActivities, abandonedTurns } = report;
  if (abandonedActivities.length === 0 && abandonedTurns.length === 0) return;
  const parts = [
    abandonedActivities.length ? `${abandonedActivities.length} activit${abandonedActivities.length === 1 ? 'y' : 'ies'} (${[...new Set(abandonedActivities)].join(', ')})` : '',
    abandonedTurns.length ? `the turns of ${abandonedTurns.join(', ')}` : '',
  ].filter(Boolean);
  io.stderr(`Stopped waiting after ${timeoutMs} ms: abandoned ${parts.join(' and ')}, still running. Nothing of them was recorded; they run again when the store is next opened.`);
}

/** Start the runtime with the signals already heard; stop listening if it cannot start. */
export async function startRuntime(signals: StopSignals, start: () => Promise<DurableRuntime>): Promise<DurableRuntime> {
  try {
    return await start();
  } catch (error) {
    signals.dispose();
    throw error;
  }
}

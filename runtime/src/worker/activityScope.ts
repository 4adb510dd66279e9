import { AsyncLocalStorage } from 'node:async_hooks';
import { UserCodeCrashError } from '../api/errors';

/** What an error escaping a running activity is attributed to. */
export interface ActivityScope {
  readonly activityName: string;
  /** Fail the activity; false when it had already settled. */
  fail(error: UserCodeCrashError): boolean;
}

/** A worker's running activities, as crash containment sees them. */
export interface RestartableActivities {
  readonly runningItemNames: string[];
  /** Run every running activity again from the start, ignoring what the current executions do. */
  restartRunning(): void;
}

const scopes = new AsyncLocalStorage<ActivityScope>();
/**
 * Whether activities run inside an async context that names them. Off until an error first escapes one: on
 * Node 20 async context tracking adds a hook to every promise, costing some 15–25 % of a busy host's CPU.
 */
let tracking = false;
const runners = new Set<RestartableActivities>();
const originalExit = process.exit;

/** Run an activity so that, once tracking is on, whatever escapes it asynchronously fails it. */
export function runInActivityScope<T>(scope: ActivityScope, body: () => Promise<T>): Promise<T> {
  return tracking ? scopes.run(scope, body) : body();
}

/** End the process from host code, whatever user code did to `process.exit`. */
export function exitProcess(code: number): never {
  return originalExit.call(process, code);
}

/**
 * While a worker runs, errors that escape an activity fail it, and `process.exit()` from an activity fails it
 * instead of ending the host. The first such error, before tracking is on, cannot be attributed: every running
 * activity runs again (at least once, as after a crash), now tracked, and the one at fault fails when it does it
 * again. Errors that belong to no activity keep Node's behaviour (print, exit 1) unless someone else listens for
 * them too. Returns the uninstaller.
 */
export function containActivityCrashes(activities: RestartableActivities): () => void {
  if (runners.size === 0) {
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
    process.exit = exitUnlessFromActivity;
  }
  runners.add(activities);
  return () => {
    if (!runners.delete(activities) || runners.size > 0) return;
    process.off('uncaughtException', onUncaughtException);
    process.off('unhandledRejection', onUnhandledRejection);
    process.exit = originalExit;
  };
}

function onUncaughtException(error: unknown): void {
  if (!contain(error, 'an exception thrown from a callback it scheduled')) crashUnlessOthersListen('uncaughtException', error);
}

function onUnhandledRejection(reason: unknown): void {
  if (!contain(reason, 'a promise rejection nobody handled')) crashUnlessOthersListen('unhandledRejection', reason);
}

/** Fail the activity the error escaped from, or restart the running ones with tracking on; false if neither applies. */
function contain(error: unknown, how: string): boolean {
  const detail = error instanceof Error ? error.message : String(error);
  const scope = scopes.getStore();
  if (scope) {
    const message = `Activity '${scope.activityName}' crashed: ${how} escaped it: ${detail}`;
    // Reported from outside the activity's context: what the report starts (a commit) is not the activity's.
    if (!scopes.exit(() => scope.fail(new UserCodeCrashError(message, error)))) {
      process.emitWarning(`${message} (after the activity had already finished; the host carries on).`, 'DurableUserCodeWarning');
    }
    return true;
  }
  return restartWithTracking(`${how[0].toUpperCase()}${how.slice(1)} escaped while activities ran (${detail})`);
}

/** Turn tracking on and run the running activities again; false when none runs (nothing to attribute to). */
function restartWithTracking(what: string): boolean {
  if (tracking) return false;
  const running = [...runners].flatMap((runner) => runner.runningItemNames);
  if (running.length === 0) return false;
  tracking = true;
  process.emitWarning(`${what}. They run again (${running.join(', ')}), now tracked, so the one at fault fails if it does it again.`, 'DurableUserCodeWarning');
  runners.forEach((runner) => runner.restartRunning());
  return true;
}

function crashUnlessOthersListen(event: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
  if (process.listenerCount(event) > 1) return;
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : `Uncaught ${String(error)}`}\n`);
  originalExit.call(process, 1);
}

function exitUnlessFromActivity(code?: number | string | null): never {
  const scope = scopes.getStore();
  const call = `process.exit(${code ?? ''})`;
  if (scope) {
    const error = new UserCodeCrashError(`Activity '${scope.activityName}' called ${call}; an activity must not end the host, so it failed instead.`);
    scopes.exit(() => scope.fail(error));
    throw error;
  }
  if (!restartWithTracking(`User code called ${call} while activities ran; the host does not exit`)) return originalExit.call(process, code as number);
  throw new UserCodeCrashError(`User code called ${call} while activities ran; the host did not exit.`);
}

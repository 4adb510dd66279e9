import type { CallFrame, PausedEvent, RemoteObject } from './cdpTypes';
import type { ExceptionFilter, StopContext } from '../shared/hostProtocol';

/** The exception filters of the Breakpoints view that V8's exception pauses serve (nondeterminism is the host's). */
export type ExceptionKind = 'activityFailed' | 'orchestrationFailed' | 'caught' | 'uncaught';

/**
 * What a V8 exception pause in user code means for a durable app. Activities and orchestrators are async
 * functions that the runtime calls and catches, so to V8 nearly every exception is "caught": one that escapes the
 * user's function shows as the rejection of that function's own promise, paused at the throw (or at the `await` it
 * came through), with its locals. `isUserFunction` says whether a frame runs the activity's or orchestrator's own
 * function (rather than a helper it calls, whose rejection the caller may still catch).
 */
export function classifyException(event: PausedEvent, context: StopContext | undefined, isUserFunction: boolean): ExceptionKind {
  if ((event.data as { uncaught?: boolean } | undefined)?.uncaught) return 'uncaught';
  if (event.reason === 'promiseRejection' && isUserFunction && context) return context.activity ? 'activityFailed' : 'orchestrationFailed';
  return 'caught';
}

/** Whether the filters the user turned on ask for a stop of this kind; a failure escaping user code is uncaught by it. */
export function wantsExceptionStop(kind: ExceptionKind, filters: ReadonlySet<string>): boolean {
  if (filters.has(kind)) return true;
  return kind !== 'caught' && filters.has('uncaught');
}

/** The V8 pause-on-exceptions state these filters need: escaping exceptions count as caught to V8 (the runtime catches them). */
export function pauseOnExceptionsState(filters: ReadonlySet<string>): 'all' | 'none' {
  return ['activityFailed', 'orchestrationFailed', 'caught', 'uncaught'].some((filter) => filters.has(filter)) ? 'all' : 'none';
}

/** What the host stops on for these filters (the stops it makes itself, where no exception reaches V8). */
export function breakOnFor(filters: ReadonlySet<string>): Record<ExceptionFilter, boolean> {
  return {
    nondeterminism: filters.has('nondeterminism'),
    taskFailed: filters.has('caught'),
    orchestrationFailed: filters.has('orchestrationFailed') || filters.has('uncaught'),
  };
}

/** The one line a stop shows for the exception: "activity 'ChargeCard' failed: card declined for 250". */
export function exceptionText(kind: ExceptionKind, context: StopContext | undefined, exception: RemoteObject | undefined): string {
  const message = exceptionMessage(exception);
  switch (kind) {
    case 'activityFailed':
      return `activity '${context?.activity?.name}' failed: ${message}`;
    case 'orchestrationFailed':
      return `orchestration '${context?.name}' failed: ${message}`;
    case 'caught':
      return `caught exception: ${message}`;
    case 'uncaught':
      return `uncaught exception: ${message}`;
  }
}

/** An Error's description is its stack; its first line is `Name: message`, of which the message is shown. */
function exceptionMessage(exception: RemoteObject | undefined): string {
  const firstLine = (exception?.description ?? String(exception?.value ?? 'exception')).split('\n')[0];
  return firstLine.replace(/^[\w$]*(Error|Exception): /, '');
}

/** Whether two frames run the same function, by where the function starts. */
export function sameFunction(frame: CallFrame, functionLocation: { scriptId: string; lineNumber: number; columnNumber: number } | undefined): boolean {
  const location = frame.functionLocation;
  return !!location && !!functionLocation && location.scriptId === functionLocation.scriptId && location.lineNumber === functionLocation.lineNumber && location.columnNumber === functionLocation.columnNumber;
}

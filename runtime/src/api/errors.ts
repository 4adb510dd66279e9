/** Errors a user can cause or meet. Each says what happened and what to do about it. */

export class DurableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The orchestrator's code no longer matches the history it is replaying. */
export class NonDeterminismError extends DurableError {
  constructor(
    message: string,
    /** Sequence number (EventId order) of the history event that did not match, if one did. */
    readonly historyEventSeq: number | undefined,
    readonly expected: string | undefined,
    readonly actual: string | undefined,
    /** `file:line:column` of the orchestrator code that made the mismatching call, if known. */
    readonly sourceLocation: string | undefined,
  ) {
    super(message);
  }
}

/** An activity or sub-orchestration failed; thrown into the orchestrator where it awaited the task. */
export class TaskFailedError extends DurableError {
  constructor(
    message: string,
    readonly taskName: string,
    readonly failure: FailureDetails,
  ) {
    super(message);
    // Keep the failing code's own stack: that is where the user needs to look, not the engine that reported it.
    if (failure.stack) this.stack = `${this.stack}\nCaused by: ${failure.stack}`;
  }
}

/** `waitForEvent(name, { timeoutMs })` gave up. */
export class EventTimeoutError extends DurableError {
  constructor(readonly eventName: string, readonly timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms waiting for event '${eventName}'.`);
  }
}

export class UnknownOrchestrationError extends DurableError {
  constructor(readonly orchestrationName: string, known: string[]) {
    super(`Unknown orchestration '${orchestrationName}'.${knownList(known)}`);
  }
}

export class UnknownActivityError extends DurableError {
  constructor(readonly activityName: string, known: string[]) {
    super(`Unknown activity '${activityName}'.${knownList(known)}`);
  }
}

export class InstanceNotFoundError extends DurableError {
  constructor(readonly instanceId: string) {
    super(`No orchestration instance with id '${instanceId}'.`);
  }
}

export class InstanceAlreadyExistsError extends DurableError {
  constructor(readonly instanceId: string, status: string) {
    super(`Instance '${instanceId}' already exists and is ${status}; wait for it to finish, terminate it, or choose another id.`);
  }
}

/** The instance completed, failed or was terminated: it takes no more events or commands. */
export class InstanceFinishedError extends DurableError {
  constructor(readonly instanceId: string, status: string) {
    super(`Instance '${instanceId}' is ${status}; it no longer takes events or commands.`);
  }
}

/** Rewind takes a Failed instance only: there is no failed work to run again in any other. */
export class InstanceNotFailedError extends DurableError {
  constructor(readonly instanceId: string, status: string) {
    super(`Instance '${instanceId}' is ${status}; only a Failed instance can be rewound (restart runs any instance again from the start).`);
  }
}

/** A value that JSON cannot represent (BigInt, a cycle, ...) was given as an input, output or event payload. */
export class SerializationError extends DurableError {}

export class InvalidInputError extends DurableError {}

/** Another live process owns the store. */
export class StoreLockedError extends DurableError {
  constructor(readonly storePath: string, readonly owner: string) {
    super(`Store ${storePath} is in use by ${owner}. Stop that process or use another --store.`);
  }
}

/** The store's files are not a durable-ts store this version can read, or were damaged. They are left untouched. */
export class StoreCorruptError extends DurableError {}

/** The store's files cannot be created, read or written where they are (permissions, a file where a folder should be). */
export class StoreInaccessibleError extends DurableError {}

/** The store could not make a commit durable, or is closed: it accepts nothing more. */
export class StoreFailedError extends DurableError {}

/** The store's disk is full: changes wait for space (a client's change is refused or held); it writes again once space is freed. */
export class StoreUnavailableError extends DurableError {}

/**
 * A commit to a shared store found that another process changed what it was based on (it ran a turn of the same
 * instance, completed the activity, created the instance): nothing of the commit applied.
 */
export class StoreConflictError extends DurableError {}

export class WaitTimeoutError extends DurableError {}

export interface FailureDetails {
  errorType: string;
  message: string;
  stack?: string;
}

export function failureOf(error: unknown): FailureDetails {
  if (error instanceof Error) return { errorType: error.name, message: error.message, stack: error.stack };
  return { errorType: 'Error', message: String(error) };
}

function knownList(known: string[]): string {
  return known.length ? ` Registered: ${known.join(', ')}.` : ' None are registered.';
}

/**
 * User code failed in a way that would have taken the host down: an error escaped an activity asynchronously
 * (a rejection nobody handled, an exception from a callback it scheduled), or it called `process.exit()`.
 */
export class UserCodeCrashError extends DurableError {
  constructor(message: string, cause?: unknown) {
    super(message);
    // The user's own stack says where to look.
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${message}\nCaused by: ${cause.stack}`;
  }
}

/** Orchestrator code ran past the turn deadline without yielding (a loop that never awaits); it was stopped. */
export class OrchestratorBlockedError extends DurableError {
  constructor(
    message: string,
    /** `file:line:column` where the code was running when it was stopped, if known. */
    readonly sourceLocation: string | undefined,
  ) {
    super(message);
  }
}

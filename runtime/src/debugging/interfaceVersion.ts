/**
 * The version of the runtime's debugging interface (`durable-ts/debugging`, and what `durable-ts serve --debug`
 * publishes). Raised when it changes in a way a debugger must know about: a debugger that speaks another version
 * says so, with both versions, instead of failing in odd ways. Kept in a file of its own so that a debugger can
 * know it without loading the runtime.
 *
 * 1: replay hooks (events applied, calls scheduled, nondeterminism); a debugger wrapped the app's functions.
 * 2: the orchestrator's start, failure and end and the start of activities and entity operations are hooks too;
 *    `serve --debug` takes the debugger's attach and detach as requests on its debug port.
 */
export const DEBUGGING_INTERFACE_VERSION = 2;

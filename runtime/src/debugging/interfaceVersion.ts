/**
 * The version of the runtime's debugging interface (`durable-ts/debugging`, and what `durable-ts serve --debug`
 * publishes). Raised when it changes in a way a debugger must know about: a debugger that speaks another version
 * says so, with both versions, instead of failing in odd ways. Kept in a file of its own so that a debugger can
 * know it without loading the runtime.
 */
export const DEBUGGING_INTERFACE_VERSION = 1;

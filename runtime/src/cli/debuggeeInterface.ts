/**
 * The debugging interface `durable-ts serve --debug` offers a debugger (the Durable TS debug adapter's attach):
 * how a debugger greets its debug port, the requests it makes there besides the inspector protocol, and what the
 * process hands the debugger's module. Versioned: a debugger that speaks another version says so instead of
 * failing in odd ways.
 */
import type { DurableApp } from '../api/app';
import type { DurableRuntime } from '../runtime';
import type * as Debugging from '../debugging';
import { DEBUGGING_INTERFACE_VERSION } from '../debugging/interfaceVersion';

/** The runtime's debugging interface version: launch and attach speak the same. */
export const DEBUGGEE_INTERFACE_VERSION = DEBUGGING_INTERFACE_VERSION;
/** What a debugger sends first, so that nothing but a debugger is listened to (a web page's request starts `POST /`). */
export const DEBUG_HELLO = 'durable-ts-debug';

/** `--debug` with no `--debug-port`, and what a debugger attaches to when told no port. */
export const DEFAULT_DEBUG_PORT = 9329;

/**
 * The requests of the debug port that the serving process answers itself, not its inspector: each is one line
 * `{ "id", "method", "params" }` as an inspector request is, answered `{ "id", "result" }` or `{ "id", "error" }`.
 */
export interface DebuggeeRequests {
  /**
   * Loads the debugger's module (an absolute path; it exports `attach`, see `DebuggerModule`) and attaches it:
   * answers what the process runs. The debugger adds its inspector bindings before, for its module to report through.
   */
  'Durable.attach': { params: { debugger: string }; result: { program: string; runtimeDir: string; pid: number } };
  /** Undoes the attach (the app runs on as if no debugger had come) and resumes a paused app. Also done when the connection closes. */
  'Durable.detach': { params: Record<string, never>; result: Record<string, unknown> };
}
export type DebuggeeMethod = keyof DebuggeeRequests;
export const ATTACH_METHOD = 'Durable.attach' satisfies DebuggeeMethod;
export const DETACH_METHOD = 'Durable.detach' satisfies DebuggeeMethod;

/** What the process hands the module of the debugger that attaches. */
export interface Debuggee {
  version: number;
  program: string;
  /** The app as the user wrote it. */
  app: DurableApp;
  runtime: DurableRuntime;
  apiUrl?: string;
  /** The durable-ts package the process runs (absolute). */
  runtimeDir: string;
  /** The runtime's debugging interface, for a debugger to observe the runtime and replay with the same code. */
  debugging: typeof Debugging;
}

/** What the module a `Durable.attach` request names exports. */
export interface DebuggerModule {
  /** Installs the debugger in this process; answers what undoes all it installed. */
  attach(debuggee: Debuggee): () => void;
}

/**
 * The debugging interface `durable-ts serve --debug` offers a debugger (the Durable TS debug adapter's attach):
 * what the process publishes on a global, and how a debugger greets its port. Versioned: a debugger that speaks
 * another version says so instead of failing in odd ways.
 */
import type { DurableApp } from '../api/app';
import type { DurableRuntime } from '../runtime';
import type * as Debugging from '../debugging';
import { DEBUGGING_INTERFACE_VERSION } from '../debugging/interfaceVersion';

/** The global the debuggee interface is published on. */
export const DEBUGGEE_KEY = Symbol.for('durable-ts.debuggee');
/** The runtime's debugging interface version: launch and attach speak the same. */
export const DEBUGGEE_INTERFACE_VERSION = DEBUGGING_INTERFACE_VERSION;
/** What a debugger sends first, so that nothing but a debugger is listened to (a web page's request starts `POST /`). */
export const DEBUG_HELLO = 'durable-ts-debug';

/** `--debug` with no `--debug-port`, and what a debugger attaches to when told no port. */
export const DEFAULT_DEBUG_PORT = 9329;

/** The part of an app the runtime calls, which a debugger replaces with its instrumented copy while attached. */
export type AppFunctions = Pick<DurableApp, 'getOrchestrator' | 'getActivity' | 'hasOrchestration' | 'orchestrationNames' | 'activityNames'> &
  /** A debugger that does not instrument entities leaves them to the user's app. */
  Partial<Pick<DurableApp, 'getEntity' | 'hasEntity' | 'entityNames'>>;

export interface Debuggee {
  version: number;
  program: string;
  /** The app as the user wrote it. */
  app: DurableApp;
  runtime: DurableRuntime;
  apiUrl?: string;
  /** The durable-ts package the process runs (absolute). */
  runtimeDir: string;
  /** The runtime's debugging interface, for a debugger to observe the engine and replay with the same code. */
  debugging: typeof Debugging;
  /** The runtime runs this app's functions from the next turn or activity on; `undefined` puts the user's back. */
  useApp(app: AppFunctions | undefined): void;
  /** Loads a module of the debugger into this process. */
  require(id: string): unknown;
  /** Set by an attached debugger: undoes what it installed (its connection closed). */
  detach?: () => void;
}


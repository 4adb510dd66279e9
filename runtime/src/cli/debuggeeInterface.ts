/**
 * The debugging interface `durable-ts serve --debug` offers a debugger (the Durable TS debug adapter's attach):
 * what the process publishes on a global, and how a debugger greets its port. Versioned: a debugger that speaks
 * another version says so instead of failing in odd ways.
 */
import type { DurableApp } from '../api/app';
import type { DurableRuntime } from '../runtime';
import type * as Durable from '../index';
import type * as DurableInternal from '../internal';

/** The global the debuggee interface is published on. */
export const DEBUGGEE_KEY = Symbol.for('durable-ts.debuggee');
/** Raised when the interface changes in a way a debugger must know about. */
export const DEBUGGEE_INTERFACE_VERSION = 1;
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
  /** Its modules, for a debugger to build its replay state with the same classes. */
  modules: { durable: typeof Durable; internal: typeof DurableInternal };
  /** The runtime runs this app's functions from the next turn or activity on; `undefined` puts the user's back. */
  useApp(app: AppFunctions | undefined): void;
  /** Loads a module of the debugger into this process. */
  require(id: string): unknown;
  /** Set by an attached debugger: undoes what it installed (its connection closed). */
  detach?: () => void;
}


/**
 * Loaded by the debug adapter into a running `durable-ts serve --debug` (through the debuggee interface the
 * process publishes): installs the same replay state and instrumented app a launched debug host has, so that
 * breakpoints, the Orchestration and History scopes, durable stepping and exception stops work on the turns and
 * activities `serve` runs. Reports go to the adapter through an inspector binding instead of a pipe.
 */
import * as util from 'node:util';
import type { DurableApp, HistoryEvent } from 'durable-ts';
import { DEBUGGEE_INTERFACE_VERSION, DEBUGGEE_KEY, type Debuggee } from '../../../runtime/src/cli/debuggeeInterface';
import { ATTACH_REPORT_BINDING, DEBUG_GLOBAL, type AttachedDebuggee } from '../shared/hostProtocol';
import type { DebuggingInterface } from './debuggingInterface';
import { installDebugState } from './installDebugState';
import { instrumentApp } from './instrumentApp';
import { report, reportThrough } from './reportChannel';

/** Attaches to the serving process; answers what the adapter needs to know of it, or why it cannot attach. */
export function attach(): AttachedDebuggee | { error: string } {
  const debuggee = (globalThis as Record<symbol, Debuggee | undefined>)[DEBUGGEE_KEY];
  if (!debuggee) return { error: 'The process does not offer debugging: start it with `durable-ts serve <app> --debug`.' };
  if (debuggee.version !== DEBUGGEE_INTERFACE_VERSION) {
    return { error: `The process runs a durable-ts whose debugging interface is version ${debuggee.version}; this debugger speaks version ${DEBUGGEE_INTERFACE_VERSION}. Use a durable-ts and a Durable TS extension of the same release.` };
  }
  debuggee.detach?.();
  const binding = (globalThis as Record<string, unknown>)[ATTACH_REPORT_BINDING] as (line: string) => void;
  reportThrough(binding);
  const { runtime } = debuggee;
  let instrumented: DurableApp | undefined;
  // The interface is typed from the runtime's sources, the host from the durable-ts package: one module, two declarations.
  const debugging = debuggee.debugging as unknown as DebuggingInterface;
  const { state, unobserve } = installDebugState(debugging, {
    stopOnEntry: false,
    historyBreakpoints: [],
    recordedHistory: (instanceId) => debugging.historyNow(runtime.store, instanceId),
    app: () => instrumented!,
    userApp: () => debuggee.app as unknown as DurableApp,
  });
  instrumented = instrumentApp(debuggee.app as unknown as DurableApp, state);
  const onHistory = (instanceId: string, name: string, events: HistoryEvent[]) => report({ kind: 'history', instanceId, name, events, waitingFor: state.awaitedEvents(instanceId) });
  const onLog = (instanceId: string, level: string, args: unknown[]) => report({ kind: 'log', instanceId, level, text: util.format(...args) });
  runtime.worker.on('history', onHistory);
  runtime.worker.on('log', onLog);
  debuggee.useApp(instrumented as unknown as Parameters<Debuggee['useApp']>[0]);
  debuggee.detach = () => {
    // The app runs on as if no debugger had come: the user's functions, no observer, nothing held.
    debuggee.useApp(undefined);
    runtime.worker.off('history', onHistory);
    runtime.worker.off('log', onLog);
    unobserve();
    state.muted = false;
    state.gate.release();
    delete (globalThis as Record<string, unknown>)[DEBUG_GLOBAL];
    reportThrough(undefined);
    debuggee.detach = undefined;
  };
  report({ kind: 'app', orchestrations: debuggee.app.orchestrationNames(), activities: debuggee.app.activityNames() });
  report({ kind: 'store', path: runtime.store.description, apiUrl: debuggee.apiUrl });
  return { program: debuggee.program, runtimeDir: debuggee.runtimeDir, pid: process.pid };
}

/** The adapter disconnects: the same as when its connection closes. */
export function detach(): void {
  (globalThis as Record<symbol, Debuggee | undefined>)[DEBUGGEE_KEY]?.detach?.();
}

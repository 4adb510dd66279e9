/**
 * The module the debug adapter's `Durable.attach` request loads into a running `durable-ts serve --debug`: installs
 * the same replay state a launched debug host has, so that breakpoints, the Orchestration and History scopes,
 * durable stepping and exception stops work on the turns and activities `serve` runs. Reports go to the adapter
 * through an inspector binding instead of a pipe.
 */
import * as util from 'node:util';
import type { DurableApp, HistoryEvent } from 'durable-ts';
import type { Debuggee, DebuggerModule } from '../../../runtime/src/cli/debuggeeInterface';
import { ATTACH_REPORT_BINDING, DEBUG_GLOBAL } from '../shared/hostProtocol';
import type { DebuggingInterface } from './debuggingInterface';
import { installDebugState } from './installDebugState';
import { report, reportThrough } from './reportChannel';

/** Attaches to the serving process; answers what undoes it all, leaving the app running as if no debugger had come. */
export const attach: DebuggerModule['attach'] = (debuggee: Debuggee) => {
  const binding = (globalThis as Record<string, unknown>)[ATTACH_REPORT_BINDING] as ((line: string) => void) | undefined;
  if (typeof binding !== 'function') throw new Error(`The debugger adds the inspector binding ${ATTACH_REPORT_BINDING} before it attaches.`);
  reportThrough(binding);
  const { runtime } = debuggee;
  // The interface is typed from the runtime's sources, the host from the durable-ts package: one module, two declarations.
  const debugging = debuggee.debugging as unknown as DebuggingInterface;
  const app = debuggee.app as unknown as DurableApp;
  const { state, unobserve } = installDebugState(debugging, {
    stopOnEntry: false,
    historyBreakpoints: [],
    recordedHistory: (instanceId) => debugging.historyNow(runtime.store, instanceId),
    app: () => app,
  });
  const onHistory = (instanceId: string, name: string, events: HistoryEvent[]) => report({ kind: 'history', instanceId, name, events, waitingFor: state.awaitedEvents(instanceId) });
  const onLog = (instanceId: string, level: string, args: unknown[]) => report({ kind: 'log', instanceId, level, text: util.format(...args) });
  runtime.worker.on('history', onHistory);
  runtime.worker.on('log', onLog);
  report({ kind: 'app', orchestrations: app.orchestrationNames(), activities: app.activityNames() });
  report({ kind: 'store', path: runtime.store.description, apiUrl: debuggee.apiUrl });
  return () => {
    runtime.worker.off('history', onHistory);
    runtime.worker.off('log', onLog);
    unobserve();
    state.muted = false;
    state.gate.release();
    delete (globalThis as Record<string, unknown>)[DEBUG_GLOBAL];
    reportThrough(undefined);
  };
};

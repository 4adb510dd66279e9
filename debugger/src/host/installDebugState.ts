import type { DurableApp, HistoryEvent } from 'durable-ts';
import { DEBUG_GLOBAL } from '../shared/hostProtocol';
import type { HistoryBreakpoint } from '../shared/historyBreakpoints';
import { DebugState } from './debugState';
import type { DebuggingInterface } from './debuggingInterface';
import type { EarlyEndpoint } from './earlyEndpoint';

/**
 * Creates the debug state, makes the runtime report to it and publishes it on the global the adapter reads. Done
 * before the app loads, so breakpoint conditions find it from the first line of user code. `app` is the user's app,
 * once it has loaded. Answers the state and what makes the runtime report to it no more.
 */
export function installDebugState(
  debugging: DebuggingInterface,
  options: { stopOnEntry: boolean; historyBreakpoints: HistoryBreakpoint[]; recordedHistory(instanceId: string): HistoryEvent[]; app(): DurableApp },
): { state: DebugState; unobserve(): void } {
  const state = new DebugState({
    stopOnEntry: options.stopOnEntry,
    historyBreakpoints: options.historyBreakpoints,
    recordedHistory: options.recordedHistory,
    isDeliveredFailure: debugging.isDeliveredFailure,
    userFunction: (kind, name) => {
      const app = options.app();
      if (kind === 'activity') return app.activityNames().includes(name) ? app.getActivity(name) : undefined;
      return app.hasOrchestration(name) ? app.getOrchestrator(name) : undefined;
    },
    newExecutorLike: (executor) =>
      debugging.createExecutor({ instanceId: executor.instanceId, name: executor.name, generation: executor.generation, orchestrator: options.app().getOrchestrator(executor.name) }),
  });
  const slot = globalThis as Record<string, Partial<Pick<EarlyEndpoint, 'breakOn' | 'pendingPause' | 'functionBreakpoints'>> | undefined>;
  // Exception filters the adapter set before the host ran, and a pause that came before the app loaded, wait on
  // the early endpoint for the state to take them over. The adapter's requests run at V8's interrupt checks, which
  // any call can reach: the state takes them over and replaces the global with no call in between, so that none is lost.
  const waiting = slot[DEBUG_GLOBAL];
  if (waiting?.breakOn) state.breakOn = waiting.breakOn;
  if (waiting?.pendingPause) state.pendingPause = true;
  if (waiting?.functionBreakpoints) state.functionBreakpoints = waiting.functionBreakpoints;
  slot[DEBUG_GLOBAL] = state;
  // The Entity scope of a stop in an entity's operation.
  debugging.trackEntityOperations();
  return { state, unobserve: debugging.observeReplay(state) };
}

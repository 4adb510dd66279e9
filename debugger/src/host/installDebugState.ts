import type { DurableApp } from 'durable-ts';
import type { OrchestrationExecutor } from 'durable-ts/internal';
import { DEBUG_GLOBAL } from '../shared/hostProtocol';
import type { HistoryBreakpoint } from '../shared/historyBreakpoints';
import { DebugState } from './debugState';
import type { RuntimeModules } from './runtimeModules';

/**
 * Creates the debug state, makes the engine report to it and publishes it on the global the adapter reads. Done
 * before the app loads, so breakpoint conditions find it from the first line of user code.
 */
export function installDebugState(
  { durable, internal }: RuntimeModules,
  options: { stopOnEntry: boolean; historyBreakpoints: HistoryBreakpoint[]; recordedHistory(instanceId: string): ReturnType<DebugState['history']>; app(): DurableApp; userApp(): DurableApp },
): DebugState {
  const state = new DebugState({
    stopOnEntry: options.stopOnEntry,
    historyBreakpoints: options.historyBreakpoints,
    recordedHistory: options.recordedHistory,
    isDeliveredFailure: (error) => error instanceof durable.TaskFailedError,
    userFunction: (kind, name) => {
      const app = options.userApp();
      if (kind === 'activity') return app.activityNames().includes(name) ? app.getActivity(name) : undefined;
      return app.hasOrchestration(name) ? app.getOrchestrator(name) : undefined;
    },
    newExecutorLike: (executor: OrchestrationExecutor) =>
      new internal.OrchestrationExecutor({
        instanceId: executor.instanceId,
        name: executor.options.name,
        generation: executor.options.generation,
        orchestrator: options.app().getOrchestrator(executor.options.name),
      }),
  });
  const slot = globalThis as Record<string, Partial<Pick<DebugState, 'breakOn' | 'pendingPause' | 'functionBreakpoints'>> | undefined>;
  // Exception filters the adapter set before the host ran, and a pause that came before the app loaded, wait on
  // the global for the state to take them over. The adapter's requests run at V8's interrupt checks, which any call
  // can reach: the state takes them over and replaces the global with no call in between, so that none is lost.
  const waiting = slot[DEBUG_GLOBAL];
  if (waiting?.breakOn) state.breakOn = waiting.breakOn;
  if (waiting?.pendingPause) state.pendingPause = true;
  if (waiting?.functionBreakpoints) state.functionBreakpoints = waiting.functionBreakpoints;
  slot[DEBUG_GLOBAL] = state;
  internal.replayObserver.attach(state);
  // The Entity scope of a stop in an entity's operation (a runtime older than entities has no observer).
  internal.entityObserver?.track();
  return state;
}

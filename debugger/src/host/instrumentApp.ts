import type { ActivityFunction, DurableApp, OrchestratorFunction } from 'durable-ts';
import type { DebugState } from './debugState';

/**
 * The user's app as the debug runtime sees it: the same orchestrators and activities, wrapped so the debugger can
 * stop on entry and land steps that leave a sub-orchestration in its parent, and activities wait while the user looks at the past.
 */
export function instrumentApp(app: DurableApp, state: DebugState): DurableApp {
  const orchestrators = new Map<string, OrchestratorFunction>();
  const activities = new Map<string, ActivityFunction>();
  const instrumented = {
    getOrchestrator(name: string): OrchestratorFunction {
      let wrapped = orchestrators.get(name);
      if (!wrapped) orchestrators.set(name, (wrapped = wrapOrchestrator(name, app.getOrchestrator(name), state)));
      return wrapped;
    },
    getActivity(name: string): ActivityFunction {
      let wrapped = activities.get(name);
      if (!wrapped) activities.set(name, (wrapped = wrapActivity(name, app.getActivity(name), state)));
      return wrapped;
    },
    hasOrchestration: (name: string) => app.hasOrchestration(name),
    orchestrationNames: () => app.orchestrationNames(),
    activityNames: () => app.activityNames(),
  };
  return instrumented as unknown as DurableApp;
}

function wrapOrchestrator(name: string, orchestrator: OrchestratorFunction, state: DebugState): OrchestratorFunction {
  return async (context, input) => {
    state.enterOrchestrator(name, context.isReplaying);
    try {
      return await orchestrator(context, input);
    } catch (error) {
      state.orchestratorFailed(context.instanceId, error);
      throw error;
    } finally {
      state.orchestratorSettled(context.instanceId);
    }
  };
}

function wrapActivity(name: string, activity: ActivityFunction, state: DebugState): ActivityFunction {
  return async (input, context) => {
    await state.gate.pass();
    const run = { instanceId: context.instanceId, taskId: context.taskId, name, input };
    state.activityStarted(run);
    return activity(input, context);
  };
}

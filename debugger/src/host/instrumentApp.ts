import type { ActivityFunction, DurableApp, EntityFunction, OrchestratorFunction } from 'durable-ts';
import type { DebugState } from './debugState';

/**
 * The user's app as the debug runtime sees it: the same orchestrators, activities and entities, wrapped so the
 * debugger can stop on entry and land steps that leave a sub-orchestration in its parent, and activities and entity
 * operations wait while the user looks at the past.
 */
export function instrumentApp(app: DurableApp, state: DebugState): DurableApp {
  const orchestrators = new Map<string, OrchestratorFunction>();
  const activities = new Map<string, ActivityFunction>();
  const entities = new Map<string, EntityFunction>();
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
    getEntity(name: string): EntityFunction {
      let wrapped = entities.get(name);
      if (!wrapped) entities.set(name, (wrapped = wrapEntity(app.getEntity(name), state)));
      return wrapped;
    },
    hasOrchestration: (name: string) => app.hasOrchestration(name),
    hasEntity: (name: string) => app.hasEntity(name),
    orchestrationNames: () => app.orchestrationNames(),
    activityNames: () => app.activityNames(),
    entityNames: () => app.entityNames(),
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

function wrapEntity(entity: EntityFunction, state: DebugState): EntityFunction {
  return async (context) => {
    await state.gate.pass();
    return entity(context);
  };
}

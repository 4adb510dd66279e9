import type { StopContext } from '../shared/hostProtocol';

/** The code a step started in (or the host stopped in to land one): an instance's orchestrator run, or an activity. */
export interface StepOrigin {
  instanceId: string;
  /** The activity's task, when the code is an activity's. */
  activityTask?: number;
  position: number;
  replayNumber: number;
  travelling: boolean;
}

export function originOf(context: StopContext): StepOrigin {
  return {
    instanceId: context.instanceId,
    activityTask: context.activity?.taskId,
    position: context.position,
    replayNumber: context.replayNumber,
    travelling: context.travelling,
  };
}

/**
 * Whether a pause during a step is in the step's own code: the same activity, or the same run of the same
 * orchestrator, no earlier in its history. Anything else ran meanwhile (an activity, another instance, a replay
 * re-running code the user has seen) and is no landing.
 */
export function isLanding(context: StopContext | undefined, origin: StepOrigin): boolean {
  if (!context) return true;
  if (context.instanceId !== origin.instanceId || context.activity?.taskId !== origin.activityTask) return false;
  if (origin.activityTask !== undefined) return true;
  return context.replayNumber === origin.replayNumber && context.travelling === origin.travelling && context.position >= origin.position;
}

/**
 * Whether a step from an activity's code has left it for another activity of the same instance (the next call of a
 * fan-out, whose code runs once the first has returned): it lands there, as js-debug steps on through async code.
 */
export function isNextActivity(context: StopContext | undefined, origin: StepOrigin): boolean {
  return origin.activityTask !== undefined && context?.activity !== undefined && context.instanceId === origin.instanceId;
}

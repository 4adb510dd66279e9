import type { DurableApp } from '../api/app';
import type { HistoryEvent } from '../api/types';
import { NonDeterminismError } from '../api/errors';
import { OrchestrationExecutor } from '../engine/executor';
import type { ReplayDeadline } from './replayDeadline';

/** A recorded instance: what the HTTP status with `showHistory` and `durable-ts history --format json` give. */
export interface RecordedInstance {
  instanceId: string;
  name: string;
  historyEvents: readonly HistoryEvent[];
}

/** Where the current code parts from an instance's history: the recorded call vs the call the code makes now. */
export interface Divergence {
  /** The history event that no longer matches (EventId), when one does. */
  historyEvent: number | undefined;
  recorded: string;
  now: string;
  /** `file:line:column` of the new call, when the code made one. */
  sourceLocation: string | undefined;
  message: string;
}

/**
 * Replay an instance's history against the app's current code, as a worker resuming it would, but with nothing
 * run for real: no activity, timer or sub-orchestration starts, nothing is written. Undefined when it replays
 * cleanly (the instance can go on under this code).
 */
export async function divergenceOf(app: DurableApp, instance: RecordedInstance, deadline?: ReplayDeadline): Promise<Divergence | undefined> {
  if (!app.hasOrchestration(instance.name)) {
    const message = `The app no longer registers orchestration '${instance.name}' (it registers ${app.orchestrationNames().join(', ')}).`;
    return { historyEvent: undefined, recorded: `orchestration '${instance.name}'`, now: 'no such orchestration', sourceLocation: undefined, message };
  }
  const executor = new OrchestrationExecutor({
    instanceId: instance.instanceId, name: instance.name, generation: 0, orchestrator: app.getOrchestrator(instance.name),
    enteringUserCode: deadline && (() => deadline.enteringUserCode(instance.instanceId)),
  });
  const replay = executor.replay(instance.historyEvents);
  const stopped = deadline ? await deadline.watch(replay) : await replay;
  if (stopped) return blocked(instance, stopped.stoppedAt, deadline!.deadlineMs);
  const fault = executor.divergence;
  if (fault) return { historyEvent: fault.historyEventSeq, recorded: fault.expected ?? '', now: fault.actual ?? '', sourceLocation: fault.sourceLocation, message: fault.message };
  return endedEarly(instance, executor);
}

function blocked(instance: RecordedInstance, stack: string, deadlineMs: number): Divergence {
  // The stack's first frame is the probe that read it; the next outside node's internals is the stuck line.
  const sourceLocation = stack
    .split('\n')
    .slice(1)
    .map((line) => /\(?((?:file:\/\/)?\/[^():]+:\d+:\d+)\)?\s*$/.exec(line.trim())?.[1])
    .find((location): location is string => location !== undefined)
    ?.replace('file://', '');
  const now = `the code ran for more than ${deadlineMs} ms without yielding, and was stopped`;
  const message = `Orchestrator '${instance.name}' (instance ${instance.instanceId}) ${now.replace('the code ', '')}${sourceLocation ? ` at ${sourceLocation}` : ''}.`;
  return { historyEvent: undefined, recorded: 'the orchestrator to yield', now, sourceLocation, message };
}

/**
 * An instance that has not finished never ended in the turns it recorded: code that now returns or throws within
 * them would end it where the old code went on.
 */
function endedEarly(instance: RecordedInstance, executor: OrchestrationExecutor): Divergence | undefined {
  const settled = executor.settledWith;
  if (!settled || (settled.status !== 'Completed' && settled.status !== 'Failed')) return undefined;
  const history = instance.historyEvents;
  if (history.some((event) => event.EventType === 'ExecutionCompleted')) return undefined; // it did end there
  const lastEvent = history[history.length - 1];
  const now = settled.status === 'Completed' ? 'the code now returns' : `the code now throws: ${settled.failure.message}`;
  const message =
    `Orchestrator '${instance.name}' (instance ${instance.instanceId}) ends during the turns its history recorded going on` +
    ` (${now}); the code that recorded them did not end there.`;
  return { historyEvent: lastEvent?.EventId, recorded: 'the orchestration going on', now, sourceLocation: undefined, message };
}

/** One instance's verdict, as `durable-ts check` and `durable-ts replay` print it. */
export interface InstanceVerdict {
  instanceId: string;
  name: string;
  version: string;
  runtimeStatus: string;
  /** How many events its history holds. */
  historyLength: number;
  compatible: boolean;
  divergence?: Divergence;
}

export async function verdictOf(app: DurableApp, instance: RecordedInstance & { version: string; runtimeStatus: string }, deadline?: ReplayDeadline): Promise<InstanceVerdict> {
  const divergence = await divergenceOf(app, instance, deadline);
  const { instanceId, name, version, runtimeStatus } = instance;
  return { instanceId, name, version, runtimeStatus, historyLength: instance.historyEvents.length, compatible: !divergence, ...(divergence ? { divergence } : {}) };
}

/** For tests and tools: reject with the NonDeterminismError a worker would fail the instance with. */
export async function replayOrThrow(app: DurableApp, instance: RecordedInstance): Promise<void> {
  const divergence = await divergenceOf(app, instance);
  if (divergence) throw new NonDeterminismError(divergence.message, divergence.historyEvent, divergence.recorded, divergence.now, divergence.sourceLocation);
}

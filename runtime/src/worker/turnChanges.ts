import type { HistoryEvent, RuntimeStatus } from '../api/types';
import type { ScheduledAction, TurnOutcome } from '../engine/turn';
import type { DurableStore, InstanceRow, InstanceUpdate, Message, ParentLink, StoreChange } from '../store/types';
import { isTerminal } from '../client/status';
import { isoTime } from '../engine/isoTime';
import { requestChange, requestOfAction } from '../entities/requests';

/** Translate a turn's outcome into the store changes that commit it atomically. */
export async function turnChanges(store: DurableStore, row: InstanceRow, outcome: TurnOutcome, consumed: readonly Message[], now: number): Promise<StoreChange[]> {
  const changes: StoreChange[] = consumed.map((message) => ({ op: 'ack', messageId: message.id }));
  const { completion } = outcome;
  const update: InstanceUpdate = { status: statusAfter(row.status, outcome), updatedAt: now };
  if (outcome.customStatus) update.customStatus = outcome.customStatus.json;

  if (completion?.status === 'ContinuedAsNew') {
    const generation = row.generation + 1;
    changes.push(
      { op: 'clearHistory', instanceId: row.instanceId },
      { op: 'updateInstance', instanceId: row.instanceId, update: { ...update, input: completion.input, generation } },
      message(store, row.instanceId, generation, now, startedEvent(row.name, completion.input, row.version)),
      ...completion.carriedEvents.map((event) => message(store, row.instanceId, undefined, now, { EventType: 'EventRaised', Name: event.name, Input: event.input })),
      // The entities of a critical section are let go as the generation that held them ends.
      ...outcome.actions.flatMap((action) => (action.kind === 'entity' ? [requestChange(store, action.entityId, requestOfAction(action, { instanceId: row.instanceId, generation: row.generation, taskId: action.taskId }), now)] : [])),
    );
    return changes;
  }

  if (outcome.newEvents.length) changes.push({ op: 'appendHistory', instanceId: row.instanceId, firstEventId: outcome.newEvents[0].EventId, events: outcome.newEvents });
  if (completion) {
    update.output = completion.status === 'Failed' ? JSON.stringify(completion.failure) : completion.output;
    if (row.parent && (await parentAwaits(store, row.parent))) changes.push(resultToParent(store, row, outcome, now));
  }
  changes.push({ op: 'updateInstance', instanceId: row.instanceId, update });

  const childrenCreated = new Set<string>();
  for (const action of outcome.actions) {
    if (action.kind === 'activity') {
      changes.push({ op: 'addActivity', item: { id: store.allocateId(), instanceId: row.instanceId, generation: row.generation, taskId: action.taskId, name: action.name, input: action.input } });
    } else if (action.kind === 'entity') {
      changes.push(requestChange(store, action.entityId, requestOfAction(action, { instanceId: row.instanceId, generation: row.generation, taskId: action.taskId }), now));
    } else if (action.kind === 'timer') {
      changes.push(message(store, row.instanceId, row.generation, action.fireAt, { EventType: 'TimerFired', TimerId: action.taskId, FireAt: new Date(action.fireAt).toISOString() }));
    } else {
      const existing = action.instanceId === row.instanceId ? update.status! : childrenCreated.has(action.instanceId) ? 'Pending' : (await store.getInstance(action.instanceId))?.status;
      if (existing && !isTerminal(existing)) {
        changes.push(childConflict(store, row, action, existing, now));
        continue;
      }
      childrenCreated.add(action.instanceId);
      changes.push(...childCreation(store, row, action, existing !== undefined, now));
    }
  }
  return changes;
}

export type SubOrchestrationAction = Extract<ScheduledAction, { kind: 'subOrchestration' }>;

/** Create a child instance of `row` and start it. A finished instance's id may be reused, as a client start reuses it: its old record goes first. */
export function childCreation(store: DurableStore, row: InstanceRow, action: SubOrchestrationAction, replacesFinished: boolean, now: number): StoreChange[] {
  const changes: StoreChange[] = replacesFinished ? [{ op: 'purge', instanceId: action.instanceId }] : [];
  changes.push(
    {
      op: 'createInstance',
      row: {
        instanceId: action.instanceId, name: action.name, status: 'Pending', input: action.input, output: undefined, customStatus: undefined,
        createdAt: now, updatedAt: now, generation: 0, parent: { instanceId: row.instanceId, generation: row.generation, taskId: action.taskId }, version: action.version,
      },
    },
    message(store, action.instanceId, 0, now, startedEvent(action.name, action.input, action.version)),
  );
  return changes;
}

export function message(store: DurableStore, instanceId: string, generation: number | undefined, visibleAt: number, event: Omit<HistoryEvent, 'EventId' | 'Timestamp'>): Extract<StoreChange, { op: 'enqueue' }> {
  return { op: 'enqueue', message: { id: store.allocateId(), instanceId, generation, visibleAt, event: { ...event, Timestamp: isoTime(visibleAt) } } };
}

/** The event that starts a generation of an instance; an instance without a version records none. */
export function startedEvent(name: string, input: string | undefined, version: string): Omit<HistoryEvent, 'EventId' | 'Timestamp'> {
  return version ? { EventType: 'ExecutionStarted', Name: name, Input: input, Version: version } : { EventType: 'ExecutionStarted', Name: name, Input: input };
}

export function statusAfter(current: RuntimeStatus, outcome: TurnOutcome): RuntimeStatus {
  if (outcome.completion) return outcome.completion.status;
  let status: RuntimeStatus = current === 'Suspended' ? 'Suspended' : 'Running';
  for (const event of outcome.newEvents) {
    if (event.EventType === 'ExecutionSuspended') status = 'Suspended';
    else if (event.EventType === 'ExecutionResumed') status = 'Running';
  }
  return status;
}

/** A child whose id names a live instance is not created: the parent's call fails, and that instance is left alone. */
export function childConflict(store: DurableStore, row: InstanceRow, action: SubOrchestrationAction, existing: RuntimeStatus, now: number): StoreChange {
  const reason = `Cannot start sub-orchestration '${action.name}' as instance '${action.instanceId}': an instance with that id already exists and is ${existing}.`;
  return message(store, row.instanceId, row.generation, now, {
    EventType: 'SubOrchestrationInstanceFailed', TaskScheduledId: action.taskId, Name: action.name, InstanceId: action.instanceId, Reason: reason,
    Details: JSON.stringify({ errorType: 'InstanceAlreadyExistsError', message: reason }),
  });
}

/** Only the run of the parent that created the child takes its result: not a finished parent, nor a new one with its id. */
async function parentAwaits(store: DurableStore, link: ParentLink): Promise<boolean> {
  const parent = await store.getInstance(link.instanceId);
  return parent !== undefined && !isTerminal(parent.status) && parent.generation === link.generation;
}

function resultToParent(store: DurableStore, row: InstanceRow, outcome: TurnOutcome, now: number): StoreChange {
  const parent = row.parent!;
  const completion = outcome.completion!;
  if (completion.status === 'Completed') {
    return message(store, parent.instanceId, parent.generation, now, { EventType: 'SubOrchestrationInstanceCompleted', TaskScheduledId: parent.taskId, Name: row.name, InstanceId: row.instanceId, Result: completion.output });
  }
  const failure =
    completion.status === 'Failed'
      ? completion.failure
      : { errorType: 'TerminatedError', message: `Sub-orchestration '${row.name}' (${row.instanceId}) was terminated${completion.status === 'Terminated' && completion.output ? `: ${JSON.parse(completion.output)}` : ''}.` };
  return message(store, parent.instanceId, parent.generation, now, {
    EventType: 'SubOrchestrationInstanceFailed', TaskScheduledId: parent.taskId, Name: row.name, InstanceId: row.instanceId, Reason: failure.message, Details: JSON.stringify(failure),
  });
}

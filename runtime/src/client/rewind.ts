import type { HistoryEvent } from '../api/types';
import type { CommitExpectation, DurableStore, InstanceRow, PendingWork, StoreChange } from '../store/types';
import { childConflict, childCreation, message } from '../worker/turnChanges';
import { isTerminal } from './status';

const schedulingEvents = new Set<HistoryEvent['EventType']>(['TaskScheduled', 'TimerCreated', 'SubOrchestrationInstanceCreated']);
/**
 * What a turn after the cut had delivered and is delivered again, in order. Left out: failures (their work runs
 * again instead), the failed ending, and what the engine records itself (turn bounds, patch markers).
 */
const redelivered = new Set<HistoryEvent['EventType']>(['ExecutionStarted', 'TaskCompleted', 'TimerFired', 'EventRaised', 'SubOrchestrationInstanceCompleted', 'ExecutionSuspended', 'ExecutionResumed']);
const results = new Set<HistoryEvent['EventType']>(['TaskCompleted', 'TaskFailed', 'SubOrchestrationInstanceCompleted', 'SubOrchestrationInstanceFailed']);

/**
 * The changes that rewind a Failed instance, as Durable Functions' rewind does: the work that failed runs again,
 * and the instance goes on from there, with what completed kept. The history is cut back to the end of the last
 * turn that scheduled work; what the turns after it delivered is queued again, except failures; and every task
 * left open is started again unless its work or its result is still queued. The code then sees nothing it has not
 * seen before up to the cut, so it replays as it ran, and takes the rest live, as it would have. A failed
 * sub-orchestration is rewound with its parent; a finished child's result is sent to the parent again.
 *
 * A timer the code cancelled is also open in history: it fires again, and the code ignores it.
 *
 * `expect` receives what the changes were computed from (each rewound instance as read): committed with it, the
 * rewind applies only if no other process changed those instances meanwhile.
 */
export async function rewindChanges(store: DurableStore, row: InstanceRow, reason: string | undefined, now: number, expect: CommitExpectation[]): Promise<StoreChange[]> {
  const history = await store.getHistory(row.instanceId);
  const cut = cutPoint(history);
  const kept = history.slice(0, cut);
  const tail = history.slice(cut).filter((event) => redelivered.has(event.EventType));
  const changes: StoreChange[] = [{ op: 'clearHistory', instanceId: row.instanceId }];
  if (kept.length) changes.push({ op: 'appendHistory', instanceId: row.instanceId, firstEventId: 0, events: kept });
  changes.push({ op: 'updateInstance', instanceId: row.instanceId, update: { status: kept.length ? 'Running' : 'Pending', output: undefined, updatedAt: now } });

  // The rewind shows in history, after the start when the instance starts over.
  const marker: Omit<HistoryEvent, 'EventId' | 'Timestamp'> = reason ? { EventType: 'ExecutionRewound', Reason: reason } : { EventType: 'ExecutionRewound' };
  const deliveries = tail[0]?.EventType === 'ExecutionStarted' ? [tail[0], marker, ...tail.slice(1)] : [marker, ...tail];
  for (const event of deliveries) changes.push(message(store, row.instanceId, isEventForAnyGeneration(event) ? undefined : row.generation, now, withoutNumbering(event)));

  const answered = new Set<number>();
  for (const event of [...kept, ...tail]) {
    if (results.has(event.EventType) && event.TaskScheduledId !== undefined) answered.add(event.TaskScheduledId);
    if (event.EventType === 'TimerFired' && event.TimerId !== undefined) answered.add(event.TimerId);
  }
  const pending = await store.queuedWork([row.instanceId]);
  const queued = queuedTaskIds(pending, row);
  expect.push({
    instanceId: row.instanceId, status: row.status, generation: row.generation, historyLength: history.length,
    queued: [...pending.messages.map((item) => item.id), ...pending.activities.map((item) => item.id)],
  });
  for (const scheduled of kept) {
    const taskId = scheduled.TaskId;
    if (!schedulingEvents.has(scheduled.EventType) || taskId === undefined || answered.has(taskId) || queued.has(taskId)) continue;
    if (scheduled.EventType === 'TaskScheduled') {
      changes.push({ op: 'addActivity', item: { id: store.allocateId(), instanceId: row.instanceId, generation: row.generation, taskId, name: scheduled.Name!, input: scheduled.Input } });
    } else if (scheduled.EventType === 'TimerCreated') {
      changes.push(message(store, row.instanceId, row.generation, Date.parse(scheduled.FireAt!), { EventType: 'TimerFired', TimerId: taskId, FireAt: scheduled.FireAt }));
    } else {
      changes.push(...(await childAgain(store, row, scheduled, taskId, now, expect)));
    }
  }
  return changes;
}

/** Just after the turn that scheduled the last work; 0 when none did (the instance starts over). */
function cutPoint(history: readonly HistoryEvent[]): number {
  let lastScheduled = -1;
  history.forEach((event, index) => schedulingEvents.has(event.EventType) && (lastScheduled = index));
  if (lastScheduled < 0) return 0;
  const turnEnd = history.findIndex((event, index) => index > lastScheduled && event.EventType === 'OrchestratorCompleted');
  return turnEnd < 0 ? lastScheduled + 1 : turnEnd + 1;
}

/** The task ids of this run whose activity is still queued or whose result waits in the queue: they need nothing. */
function queuedTaskIds(pending: PendingWork, row: InstanceRow): Set<number> {
  const ids = new Set<number>();
  for (const item of pending.activities) if (item.instanceId === row.instanceId && item.generation === row.generation) ids.add(item.taskId);
  for (const queued of pending.messages) {
    if (queued.instanceId !== row.instanceId || queued.generation !== row.generation) continue;
    const taskId = queued.event.TaskScheduledId ?? queued.event.TimerId;
    if (taskId !== undefined) ids.add(taskId);
  }
  return ids;
}

/** The open sub-orchestration of `taskId`: its work runs again, or its result is sent again, as its child's state says. */
async function childAgain(store: DurableStore, parent: InstanceRow, created: HistoryEvent, taskId: number, now: number, expect: CommitExpectation[]): Promise<StoreChange[]> {
  const action = { kind: 'subOrchestration' as const, taskId, name: created.Name!, instanceId: created.InstanceId!, input: created.Input, version: created.Version ?? '' };
  const child = await store.getInstance(action.instanceId);
  const ours = child?.parent?.instanceId === parent.instanceId && child.parent.generation === parent.generation && child.parent.taskId === taskId;
  if (!child) return childCreation(store, parent, action, false, now);
  if (!ours) return isTerminal(child.status) ? childCreation(store, parent, action, true, now) : [childConflict(store, parent, action, child.status, now)];
  switch (child.status) {
    case 'Failed':
      return rewindChanges(store, child, `its parent '${parent.instanceId}' was rewound`, now, expect);
    case 'Completed':
      // It finished while the parent was failed, so its result went nowhere.
      return [message(store, parent.instanceId, parent.generation, now, { EventType: 'SubOrchestrationInstanceCompleted', TaskScheduledId: taskId, Name: child.name, InstanceId: child.instanceId, Result: child.output })];
    case 'Terminated':
      return childCreation(store, parent, action, true, now);
    default:
      return []; // still running: its result comes when it finishes
  }
}

function isEventForAnyGeneration(event: Omit<HistoryEvent, 'EventId' | 'Timestamp'>): boolean {
  return event.EventType === 'EventRaised' || event.EventType === 'ExecutionSuspended' || event.EventType === 'ExecutionResumed';
}

function withoutNumbering(event: Omit<HistoryEvent, 'EventId' | 'Timestamp'> | HistoryEvent): Omit<HistoryEvent, 'EventId' | 'Timestamp'> {
  const { EventId: _eventId, Timestamp: _timestamp, ...body } = event as HistoryEvent;
  return body;
}

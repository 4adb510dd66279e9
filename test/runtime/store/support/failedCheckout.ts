import type { HistoryEvent } from '../../../../runtime/src/api/types';
import type { StoreChange } from '../../../../runtime/src/store/types';

/** The instance id of the failed checkout the rewind race tests start from. */
export const CHECKOUT_ID = 'order-1';

/** History events numbered from `firstEventId`, stamped at the epoch. */
export function events(firstEventId: number, bodies: Partial<HistoryEvent>[]): HistoryEvent[] {
  return bodies.map((body, index) => ({ EventId: firstEventId + index, Timestamp: new Date(0).toISOString(), ...body }) as HistoryEvent);
}

/**
 * A Checkout instance that scheduled `activities` in its first turn, task ids in order, and failed when the first of
 * them ('Charge') failed with 'declined': the others, if any, were still running.
 */
export function failedCheckout(activities: string[]): StoreChange[] {
  const history = events(0, [
    { EventType: 'OrchestratorStarted' },
    { EventType: 'ExecutionStarted', Name: 'Checkout', Input: '1' },
    ...activities.map((name, taskId): Partial<HistoryEvent> => ({ EventType: 'TaskScheduled', Name: name, TaskId: taskId, Input: '1' })),
    { EventType: 'OrchestratorCompleted' },
    { EventType: 'OrchestratorStarted' },
    { EventType: 'TaskFailed', TaskScheduledId: 0, Reason: 'declined' },
    { EventType: 'ExecutionCompleted', Details: '{"message":"declined"}' },
    { EventType: 'OrchestratorCompleted' },
  ]);
  return [
    { op: 'createInstance', row: { instanceId: CHECKOUT_ID, name: 'Checkout', status: 'Failed', input: '1', output: '{"message":"declined"}', customStatus: undefined, createdAt: 0, updatedAt: 0, generation: 0, parent: undefined, version: '' } },
    { op: 'appendHistory', instanceId: CHECKOUT_ID, firstEventId: 0, events: history },
  ];
}

import type { HistoryEvent } from '../api/types';
import type { FailureDetails } from '../api/errors';
import type { DurableStore, Message, StoreChange } from '../store/types';
import { message } from '../worker/turnChanges';

/**
 * The four messages an entity takes, named as the Durable Task protocol names the history events of their
 * sending. They travel as ordinary queued messages to the entity's instance id.
 */
export type EntityRequestType = 'EntityOperationCalled' | 'EntityOperationSignaled' | 'EntityLockRequested' | 'EntityUnlockSent';

const requestTypes = new Set<string>(['EntityOperationCalled', 'EntityOperationSignaled', 'EntityLockRequested', 'EntityUnlockSent']);

/** Who sent a request, and where its answer goes: an orchestration's task (its generation drops stale answers). */
export interface RequestSender {
  instanceId: string;
  generation?: number;
  taskId?: number;
}

export interface EntityRequest {
  type: EntityRequestType;
  /** The operation (calls and signals). */
  operation?: string;
  /** JSON text of the operation's input. */
  input?: string;
  /** Absent for a client's signal. */
  sender?: RequestSender;
  /** Lock requests: every entity of the critical section, in the order they are taken. */
  lockSet?: string[];
}

/** What an orchestration's turn asks of an entity; recorded in its history as the request's event type. */
export interface EntityAction {
  kind: 'entity';
  taskId: number;
  type: EntityRequestType;
  /** The entity's instance id (for a lock request, the first of the set). */
  entityId: string;
  name: string | undefined;
  input: string | undefined;
  lockSet?: string[];
}

/** The history event an orchestration records for a request it sends. */
export function sentEvent(action: EntityAction, timestamp: string): Omit<HistoryEvent, 'EventId'> {
  const event: Omit<HistoryEvent, 'EventId'> = { EventType: action.type, Timestamp: timestamp, TaskId: action.taskId, InstanceId: action.entityId };
  if (action.name !== undefined) event.Name = action.name;
  const input = action.lockSet ? JSON.stringify(action.lockSet) : action.input;
  if (input !== undefined) event.Input = input;
  return event;
}

/** The queued message that carries a request to an entity. */
export function requestChange(store: DurableStore, entityId: string, request: EntityRequest, now: number): StoreChange {
  const event: Omit<HistoryEvent, 'EventId' | 'Timestamp'> = { EventType: request.type };
  if (request.operation !== undefined) event.Name = request.operation;
  const input = request.lockSet ? JSON.stringify(request.lockSet) : request.input;
  if (input !== undefined) event.Input = input;
  if (request.sender) {
    event.InstanceId = request.sender.instanceId;
    if (request.sender.generation !== undefined) event.Generation = request.sender.generation;
    if (request.sender.taskId !== undefined) event.TaskScheduledId = request.sender.taskId;
  }
  return message(store, entityId, undefined, now, event);
}

/** The request a queued message carries; undefined for messages that are not entity requests. */
export function readRequest(queued: Message): EntityRequest | undefined {
  const event = queued.event;
  if (!requestTypes.has(event.EventType)) return undefined;
  const type = event.EventType as EntityRequestType;
  const request: EntityRequest = { type };
  if (event.Name !== undefined) request.operation = event.Name;
  if (type === 'EntityLockRequested') request.lockSet = JSON.parse(event.Input ?? '[]') as string[];
  else if (event.Input !== undefined) request.input = event.Input;
  if (event.InstanceId !== undefined) request.sender = { instanceId: event.InstanceId, generation: event.Generation, taskId: event.TaskScheduledId };
  return request;
}

/** The request an orchestration's action sends. */
export function requestOfAction(action: EntityAction, sender: RequestSender): EntityRequest {
  const request: EntityRequest = { type: action.type, sender };
  if (action.name !== undefined) request.operation = action.name;
  if (action.input !== undefined) request.input = action.input;
  if (action.lockSet) request.lockSet = action.lockSet;
  return request;
}

export type OperationResult = { ok: true; output: string | undefined } | { ok: false; failure: FailureDetails };

/** The answer to an orchestration's call. */
export function resultChange(store: DurableStore, entityId: string, sender: RequestSender, operation: string, result: OperationResult, now: number): StoreChange {
  const answer: Omit<HistoryEvent, 'EventId' | 'Timestamp'> = result.ok
    ? { EventType: 'EntityOperationCompleted', TaskScheduledId: sender.taskId, Name: operation, InstanceId: entityId, Result: result.output }
    : { EventType: 'EntityOperationFailed', TaskScheduledId: sender.taskId, Name: operation, InstanceId: entityId, Reason: result.failure.message, Details: JSON.stringify(result.failure) };
  return message(store, sender.instanceId, sender.generation, now, answer);
}

/** The last entity of a lock set tells the orchestration that it holds them all. */
export function lockGrantedChange(store: DurableStore, entityId: string, sender: RequestSender, now: number): StoreChange {
  return message(store, sender.instanceId, sender.generation, now, { EventType: 'EntityLockGranted', TaskScheduledId: sender.taskId, InstanceId: entityId });
}

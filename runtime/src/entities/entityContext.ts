import { randomUUID } from 'node:crypto';
import type { DurableApp } from '../api/app';
import { nameOf } from '../api/app';
import { InvalidInputError, UnknownOrchestrationError } from '../api/errors';
import type { StartOptions } from '../api/types';
import { fromJson, toJson } from '../engine/serialization';
import { checkInstanceId } from '../client/instanceId';
import type { EntityContext, EntityId, EntityIdLike } from './types';
import { entityIdOf, entityInstanceId } from './entityId';
import type { EntityRequest } from './requests';

/** What an operation sends out: recorded with its state, or dropped with it when the operation fails. */
export type Outgoing =
  | { kind: 'signal'; entityId: string; request: EntityRequest }
  | { kind: 'start'; name: string; instanceId: string; explicitId: boolean; input: string | undefined };

/** The `ctx` of one entity operation. Its state is the live value the operation changes; it is serialised after. */
export class EntityContextImpl implements EntityContext {
  readonly entityId: EntityId;
  readonly outgoing: Outgoing[] = [];
  returned: { value: unknown } | undefined;
  private live: unknown;

  constructor(
    private readonly app: DurableApp,
    readonly instanceId: string,
    readonly operationName: string,
    private readonly inputJson: string | undefined,
    stateJson: string | undefined,
  ) {
    this.entityId = entityIdOf(instanceId);
    this.live = fromJson(stateJson);
    this.isNewlyConstructed = stateJson === undefined;
  }

  readonly isNewlyConstructed: boolean;

  get entityName(): string {
    return this.entityId.name;
  }

  get entityKey(): string {
    return this.entityId.key;
  }

  getInput(): any {
    return fromJson(this.inputJson);
  }

  getState(initial?: unknown): any {
    if (this.live === undefined && initial !== undefined) this.live = typeof initial === 'function' ? (initial as () => unknown)() : initial;
    return this.live;
  }

  setState(state: unknown): void {
    this.live = state;
  }

  deleteState(): void {
    this.live = undefined;
  }

  return(value: unknown): void {
    this.returned = { value };
  }

  /** The state to record, as JSON text (undefined: none). */
  stateJson(): string | undefined {
    return toJson(this.live, `The state of entity ${this.instanceId}`);
  }

  signalEntity(entity: EntityIdLike, operation: string, input?: unknown): void {
    const entityId = entityInstanceId(entity);
    const request: EntityRequest = { type: 'EntityOperationSignaled', operation: checkOperation(operation), sender: { instanceId: this.instanceId } };
    const json = toJson(input, `The input of operation '${operation}' on entity ${entityId}`);
    if (json !== undefined) request.input = json;
    this.outgoing.push({ kind: 'signal', entityId, request });
  }

  startNewOrchestration(orchestration: string | { name: string }, input?: unknown, options: Pick<StartOptions, 'instanceId'> = {}): string {
    const name = nameOf(orchestration);
    if (!this.app.hasOrchestration(name)) throw new UnknownOrchestrationError(name, this.app.orchestrationNames());
    const instanceId = options.instanceId === undefined ? randomUUID().replace(/-/g, '') : checkInstanceId(options.instanceId);
    this.outgoing.push({ kind: 'start', name, instanceId, explicitId: options.instanceId !== undefined, input: toJson(input, `The input of orchestration '${name}'`) });
    return instanceId;
  }
}

export function checkOperation(operation: unknown): string {
  if (typeof operation !== 'string' || operation.length === 0) throw new InvalidInputError(`An entity operation needs a non-empty name, got ${JSON.stringify(operation) ?? String(operation)}.`);
  return operation;
}

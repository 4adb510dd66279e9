import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityContextImpl } from './entityContext';

/** What a debugger shows of the entity operation its stop is in. */
export interface RunningEntityOperation {
  entityId: string;
  operationName: string;
  input: unknown;
  /** The state as the operation has it now (its changes so far included). */
  state: unknown;
}

const operations = new AsyncLocalStorage<EntityContextImpl>();

/**
 * The entity operation the code that runs now belongs to, kept across its awaits (operations of different
 * entities interleave). A debugger paused in an entity's code evaluates the global below to show it.
 */
export const entityObserver = {
  run<T>(context: EntityContextImpl, operation: () => T): T {
    return operations.run(context, operation);
  },
  current(): RunningEntityOperation | undefined {
    const context = operations.getStore();
    if (!context) return undefined;
    return { entityId: context.instanceId, operationName: context.operationName, input: context.getInput(), state: context.getState() };
  },
};

export const ENTITY_OPERATION_GLOBAL = Symbol.for('durable-ts.entityOperation');
(globalThis as Record<symbol, unknown>)[ENTITY_OPERATION_GLOBAL] = () => entityObserver.current();

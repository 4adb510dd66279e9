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

/**
 * Set once a debugger asks for it: AsyncLocalStorage turns Node's async hooks on, and with them on, the turn
 * watchdog stopping code that never yields aborts the process. A debug session runs without that watchdog.
 */
let operations: AsyncLocalStorage<EntityContextImpl> | undefined;

/**
 * The entity operation the code that runs now belongs to, kept across its awaits (operations of different
 * entities interleave) once a debugger tracks it. A debugger paused in an entity's code evaluates the global below.
 */
export const entityObserver = {
  track(): void {
    operations ??= new AsyncLocalStorage();
  },
  run<T>(context: EntityContextImpl, operation: () => T): T {
    return operations ? operations.run(context, operation) : operation();
  },
  current(): RunningEntityOperation | undefined {
    const context = operations?.getStore();
    if (!context) return undefined;
    return { entityId: context.instanceId, operationName: context.operationName, input: context.getInput(), state: context.getState() };
  },
};

const ENTITY_OPERATION_GLOBAL = Symbol.for('durable-ts.entityOperation');
(globalThis as Record<symbol, unknown>)[ENTITY_OPERATION_GLOBAL] = () => entityObserver.current();

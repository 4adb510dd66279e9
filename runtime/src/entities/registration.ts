import { DurableError } from '../api/errors';
import type { EntityFunction, EntityOperations } from './types';
import { UnknownEntityOperationError } from './errors';

/** An entity as the runner calls it: one function of the operation's context. */
export function toEntityFunction(name: string, handler: EntityFunction | EntityOperations): EntityFunction {
  if (typeof handler === 'function') return handler;
  if (!handler || typeof handler !== 'object') throw new DurableError(`The entity '${name}' must be registered with a function or an object of operations.`);
  const operations = new Map<string, (...args: never[]) => unknown>();
  for (const [operation, fn] of Object.entries(handler)) {
    if (typeof fn !== 'function') throw new DurableError(`Operation '${operation}' of entity '${name}' must be a function (ctx, input) => result.`);
    operations.set(operation, fn);
  }
  return (context) => {
    const operation = operations.get(context.operationName);
    if (!operation) throw new UnknownEntityOperationError(name, context.operationName, [...operations.keys()]);
    return (operation as EntityOperations[string]).call(handler, context, context.getInput());
  };
}

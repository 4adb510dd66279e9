import { DurableError } from '../api/errors';

export class UnknownEntityError extends DurableError {
  constructor(readonly entityName: string, registered: string[]) {
    super(`No entity named '${entityName}' is registered${registered.length ? ` (registered: ${registered.join(', ')})` : ''}. Register it with app.entity('${entityName}', ...).`);
  }
}

export class UnknownEntityOperationError extends DurableError {
  constructor(readonly entityName: string, readonly operationName: string, operations: string[]) {
    super(`Entity '${entityName}' has no operation '${operationName}' (its operations: ${operations.join(', ') || 'none'}).`);
  }
}

/** An orchestration broke a rule of critical sections (`ctx.lock`), which keep them free of deadlocks. */
export class LockingRulesViolationError extends DurableError {}

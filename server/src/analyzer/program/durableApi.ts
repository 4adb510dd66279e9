import ts from 'typescript';
import { importedBindingOf, type ImportBinding } from './importTable';
import { DURABLE_FUNCTIONS_MODULE, DURABLE_TS_MODULE } from './moduleNames';

/** Which programming model an orchestrator is written against; quick fixes are phrased for it. */
export type DurableFlavor = 'durable-ts' | 'durable-functions';

export type DurableCallKind = 'activity' | 'orchestration' | 'timer' | 'event' | 'whenAll' | 'whenAny' | 'entity' | 'http';

export interface DurableMethod {
  kind: DurableCallKind;
  /** Index of the activity/orchestration name (or handle) argument, for the kinds that have one. */
  nameArgument?: number;
  /** Index of the input argument, for the kinds that have one. */
  inputArgument?: number;
}

/** `ctx.<method>` of durable-ts: every one returns a DurableTask. */
const DURABLE_TS_TASK_METHODS: Readonly<Record<string, DurableMethod>> = {
  callActivity: { kind: 'activity', nameArgument: 0, inputArgument: 1 },
  callSubOrchestration: { kind: 'orchestration', nameArgument: 0, inputArgument: 1 },
  createTimer: { kind: 'timer' },
  waitForEvent: { kind: 'event' },
  all: { kind: 'whenAll' },
  any: { kind: 'whenAny' },
  // Entities: a call and a critical section are durable tasks (signalEntity is one-way and returns nothing).
  callEntity: { kind: 'entity' },
  lock: { kind: 'entity' },
};

/** `context.df.<method>` of durable-functions: every one returns a Task. */
const DURABLE_FUNCTIONS_TASK_METHODS: Readonly<Record<string, DurableMethod>> = {
  callActivity: { kind: 'activity', nameArgument: 0, inputArgument: 1 },
  callActivityWithRetry: { kind: 'activity', nameArgument: 0, inputArgument: 2 },
  callSubOrchestrator: { kind: 'orchestration', nameArgument: 0, inputArgument: 1 },
  callSubOrchestratorWithRetry: { kind: 'orchestration', nameArgument: 0, inputArgument: 2 },
  callEntity: { kind: 'entity' },
  callHttp: { kind: 'http' },
  createTimer: { kind: 'timer' },
  waitForExternalEvent: { kind: 'event' },
};

const DURABLE_FUNCTIONS_TASK_COMBINATORS: Readonly<Record<string, DurableMethod>> = {
  all: { kind: 'whenAll' },
  any: { kind: 'whenAny' },
};

/** `Promise.all([...durable tasks])` behaves like `ctx.all`, so these are durable when their tasks are. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'race', 'allSettled', 'any']);

/** Names of the context types whose parameter marks a function as an orchestrator. */
const CONTEXT_TYPE_EXPORTS: Readonly<Record<string, ReadonlySet<string>>> = {
  [DURABLE_TS_MODULE]: new Set(['OrchestrationContext']),
  [DURABLE_FUNCTIONS_MODULE]: new Set(['OrchestrationContext', 'IOrchestrationFunctionContext', 'DurableOrchestrationContext', 'IFunctionContext']),
};

export function flavorOfModule(module: string): DurableFlavor | undefined {
  if (module === DURABLE_TS_MODULE) return 'durable-ts';
  if (module === DURABLE_FUNCTIONS_MODULE) return 'durable-functions';
  return undefined;
}

function isExport(binding: ImportBinding | undefined, exportPath: string): DurableFlavor | undefined {
  if (!binding || binding.path.join('.') !== exportPath) return undefined;
  return flavorOfModule(binding.module);
}

/** `app` from durable-ts, or `df.app` / `app` from durable-functions. */
export function durableAppFlavor(sourceFile: ts.SourceFile, expression: ts.Expression): DurableFlavor | undefined {
  return isExport(importedBindingOf(sourceFile, expression), 'app');
}

/** `df.orchestrator(fn)`, the durable-functions v3 way to declare an orchestrator. */
export function isDurableFunctionsOrchestratorFactory(sourceFile: ts.SourceFile, expression: ts.Expression): boolean {
  return isExport(importedBindingOf(sourceFile, expression), 'orchestrator') === 'durable-functions';
}

/** The flavor of an orchestration-context type annotation (`OrchestrationContext`, `df.OrchestrationContext`). */
export function contextTypeFlavor(sourceFile: ts.SourceFile, type: ts.TypeNode | undefined): DurableFlavor | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const binding = importedBindingOf(sourceFile, type.typeName);
  if (!binding || binding.path.length !== 1) return undefined;
  // Older durable-functions apps import the types from inside the package: 'durable-functions/lib/src/classes'.
  const module = binding.module.startsWith(`${DURABLE_FUNCTIONS_MODULE}/`) ? DURABLE_FUNCTIONS_MODULE : binding.module;
  return CONTEXT_TYPE_EXPORTS[module]?.has(binding.path[0]) ? flavorOfModule(module) : undefined;
}

export interface DurableCall {
  call: ts.CallExpression;
  flavor: DurableFlavor;
  spec: DurableMethod;
}

/**
 * Recognizes `ctx.callActivity(...)`-style calls. `isContext` decides whether the receiver is an
 * orchestration context (the caller knows the orchestrators and parameter types).
 */
export function durableCallOf(
  call: ts.CallExpression,
  isContext: (receiver: ts.Expression) => boolean,
): DurableCall | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;
  // context.df.callActivity(...)
  if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'df' && Object.hasOwn(DURABLE_FUNCTIONS_TASK_METHODS, method)) {
    return { call, flavor: 'durable-functions', spec: DURABLE_FUNCTIONS_TASK_METHODS[method] };
  }
  // context.df.Task.all(...)
  if (
    ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'Task' &&
    ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'df' &&
    Object.hasOwn(DURABLE_FUNCTIONS_TASK_COMBINATORS, method)
  ) {
    return { call, flavor: 'durable-functions', spec: DURABLE_FUNCTIONS_TASK_COMBINATORS[method] };
  }
  if (Object.hasOwn(DURABLE_TS_TASK_METHODS, method) && isContext(receiver)) {
    return { call, flavor: 'durable-ts', spec: DURABLE_TS_TASK_METHODS[method] };
  }
  return undefined;
}

/** `ctx.continueAsNew(...)` or `context.df.continueAsNew(...)`: the way out of an eternal loop. */
export function isContinueAsNewCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'continueAsNew';
}

/** `Promise.all(...)` and friends on the global Promise. */
export function promiseCombinatorOf(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (
    ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' &&
    PROMISE_COMBINATORS.has(callee.name.text)
  ) {
    return callee.name.text;
  }
  return undefined;
}

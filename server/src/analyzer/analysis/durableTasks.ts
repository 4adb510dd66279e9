import ts from 'typescript';
import { promiseCombinatorOf, type DurableCall } from '../program/durableApi';
import type { RuleContext } from './ruleContext';
import { unwrapExpression } from '../program/functions';

/** `ctx.callActivity(...)` and the other calls that create a durable task, in the code being checked. */
export function durableCallAt(node: ts.Node, context: RuleContext): DurableCall | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  return context.analysis.durableCall(node);
}


/**
 * Whether an expression evaluates to a durable task: a durable call, `Promise.all/race` over durable calls,
 * or (with types) a value typed as a durable task.
 */
export function isDurableTaskExpression(expression: ts.Expression, context: RuleContext): boolean {
  return isSyntacticallyDurable(expression, context) ||
    (context.analysis.typeAware && mayHoldDurableTask(expression, context) &&
      isDurableTaskType(context.checker, context.checker.getTypeAtLocation(unwrapExpression(expression))));
}

/** A durable call, or `Promise.all/race` over durable calls: recognizable without types. */
export function isSyntacticallyDurable(expression: ts.Expression, context: RuleContext): boolean {
  const inner = unwrapExpression(expression);
  if (durableCallAt(inner, context)) return true;
  if (ts.isCallExpression(inner) && promiseCombinatorOf(inner)) {
    const tasks = inner.arguments[0];
    if (tasks && ts.isArrayLiteralExpression(tasks)) {
      return tasks.elements.some((element) => isSyntacticallyDurable(ts.isSpreadElement(element) ? element.expression : element, context));
    }
  }
  return false;
}

/**
 * Whether asking for the type is worth it: a variable, or a call that may reach workspace code returning a task.
 * A library method like `items.push(...)` never returns one, and typing it can mean checking the whole orchestrator.
 */
function mayHoldDurableTask(expression: ts.Expression, context: RuleContext): boolean {
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner)) return true;
  if (!ts.isCallExpression(inner)) return false;
  const callee = unwrapExpression(inner.expression);
  if (ts.isIdentifier(callee)) return true;
  return ts.isPropertyAccessExpression(callee) && context.analysis.workspaceFunctionNames.has(callee.name.text);
}

/** Type names of durable tasks: durable-ts's DurableTask, durable-functions' Task family. */
const DURABLE_TS_TASK_TYPES = new Set(['DurableTask']);
const DURABLE_FUNCTIONS_TASK_TYPES = new Set(['Task', 'TimerTask', 'RetryableTask', 'AtomicTask', 'DFTask', 'DFTimerTask']);

export function isDurableTaskType(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (depth > 5) return false;
  if (type.isUnion()) {
    const present = type.types.filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    return present.length > 0 && present.every((member) => isDurableTaskType(checker, member, depth + 1));
  }
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    if (symbol && isDurableTaskSymbol(symbol)) return true;
  }
  const objectFlags = type.flags & ts.TypeFlags.Object ? (type as ts.ObjectType).objectFlags : 0;
  const target = objectFlags & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  if ((target.flags & ts.TypeFlags.Object) && (target as ts.ObjectType).objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) {
    return (checker.getBaseTypes(target as ts.InterfaceType) ?? []).some((base) => isDurableTaskType(checker, base, depth + 1));
  }
  return false;
}

function isDurableTaskSymbol(symbol: ts.Symbol): boolean {
  if (DURABLE_TS_TASK_TYPES.has(symbol.name)) return true;
  return DURABLE_FUNCTIONS_TASK_TYPES.has(symbol.name) &&
    (symbol.declarations ?? []).some((declaration) => declaration.getSourceFile().fileName.includes('durable-functions'));
}

/** A value with a callable `then`: something `await` waits for. */
export function isThenableType(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isThenableType);
  return type.getProperty('then') !== undefined;
}

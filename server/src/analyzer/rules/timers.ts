import ts from 'typescript';
import { quickFix, replaceNode, type ContextSpelling } from '../analysis/edits';
import { globalApi, moduleApi, type ApiPattern, type ApiUse } from './apiPatterns';

/** DUR003: timers and sleeps that are not recorded in the history. */

function timerMessage(subject: string, durable: string): string {
  return `${subject} is not a durable timer: it is not recorded in the history and its callback runs outside the orchestration; use await ${durable}.createTimer(delayMs).`;
}

/**
 * `await setTimeout(ms)` from timers/promises, and `await new Promise((resolve) => setTimeout(resolve, ms))`,
 * are sleeps: both become `await ctx.createTimer(ms)`. Other timer uses have no mechanical replacement.
 */
function replaceAwaitedSleep(use: ApiUse, context: ContextSpelling) {
  if (context.flavor !== 'durable-ts' || !use.call || !ts.isCallExpression(use.call)) return undefined;
  const sleep = awaitedSleep(use.call);
  if (!sleep) return undefined;
  const newText = `${context.durable}.createTimer(${sleep.delay.getText()})`;
  return quickFix(`Replace with ${newText}`, [replaceNode(sleep.awaited, newText)]);
}

function awaitedSleep(call: ts.CallExpression): { awaited: ts.Expression; delay: ts.Expression } | undefined {
  // timers/promises: await setTimeout(ms)
  if (call.arguments.length === 1 && ts.isAwaitExpression(call.parent)) return { awaited: call, delay: call.arguments[0] };
  // await new Promise((resolve) => setTimeout(resolve, ms))
  const [callback, delay] = call.arguments;
  if (call.arguments.length !== 2) return undefined;
  const executor = enclosingExecutor(call);
  if (!executor) return undefined;
  const resolve = executor.parameters[0]?.name;
  if (!resolve || !ts.isIdentifier(resolve) || !resolvesWith(callback, resolve.text)) return undefined;
  const promise = executor.parent;
  if (!ts.isNewExpression(promise) || !ts.isAwaitExpression(skipParentheses(promise).parent)) return undefined;
  return { awaited: promise, delay };
}

/** The `(resolve) => ...` of `new Promise(...)` whose only statement is this call. */
function enclosingExecutor(call: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let owner: ts.Node = call.parent;
  if (ts.isExpressionStatement(owner) && ts.isBlock(owner.parent) && owner.parent.statements.length === 1) owner = owner.parent.parent;
  if (!ts.isArrowFunction(owner) && !ts.isFunctionExpression(owner)) return undefined;
  const promise = owner.parent;
  if (!ts.isNewExpression(promise) || !ts.isIdentifier(promise.expression) || promise.expression.text !== 'Promise') return undefined;
  return owner;
}

/** `resolve` itself, or `() => resolve()`. */
function resolvesWith(callback: ts.Expression, resolveName: string): boolean {
  if (ts.isIdentifier(callback)) return callback.text === resolveName;
  if ((ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.parameters.length === 0) {
    const body = ts.isBlock(callback.body) && callback.body.statements.length === 1 && ts.isExpressionStatement(callback.body.statements[0])
      ? callback.body.statements[0].expression
      : callback.body;
    return ts.isCallExpression(body) && ts.isIdentifier(body.expression) && body.expression.text === resolveName;
  }
  return false;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

export const TIMER_APIS: readonly ApiPattern[] = [
  ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => globalApi('DUR003', name, 'call', timerMessage, replaceAwaitedSleep)),
  moduleApi('DUR003', 'timers/promises', '', 'call', timerMessage, replaceAwaitedSleep),
  moduleApi('DUR003', 'timers', '', 'call', timerMessage),
];

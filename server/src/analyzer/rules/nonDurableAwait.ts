import ts from 'typescript';
import { durableSpellingForMessages, subjectText } from '../analysis/edits';
import { isDurableTaskType, isSyntacticallyDurable, isThenableType } from '../analysis/durableTasks';
import { unwrapExpression } from '../program/functions';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { promiseCombinatorOf } from '../program/durableApi';
import { declarationsOf, enclosingFunction } from '../program/functions';
import { isWorkspaceSourceFile } from '../program/workspaceCode';

/**
 * DUR007: awaiting (or, in a durable-functions generator, yielding) a promise that is not a durable task.
 *
 * To stay quiet on correct code, it only reports promises made by library code (an SDK, a driver, a client),
 * whose work is invisible to the history. Promises of the workspace's own async functions are fine when those
 * functions only await durable tasks, and that is checked in them (reported here with the chain).
 */
export const nonDurableAwaitRule: Rule = {
  codes: ['DUR007'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.YieldExpression],
  visit(node, context) {
    if (!context.analysis.typeAware) return;
    let operand: ts.Expression | undefined;
    if (ts.isAwaitExpression(node)) operand = node.expression;
    else if (ts.isYieldExpression(node) && !node.asteriskToken && isInDurableGenerator(node, context)) operand = node.expression;
    // Cheapest test first: most awaits are durable calls, recognizable without types.
    if (!operand || !isLibraryPromise(operand, context, 0)) return;
    const type = context.checker.getTypeAtLocation(operand);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) || !isThenableType(type) || isDurableTaskType(context.checker, type)) return;
    const subject = subjectText(unwrapExpression(operand), false);
    const durable = durableSpellingForMessages(context);
    context.report({
      code: 'DUR007',
      node: operand,
      subject,
      message: `${subject} is not a durable task: its work is not recorded in the history and runs again on every replay; do it in an activity and ${context.flavor === 'durable-functions' ? 'yield' : 'await'} ${durable}.callActivity(...).`,
    });
  },
};

/** Yields are checkpoints only in durable-functions generator orchestrators. */
function isInDurableGenerator(node: ts.YieldExpression, context: RuleContext): boolean {
  const fn = enclosingFunction(node);
  return fn !== undefined && context.analysis.orchestratorOf(fn)?.flavor === 'durable-functions';
}

/** Whether a promise expression comes from library code, looking through constants and Promise combinators. */
function isLibraryPromise(expression: ts.Expression, context: RuleContext, depth: number): boolean {
  if (depth > 4) return false;
  const inner = unwrapExpression(expression);
  if (isSyntacticallyDurable(inner, context)) return false;
  if (ts.isIdentifier(inner)) {
    const initializer = constInitializer(inner, context);
    return initializer !== undefined && isLibraryPromise(initializer, context, depth + 1);
  }
  if (!ts.isCallExpression(inner)) return false;
  if (promiseCombinatorOf(inner)) {
    const tasks = inner.arguments[0];
    return tasks !== undefined && ts.isArrayLiteralExpression(tasks) &&
      tasks.elements.some((element) => !ts.isSpreadElement(element) && isLibraryPromise(element, context, depth + 1));
  }
  // Promise.resolve(...), task.then(...), and library helpers driven by an inline callback run workspace logic.
  const callee = unwrapExpression(inner.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = unwrapExpression(callee.expression);
    if ((ts.isIdentifier(receiver) && receiver.text === 'Promise') || isSyntacticallyDurable(receiver, context)) return false;
  }
  if (inner.arguments.some((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument))) return false;
  const declarations = declarationsOf(context.checker, callee);
  return declarations.length > 0 &&
    declarations.every((declaration) => !isWorkspaceSourceFile(context.analysis.program, declaration.getSourceFile()));
}

function constInitializer(identifier: ts.Identifier, context: RuleContext): ts.Expression | undefined {
  const declaration = context.checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
  return isConst ? declaration.initializer : undefined;
}

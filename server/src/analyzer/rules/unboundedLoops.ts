import ts from 'typescript';
import { durableSpellingForMessages } from '../analysis/edits';
import type { Rule } from '../analysis/ruleContext';
import { isContinueAsNewCall } from '../program/durableApi';

/**
 * DUR013: `while (true)` / `for (;;)` around durable work, with no way out and no `continueAsNew`: every turn
 * appends to the history, so the history (and every replay) grows without bound.
 */
export const unboundedLoopRule: Rule = {
  codes: ['DUR013'],
  reach: 'orchestrator',
  kinds: [ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement, ts.SyntaxKind.ForStatement],
  visit(node, context) {
    if (!isForeverLoop(node) || !context.orchestrator) return;
    if (!waitsDurably(node.statement) || hasExit(node) || callsContinueAsNew(context.orchestrator.fn.body)) return;
    const durable = durableSpellingForMessages(context);
    const header = headerOf(node);
    context.report({
      code: 'DUR013',
      node,
      range: header,
      subject: header.text,
      message: `This loop never ends and the orchestrator never calls continueAsNew, so its history grows forever and replays get slower; end each period with ${durable}.continueAsNew(state).`,
    });
  },
};

type ForeverLoop = ts.WhileStatement | ts.DoStatement | ts.ForStatement;

function isForeverLoop(node: ts.Node): node is ForeverLoop {
  if (ts.isForStatement(node)) return node.condition === undefined || isAlwaysTrue(node.condition);
  return (ts.isWhileStatement(node) || ts.isDoStatement(node)) && isAlwaysTrue(node.expression);
}

function isAlwaysTrue(condition: ts.Expression): boolean {
  return condition.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(condition) && Number(condition.text) !== 0);
}

/** Whether the body awaits or yields (outside nested functions): the loop produces history. */
function waitsDurably(body: ts.Statement): boolean {
  return someInSameFunction(body, (node) => ts.isAwaitExpression(node) || ts.isYieldExpression(node));
}

/** A `return`, a `throw`, or a `break` that leaves this loop. */
function hasExit(loop: ForeverLoop): boolean {
  const label = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  const visit = (node: ts.Node, nestedBreakTarget: boolean): boolean => {
    if (ts.isFunctionLike(node)) return false;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
    if (ts.isBreakStatement(node)) return node.label ? node.label.text === label : !nestedBreakTarget;
    const nested = nestedBreakTarget || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    return ts.forEachChild(node, (child) => visit(child, nested) || undefined) ?? false;
  };
  return visit(loop.statement, false);
}

function callsContinueAsNew(body: ts.Node): boolean {
  return someInSameFunction(body, isContinueAsNewCall, true);
}

function someInSameFunction(root: ts.Node, test: (node: ts.Node) => boolean, enterFunctions = false): boolean {
  const visit = (node: ts.Node): boolean => {
    if (test(node)) return true;
    if (!enterFunctions && ts.isFunctionLike(node)) return false;
    return ts.forEachChild(node, (child) => visit(child) || undefined) ?? false;
  };
  return visit(root);
}

/** `while (true)` without its body: the part worth underlining. */
function headerOf(loop: ForeverLoop): { start: number; end: number; text: string } {
  const sourceFile = loop.getSourceFile();
  const start = loop.getStart(sourceFile);
  const end = ts.isDoStatement(loop) ? start + 'do'.length : loop.statement.getStart(sourceFile);
  const text = sourceFile.text.slice(start, end).trimEnd();
  return { start, end: start + text.length, text };
}

import ts from 'typescript';
import { durableSpellingForMessages, subjectText } from '../analysis/edits';
import { isDurableTaskExpression, skipOuterExpressions } from '../analysis/durableTasks';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { enclosingFunction } from '../program/functions';

/** DUR008: a durable task created and then dropped, or stored and never used. */
export const floatingTaskRule: Rule = {
  codes: ['DUR008'],
  reach: 'orchestrator',
  visit(node, context) {
    if (ts.isExpressionStatement(node)) {
      let expression = skipOuterExpressions(node.expression);
      if (ts.isVoidExpression(expression)) expression = skipOuterExpressions(expression.expression);
      if (ts.isCallExpression(expression) && isDurableTaskExpression(expression, context)) report(expression, context);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const initializer = skipOuterExpressions(node.initializer);
      if (ts.isCallExpression(initializer) && isDurableTaskExpression(initializer, context) && !isReadAfterwards(node.name, context)) {
        report(initializer, context);
      }
    }
  },
};

function report(task: ts.CallExpression, context: RuleContext): void {
  const subject = subjectText(task.expression, true);
  const durable = durableSpellingForMessages(context.orchestrator);
  context.report({
    code: 'DUR008',
    node: task,
    subject,
    message: `The durable task from ${subject} is never awaited: its result and any failure are lost, and the orchestration may finish before it runs; await it, or await ${durable}.all([...]) over it.`,
  });
}

/** Whether the variable is read anywhere in the function that declares it. */
function isReadAfterwards(name: ts.Identifier, context: RuleContext): boolean {
  const scope = enclosingFunction(name) ?? name.getSourceFile();
  const symbol = context.checker.getSymbolAtLocation(name);
  let read = false;
  const visit = (node: ts.Node): void => {
    if (read) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && context.checker.getSymbolAtLocation(node) === symbol) {
      read = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return read;
}

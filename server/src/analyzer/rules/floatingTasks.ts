import ts from 'typescript';
import { durableSpellingForMessages, subjectText } from '../analysis/edits';
import { isDurableTaskExpression } from '../analysis/durableTasks';
import { unwrapExpression } from '../program/functions';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { enclosingFunction } from '../program/functions';

/** DUR008: a durable task created and then dropped, or stored and never used. */
export const floatingTaskRule: Rule = {
  codes: ['DUR008'],
  reach: 'orchestrator',
  kinds: [ts.SyntaxKind.ExpressionStatement, ts.SyntaxKind.VariableDeclaration],
  visit(node, context) {
    if (ts.isExpressionStatement(node)) {
      let expression = unwrapExpression(node.expression);
      if (ts.isVoidExpression(expression)) expression = unwrapExpression(expression.expression);
      if (ts.isCallExpression(expression) && isDurableTaskExpression(expression, context)) report(expression, context);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const initializer = unwrapExpression(node.initializer);
      if (ts.isCallExpression(initializer) && isDurableTaskExpression(initializer, context) && !isReadAfterwards(node.name, context)) {
        report(initializer, context);
      }
    }
  },
};

function report(task: ts.CallExpression, context: RuleContext): void {
  const subject = subjectText(task.expression, true);
  const durable = durableSpellingForMessages(context);
  context.report({
    code: 'DUR008',
    node: task,
    subject,
    message: context.flavor === 'durable-functions'
      ? `The durable task from ${subject} is never yielded: its result and any failure are lost, and the orchestration may finish before it runs; yield it, or yield ${durable}.Task.all([...]) over it.`
      : `The durable task from ${subject} is never awaited: its result and any failure are lost, and the orchestration may finish before it runs; await it, or await ${durable}.all([...]) over it.`,
  });
}

/**
 * Whether the variable is read after its declaration, within the function that declares it (a `const` or `let`
 * cannot be read before; a `var` read earlier in a loop is caught by the same scan of the function).
 */
function isReadAfterwards(name: ts.Identifier, context: RuleContext): boolean {
  const scope = enclosingFunction(name) ?? name.getSourceFile();
  let symbol: ts.Symbol | undefined;
  const isUse = (node: ts.Identifier) => {
    symbol ??= context.checker.getSymbolAtLocation(name);
    return context.checker.getSymbolAtLocation(node) === symbol;
  };
  const declaredWithVar = !(ts.getCombinedNodeFlags(name.parent) & ts.NodeFlags.BlockScoped);
  const from = declaredWithVar ? scope.pos : name.end;
  const visit = (node: ts.Node): boolean => {
    if (node.end <= from) return false;
    if (ts.isIdentifier(node)) return node !== name && node.text === name.text && isUse(node);
    return ts.forEachChild(node, (child) => visit(child) || undefined) ?? false;
  };
  return visit(scope);
}

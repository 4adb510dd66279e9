import ts from 'typescript';
import { hasBody, type FunctionWithBody } from '../program/functions';
import type { ProgramAnalysis } from './programAnalysis';
import type { Rule, RuleContext } from './ruleContext';

/**
 * Offers every node of a function's body (nested callbacks included) to the rules, and every call to `onCall`.
 * Nested functions that are orchestrators in their own right are left to their own walk.
 */
export function walkFunctionBody(
  fn: FunctionWithBody,
  rules: readonly Rule[],
  context: RuleContext,
  onCall: (call: ts.CallExpression | ts.NewExpression) => void,
): void {
  const analysis: ProgramAnalysis = context.analysis;
  const rulesByKind = new Map<ts.SyntaxKind, Rule[]>();
  for (const rule of rules) for (const kind of rule.kinds) rulesByKind.set(kind, [...(rulesByKind.get(kind) ?? []), rule]);
  const visit = (node: ts.Node): void => {
    const interested = rulesByKind.get(node.kind);
    if (interested) for (const rule of interested) rule.visit(node, context);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) onCall(node);
    ts.forEachChild(node, visitChild);
  };
  const visitChild = (child: ts.Node): void => {
    if (hasBody(child) && analysis.orchestratorOf(child)) return;
    visit(child);
  };
  visit(fn.body);
}

import ts from 'typescript';
import { durableCallAt } from '../analysis/durableTasks';
import { unwrapExpression } from '../program/functions';
import { quickFix, replaceNode } from '../analysis/edits';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import type { DurableCall } from '../program/durableApi';
import { declarationsOf } from '../program/functions';
import type { Registration, RegistrationKind } from '../program/registrations';
import { closestName } from '../text/didYouMean';

/** DUR009: an activity or sub-orchestration the workspace does not register, by name or by handle. */
export const activityNameRule: Rule = {
  codes: ['DUR009'],
  reach: 'orchestrator',
  kinds: [ts.SyntaxKind.CallExpression],
  visit(node, context) {
    const durableCall = durableCallAt(node, context);
    if (!durableCall || durableCall.spec.nameArgument === undefined) return;
    const kind = durableCall.spec.kind;
    if (kind !== 'activity' && kind !== 'orchestration') return;
    const target = durableCall.call.arguments[durableCall.spec.nameArgument];
    if (!target) return;
    const name = calledName(target, context);
    if (name !== undefined) checkName(name, target, kind, durableCall, context);
    else checkHandle(target, kind, durableCall, context);
  },
};

/**
 * The name a call uses: a string literal, or a constant initialized with one (`const CHARGE = 'ChargeCard'`),
 * possibly imported. Read from declarations rather than types: typing a handle can mean inferring its activity.
 */
export function calledName(target: ts.Expression, context: RuleContext): string | undefined {
  const inner = unwrapExpression(target);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (!ts.isIdentifier(inner)) return undefined;
  for (const declaration of declarationsOf(context.checker, inner)) {
    if (
      ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isStringLiteralLike(declaration.initializer) &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    ) {
      return declaration.initializer.text;
    }
  }
  return undefined;
}

function checkName(name: string, target: ts.Expression, kind: RegistrationKind, durableCall: DurableCall, context: RuleContext): void {
  const registered = context.analysis.registrations.byKind(kind);
  // With nothing of this kind registered in the workspace (registrations elsewhere, function.json apps), no name can be judged.
  if (registered.size === 0 || registered.has(name)) return;
  const otherKind: RegistrationKind = kind === 'activity' ? 'orchestration' : 'activity';
  const method = durableCall.call.expression.getText();
  if (context.analysis.registrations.byKind(otherKind).has(name)) {
    context.report({
      code: 'DUR009',
      node: target,
      subject: `${method}('${name}')`,
      message: `'${name}' is registered as an ${otherKind}, not an ${kind}; ${suggestedMethod(otherKind, durableCall)}.`,
    });
    return;
  }
  const suggestion = closestName(name, registered.keys());
  const inner = unwrapExpression(target);
  context.report({
    code: 'DUR009',
    node: target,
    subject: `${method}('${name}')`,
    message: `No ${kind} named '${name}' is registered in the workspace.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    fix: suggestion && ts.isStringLiteralLike(inner)
      ? quickFix(`Change to '${suggestion}'`, [replaceNode(inner, quoteLike(inner, suggestion))])
      : undefined,
  });
}

/** A handle passed where the other kind is expected: `ctx.callActivity(someOrchestration)`. */
function checkHandle(target: ts.Expression, kind: RegistrationKind, durableCall: DurableCall, context: RuleContext): void {
  const registration = registrationOfHandle(target, context);
  if (!registration || registration.kind === kind || registration.name === undefined) return;
  context.report({
    code: 'DUR009',
    node: target,
    subject: target.getText(),
    message: `${target.getText()} is the handle of an ${registration.kind} ('${registration.name}'), not of an ${kind}; ${suggestedMethod(registration.kind, durableCall)}.`,
  });
}

/** The registration behind a handle: `const sayHello = app.activity('SayHello', ...)`, possibly imported. */
export function registrationOfHandle(target: ts.Expression, context: RuleContext): Registration | undefined {
  const inner = unwrapExpression(target);
  if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return undefined;
  for (const declaration of declarationsOf(context.checker, inner)) {
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const registration = context.analysis.registrations.registrationAt(unwrapExpression(declaration.initializer));
      if (registration) return registration;
    }
  }
  return undefined;
}

function suggestedMethod(kind: RegistrationKind, durableCall: DurableCall): string {
  const durableFunctions = durableCall.flavor === 'durable-functions';
  const method = kind === 'activity' ? 'callActivity' : durableFunctions ? 'callSubOrchestrator' : 'callSubOrchestration';
  return `call it with ${method}`;
}

function quoteLike(literal: ts.StringLiteralLike, value: string): string {
  const quote = literal.getText()[0];
  return `${quote}${value}${quote}`;
}

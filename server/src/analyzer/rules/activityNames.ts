import ts from 'typescript';
import { durableCallAt } from '../analysis/durableTasks';
import { quickFix, replaceNode } from '../analysis/edits';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import type { DurableCall } from '../program/durableApi';
import { declarationsOf, unwrapExpression } from '../program/functions';
import { literalStringOf } from '../program/literalNames';
import type { Registration, RegistrationKind } from '../program/registrations';
import { closestName } from '../text/didYouMean';
import { brokenFunctionJsonMessage } from '../analysis/brokenFunctionJson';

/**
 * DUR009: an activity or sub-orchestration the app does not register, by name or by handle; DUR000 for a call to a
 * function whose function.json cannot be read.
 */
export const activityNameRule: Rule = {
  codes: ['DUR009', 'DUR000'],
  reach: 'orchestrator',
  kinds: [ts.SyntaxKind.CallExpression],
  visit(node, context) {
    const durableCall = durableCallAt(node, context);
    if (!durableCall || durableCall.spec.nameArgument === undefined) return;
    const kind = durableCall.spec.kind;
    if (kind !== 'activity' && kind !== 'orchestration') return;
    const target = durableCall.call.arguments[durableCall.spec.nameArgument];
    if (!target) return;
    const called = calledTarget(target, context);
    if (called?.handle) checkHandle(called.handle, target, kind, durableCall, context);
    else if (called?.name !== undefined) checkName(called.name, target, kind, durableCall, context);
  },
};

/**
 * What a call names: the registration behind a handle (`const sayHello = app.activity(...)`), or a name held by a
 * literal or a constant of a literal type. Handles are looked up by declaration first: typing one can mean
 * inferring its whole activity.
 */
export function calledTarget(target: ts.Expression, context: RuleContext): { handle?: Registration; name?: string } | undefined {
  const inner = unwrapExpression(target);
  if (ts.isStringLiteralLike(inner)) return { name: inner.text };
  const handle = registrationOfHandle(inner, context);
  if (handle) return { handle };
  const name = literalStringOf(context.checker, inner);
  return name === undefined ? undefined : { name };
}

function checkName(name: string, target: ts.Expression, kind: RegistrationKind, durableCall: DurableCall, context: RuleContext): void {
  const registrations = context.analysis.registrationsFor(context.sourceFile);
  if (registrations.find(kind, name).length > 0) return;
  const broken = registrations.brokenDeclaration(name);
  if (broken) {
    context.report({ code: 'DUR000', node: target, subject: broken.fileName, message: brokenFunctionJsonMessage(broken) });
    return;
  }
  const registered = registrations.names(kind);
  // With nothing of this kind registered in the app (registrations made elsewhere), no name can be judged; an app
  // with function.json files that could not all be read is known to declare its functions itself.
  if (registered.length === 0 && registrations.broken.length === 0) return;
  const otherKind: RegistrationKind = kind === 'activity' ? 'orchestration' : 'activity';
  const method = durableCall.call.expression.getText();
  if (registrations.find(otherKind, name).length > 0) {
    context.report({
      code: 'DUR009',
      node: target,
      subject: `${method}('${name}')`,
      message: `'${name}' is registered as an ${otherKind}, not an ${kind}; ${suggestedMethod(otherKind, durableCall)}.`,
    });
    return;
  }
  const suggestion = closestName(name, registered);
  const inner = unwrapExpression(target);
  context.report({
    code: 'DUR009',
    node: target,
    subject: `${method}('${name}')`,
    message: `No ${kind} named '${name}' is registered in this app.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    fix: suggestion && ts.isStringLiteralLike(inner)
      ? quickFix(`Change to '${suggestion}'`, [replaceNode(inner, quoteLike(inner, suggestion))])
      : undefined,
  });
}

/** A handle passed where the other kind is expected: `ctx.callActivity(someOrchestration)`. */
function checkHandle(registration: Registration, target: ts.Expression, kind: RegistrationKind, durableCall: DurableCall, context: RuleContext): void {
  if (registration.kind === kind || registration.name === undefined) return;
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
      const registration = context.analysis.registrationAt(unwrapExpression(declaration.initializer));
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

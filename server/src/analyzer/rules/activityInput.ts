import ts from 'typescript';
import { durableCallAt } from '../analysis/durableTasks';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { resolveFunction } from '../program/functions';
import type { Registration } from '../program/registrations';
import { calledTarget } from './activityNames';

/**
 * DUR010: the input handed to an activity (or sub-orchestration) must fit the parameter its function declares.
 * TypeScript cannot see this through a name string, and JavaScript not at all; the registry links the two.
 */
export const activityInputRule: Rule = {
  codes: ['DUR010'],
  reach: 'orchestrator',
  kinds: [ts.SyntaxKind.CallExpression],
  visit(node, context) {
    if (!context.analysis.typeAware) return;
    const durableCall = durableCallAt(node, context);
    const spec = durableCall?.spec;
    if (!durableCall || !spec || spec.nameArgument === undefined || spec.inputArgument === undefined) return;
    if (spec.kind !== 'activity' && spec.kind !== 'orchestration') return;
    const target = durableCall.call.arguments[spec.nameArgument];
    if (!target) return;
    const registration = registrationCalled(target, spec.kind, context);
    if (!registration?.site || registration.kind !== spec.kind || (registration.kind === 'orchestration' && registration.flavor === 'durable-functions')) return;
    const parameter = inputParameterOf(registration, context);
    if (!parameter) return;
    const expected = context.checker.getTypeAtLocation(parameter);
    if (expected.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    const input = durableCall.call.arguments[spec.inputArgument];
    const optional = parameter.questionToken !== undefined || parameter.initializer !== undefined || parameter.dotDotDotToken !== undefined;
    if (!input && optional) return;
    const actual = input ? context.checker.getTypeAtLocation(input) : context.checker.getUndefinedType();
    if (actual.flags & ts.TypeFlags.Any || context.checker.isTypeAssignableTo(actual, expected)) return;
    const shownActual = context.checker.typeToString(context.checker.getBaseTypeOfLiteralType(actual));
    const shownExpected = context.checker.typeToString(expected);
    const what = `${registration.kind === 'activity' ? 'Activity' : 'Orchestration'} '${registration.name}'`;
    context.report({
      code: 'DUR010',
      node: input ?? durableCall.call,
      subject: input ? input.getText() : durableCall.call.getText(),
      message: input
        ? `${what} expects input of type ${shownExpected}, but this passes ${shownActual}.`
        : `${what} expects input of type ${shownExpected}, but none is passed.`,
    });
  },
};

function registrationCalled(target: ts.Expression, kind: Registration['kind'], context: RuleContext): Registration | undefined {
  const called = calledTarget(target, context);
  if (called?.handle || called?.name === undefined) return called?.handle;
  const candidates = context.analysis.registrationsFor(context.sourceFile).find(kind, called.name);
  // Two registrations under one name would be a different mistake; only a single one has a definite input type.
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Activities take their input first; durable-ts orchestrations take `(ctx, input)`. */
function inputParameterOf(registration: Registration, context: RuleContext): ts.ParameterDeclaration | undefined {
  const fn = resolveFunction(context.checker, registration.site?.handler);
  if (!fn) return undefined;
  return fn.parameters[registration.kind === 'activity' ? 0 : 1];
}

import ts from 'typescript';
import { durableAppFlavor, isDurableFunctionsOrchestratorFactory, type DurableFlavor } from './durableApi';

export type RegistrationKind = 'activity' | 'orchestration';

/** One `app.activity('Name', fn)` / `app.orchestration('Name', fn)` / `df.orchestrator(fn)` in the workspace. */
export interface Registration {
  kind: RegistrationKind;
  flavor: DurableFlavor;
  /** Undefined for `df.orchestrator(fn)`, whose name comes from the function's folder. */
  name: string | undefined;
  call: ts.CallExpression;
  /** The function argument: an inline function or method, or an expression naming one declared elsewhere. */
  handler: ts.Expression | ts.MethodDeclaration | undefined;
}

const REGISTRATION_METHODS: Readonly<Record<string, RegistrationKind>> = {
  activity: 'activity',
  orchestration: 'orchestration',
};

/** The registration a call makes, if it is one: `app.activity('Name', fn)` and the like. */
export function registrationOf(sourceFile: ts.SourceFile, call: ts.CallExpression): Registration | undefined {
  const callee = call.expression;
  // The method name is the cheap test; most calls in a file are not registrations.
  const calledName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (calledName === 'orchestrator' && isDurableFunctionsOrchestratorFactory(sourceFile, callee)) {
    return { kind: 'orchestration', flavor: 'durable-functions', name: undefined, call, handler: call.arguments[0] };
  }
  const kind = calledName === undefined ? undefined : REGISTRATION_METHODS[calledName];
  if (!kind || !ts.isPropertyAccessExpression(callee)) return undefined;
  const flavor = durableAppFlavor(sourceFile, callee.expression);
  const nameArgument = call.arguments[0];
  if (!flavor || !nameArgument || !ts.isStringLiteralLike(nameArgument)) return undefined;
  return { kind, flavor, name: nameArgument.text, call, handler: handlerArgument(call.arguments[1]) };
}

/** durable-functions also accepts `{ handler: fn }`. */
function handlerArgument(argument: ts.Expression | undefined): ts.Expression | ts.MethodDeclaration | undefined {
  if (argument && ts.isObjectLiteralExpression(argument)) {
    for (const property of argument.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'handler') {
        return property.initializer;
      }
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'handler') return property.name;
      if (ts.isMethodDeclaration(property) && ts.isIdentifier(property.name) && property.name.text === 'handler') {
        return property;
      }
    }
  }
  return argument;
}

/** Every name the workspace registers, by kind. */
export class RegistrationIndex {
  readonly activities = new Map<string, Registration[]>();
  readonly orchestrations = new Map<string, Registration[]>();
  readonly all: Registration[] = [];
  private readonly byCall = new Map<ts.CallExpression, Registration>();

  constructor(registrations: Iterable<Registration>) {
    for (const registration of registrations) {
      this.all.push(registration);
      this.byCall.set(registration.call, registration);
      if (registration.name === undefined) continue;
      const byName = this.byKind(registration.kind);
      const list = byName.get(registration.name) ?? [];
      list.push(registration);
      byName.set(registration.name, list);
    }
  }

  byKind(kind: RegistrationKind): Map<string, Registration[]> {
    return kind === 'activity' ? this.activities : this.orchestrations;
  }

  /** The registration whose call is `call` (the initializer of a handle variable), if any. */
  registrationAt(call: ts.Node): Registration | undefined {
    return ts.isCallExpression(call) ? this.byCall.get(call) : undefined;
  }
}

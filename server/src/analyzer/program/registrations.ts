import ts from 'typescript';
import type { BrokenFunctionJson } from '../project/functionJson';
import { durableAppFlavor, isDurableFunctionsOrchestratorFactory, type DurableFlavor } from './durableApi';

export type RegistrationKind = 'activity' | 'orchestration' | 'entity';

/** One `app.activity(NAME, fn)` / `app.orchestration(NAME, fn)` / `df.orchestrator(fn)` call, as written. */
export interface RegistrationSite {
  kind: RegistrationKind;
  flavor: DurableFlavor;
  call: ts.CallExpression;
  /** The name argument; undefined for `df.orchestrator(fn)`, whose name comes from the function's folder. */
  nameArgument: ts.Expression | undefined;
  /** The function argument: an inline function or method, or an expression naming one declared elsewhere. */
  handler: ts.Expression | ts.MethodDeclaration | undefined;
}

/** A name an app registers: from code (a site), or from a function.json folder. */
export interface Registration {
  kind: RegistrationKind;
  flavor: DurableFlavor;
  /** The registered name, when it is known (a literal, or a constant of a literal type). */
  name: string | undefined;
  site: RegistrationSite | undefined;
}

const REGISTRATION_METHODS: Readonly<Record<string, RegistrationKind>> = {
  activity: 'activity',
  orchestration: 'orchestration',
  entity: 'entity',
};

/** The registration a call makes, if it is one: `app.activity('Name', fn)` and the like. */
export function registrationSiteOf(sourceFile: ts.SourceFile, call: ts.CallExpression): RegistrationSite | undefined {
  const callee = call.expression;
  // The method name is the cheap test; most calls in a file are not registrations.
  const calledName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (calledName === 'orchestrator' && isDurableFunctionsOrchestratorFactory(sourceFile, callee)) {
    return { kind: 'orchestration', flavor: 'durable-functions', call, nameArgument: undefined, handler: call.arguments[0] };
  }
  const kind = calledName === undefined ? undefined : REGISTRATION_METHODS[calledName];
  if (!kind || !ts.isPropertyAccessExpression(callee)) return undefined;
  const flavor = durableAppFlavor(sourceFile, callee.expression);
  const nameArgument = call.arguments[0];
  if (!flavor || !nameArgument || ts.isSpreadElement(nameArgument)) return undefined;
  return { kind, flavor, call, nameArgument, handler: handlerArgument(call.arguments[1]) };
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

/** Every name one app registers, by kind. */
export class RegistrationIndex {
  private readonly byKindAndName = new Map<RegistrationKind, Map<string, Registration[]>>();
  /** Azure Functions names are case-insensitive: durable-functions registrations are also found by lower case. */
  private readonly byLowerCase = new Map<RegistrationKind, Map<string, Registration[]>>();
  private readonly byCall = new Map<ts.CallExpression, Registration>();

  /**
   * `broken`: the app's function.json files that cannot be read. Their functions are of no known kind, so a call by
   * their name is not judged, and the app is known to declare functions even when none of a kind was read.
   */
  constructor(registrations: Iterable<Registration>, readonly broken: readonly BrokenFunctionJson[] = []) {
    for (const registration of registrations) {
      if (registration.site) this.byCall.set(registration.site.call, registration);
      if (registration.name === undefined) continue;
      add(this.byKindAndName, registration.kind, registration.name, registration);
      if (registration.flavor === 'durable-functions') add(this.byLowerCase, registration.kind, registration.name.toLowerCase(), registration);
    }
  }

  /** The names registered for a kind (empty when the app registers nothing of it). */
  names(kind: RegistrationKind): string[] {
    return [...(this.byKindAndName.get(kind)?.keys() ?? [])];
  }

  /** The registrations under a name: exactly, or in any case for the durable-functions model. */
  find(kind: RegistrationKind, name: string): readonly Registration[] {
    return this.byKindAndName.get(kind)?.get(name) ?? this.byLowerCase.get(kind)?.get(name.toLowerCase()) ?? [];
  }

  /** The function.json under a name (any case: Azure Functions names are case-insensitive) that cannot be read. */
  brokenDeclaration(name: string): BrokenFunctionJson | undefined {
    return this.broken.find((declaration) => declaration.name.toLowerCase() === name.toLowerCase());
  }

  /** The registration whose call is `call` (the initializer of a handle variable), if any. */
  registrationAt(call: ts.Node): Registration | undefined {
    return ts.isCallExpression(call) ? this.byCall.get(call) : undefined;
  }
}

function add(index: Map<RegistrationKind, Map<string, Registration[]>>, kind: RegistrationKind, name: string, registration: Registration): void {
  let byName = index.get(kind);
  if (!byName) index.set(kind, (byName = new Map()));
  byName.set(name, [...(byName.get(name) ?? []), registration]);
}

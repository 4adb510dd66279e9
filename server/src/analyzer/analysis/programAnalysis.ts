import ts from 'typescript';
import { contextTypeFlavor, durableCallOf, type DurableCall, type DurableFlavor } from '../program/durableApi';
import { outlineOf } from '../program/fileOutline';
import { hasBody, type FunctionWithBody } from '../program/functions';
import {
  orchestratorFromDeclaration, registeredOrchestrators, type Orchestrator,
} from '../program/orchestrators';
import { literalStringOf } from '../program/literalNames';
import { RegistrationIndex, type Registration } from '../program/registrations';
import { appLayoutGeneration, appRootOf } from '../project/appRoots';
import { functionJsonFolders } from '../project/functionJson';
import { isWorkspaceSourceFile } from '../program/workspaceCode';
import type { ChainHazard } from './callChains';

/**
 * What the rules need to know about one immutable ts.Program: each app's registrations, which functions
 * are orchestrators, and the hazards reachable from each helper function. Computed lazily and kept as long as
 * the program is (an edit produces a new program; unchanged files' syntax-only caches survive on their nodes).
 */
export class ProgramAnalysis {
  readonly checker: ts.TypeChecker;
  /** Hazards reachable through each workspace function, memoized for call chains, phrased for each flavor. */
  readonly reachableHazards: Record<DurableFlavor, Map<FunctionWithBody, readonly ChainHazard[]>> = { 'durable-ts': new Map(), 'durable-functions': new Map() };
  /** Context logging a helper does through each of its parameters (see contextLoggingThrough). */
  readonly contextLogging = new Map<FunctionWithBody, Map<string, readonly string[] | undefined>>();
  /** What reads the environment in module-level initializers and the functions they call (see moduleEnvironment). */
  readonly environmentAtLoad = new Map<ts.Node, string | undefined>();
  private codeRegistrations: Registration[] | undefined;
  private registrationByCall: RegistrationIndex | undefined;
  /** Registrations per app root (the folder of the nearest host.json / package.json). */
  private readonly appIndexes = new Map<string, RegistrationIndex>();
  private registered: Map<FunctionWithBody, Orchestrator> | undefined;
  private registeredByFile: Map<ts.SourceFile, Orchestrator[]> | undefined;
  private readonly declared = new Map<ts.Node, Orchestrator | undefined>();
  private workspaceFunctionNameSet: Set<string> | undefined;
  /** Several rules ask about the same call; resolving its receiver once is enough. */
  private readonly durableCalls = new Map<ts.CallExpression, DurableCall | undefined>();

  /** The app layout (host.json, package.json, function.json files) this analysis was built on. */
  private readonly layoutGeneration = appLayoutGeneration();

  private constructor(readonly program: ts.Program, readonly typeAware: boolean) {
    this.checker = program.getTypeChecker();
  }

  private static readonly cache = new WeakMap<ts.Program, Map<boolean, ProgramAnalysis>>();

  static of(program: ts.Program, typeAware: boolean): ProgramAnalysis {
    let byMode = ProgramAnalysis.cache.get(program);
    if (!byMode) ProgramAnalysis.cache.set(program, (byMode = new Map()));
    let analysis = byMode.get(typeAware);
    // A new function.json leaves the program as it was, but not what its apps register.
    if (!analysis || analysis.layoutGeneration !== appLayoutGeneration()) byMode.set(typeAware, (analysis = new ProgramAnalysis(program, typeAware)));
    return analysis;
  }

  /**
   * What the app holding `sourceFile` registers: its code registrations (names resolved through constants) and
   * its function.json folders. A workspace of several apps never checks one app's calls against another's names.
   */
  registrationsFor(sourceFile: ts.SourceFile): RegistrationIndex {
    const root = appRootOf(sourceFile.fileName);
    let index = this.appIndexes.get(root);
    if (!index) {
      const fromCode = this.registrationsInCode().filter((registration) => appRootOf(registration.site!.call.getSourceFile().fileName) === root);
      const folders = functionJsonFolders(root);
      const fromFunctionJson = folders.declarations.map((declared): Registration => ({
        kind: declared.kind, flavor: 'durable-functions', name: declared.name, site: undefined,
      }));
      this.appIndexes.set(root, (index = new RegistrationIndex([...fromCode, ...fromFunctionJson], folders.broken)));
    }
    return index;
  }

  /** The registration a call makes (the initializer of a handle variable), in any app. */
  registrationAt(node: ts.Node): Registration | undefined {
    this.registrationByCall ??= new RegistrationIndex(this.registrationsInCode());
    return this.registrationByCall.registrationAt(node);
  }

  /** Every registration call of the workspace, in any app. */
  registrationsInCode(): readonly Registration[] {
    this.codeRegistrations ??= this.workspaceSourceFiles().flatMap((file) => outlineOf(file).registrationSites.map((site): Registration => ({
      kind: site.kind,
      flavor: site.flavor,
      name: site.nameArgument && literalStringOf(this.checker, site.nameArgument),
      site,
    })));
    return this.codeRegistrations;
  }

  workspaceSourceFiles(): ts.SourceFile[] {
    return this.program.getSourceFiles().filter((file) => isWorkspaceSourceFile(this.program, file));
  }

  /** Every name a workspace file declares a function under; a method call by any other name stays in libraries. */
  get workspaceFunctionNames(): ReadonlySet<string> {
    if (!this.workspaceFunctionNameSet) {
      this.workspaceFunctionNameSet = new Set();
      for (const file of this.workspaceSourceFiles()) for (const name of outlineOf(file).functionNames) this.workspaceFunctionNameSet.add(name);
    }
    return this.workspaceFunctionNameSet;
  }

  isWorkspaceFunction(fn: ts.Node): boolean {
    return isWorkspaceSourceFile(this.program, fn.getSourceFile());
  }

  /** The orchestrator a function is, by registration anywhere in the workspace or by its own declaration. */
  orchestratorOf(fn: ts.Node): Orchestrator | undefined {
    if (!hasBody(fn)) return undefined;
    const registered = this.registeredOrchestrators().get(fn);
    if (registered) return registered;
    if (!this.declared.has(fn)) this.declared.set(fn, orchestratorFromDeclaration(fn));
    return this.declared.get(fn);
  }

  /** Orchestrators whose function is in this file, outermost first. */
  orchestratorsIn(sourceFile: ts.SourceFile): Orchestrator[] {
    const found = new Map<FunctionWithBody, Orchestrator>();
    for (const orchestrator of this.registeredOrchestratorsByFile().get(sourceFile) ?? []) found.set(orchestrator.fn, orchestrator);
    for (const orchestrator of outlineOf(sourceFile).declaredOrchestrators) {
      if (!found.has(orchestrator.fn)) found.set(orchestrator.fn, orchestrator);
    }
    return [...found.values()].sort((a, b) => a.fn.pos - b.fn.pos);
  }

  /** The durable call (`ctx.callActivity(...)` and the like) a call expression is, if any. */
  durableCall(call: ts.CallExpression): DurableCall | undefined {
    if (!this.durableCalls.has(call)) this.durableCalls.set(call, durableCallOf(call, (receiver) => this.isContextReceiver(receiver)));
    return this.durableCalls.get(call);
  }

  /**
   * Whether `receiver` (the `ctx` of `ctx.callActivity`) is an orchestration context: the first parameter of an
   * orchestrator, or a parameter typed as the context.
   */
  isContextReceiver(receiver: ts.Expression): boolean {
    return this.contextFlavorOf(receiver) !== undefined;
  }

  /** The programming model of the orchestration context `receiver` is, if it is one. */
  contextFlavorOf(receiver: ts.Expression): DurableFlavor | undefined {
    if (!ts.isIdentifier(receiver) || !isParameterNameInScope(receiver)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(receiver);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !ts.isParameter(declaration)) return undefined;
    const typed = contextTypeFlavor(declaration.getSourceFile(), declaration.type);
    if (typed) return typed;
    const fn = declaration.parent;
    return fn.parameters[0] === declaration ? this.orchestratorOf(fn)?.flavor : undefined;
  }

  private registeredOrchestrators(): Map<FunctionWithBody, Orchestrator> {
    this.registered ??= registeredOrchestrators(this.checker, this.registrationsInCode());
    return this.registered;
  }

  /** The registered orchestrators grouped by file: a workspace pass asks for each file's. */
  private registeredOrchestratorsByFile(): Map<ts.SourceFile, Orchestrator[]> {
    if (!this.registeredByFile) {
      this.registeredByFile = new Map();
      for (const [fn, orchestrator] of this.registeredOrchestrators()) {
        const file = fn.getSourceFile();
        this.registeredByFile.set(file, [...(this.registeredByFile.get(file) ?? []), orchestrator]);
      }
    }
    return this.registeredByFile;
  }
}

/** Cheap syntactic test before resolving: some enclosing function has a parameter of this name (`Promise` has none). */
function isParameterNameInScope(identifier: ts.Identifier): boolean {
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === identifier.text)) {
      return true;
    }
  }
  return false;
}

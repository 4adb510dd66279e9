import ts from 'typescript';
import type { ProgramAnalysis } from '../analysis/programAnalysis';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { resolveAlias, resolveFunction, unwrapExpression } from '../program/functions';
import { durableCallOf } from '../program/durableApi';
import { importTableOf } from '../program/importTable';
import { accessChainFrom, isValueReference, originOfIdentifier, requiredModule } from '../program/origins';
import { isModuleLevelVariable } from './moduleState';

/**
 * DUR005 for the environment read once, when the module loads: `const n = parseInt(process.env.N)`,
 * `const { FLAG } = process.env`, a config object built by a function that reads it, `dotenv`. The value is
 * fixed per process, so a replay in another process (or after the configuration changed) decides differently.
 * Reported where orchestrator code uses the variable; activities may use it freely.
 */
export const moduleEnvironmentRule: Rule = {
  codes: ['DUR005'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.Identifier],
  visit(node, context) {
    if (!ts.isIdentifier(node) || !moduleLevelNamesOf(context.sourceFile).has(node.text) || !isValueReference(node)) return;
    const symbol = context.checker.getSymbolAtLocation(node);
    const declaration = symbol && resolveAlias(context.checker, symbol).valueDeclaration;
    if (!declaration || !isModuleLevelVariable(declaration) || !context.analysis.isWorkspaceFunction(declaration)) return;
    // Where the value goes is asked last: most module-level names never touch the environment.
    const source = environmentReadAtLoad(context.analysis, declaration);
    if (!source || !decidesOrFeedsWork(node, context)) return;
    context.report({
      code: 'DUR005',
      node,
      subject: node.text,
      message: `${node.text} is read from the environment when the module loads (${source}), so a replay in another process or after a configuration change can see another value; read it in an activity, or pass it in as the orchestration's input.`,
    });
  },
};

/**
 * Whether a value at `node` steers the orchestration: a branch or loop condition, an activity's (or
 * sub-orchestration's) name or input, or an argument handed to workspace code (an orchestrator body written as a
 * helper). Settings like retry options, read only by the host, do not change what a replay schedules.
 */
function decidesOrFeedsWork(node: ts.Expression, context: RuleContext): boolean {
  for (let child: ts.Node = node, parent = node.parent; parent && !ts.isFunctionLike(parent); child = parent, parent = parent.parent) {
    if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent) || ts.isSwitchStatement(parent)) && child === parent.expression) return true;
    if (ts.isForStatement(parent) && child === parent.condition) return true;
    if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && child === parent.expression) return true;
    if (ts.isConditionalExpression(parent) && child === parent.condition) return true;
    if (ts.isBinaryExpression(parent) && child === parent.left &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) return true;
    if (ts.isCallExpression(parent) && child !== parent.expression) {
      const durable = durableCallOf(parent, (receiver) => context.analysis.isContextReceiver(receiver));
      if (durable) {
        const index = parent.arguments.indexOf(child as ts.Expression);
        return index === durable.spec.nameArgument || index === durable.spec.inputArgument;
      }
      const callee = resolveFunction(context.checker, parent.expression);
      if (callee && context.analysis.isWorkspaceFunction(callee)) return true;
    }
    if (ts.isStatement(parent)) return false;
  }
  return false;
}

const moduleLevelNames = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** Names a file binds at its top level (variables and imports): the only ones that can hold a load-time value. */
function moduleLevelNamesOf(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let names = moduleLevelNames.get(sourceFile);
  if (!names) {
    const found = new Set(importTableOf(sourceFile).keys());
    const addBound = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) found.add(name.text);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBound(element.name);
    };
    for (const statement of sourceFile.statements) {
      if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) addBound(declaration.name);
      if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) found.add(clause.name.text);
        if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const element of clause.namedBindings.elements) found.add(element.name.text);
      }
    }
    moduleLevelNames.set(sourceFile, (names = found));
  }
  return names;
}

const ENVIRONMENT_MODULES = new Set(['dotenv', 'dotenv-safe', 'dotenv-flow', 'env-var', 'envalid']);

/** What in a module-level variable's initializer reads the environment (`process.env`, `getConfig()`), memoized. */
function environmentReadAtLoad(analysis: ProgramAnalysis, declaration: ts.Declaration): string | undefined {
  let holder: ts.Node = declaration;
  while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder)) holder = holder.parent;
  const initializer = ts.isVariableDeclaration(holder) && holder.initializer ? unwrapExpression(holder.initializer) : undefined;
  // A function stored at load reads the environment when it is called, which the call chain reports.
  if (!initializer || ts.isFunctionLike(initializer)) return undefined;
  return environmentReadIn(analysis, initializer, false, 0);
}

/**
 * The first environment read in `root`: `process.env…`, an environment package, a module-level variable
 * initialized from one, or a workspace function called here that reads it. Nested functions are only entered
 * when `enterFunctions` (a called function's body runs; a callback stored at load may never run).
 */
function environmentReadIn(analysis: ProgramAnalysis, root: ts.Node, enterFunctions: boolean, depth: number): string | undefined {
  const memo = analysis.environmentAtLoad;
  if (memo.has(root)) return memo.get(root);
  memo.set(root, undefined);
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found || (!enterFunctions && node !== root && ts.isFunctionLike(node))) return;
    if (ts.isIdentifier(node) && isValueReference(node)) found = environmentReadBy(analysis, node, depth);
    else if (ts.isCallExpression(node)) {
      const required = requiredModule(node);
      if (required && ENVIRONMENT_MODULES.has(required.module)) found = required.module;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(root);
  memo.set(root, found);
  return found;
}

function environmentReadBy(analysis: ProgramAnalysis, identifier: ts.Identifier, depth: number): string | undefined {
  if (identifier.text === 'process') {
    const chain = accessChainFrom(identifier);
    return chain.names[1] === 'env' && originOfIdentifier(analysis.checker, identifier).kind === 'global' ? chain.names.slice(0, 3).join('.') : undefined;
  }
  if (depth > 4) return undefined;
  const symbol = analysis.checker.getSymbolAtLocation(identifier);
  if (!symbol) return undefined;
  const declaration = resolveAlias(analysis.checker, symbol).valueDeclaration;
  if (!declaration) {
    const origin = originOfIdentifier(analysis.checker, identifier);
    return origin.kind === 'module' && ENVIRONMENT_MODULES.has(origin.module) ? origin.module : undefined;
  }
  if (!analysis.isWorkspaceFunction(declaration)) return undefined;
  // A function called while loading: `const config = getConfigOrThrow()`.
  const call = identifier.parent;
  if (ts.isCallExpression(call) && call.expression === identifier) {
    const fn = resolveFunction(analysis.checker, identifier);
    const read = fn && analysis.isWorkspaceFunction(fn) ? environmentReadIn(analysis, fn.body, true, depth + 1) : undefined;
    return read && `${identifier.text}() → ${read}`;
  }
  if (isModuleLevelVariable(declaration)) {
    const origin = originOfIdentifier(analysis.checker, identifier);
    if (origin.kind === 'module') return ENVIRONMENT_MODULES.has(origin.module) ? origin.module : undefined;
    const read = environmentReadAtLoad(analysis, declaration);
    return read && identifier.text !== read ? read : undefined;
  }
  return undefined;
}

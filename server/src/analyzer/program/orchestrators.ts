import ts from 'typescript';
import { contextTypeFlavor, type DurableFlavor } from './durableApi';
import { resolveFunction, type FunctionWithBody } from './functions';
import type { Registration } from './registrations';

export interface Orchestrator {
  fn: FunctionWithBody;
  flavor: DurableFlavor;
  /** The context parameter's name when it is a plain identifier (`ctx`, `context`); quick fixes build on it. */
  contextName: string | undefined;
}

const ORCHESTRATOR_TAG = 'orchestrator';

/** Orchestrators found from the function itself: its context parameter, a JSDoc tag, or durable yields. */
export function orchestratorFromDeclaration(fn: FunctionWithBody): Orchestrator | undefined {
  const sourceFile = fn.getSourceFile();
  const contextFlavor = contextTypeFlavor(sourceFile, fn.parameters[0]?.type);
  if (contextFlavor) return describe(fn, contextFlavor);
  if (hasOrchestratorTag(fn)) return describe(fn, guessFlavor(fn));
  if (fn.asteriskToken && yieldsDurableFunctionsTask(fn)) return describe(fn, 'durable-functions');
  return undefined;
}

/** Orchestrators registered by name, keyed by their function (which may live in any file). */
export function registeredOrchestrators(checker: ts.TypeChecker, registrations: readonly Registration[]): Map<FunctionWithBody, Orchestrator> {
  const found = new Map<FunctionWithBody, Orchestrator>();
  for (const registration of registrations) {
    if (registration.kind !== 'orchestration' || !registration.site) continue;
    const fn = resolveFunction(checker, registration.site.handler);
    if (fn && !found.has(fn)) found.set(fn, describe(fn, registration.flavor));
  }
  return found;
}

function describe(fn: FunctionWithBody, flavor: DurableFlavor): Orchestrator {
  const first = fn.parameters[0];
  const contextName = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
  return { fn, flavor, contextName };
}

function hasOrchestratorTag(fn: ts.FunctionLikeDeclaration): boolean {
  const holders: ts.Node[] = [fn];
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) holders.push(parent);
  return holders.some(hasOrchestratorComment);
}

/**
 * A `/** @orchestrator *\/` comment before the node, read from the text: JSDoc of TypeScript files is not parsed
 * (the project skips it, which spares parsing the comments of every declaration file).
 */
function hasOrchestratorComment(holder: ts.Node): boolean {
  const sourceFile = holder.getSourceFile();
  const statement = ts.isVariableDeclaration(holder) ? holder.parent.parent : holder;
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, statement.pos) ?? [];
  return ranges.some((range) => range.kind === ts.SyntaxKind.MultiLineCommentTrivia &&
    sourceFile.text.startsWith('/**', range.pos) && ORCHESTRATOR_TAG_PATTERN.test(sourceFile.text.slice(range.pos, range.end)));
}

const ORCHESTRATOR_TAG_PATTERN = new RegExp(`@${ORCHESTRATOR_TAG}\\b`);

/** A tagged function using `context.df` is a durable-functions orchestrator; otherwise durable-ts. */
function guessFlavor(fn: FunctionWithBody): DurableFlavor {
  const name = fn.parameters[0]?.name;
  if (name && ts.isIdentifier(name) && fn.body.getText().includes(`${name.text}.df.`)) return 'durable-functions';
  return 'durable-ts';
}

/** `yield context.df.callActivity(...)` (or any `*.df.*` call) directly in this generator. */
function yieldsDurableFunctionsTask(fn: FunctionWithBody): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isYieldExpression(node) && node.expression && callsThroughDf(node.expression)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

function callsThroughDf(expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression)) return false;
  for (let callee = expression.expression; ts.isPropertyAccessExpression(callee); callee = callee.expression) {
    if (callee.name.text === 'df') return true;
  }
  return false;
}

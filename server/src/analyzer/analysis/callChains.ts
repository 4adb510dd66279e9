import ts from 'typescript';
import type { RuleCode } from '../findings';
import type { DurableFlavor } from '../program/durableApi';
import { displayNameOf, resolveConstructor, resolveFunction, type FunctionWithBody } from '../program/functions';
import type { ProgramAnalysis } from './programAnalysis';
import type { Rule } from './ruleContext';
import { suppressionsOf } from './suppressions';
import { walkFunctionBody } from './walk';

/** A hazard somewhere below a function call: `links` reads `makeId()`, `Math.random()`. */
export interface ChainHazard {
  code: RuleCode;
  links: readonly string[];
  message: string;
}

/**
 * The workspace function a call runs, if the analysis should follow it: not a library, not code already walked
 * as part of `caller`, not another orchestrator (checked on its own).
 */
export function followedCallee(
  analysis: ProgramAnalysis,
  call: ts.CallExpression | ts.NewExpression,
  caller: FunctionWithBody,
): FunctionWithBody | undefined {
  const target = call.expression;
  if (ts.isPropertyAccessExpression(target) && !analysis.workspaceFunctionNames.has(target.name.text)) return undefined;
  const callee = ts.isNewExpression(call)
    ? resolveConstructor(analysis.checker, target)
    : resolveFunction(analysis.checker, target);
  if (!callee || !analysis.isWorkspaceFunction(callee) || analysis.orchestratorOf(callee)) return undefined;
  const inside = callee.getSourceFile() === caller.getSourceFile() && callee.pos >= caller.pos && callee.end <= caller.end;
  return inside ? undefined : callee;
}

export function calleeLink(callee: FunctionWithBody): string {
  return `${displayNameOf(callee)}()`;
}

/**
 * Hazards a call to `fn` can run into, one per rule (the first found), memoized per program.
 * Recursion through a cycle stops at the function already being explored.
 */
export function hazardsReachableThrough(
  analysis: ProgramAnalysis,
  fn: FunctionWithBody,
  rules: readonly Rule[],
  flavor: DurableFlavor,
  exploring: Set<FunctionWithBody> = new Set(),
): readonly ChainHazard[] {
  const memo = analysis.reachableHazards[flavor];
  const known = memo.get(fn);
  if (known) return known;
  if (exploring.has(fn)) return [];
  exploring.add(fn);
  const sourceFile = fn.getSourceFile();
  const suppressions = suppressionsOf(sourceFile);
  const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
  const found: ChainHazard[] = [];
  const add = (hazard: ChainHazard, at: ts.Node) => {
    if (found.some((existing) => existing.code === hazard.code) || suppressions.suppresses(hazard.code, lineOf(at))) return;
    found.push(hazard);
  };
  const context = {
    analysis,
    checker: analysis.checker,
    sourceFile,
    orchestrator: undefined,
    flavor,
    report: (hazard: { code: RuleCode; node: ts.Node; subject: string; message: string }) =>
      add({ code: hazard.code, links: [hazard.subject], message: hazard.message }, hazard.node),
  };
  walkFunctionBody(fn, rules, context, (call) => {
    const callee = followedCallee(analysis, call, fn);
    if (!callee) return;
    for (const below of hazardsReachableThrough(analysis, callee, rules, flavor, exploring)) {
      add({ code: below.code, links: [calleeLink(callee), ...below.links], message: below.message }, call);
    }
  });
  exploring.delete(fn);
  memo.set(fn, found);
  return found;
}

import ts from 'typescript';
import type { FunctionWithBody } from '../program/functions';

/**
 * Whether the orchestrator `fn` can still wait (a `yield` or `await`) after running `node`: only then is it
 * replayed past `node`, and only then does code at `node` run more than once. Read from the structure, not a full
 * control-flow graph: later statements of each enclosing block until one that always exits, another turn of an
 * enclosing loop, and the `catch`/`finally` a `try` can still enter.
 */
export function mayWaitAfter(node: ts.Node, fn: FunctionWithBody): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && child !== fn.body; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent) && parent !== fn) {
      // A callback may run any number of times, around any wait of the code that takes it.
      child = parent;
      continue;
    }
    if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements = parent.statements;
      for (let i = statements.indexOf(child as ts.Statement) + 1; i > 0 && i < statements.length; i++) {
        if (waits(statements[i])) return true;
        if (alwaysExits(statements[i])) return finallyWaits(parent, fn);
      }
      if (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
        const clauses = parent.parent.clauses;
        if (clauses.slice(clauses.indexOf(parent) + 1).some(waits)) return true;
      }
      if (ts.isBlock(parent) && isLastStatementExit(statements)) return finallyWaits(parent, fn);
    } else if (ts.isIterationStatement(parent, false)) {
      if (waits(parent)) return true;
    } else if (ts.isTryStatement(parent)) {
      if (child === parent.tryBlock && parent.catchClause && waits(parent.catchClause)) return true;
      if (child !== parent.finallyBlock && parent.finallyBlock && waits(parent.finallyBlock)) return true;
    } else if (!ts.isStatement(parent) || ts.isExpressionStatement(parent) || ts.isVariableStatement(parent) || ts.isReturnStatement(parent)) {
      // Inside one statement or expression: a wait that comes later in it (`log(), yield task`).
      if (waitsAfter(parent, child.end)) return true;
    }
  }
  return false;
}

function isLastStatementExit(statements: ts.NodeArray<ts.Statement>): boolean {
  return statements.length > 0 && alwaysExits(statements[statements.length - 1]);
}

/** Leaving through `return`/`throw` still runs the `finally` blocks around. */
function finallyWaits(from: ts.Node, fn: FunctionWithBody): boolean {
  for (let node: ts.Node = from; node && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (parent && ts.isTryStatement(parent) && parent.finallyBlock && node !== parent.finallyBlock && waits(parent.finallyBlock)) return true;
  }
  return false;
}

function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && isLastStatementExit(statement.statements);
}

/** A `yield` or `await` in this code, not counting nested functions (they wait on their own). */
function waits(root: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isYieldExpression(node) || ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
    if (ts.isFunctionLike(node)) return false;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

function waitsAfter(root: ts.Node, position: number): boolean {
  const visit = (node: ts.Node): boolean => {
    if (node.end <= position) return false;
    if ((ts.isYieldExpression(node) || ts.isAwaitExpression(node)) && node.getStart() >= position) return true;
    if (ts.isFunctionLike(node)) return false;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

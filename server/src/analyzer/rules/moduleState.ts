import ts from 'typescript';
import {  } from '../analysis/durableTasks';
import { unwrapExpression } from '../program/functions';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { originOfIdentifier } from '../program/origins';
import { resolveAlias } from '../program/functions';
import { isWorkspaceSourceFile } from '../program/workspaceCode';

/** DUR012: writes to state that lives at module level (or on the global object) from orchestrator code. */

/** Methods that change the array, map or set they are called on. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window']);

export const moduleStateRule: Rule = {
  codes: ['DUR012'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.PrefixUnaryExpression, ts.SyntaxKind.PostfixUnaryExpression, ts.SyntaxKind.DeleteExpression, ts.SyntaxKind.CallExpression],
  visit(node, context) {
    const target = writtenTarget(node);
    if (!target) return;
    const root = rootIdentifier(target.expression);
    const state = root && moduleLevelState(root, context);
    if (!state || (target.viaMethod && !isCollection(target.expression, context))) return;
    context.report({
      code: 'DUR012',
      node: target.report,
      subject: `write to ${state}`,
      message: `Writes ${state}, which is shared by every orchestration instance and survives between turns, while replays rebuild only local variables; keep the state in local variables of the orchestrator, or in an activity.`,
    });
  },
};

/** The expression a node writes to, and the node to report: assignments, ++/--, delete, mutating calls. */
interface WrittenTarget {
  expression: ts.Expression;
  report: ts.Node;
  /** Written through a method like `push` or `set`, rather than by an assignment. */
  viaMethod: boolean;
}

function writtenTarget(node: ts.Node): WrittenTarget | undefined {
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) return { expression: node.left, report: node, viaMethod: false };
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return { expression: node.operand, report: node, viaMethod: false };
  }
  if (ts.isDeleteExpression(node)) return { expression: node.expression, report: node, viaMethod: false };
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) {
    return { expression: node.expression.expression, report: node, viaMethod: true };
  }
  return undefined;
}

/**
 * `set`, `add` and `delete` are also the names of ordinary methods (a client's `delete(id)`); with types at hand,
 * only arrays and the built-in collections count. Without them, the method name has to do.
 */
const COLLECTION_TYPES = new Set(['Array', 'ReadonlyArray', 'Map', 'Set', 'WeakMap', 'WeakSet']);

function isCollection(receiver: ts.Expression, context: RuleContext): boolean {
  if (!context.analysis.typeAware) return true;
  const type = context.checker.getTypeAtLocation(receiver);
  if (type.flags & ts.TypeFlags.Any) return true;
  const name = type.getSymbol()?.name;
  return context.checker.isArrayType(type) || context.checker.isTupleType(type) || (name !== undefined && COLLECTION_TYPES.has(name));
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** How to name the state if `root` is module-level (or the global object), else undefined. */
function moduleLevelState(root: ts.Identifier, context: RuleContext): string | undefined {
  const origin = originOfIdentifier(context.checker, root);
  if (origin.kind === 'global') return GLOBAL_OBJECTS.has(origin.name) ? `the global object (${origin.name})` : undefined;
  const symbol = context.checker.getSymbolAtLocation(root);
  const declaration = symbol && resolveAlias(context.checker, symbol).valueDeclaration;
  if (!declaration || !isWorkspaceSourceFile(context.analysis.program, declaration.getSourceFile())) return undefined;
  if (!isModuleLevelVariable(declaration)) return undefined;
  return `module-level \`${root.text}\``;
}

export function isModuleLevelVariable(declaration: ts.Declaration): boolean {
  let node: ts.Node = declaration;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) node = node.parent;
  if (!ts.isVariableDeclaration(node)) return false;
  const statement = node.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

import ts from 'typescript';
import { unwrapExpression } from '../program/functions';

type ReplayState = 'replaying' | 'notReplaying';

/**
 * Whether code at `node` only runs while the orchestration is not replaying: inside `if (!context.df.isReplaying)`
 * (or `!(context.df.isReplaying ?? true)`, a constant holding such a test, `=== false`), its `else` of the opposite
 * test, the far side of `!replaying && ...` or `replaying ? skip : ...`, or after an early
 * `if (context.df.isReplaying) return;` in an enclosing block. The search stops at the enclosing function.
 */
export function runsOnlyWhenNotReplaying(node: ts.Node): boolean {
  for (let child: ts.Node = node, parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      if (stateWhen(parent.expression, child === parent.thenStatement) === 'notReplaying') return true;
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      if (stateWhen(parent.condition, child === parent.whenTrue) === 'notReplaying') return true;
    } else if (ts.isBinaryExpression(parent) && child === parent.right) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken && stateWhen(parent.left, true) === 'notReplaying') return true;
      if (operator === ts.SyntaxKind.BarBarToken && stateWhen(parent.left, false) === 'notReplaying') return true;
    } else if ((ts.isBlock(parent) || ts.isSourceFile(parent)) && ts.isStatement(child) && followsReplayExit(parent.statements, child)) {
      return true;
    }
    if (ts.isFunctionLike(parent)) return false;
  }
  return false;
}

/** `if (context.df.isReplaying) return;` (or throw) among the statements before `statement`. */
function followsReplayExit(statements: ts.NodeArray<ts.Statement>, statement: ts.Statement): boolean {
  for (const earlier of statements) {
    if (earlier === statement) return false;
    if (ts.isIfStatement(earlier) && !earlier.elseStatement && alwaysExits(earlier.thenStatement) && stateWhen(earlier.expression, true) === 'replaying') {
      return true;
    }
  }
  return false;
}

function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && alwaysExits(statement.statements[statement.statements.length - 1]);
}

/** What is known about replaying when `condition` evaluates truthy (`truthy`) or falsy. */
export function stateWhen(condition: ts.Expression, truthy: boolean, depth = 0): ReplayState | undefined {
  if (depth > 4) return undefined;
  const expression = unwrapExpression(condition);
  if (isReplayingRead(expression)) return truthy ? 'replaying' : 'notReplaying';
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    return stateWhen(expression.operand, !truthy, depth + 1);
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializerInScope(expression);
    return initializer ? stateWhen(initializer, truthy, depth + 1) : undefined;
  }
  if (!ts.isBinaryExpression(expression)) return undefined;
  const { left, right } = expression;
  switch (expression.operatorToken.kind) {
    // `a ?? true` is falsy only when `a` is falsy (and present); `a ?? false` truthy only when `a` is truthy.
    case ts.SyntaxKind.QuestionQuestionToken:
      if (!truthy && right.kind === ts.SyntaxKind.TrueKeyword) return stateWhen(left, false, depth + 1);
      if (truthy && right.kind === ts.SyntaxKind.FalseKeyword) return stateWhen(left, true, depth + 1);
      return undefined;
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return truthy ? stateWhen(left, true, depth + 1) ?? stateWhen(right, true, depth + 1) : undefined;
    case ts.SyntaxKind.BarBarToken:
      return truthy ? undefined : stateWhen(left, false, depth + 1) ?? stateWhen(right, false, depth + 1);
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken: {
      const negated = expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
      const [tested, literal] = isBooleanLiteral(right) ? [left, right] : isBooleanLiteral(left) ? [right, left] : [undefined, undefined];
      if (!tested || !literal) return undefined;
      // `x === true` truthy means x is true; falsy (for a boolean) means x is false.
      const equalsTrue = (literal.kind === ts.SyntaxKind.TrueKeyword) !== negated;
      return stateWhen(tested, truthy === equalsTrue, depth + 1);
    }
    default:
      return undefined;
  }
}

function isReplayingRead(expression: ts.Expression): boolean {
  return (ts.isPropertyAccessExpression(expression) && expression.name.text === 'isReplaying') ||
    (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression) && expression.argumentExpression.text === 'isReplaying');
}

function isBooleanLiteral(expression: ts.Expression): boolean {
  return expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword;
}

/**
 * The initializer of the `const` an identifier names, found by scope from syntax alone (`const replaying =
 * context.df.isReplaying` in an enclosing block or function): guards are tested often, the checker is not needed.
 */
function constInitializerInScope(identifier: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (statement.pos > identifier.pos) break;
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === identifier.text && declaration.initializer) return declaration.initializer;
      }
    }
  }
  return undefined;
}

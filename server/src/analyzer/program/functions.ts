import ts from 'typescript';

export type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Block | ts.Expression };

export function hasBody(node: ts.Node): node is FunctionWithBody {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

/** The expression inside parentheses, type assertions, `satisfies` and non-null assertions. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The function a declaration defines: `function f() {}`, `const f = () => {}`, a method, `{ f: function () {} }`. */
export function functionOfDeclaration(declaration: ts.Node): FunctionWithBody | undefined {
  if (hasBody(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** Follows import aliases to the symbol's own declaration. */
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The declarations an expression (a name, a property access, a call's callee) refers to. */
export function declarationsOf(checker: ts.TypeChecker, expression: ts.Expression): readonly ts.Declaration[] {
  const target = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const symbol = checker.getSymbolAtLocation(target);
  return symbol ? resolveAlias(checker, symbol).declarations ?? [] : [];
}

/**
 * The function with a body that an expression denotes: an inline function, or a name or property access that
 * resolves (through imports) to a function declared somewhere in the program.
 */
export function resolveFunction(checker: ts.TypeChecker, node: ts.Node | undefined, depth = 0): FunctionWithBody | undefined {
  if (!node || depth > 6) return undefined;
  if (hasBody(node)) return node;
  if (!ts.isExpression(node)) return undefined;
  const expression = unwrapExpression(node);
  if (hasBody(expression)) return expression;
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  for (const declaration of declarationsOf(checker, expression)) {
    const fn = functionOfDeclaration(declaration) ?? functionBehind(checker, declaration, depth);
    if (fn) return fn;
  }
  return undefined;
}

/**
 * The function a declaration holds by reference rather than by definition: an export key (`{ bank: bankMap }`,
 * `{ bank }`), `module.exports = bankMap`, or a variable bound to `require('./bank')` or to another name.
 */
function functionBehind(checker: ts.TypeChecker, declaration: ts.Declaration, depth: number): FunctionWithBody | undefined {
  if (ts.isShorthandPropertyAssignment(declaration)) {
    const value = checker.getShorthandAssignmentValueSymbol(declaration);
    const target = value && resolveAlias(checker, value);
    for (const valueDeclaration of target?.declarations ?? []) {
      const fn = functionOfDeclaration(valueDeclaration) ?? functionBehind(checker, valueDeclaration, depth + 1);
      if (fn) return fn;
    }
    return undefined;
  }
  if (ts.isPropertyAssignment(declaration)) return resolveFunction(checker, declaration.initializer, depth + 1);
  if (ts.isBinaryExpression(declaration) || ts.isExportAssignment(declaration)) {
    const value = ts.isBinaryExpression(declaration) ? declaration.right : declaration.expression;
    return resolveFunction(checker, value, depth + 1);
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === 'require') {
      const symbol = checker.getSymbolAtLocation(declaration.name);
      const target = symbol && resolveAlias(checker, symbol);
      for (const targetDeclaration of target?.declarations ?? []) {
        if (targetDeclaration === declaration) continue;
        const fn = functionOfDeclaration(targetDeclaration) ?? functionBehind(checker, targetDeclaration, depth + 1);
        if (fn) return fn;
      }
      return undefined;
    }
    if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) return resolveFunction(checker, initializer, depth + 1);
  }
  return undefined;
}

/** The constructor run by `new Foo()`, when Foo is a class with an explicit constructor. */
export function resolveConstructor(checker: ts.TypeChecker, expression: ts.Expression): FunctionWithBody | undefined {
  for (const declaration of declarationsOf(checker, unwrapExpression(expression))) {
    if (ts.isClassLike(declaration)) {
      const constructor = declaration.members.find((member) => ts.isConstructorDeclaration(member) && member.body);
      if (constructor && hasBody(constructor)) return constructor;
    }
  }
  return undefined;
}

/** A short name for a function, as shown in a call chain: `makeId`, `Orders.total`. */
export function displayNameOf(fn: ts.FunctionLikeDeclaration): string {
  const ownName = fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name.text : undefined;
  if (ts.isConstructorDeclaration(fn)) return `new ${className(fn.parent) ?? 'class'}`;
  if (ownName && ts.isMethodDeclaration(fn)) return `${className(fn.parent) ?? ''}${className(fn.parent) ? '.' : ''}${ownName}`;
  if (ownName) return ownName;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return '(anonymous)';
}

function className(node: ts.Node): string | undefined {
  return ts.isClassLike(node) && node.name ? node.name.text : undefined;
}

/** The innermost function-like node that contains `node` (not `node` itself). */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && hasBody(current)) return current;
  }
  return undefined;
}

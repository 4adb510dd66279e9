import ts from 'typescript';

/**
 * The name under which a node declares a function: function declarations, methods, and variables or properties
 * initialized with a function. Collected per file so the analysis can skip asking the type checker about
 * `items.push(...)`-style calls that cannot reach workspace code (resolving a method needs the receiver's type,
 * which can mean checking the whole orchestrator).
 */
export function declaredFunctionName(node: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isMethodSignature(node) || ts.isGetAccessor(node)) {
    return nameText(node.name);
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
    let initializer = node.initializer;
    while (ts.isParenthesizedExpression(initializer) || ts.isAsExpression(initializer) || ts.isSatisfiesExpression(initializer)) {
      initializer = initializer.expression;
    }
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return nameText(node.name);
  }
  // Keys a function may be exported or grouped under: `{ bank: bankMap }`, `{ bank }`, `export { bankMap as bank }`.
  if (ts.isPropertyAssignment(node) && node.initializer && (ts.isIdentifier(node.initializer) || ts.isPropertyAccessExpression(node.initializer))) {
    return nameText(node.name);
  }
  if (ts.isShorthandPropertyAssignment(node) || ts.isExportSpecifier(node)) return nameText(node.name);
  return undefined;
}

function nameText(name: ts.Node | undefined): string | undefined {
  return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

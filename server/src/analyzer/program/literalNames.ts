import ts from 'typescript';
import { unwrapExpression } from './functions';

/**
 * The string an expression always holds: a literal, or anything the type checker gives a string literal type
 * (`const NAME = 'Hello'`, an imported constant, `NAMES.hello` of an `as const` object, a string enum member).
 */
export function literalStringOf(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = unwrapExpression(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
  const type = checker.getTypeAtLocation(inner);
  return type.isStringLiteral() ? type.value : undefined;
}

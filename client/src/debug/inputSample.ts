/**
 * A sample input for an orchestration, made from the type of its orchestrator's input parameter: what F5 offers in
 * the input prompt, for the user to edit. The source is only parsed (no type checker, no program), so types are
 * followed through the file's own interfaces and type aliases. Editor-free.
 */
import type ts from 'typescript';

export type InputSample =
  /** The orchestrator takes no input parameter: nothing to ask. */
  | { takesInput: false }
  /** `value` is a JSON value of the parameter's type, `null` where the type says nothing usable. */
  | { takesInput: true; value: unknown };

/** How deep named types are followed: a recursive type stops with null. */
const MAX_DEPTH = 8;

export function inputSampleFor(typescript: typeof ts, file: string, source: string, orchestration: string): InputSample {
  const sourceFile = typescript.createSourceFile(file, source, typescript.ScriptTarget.Latest, true);
  const registration = findRegistration(typescript, sourceFile, orchestration);
  if (!registration) return { takesInput: true, value: null };
  const sampler = new Sampler(typescript, sourceFile);
  const typeArgument = registration.typeArguments?.[0];
  if (typeArgument) return { takesInput: true, value: sampler.sample(typeArgument, 0) };
  const orchestrator = functionOf(typescript, sourceFile, registration.arguments[1]);
  if (!orchestrator) return { takesInput: true, value: null };
  const parameter = orchestrator.parameters[1];
  if (!parameter) return { takesInput: false };
  return { takesInput: true, value: parameter.type ? sampler.sample(parameter.type, 0) : null };
}

/** `<anything>.orchestration('Name', ...)`. */
function findRegistration(typescript: typeof ts, sourceFile: ts.SourceFile, name: string): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      typescript.isCallExpression(node) &&
      typescript.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'orchestration' &&
      node.arguments[0] &&
      typescript.isStringLiteralLike(node.arguments[0]) &&
      node.arguments[0].text === name
    ) {
      found = node;
      return;
    }
    typescript.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The orchestrator function: written inline, or a function declared or assigned to a name in the file. */
function functionOf(typescript: typeof ts, sourceFile: ts.SourceFile, argument: ts.Expression | undefined): ts.SignatureDeclaration | undefined {
  if (!argument) return undefined;
  if (typescript.isArrowFunction(argument) || typescript.isFunctionExpression(argument)) return argument;
  if (!typescript.isIdentifier(argument)) return undefined;
  for (const statement of sourceFile.statements) {
    if (typescript.isFunctionDeclaration(statement) && statement.name?.text === argument.text) return statement;
    if (!typescript.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (typescript.isIdentifier(declaration.name) && declaration.name.text === argument.text && initializer) {
        return typescript.isArrowFunction(initializer) || typescript.isFunctionExpression(initializer) ? initializer : undefined;
      }
    }
  }
  return undefined;
}

class Sampler {
  private readonly named = new Map<string, ts.Node>();

  constructor(private readonly typescript: typeof ts, sourceFile: ts.SourceFile) {
    for (const statement of sourceFile.statements) {
      if (typescript.isInterfaceDeclaration(statement) || typescript.isTypeAliasDeclaration(statement)) this.named.set(statement.name.text, statement);
    }
  }

  sample(type: ts.TypeNode, depth: number): unknown {
    const t = this.typescript;
    if (depth > MAX_DEPTH) return null;
    switch (type.kind) {
      case t.SyntaxKind.StringKeyword:
        return '';
      case t.SyntaxKind.NumberKeyword:
      case t.SyntaxKind.BigIntKeyword:
        return 0;
      case t.SyntaxKind.BooleanKeyword:
        return false;
      case t.SyntaxKind.ObjectKeyword:
        return {};
    }
    if (t.isLiteralTypeNode(type)) return this.literal(type.literal);
    if (t.isParenthesizedTypeNode(type)) return this.sample(type.type, depth);
    if (t.isArrayTypeNode(type)) return [this.sample(type.elementType, depth + 1)];
    if (t.isTupleTypeNode(type)) {
      return type.elements.filter((element) => !t.isOptionalTypeNode(element) && !t.isRestTypeNode(element))
        .map((element) => this.sample(t.isNamedTupleMember(element) ? element.type : element, depth + 1));
    }
    if (t.isTypeLiteralNode(type)) return this.members(type.members, depth);
    if (t.isUnionTypeNode(type)) {
      // A union that admits null says the orchestration copes without an input: the simplest input is none.
      if (type.types.some((member) => t.isLiteralTypeNode(member) && member.literal.kind === t.SyntaxKind.NullKeyword)) return null;
      return this.sample(type.types[0], depth);
    }
    if (t.isIntersectionTypeNode(type)) {
      return Object.assign({}, ...type.types.map((member) => this.sample(member, depth)).filter((value) => isObject(value)));
    }
    if (t.isTypeReferenceNode(type)) return this.reference(type, depth);
    return null;
  }

  private reference(type: ts.TypeReferenceNode, depth: number): unknown {
    const t = this.typescript;
    const name = t.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    const [argument] = type.typeArguments ?? [];
    if ((name === 'Array' || name === 'ReadonlyArray') && argument) return [this.sample(argument, depth + 1)];
    if (name === 'Date') return new Date(0).toISOString();
    if (name === 'Record' || name === 'Map') return {};
    if ((name === 'Partial' || name === 'Readonly' || name === 'Required') && argument) return this.sample(argument, depth);
    const declaration = this.named.get(name);
    if (declaration && t.isTypeAliasDeclaration(declaration)) return this.sample(declaration.type, depth + 1);
    if (declaration && t.isInterfaceDeclaration(declaration)) {
      const inherited = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types)
        .map((base) => this.reference(t.factory.createTypeReferenceNode(base.expression.getText(), base.typeArguments), depth + 1));
      return Object.assign({}, ...inherited.filter(isObject), this.members(declaration.members, depth));
    }
    return null;
  }

  private members(members: ts.NodeArray<ts.TypeElement>, depth: number): Record<string, unknown> {
    const t = this.typescript;
    const sample: Record<string, unknown> = {};
    for (const member of members) {
      // Optional properties stay out: the sample is the least the user must give.
      if (!t.isPropertySignature(member) || member.questionToken || !member.type) continue;
      const name = member.name;
      if (t.isIdentifier(name) || t.isStringLiteral(name) || t.isNumericLiteral(name)) sample[name.text] = this.sample(member.type, depth + 1);
    }
    return sample;
  }

  private literal(literal: ts.LiteralTypeNode['literal']): unknown {
    const t = this.typescript;
    if (t.isStringLiteral(literal) || t.isNoSubstitutionTemplateLiteral(literal)) return literal.text;
    if (t.isNumericLiteral(literal)) return Number(literal.text);
    if (literal.kind === t.SyntaxKind.TrueKeyword) return true;
    if (literal.kind === t.SyntaxKind.FalseKeyword) return false;
    if (t.isPrefixUnaryExpression(literal) && t.isNumericLiteral(literal.operand)) return -Number(literal.operand.text);
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

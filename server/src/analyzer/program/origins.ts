import ts from 'typescript';
import { normalizeModuleName } from './moduleNames';

/**
 * Where a name used in code comes from. Rules match APIs by origin, so a local function named `random`
 * or a parameter named `process` never looks like the global it shadows.
 */
export type ReferenceOrigin =
  | { kind: 'global'; name: string }
  /** `path` is the export path inside the module: [] for the module object itself (namespace, default or require). */
  | { kind: 'module'; module: string; path: string[] }
  | { kind: 'local'; declaration: ts.Declaration };

/** Globals that hold the global object itself: `globalThis.setTimeout` is `setTimeout`. */
const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'global', 'window', 'self']);

export function originOfIdentifier(checker: ts.TypeChecker, identifier: ts.Identifier): ReferenceOrigin {
  const symbol = checker.getSymbolAtLocation(identifier);
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration) return { kind: 'global', name: identifier.text };
  const fromModule = moduleOriginOfDeclaration(declaration);
  if (fromModule) return fromModule;
  const declaredOnlyInDeclarationFiles = symbol.declarations!.every((d) => d.getSourceFile().isDeclarationFile);
  if (declaredOnlyInDeclarationFiles && !isInsideModuleDeclaration(declaration)) {
    return { kind: 'global', name: identifier.text };
  }
  return { kind: 'local', declaration };
}

/** The module an import-like declaration (import, `import x = require`, `const x = require(...)`) binds. */
export function moduleOriginOfDeclaration(declaration: ts.Declaration): ReferenceOrigin | undefined {
  if (ts.isImportSpecifier(declaration)) {
    const importDeclaration = declaration.parent.parent.parent;
    const exported = (declaration.propertyName ?? declaration.name).text;
    return moduleOrigin(importDeclaration.moduleSpecifier, [exported]);
  }
  // A default import of a CommonJS module is the module object; treating it as such matches both styles.
  if (ts.isImportClause(declaration)) return moduleOrigin(declaration.parent.moduleSpecifier, []);
  if (ts.isNamespaceImport(declaration)) return moduleOrigin(declaration.parent.parent.moduleSpecifier, []);
  if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
    return moduleOrigin(declaration.moduleReference.expression, []);
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const required = requiredModule(declaration.initializer);
    if (required) return { kind: 'module', module: required.module, path: required.path };
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const holder = declaration.parent.parent;
    if (ts.isVariableDeclaration(holder) && holder.initializer) {
      const required = requiredModule(holder.initializer);
      const property = declaration.propertyName ?? declaration.name;
      if (required && ts.isIdentifier(property)) {
        return { kind: 'module', module: required.module, path: [...required.path, property.text] };
      }
    }
  }
  return undefined;
}

/** `require('m')` or `require('m').a.b`, as used in CommonJS code. */
export function requiredModule(expression: ts.Expression): { module: string; path: string[] } | undefined {
  const path: string[] = [];
  let current = expression;
  while (ts.isPropertyAccessExpression(current)) {
    path.unshift(current.name.text);
    current = current.expression;
  }
  if (
    ts.isCallExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === 'require' &&
    current.arguments.length === 1 && ts.isStringLiteralLike(current.arguments[0])
  ) {
    return { module: normalizeModuleName(current.arguments[0].text), path };
  }
  return undefined;
}

function moduleOrigin(specifier: ts.Expression, path: string[]): ReferenceOrigin | undefined {
  if (!ts.isStringLiteralLike(specifier)) return undefined;
  return { kind: 'module', module: normalizeModuleName(specifier.text), path };
}

function isInsideModuleDeclaration(declaration: ts.Node): boolean {
  for (let node = declaration.parent; node; node = node.parent) {
    if (ts.isModuleDeclaration(node)) return !(node.flags & ts.NodeFlags.GlobalAugmentation);
    if (ts.isSourceFile(node)) return ts.isExternalModule(node);
  }
  return false;
}

/**
 * A property chain read from its root: for `process.env.HOME` rooted at `process`, the names
 * ['process', 'env', 'HOME'] and the expression node at each step. A leading `globalThis.` is dropped.
 */
export interface AccessChain {
  root: ts.Identifier;
  names: string[];
  nodes: ts.Expression[];
}

export function accessChainFrom(root: ts.Identifier): AccessChain {
  const names = [root.text];
  const nodes: ts.Expression[] = [root];
  let current: ts.Expression = root;
  for (;;) {
    const parent: ts.Node = current.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
      names.push(parent.name.text);
    } else if (
      ts.isElementAccessExpression(parent) && parent.expression === current && ts.isStringLiteralLike(parent.argumentExpression)
    ) {
      names.push(parent.argumentExpression.text);
    } else {
      break;
    }
    nodes.push(parent);
    current = parent;
  }
  return { root, names, nodes };
}

/** `globalThis.fetch` → ['fetch'] with its nodes; other chains unchanged. */
export function withoutGlobalObject(chain: AccessChain): AccessChain {
  if (chain.names.length > 1 && GLOBAL_OBJECT_NAMES.has(chain.names[0])) {
    return { root: chain.root, names: chain.names.slice(1), nodes: chain.nodes.slice(1) };
  }
  return chain;
}

/** True for an identifier that reads a value: not a declaration's name, a property name or part of a type. */
export function isValueReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isQualifiedName(parent) && parent.right === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier) return false;
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === identifier) return true;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  if (isDeclarationName(identifier)) return false;
  for (let node: ts.Node = parent; node && !ts.isStatement(node) && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return false;
  }
  return true;
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent as ts.Node & { name?: ts.Node };
  return (
    parent.name === identifier &&
    (ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) ||
      ts.isClassLike(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent) || ts.isEnumDeclaration(parent) || ts.isEnumMember(parent) ||
      ts.isModuleDeclaration(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isTypeParameterDeclaration(parent))
  );
}

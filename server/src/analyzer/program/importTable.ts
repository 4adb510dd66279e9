import ts from 'typescript';
import { moduleOriginOfDeclaration } from './origins';

export interface ImportBinding {
  module: string;
  /** Export path inside the module; [] is the module object (namespace import, default import or require). */
  path: string[];
}

const tables = new WeakMap<ts.SourceFile, ReadonlyMap<string, ImportBinding>>();

/**
 * The names a file binds at its top level from other modules (imports and top-level requires). Read from syntax
 * alone, so it can be computed for every workspace file without the type checker and cached with the file.
 */
export function importTableOf(sourceFile: ts.SourceFile): ReadonlyMap<string, ImportBinding> {
  let table = tables.get(sourceFile);
  if (!table) {
    table = buildImportTable(sourceFile);
    tables.set(sourceFile, table);
  }
  return table;
}

function buildImportTable(sourceFile: ts.SourceFile): Map<string, ImportBinding> {
  const table = new Map<string, ImportBinding>();
  const bind = (declaration: ts.Declaration, name: ts.Node | undefined) => {
    const origin = moduleOriginOfDeclaration(declaration);
    if (origin?.kind === 'module' && name && ts.isIdentifier(name)) {
      table.set(name.text, { module: origin.module, path: origin.path });
    }
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) bind(clause, clause.name);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bind(named, named.name);
      if (named && ts.isNamedImports(named)) for (const element of named.elements) bind(element, element.name);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      bind(statement, statement.name);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) bind(declaration, declaration.name);
        else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) bind(element, element.name);
        }
      }
    }
  }
  return table;
}

/**
 * The module binding an expression like `app`, `df.app` or `durable.app` refers to, through the file's top-level
 * imports: `df.app` with `import * as df from 'durable-functions'` is { module: 'durable-functions', path: ['app'] }.
 */
export function importedBindingOf(sourceFile: ts.SourceFile, expression: ts.Expression | ts.EntityName): ImportBinding | undefined {
  const names: string[] = [];
  let current = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = current.expression;
    } else if (ts.isQualifiedName(current)) {
      names.unshift(current.right.text);
      current = current.left;
    } else {
      break;
    }
  }
  if (!ts.isIdentifier(current)) return undefined;
  const binding = importTableOf(sourceFile).get(current.text);
  return binding && { module: binding.module, path: [...binding.path, ...names] };
}

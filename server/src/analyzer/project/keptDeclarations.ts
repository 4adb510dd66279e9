import ts from 'typescript';

/**
 * Declaration files (TypeScript's lib.*.d.ts, the runtime's typings) parsed and bound once and kept for every later
 * program of this process, whatever its compiler options: parsing and binding them is most of the cost of a small
 * app's first program. A startup snapshot of the lint keeps them across processes (see prepareLintSnapshot).
 * A kept file is only handed out for the same text it was parsed from, so an edited or upgraded file is parsed anew.
 */
const kept = new Map<string, ts.SourceFile>();

/** Keeps the declaration files of `program` that `which` picks (all by default), bound (its type checker binds them). */
export function keepDeclarationFiles(program: ts.Program, which: (sourceFile: ts.SourceFile) => boolean = () => true): number {
  program.getTypeChecker();
  for (const sourceFile of program.getSourceFiles()) if (sourceFile.isDeclarationFile && which(sourceFile)) kept.set(sourceFile.fileName, sourceFile);
  return kept.size;
}

/**
 * A document registry that hands out kept declaration files before parsing. Those files are shared, never released:
 * TypeScript's checker merges a bound file's symbols into its own tables without changing them, which is what lets
 * its language service share files between projects too.
 */
export function withKeptDeclarations(registry: ts.DocumentRegistry): ts.DocumentRegistry {
  const handedOut = new Set<string>();
  const keptFor = (fileName: string, path: ts.Path, snapshot: ts.IScriptSnapshot, version: string, options: ts.CreateSourceFileOptions | ts.ScriptTarget | undefined) => {
    const sourceFile = kept.get(fileName);
    if (!sourceFile || (sourceFile as { version?: string }).version !== version || sourceFile.text.length !== snapshot.getLength()) return undefined;
    const format = typeof options === 'object' ? options.impliedNodeFormat : undefined;
    if (sourceFile.impliedNodeFormat !== format || snapshot.getText(0, snapshot.getLength()) !== sourceFile.text) return undefined;
    handedOut.add(path);
    return sourceFile;
  };
  return {
    ...registry,
    acquireDocumentWithKey: (fileName, path, host, key, snapshot, version, scriptKind, options) =>
      keptFor(fileName, path, snapshot, version, options) ?? registry.acquireDocumentWithKey(fileName, path, host, key, snapshot, version, scriptKind, options),
    updateDocumentWithKey: (fileName, path, host, key, snapshot, version, scriptKind, options) =>
      keptFor(fileName, path, snapshot, version, options) ?? registry.updateDocumentWithKey(fileName, path, host, key, snapshot, version, scriptKind, options),
    releaseDocumentWithKey: (path: ts.Path, key: ts.DocumentRegistryBucketKey, scriptKind?: ts.ScriptKind, format?: ts.ResolutionMode) => {
      if (!handedOut.has(path)) registry.releaseDocumentWithKey(path, key, scriptKind!, format);
    },
  };
}

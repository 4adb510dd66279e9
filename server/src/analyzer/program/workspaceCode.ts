import ts from 'typescript';

/** Code the user owns: not a declaration file and not an installed package. */
export function isWorkspaceSourceFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  return (
    !sourceFile.isDeclarationFile &&
    !program.isSourceFileFromExternalLibrary(sourceFile) &&
    !sourceFile.fileName.includes('/node_modules/')
  );
}

import ts from 'typescript';
import type { Finding } from '../findings';
import type { LintSettings } from '../settings';
import { analyzeSourceFile } from './analyzeFile';

/**
 * The findings one file shows on its own, in milliseconds: parsed and bound alone, with no lib, no imports and
 * no type-aware rules. A language server publishes these while the workspace's program is still being built,
 * then replaces them with the full analysis. Only what the full analysis also reports is published: DUR009
 * (unknown names) needs every registration of the app, and DUR012 tells a collection's `set`/`delete` from any
 * other method by its type, so both wait for it, as do call chains into other files, orchestrators registered
 * elsewhere and the type-aware rules.
 */
export function analyzeFileAlone(fileName: string, text: string, options: ts.CompilerOptions, settings: LintSettings): { sourceFile: ts.SourceFile; findings: Finding[] } {
  const aloneOptions: ts.CompilerOptions = { ...options, noLib: true, noResolve: true, types: [], lib: undefined };
  const sourceFile = ts.createSourceFile(fileName, text, { languageVersion: options.target ?? ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo }, true);
  const host = ts.createCompilerHost(aloneOptions);
  const program = ts.createProgram({
    rootNames: [fileName],
    options: aloneOptions,
    host: {
      ...host,
      getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
      fileExists: (name) => name === fileName,
      readFile: (name) => (name === fileName ? text : undefined),
    },
  });
  const aloneSettings: LintSettings = { ...settings, typeAware: false, severity: { ...settings.severity, DUR009: 'off', DUR012: 'off' } };
  return { sourceFile, findings: analyzeSourceFile(program, sourceFile, aloneSettings) };
}

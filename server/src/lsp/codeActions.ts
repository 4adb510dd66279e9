import type ts from 'typescript';
import type { CodeAction } from 'vscode-languageserver';
import { ignoreFileEdit, ignoreNextLineEdit, type Finding } from '../analyzer/index';
import { codeActionOf, findingToDiagnostic } from './conversions';

export interface CodeActionContext {
  /** The analysed file the findings belong to. */
  sourceFile: ts.SourceFile;
  documentationUri: string | undefined;
  /** The text an edit's offsets refer to, for any file an edit touches. */
  sourceFileOf: (fileName: string) => ts.SourceFile | undefined;
  uriOf: (fileName: string) => string;
}

/**
 * Code actions for the findings overlapping [start, end]: each finding's quick fixes first, then the two ways
 * to silence it (this line, this file).
 */
export function codeActionsFor(findings: readonly Finding[], start: number, end: number, context: CodeActionContext): CodeAction[] {
  const { sourceFile, sourceFileOf, uriOf } = context;
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  for (const finding of findings) {
    if (finding.start > end || finding.end < start) continue;
    const diagnostic = findingToDiagnostic(finding, sourceFile, context.documentationUri);
    for (const fix of finding.fixes) fixes.push(codeActionOf(fix.title, fix.edits, diagnostic, fix.isPreferred, sourceFileOf, uriOf));
    suppressions.push(
      codeActionOf(`Ignore ${finding.code} on this line`, [ignoreNextLineEdit(sourceFile, finding)], diagnostic, false, sourceFileOf, uriOf),
      codeActionOf(`Ignore ${finding.code} in this file`, [ignoreFileEdit(sourceFile, finding)], diagnostic, false, sourceFileOf, uriOf),
    );
  }
  return [...fixes, ...suppressions];
}

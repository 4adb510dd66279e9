import type ts from 'typescript';
import {
  CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Severity, TextEdit } from '../analyzer/index';
import { ruleDocumentationLink } from './documentation';
import { uriOfPath } from './uris';

export const DIAGNOSTIC_SOURCE = 'durable-ts';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function rangeOf(sourceFile: ts.SourceFile, start: number, end: number): Range {
  return { start: sourceFile.getLineAndCharacterOfPosition(start), end: sourceFile.getLineAndCharacterOfPosition(end) };
}

export function findingToDiagnostic(finding: Finding, sourceFile: ts.SourceFile, documentationUri: string | undefined): Diagnostic {
  const href = ruleDocumentationLink(documentationUri, finding.code);
  return {
    range: rangeOf(sourceFile, finding.start, finding.end),
    severity: SEVERITIES[finding.severity],
    code: finding.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}

/**
 * A quick fix as an LSP code action. `sourceFileOf` maps each edited file to the text the offsets refer to;
 * `uriOf` keeps the client's own URI for documents it has open.
 */
export function codeActionOf(
  title: string,
  edits: readonly TextEdit[],
  diagnostic: Diagnostic,
  isPreferred: boolean,
  sourceFileOf: (fileName: string) => ts.SourceFile | undefined,
  uriOf: (fileName: string) => string = uriOfPath,
): CodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const sourceFile = sourceFileOf(edit.fileName);
    if (!sourceFile) continue;
    const uri = uriOf(edit.fileName);
    (changes[uri] ??= []).push({ range: rangeOf(sourceFile, edit.start, edit.end), newText: edit.newText });
  }
  const edit: WorkspaceEdit = { changes };
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit };
}

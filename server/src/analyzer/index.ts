/**
 * The determinism analyzer: finds orchestrators in a TypeScript/JavaScript workspace and reports code that
 * would behave differently on replay. Editor-free; shared by the language server and the lint CLI.
 */
import type ts from 'typescript';
import { analyzeSourceFile } from './analysis/analyzeFile';
import type { Finding } from './findings';
import { normalizePath } from './project/sourceFiles';
import type { WorkspaceProject } from './project/workspaceProject';
import type { LintSettings } from './settings';

export type { Finding, QuickFix, RuleCode, Severity, TextEdit } from './findings';
export { RULES, RULE_CODES, isRuleCode, ruleDocsAnchor, type RuleDescription } from './rules/catalog';
export {
  DEFAULT_LINT_SETTINGS, InvalidSettingsError, parseLintSettings, parseSeveritySetting, type LintSettings, type SeveritySetting,
} from './settings';
export { WorkspaceProject, type FileChangeKind } from './project/workspaceProject';
export { findSourceFiles, isSourceFileName, normalizePath } from './project/sourceFiles';
export { ignoreFileEdit, ignoreNextLineEdit } from './analysis/suppressions';
export { analyzeSourceFile };
export { analyzeFileAlone } from './analysis/fileAlone';

/** Findings for one file of the project, or none when the file is not part of it. */
export function analyzeFile(project: WorkspaceProject, fileName: string, settings: LintSettings): Finding[] {
  const program = project.getProgram();
  const sourceFile = program.getSourceFile(normalizePath(fileName));
  return sourceFile ? analyzeSourceFile(program, sourceFile, settings) : [];
}

/** 1-based line and column of an offset, as people and most tools count. */
export function lineAndColumnOf(sourceFile: ts.SourceFile, offset: number): { line: number; column: number } {
  const position = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: position.line + 1, column: position.character + 1 };
}

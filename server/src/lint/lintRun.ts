import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { analyzeFile, lineAndColumnOf } from '../analyzer/index';
import type { Finding, QuickFix, Severity } from '../analyzer/findings';
import type { LintSettings } from '../analyzer/settings';
import { projectRootOf, type ProjectRoot } from '../analyzer/project/projectRoot';
import { findSourceFiles, isDeclarationFileName, normalizePath } from '../analyzer/project/sourceFiles';
import { keepDeclarationFiles } from '../analyzer/project/keptDeclarations';
import { WorkspaceProject } from '../analyzer/project/workspaceProject';
import { UsageError } from './args';

/** A finding placed for output: 1-based lines and columns, the file as the user named it. */
export interface LintResult {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: Finding['code'];
  severity: Severity;
  message: string;
  fixes: LocatedFix[];
}

export interface LocatedFix {
  title: string;
  edits: { file: string; line: number; column: number; endLine: number; endColumn: number; newText: string }[];
}

export interface LintRun {
  results: LintResult[];
  filesLinted: number;
  warnings: string[];
}

export interface Target {
  /** Absolute, normalized. */
  fileName: string;
  /** How to show it: as given on the command line, or relative to the working directory. */
  shown: string;
  /** The folder named on the command line it was found in (the file's own folder for a file named). */
  linted: string;
}

/** Whether the target at this place in the order targets are linted in is analysed here (see ./shards). */
export type TargetFilter = (ordinal: number) => boolean;

export interface LintedTargets {
  /** Each target's results, in the order targets are linted in; undefined for targets not analysed here. */
  perTarget: (LintResult[] | undefined)[];
  filesLinted: number;
  warnings: string[];
}

/**
 * Lints `paths` (files or folders; none = the project in `cwd`). Files are grouped by the tsconfig that
 * governs them, so each group is analysed with its own compiler options and its own registrations.
 */
export function runLint(paths: readonly string[], settings: LintSettings, cwd: string): LintRun {
  return flattenLinted(lintTargets(collectTargets(paths, cwd), settings, cwd, () => true));
}

export function flattenLinted(linted: LintedTargets): LintRun {
  return { results: linted.perTarget.flatMap((results) => results ?? []), filesLinted: linted.filesLinted, warnings: linted.warnings };
}

/**
 * Lints the targets `analyses` picks. A target's findings do not depend on which others are analysed: each group's
 * program holds all of its files either way.
 */
export function lintTargets(targets: readonly Target[], settings: LintSettings, cwd: string, analyses: TargetFilter): LintedTargets {
  const warnings: string[] = [];
  const perTarget: (LintResult[] | undefined)[] = [];
  for (const { root, group } of groupByProject(targets)) {
    const first = perTarget.length;
    perTarget.push(...group.map(() => undefined));
    const picked = group.flatMap((target, i) => (analyses(first + i) ? [{ target, ordinal: first + i }] : []));
    if (picked.length === 0) continue;
    const project = new WorkspaceProject(root.folder, root.discoverFiles);
    warnings.push(...project.configWarnings);
    project.addRootFiles(group.map((target) => target.fileName));
    const shownNames = new Map(group.map((target) => [target.fileName, target.shown]));
    const show = (fileName: string) => shownNames.get(fileName) ?? displayPath(fileName, cwd);
    for (const { target, ordinal } of picked) {
      const sourceFile = project.getSourceFile(target.fileName);
      perTarget[ordinal] = sourceFile ? analyzeFile(project, target.fileName, settings).map((finding) => locate(finding, sourceFile, show, project)) : [];
    }
    // The next project's program reuses the lib files this one parsed and bound: a workspace of several apps would
    // otherwise parse and bind them again for each. (An app's own typings are let go: another app seldom shares them.)
    const libFolder = path.dirname(ts.getDefaultLibFilePath(project.compilerOptions));
    keepDeclarationFiles(project.getProgram(), (sourceFile) => path.dirname(sourceFile.fileName) === libFolder);
    project.dispose();
  }
  return { perTarget, filesLinted: targets.length, warnings };
}

export function collectTargets(paths: readonly string[], cwd: string): Target[] {
  if (paths.length === 0) {
    const project = new WorkspaceProject(cwd);
    const files = project.lintableFiles();
    project.dispose();
    return files.map((fileName) => ({ fileName, shown: displayPath(fileName, cwd), linted: cwd }));
  }
  const targets = new Map<string, Target>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`No such file or folder: ${given}`);
    if (stat.isFile()) {
      const fileName = normalizePath(absolute);
      targets.set(fileName, { fileName, shown: given, linted: path.dirname(fileName) });
      continue;
    }
    for (const fileName of findSourceFiles(absolute)) {
      if (!isDeclarationFileName(fileName) && !targets.has(fileName)) targets.set(fileName, { fileName, shown: displayPath(fileName, cwd), linted: absolute });
    }
  }
  return [...targets.values()];
}

/** The targets grouped by project (see projectRootOf), in the order of their first target. */
function groupByProject(targets: readonly Target[]): { root: ProjectRoot; group: Target[] }[] {
  const groups = new Map<string, { root: ProjectRoot; group: Target[] }>();
  const rootOfFolder = new Map<string, ProjectRoot>();
  for (const target of targets) {
    const key = `${path.dirname(target.fileName)}\0${target.linted}`;
    let root = rootOfFolder.get(key);
    if (!root) rootOfFolder.set(key, (root = projectRootOf(target.fileName, target.linted)));
    const entry = groups.get(root.folder) ?? { root, group: [] };
    entry.group.push(target);
    groups.set(root.folder, entry);
  }
  return [...groups.values()];
}

function displayPath(fileName: string, cwd: string): string {
  return path.relative(cwd, fileName).split(path.sep).join('/') || fileName;
}

function locate(finding: Finding, sourceFile: ts.SourceFile, show: (fileName: string) => string, project: WorkspaceProject): LintResult {
  const start = lineAndColumnOf(sourceFile, finding.start);
  const end = lineAndColumnOf(sourceFile, finding.end);
  return {
    file: show(sourceFile.fileName),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    fixes: finding.fixes.map((fix) => locateFix(fix, show, project)),
  };
}

function locateFix(fix: QuickFix, show: (fileName: string) => string, project: WorkspaceProject): LocatedFix {
  return {
    title: fix.title,
    edits: fix.edits.flatMap((edit) => {
      const sourceFile = project.getSourceFile(edit.fileName);
      if (!sourceFile) return [];
      const start = lineAndColumnOf(sourceFile, edit.start);
      const end = lineAndColumnOf(sourceFile, edit.end);
      return [{ file: show(edit.fileName), line: start.line, column: start.column, endLine: end.line, endColumn: end.column, newText: edit.newText }];
    }),
  };
}

import path from 'node:path';
import ts from 'typescript';
import { findSourceFiles, normalizePath } from './sourceFiles';

export interface ProjectConfig {
  /** The tsconfig.json / jsconfig.json followed, if any. */
  configFile: string | undefined;
  options: ts.CompilerOptions;
  fileNames: string[];
  /** Problems reading the config, worded for the user; the analysis goes on with what could be read. */
  warnings: string[];
}

/** Without a tsconfig: modern defaults that resolve packages and extensionless imports like a bundler. */
const FALLBACK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
};

/**
 * The compiler options and files of the project rooted at `rootDir`: its tsconfig.json (or jsconfig.json) when
 * there is one, else every source file under the folder (unless `discoverFiles` is off, for a stray file's
 * folder that may be huge). JavaScript is always allowed in, and nothing is emitted.
 */
export function loadProjectConfig(rootDir: string, discoverFiles = true): ProjectConfig {
  const root = normalizePath(rootDir);
  const discover = () => (discoverFiles ? findSourceFiles(root) : []);
  const configFile = ['tsconfig.json', 'jsconfig.json']
    .map((name) => normalizePath(path.join(root, name)))
    .find((candidate) => ts.sys.fileExists(candidate));
  if (!configFile) {
    return { configFile: undefined, options: analyzerOptions(FALLBACK_OPTIONS), fileNames: discover(), warnings: [] };
  }
  const warnings: string[] = [];
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) {
    warnings.push(`${configFile}: ${flatten(read.error)}; analysing every source file with default options.`);
    return { configFile, options: analyzerOptions(FALLBACK_OPTIONS), fileNames: discover(), warnings };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile);
  for (const error of parsed.errors) {
    // "No inputs were found" is expected for solution-style configs; the folder is scanned instead.
    if (error.code !== 18003) warnings.push(`${configFile}: ${flatten(error)}`);
  }
  const fileNames = parsed.fileNames.length > 0 ? parsed.fileNames.map(normalizePath) : discover();
  return { configFile, options: analyzerOptions(parsed.options), fileNames, warnings };
}

function analyzerOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  return { ...options, allowJs: true, noEmit: true, declaration: false, composite: false, incremental: false, tsBuildInfoFile: undefined };
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}

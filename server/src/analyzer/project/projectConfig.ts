import path from 'node:path';
import ts from 'typescript';
import { libReplacementPossible } from './libReplacement';
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
    return { configFile: undefined, options: analyzerOptions(FALLBACK_OPTIONS, root), fileNames: discover(), warnings: [] };
  }
  const warnings: string[] = [];
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) {
    warnings.push(`${configFile}: ${flatten(read.error)}; analysing every source file with default options.`);
    return { configFile, options: analyzerOptions(FALLBACK_OPTIONS, root), fileNames: discover(), warnings };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile);
  for (const error of parsed.errors) {
    // "No inputs were found" is expected for solution-style configs; the folder is scanned instead.
    if (error.code !== 18003) warnings.push(`${configFile}: ${flatten(error)}`);
  }
  const fileNames = parsed.fileNames.length > 0 ? parsed.fileNames.map(normalizePath) : discover();
  return { configFile, options: analyzerOptions(parsed.options, path.dirname(configFile)), fileNames, warnings };
}

/** `options` adjusted for analysis; `libFolder` is where TypeScript looks lib replacements up from. */
function analyzerOptions(options: ts.CompilerOptions, libFolder: string): ts.CompilerOptions {
  return {
    ...options,
    lib: withoutBrowserLibs(options),
    libReplacement: options.libReplacement === false || !libReplacementPossible(libFolder) ? false : options.libReplacement,
    // Node's typings (@types/node, 2 MB) are most of what a small app would parse and bind, on every start; the
    // rules know Node's APIs by module and global name. Module resolution skips `node:` modules too (see
    // WorkspaceProject), so they are not pulled in through an import either.
    types: [],
    allowJs: true,
    noEmit: true,
    declaration: false,
    composite: false,
    incremental: false,
    tsBuildInfoFile: undefined,
  };
}

const BROWSER_LIB = /^lib\.(dom|webworker|scripthost)\b/;

/**
 * Orchestrators run in Node, and the rules resolve browser globals (`fetch`, `console`, `setTimeout`) the same
 * with or without their declarations; the DOM typings are a third of what TypeScript would otherwise load, on
 * every start and every program. The ECMAScript libs stay: the type-aware rules need Promise and Array.
 */
function withoutBrowserLibs(options: ts.CompilerOptions): string[] {
  // The default lib of a target bundles the DOM: lib.es2022.full.d.ts → lib.es2022.d.ts, lib.d.ts → lib.es5.d.ts.
  const defaultLib = ts.getDefaultLibFileName(options);
  const libs = options.lib ?? [defaultLib === 'lib.d.ts' ? 'lib.es5.d.ts' : defaultLib.replace('.full.d.ts', '.d.ts')];
  const kept = libs.map((lib) => lib.split(/[\\/]/).pop()!).filter((lib) => !BROWSER_LIB.test(lib));
  return kept.length > 0 ? kept : libs;
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}

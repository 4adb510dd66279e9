import { isBuiltin } from 'node:module';
import ts from 'typescript';
import { appLayoutChanged, isAppLayoutFile } from './appRoots';
import { withKeptDeclarations } from './keptDeclarations';
import { loadProjectConfig, type ProjectConfig } from './projectConfig';
import { isDeclarationFileName, isInsideFolder, isSourceFileName, normalizePath, withForwardSlashes } from './sourceFiles';
import { TextSnapshot } from './textSnapshot';

/** JSDoc is parsed where it carries types (JavaScript) only; see the host's jsDocParsingMode. */
const JSDOC_PARSING = ts.JSDocParsingMode.ParseForTypeInfo;

export type FileChangeKind = 'created' | 'changed' | 'deleted';

interface OpenDocument {
  text: string;
  version: number;
}

/**
 * The workspace as a TypeScript LanguageService: files on disk plus the editor's unsaved documents. Each change
 * bumps a version, and `getProgram()` returns a new program that reuses every unchanged file's syntax tree,
 * which keeps re-analysis after an edit cheap.
 */
export class WorkspaceProject {
  readonly rootDir: string;
  private config: ProjectConfig;
  private readonly extraRoots = new Set<string>();
  private readonly openDocuments = new Map<string, OpenDocument>();
  private readonly diskVersions = new Map<string, number>();
  private readonly snapshots = new Map<string, { version: string; snapshot: TextSnapshot }>();
  private projectVersion = 0;
  private programBuilt = false;
  private readonly languageService: ts.LanguageService;
  /**
   * Kept across programs: without it every new program resolves imports and looks up package.json scopes
   * (for each file's module format) from scratch. Cleared when files appear, disappear or the config changes.
   */
  private moduleResolutionCache: ts.ModuleResolutionCache;

  /** `discoverFiles: false` takes only the tsconfig's files (if any) and the files added or opened. */
  constructor(rootDir: string, private readonly discoverFiles = true) {
    this.rootDir = normalizePath(rootDir);
    this.config = loadProjectConfig(this.rootDir, discoverFiles);
    this.moduleResolutionCache = this.createModuleResolutionCache();
    const registry = withKeptDeclarations(ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, this.rootDir, JSDOC_PARSING));
    this.languageService = ts.createLanguageService(this.createHost(), registry);
  }

  get configWarnings(): readonly string[] {
    return this.config.warnings;
  }

  /** The compiler options the analysis uses (the tsconfig's, adjusted for analysis). */
  get compilerOptions(): ts.CompilerOptions {
    return this.config.options;
  }

  /** Whether a program was built yet: until then, asking for one parses and binds the whole project. */
  get hasBuiltProgram(): boolean {
    return this.programBuilt;
  }

  /** Whether a file belongs to this workspace folder. */
  contains(fileName: string): boolean {
    return isInsideFolder(normalizePath(fileName), this.rootDir);
  }

  /** Files of the project that hold code to lint (declaration files only provide types). */
  lintableFiles(): string[] {
    return this.rootFileNames().filter((fileName) => isSourceFileName(fileName) && !isDeclarationFileName(fileName) && !fileName.includes('/node_modules/'));
  }

  /** Adds files outside the config's file list (paths given on a command line, loose JavaScript). */
  addRootFiles(fileNames: Iterable<string>): void {
    for (const fileName of fileNames) this.extraRoots.add(normalizePath(fileName));
    this.projectVersion++;
  }

  /** The editor's text for a document, which wins over the file on disk while it is open. */
  setOpenDocument(fileName: string, text: string, version: number): void {
    const normalized = normalizePath(fileName);
    // An unsaved new file can make an import resolve that did not before.
    if (!this.openDocuments.has(normalized) && !ts.sys.fileExists(normalized)) this.moduleResolutionCache.clear();
    this.openDocuments.set(normalized, { text, version });
    this.projectVersion++;
  }

  closeDocument(fileName: string): void {
    const normalized = normalizePath(fileName);
    this.openDocuments.delete(normalized);
    this.bumpDiskVersion(normalized);
  }

  filesChangedOnDisk(changes: readonly { fileName: string; kind: FileChangeKind }[]): void {
    let reloadFileList = false;
    for (const { fileName, kind } of changes) {
      const normalized = normalizePath(fileName);
      if (normalized === this.config.configFile || kind !== 'changed') reloadFileList = true;
      if (isAppLayoutFile(normalized)) appLayoutChanged();
      this.bumpDiskVersion(normalized);
    }
    if (reloadFileList) {
      this.config = loadProjectConfig(this.rootDir, this.discoverFiles);
      this.moduleResolutionCache = this.createModuleResolutionCache();
    }
  }

  getProgram(): ts.Program {
    const program = this.languageService.getProgram();
    if (!program) throw new Error(`TypeScript could not build a program for ${this.rootDir}.`);
    this.programBuilt = true;
    return program;
  }

  getSourceFile(fileName: string): ts.SourceFile | undefined {
    return this.getProgram().getSourceFile(normalizePath(fileName));
  }

  dispose(): void {
    this.languageService.dispose();
  }

  private rootFileNames(): string[] {
    const names = new Set(this.config.fileNames);
    for (const fileName of this.extraRoots) names.add(fileName);
    for (const fileName of this.openDocuments.keys()) if (isSourceFileName(fileName)) names.add(fileName);
    return [...names];
  }

  private bumpDiskVersion(fileName: string): void {
    this.diskVersions.set(fileName, (this.diskVersions.get(fileName) ?? 0) + 1);
    this.projectVersion++;
  }

  private scriptVersion(fileName: string): string {
    const open = this.openDocuments.get(fileName);
    return open ? `open:${open.version}` : `disk:${this.diskVersions.get(fileName) ?? 0}`;
  }

  private snapshotOf(fileName: string): ts.IScriptSnapshot | undefined {
    const version = this.scriptVersion(fileName);
    const cached = this.snapshots.get(fileName);
    if (cached?.version === version) return cached.snapshot;
    const text = this.openDocuments.get(fileName)?.text ?? ts.sys.readFile(fileName);
    if (text === undefined) {
      this.snapshots.delete(fileName);
      return undefined;
    }
    const snapshot = new TextSnapshot(text);
    this.snapshots.set(fileName, { version, snapshot });
    return snapshot;
  }

  private createModuleResolutionCache(): ts.ModuleResolutionCache {
    return ts.createModuleResolutionCache(this.rootDir, (fileName) => (ts.sys.useCaseSensitiveFileNames ? fileName : fileName.toLowerCase()), this.config.options);
  }

  private resolveModuleNameLiterals(
    literals: readonly ts.StringLiteralLike[],
    containingFile: string,
    redirectedReference: ts.ResolvedProjectReference | undefined,
    options: ts.CompilerOptions,
    containingSourceFile: ts.SourceFile,
  ): ts.ResolvedModuleWithFailedLookupLocations[] {
    // Node's built-in modules stay unresolved: their typings are left out (see analyzerOptions in projectConfig).
    return literals.map((literal) => isBuiltin(literal.text) ? { resolvedModule: undefined } : ts.resolveModuleName(
      literal.text, containingFile, options, this.moduleResolutionHost, this.moduleResolutionCache, redirectedReference,
      ts.getModeForUsageLocation(containingSourceFile, literal, options),
    ));
  }

  private readonly moduleResolutionHost: ts.ModuleResolutionHost = {
    fileExists: (fileName) => this.openDocuments.has(withForwardSlashes(fileName)) || ts.sys.fileExists(fileName),
    readFile: (fileName) => this.openDocuments.get(withForwardSlashes(fileName))?.text ?? ts.sys.readFile(fileName),
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };

  private createHost(): ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache } {
    return {
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, options, containingSourceFile) =>
        this.resolveModuleNameLiterals(literals, containingFile, redirectedReference, options, containingSourceFile),
      // Not in the public host interface, but read by TypeScript when module resolution is supplied: it lets the
      // package.json scope lookups behind each file's module format be cached too.
      getModuleResolutionCache: () => this.moduleResolutionCache,
      getProjectVersion: () => String(this.projectVersion),
      // The rules read JSDoc only for JavaScript types; skipping it in TypeScript spares parsing the comments of
      // every declaration file (the lib and @types are most of what is parsed).
      jsDocParsingMode: JSDOC_PARSING,
      getScriptFileNames: () => this.rootFileNames(),
      // TypeScript hands back the absolute names it was given (or resolved): only separators need aligning.
      getScriptVersion: (fileName) => this.scriptVersion(withForwardSlashes(fileName)),
      getScriptSnapshot: (fileName) => this.snapshotOf(withForwardSlashes(fileName)),
      getCurrentDirectory: () => this.rootDir,
      getCompilationSettings: () => this.config.options,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: this.moduleResolutionHost.fileExists,
      readFile: (fileName, encoding) => this.openDocuments.get(withForwardSlashes(fileName))?.text ?? ts.sys.readFile(fileName, encoding),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
  }
}

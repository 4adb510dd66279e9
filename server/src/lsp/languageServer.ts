import path from 'node:path';
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocumentSyncKind, TextDocuments,
  type CodeAction, type CodeActionParams, type Connection, type HoverParams, type Hover, type InitializeParams,
  type InitializeResult, type PublishDiagnosticsParams, type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type ts from 'typescript';
import {
  DEFAULT_LINT_SETTINGS, analyzeFileAlone, analyzeSourceFile, InvalidSettingsError, isSourceFileName, parseLintSettings, WorkspaceProject,
  type FileChangeKind, type Finding, type LintSettings,
} from '../analyzer/index';
import { saveCompileCache } from '../compileCache';
import { codeActionsFor } from './codeActions';
import { findingToDiagnostic, rangeOf } from './conversions';
import { Debouncer } from './debouncer';
import { resolveDocumentationUri } from './documentation';
import { hoverForFindings } from './hover';
import { readLintSettings, SETTINGS_SECTION } from './settingsSource';
import { pathOfUri, uriOfPath } from './uris';

/** Pause after the last keystroke before a document is analysed again. */
const DEFAULT_DEBOUNCE_MS = 150;
/** Pause after saves and file-system changes before the whole workspace is analysed again. */
const WORKSPACE_DEBOUNCE_MS = 400;
const WORKSPACE_KEY = '\0workspace';
/** The server's start-up times, as a line the client logs beside its own. */
const STARTUP_TIMES_NOTIFICATION = 'durableTs/startupTimes';
/**
 * What the extension sends as it forks the server, long before its language client sends `initialize` (see
 * shownBeforeInitialize): the workspace folders, the documents shown and the lint settings. The server answers
 * with the shown documents' own findings (`SHOWN_FINDINGS_NOTIFICATION`, as publishDiagnostics' params), which the
 * extension shows at once. `$/`: a client without these ignores them.
 */
const SHOWN_DOCUMENTS_NOTIFICATION = '$/durableTs/shownDocuments';
const SHOWN_FINDINGS_NOTIFICATION = '$/durableTs/shownFindings';

interface FileAnalysis {
  sourceFile: ts.SourceFile;
  findings: Finding[];
  /** The editor's version of the document analysed, or undefined when it was read from disk. */
  documentVersion: number | undefined;
}

/**
 * The determinism language server: keeps one WorkspaceProject per workspace folder in step with the editor,
 * analyses documents as they change and the whole workspace at start, and serves quick fixes and hovers.
 */
export class DurableLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly debouncer = new Debouncer();
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly publishedUris = new Set<string>();
  private readonly justOpened = new Set<string>();
  /** The version of each document last analysed alone: the one shown at initialize is opened next, unchanged. */
  private readonly aloneVersions = new Map<string, number>();
  private readonly projects: WorkspaceProject[] = [];
  /** The workspace folders' projects made before `initialize` (see shownBeforeInitialize), by folder. */
  private readonly preparedProjects = new Map<string, WorkspaceProject>();
  private initializeReceived = false;
  private readonly looseProjects = new Map<string, WorkspaceProject>();
  private settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, severity: {} };
  private documentationUri: string | undefined;
  private canPullConfiguration = false;
  private canWatchFiles = false;
  private canRegisterForSettings = false;
  private supportsWorkspaceFolders = false;
  private debounceMs = DEFAULT_DEBOUNCE_MS;
  /** Bumped by each workspace pass; an older pass stops when it sees a newer one started. */
  private workspacePass = 0;
  /**
   * The steps of the start-up (ms since the process started), sent to the client to log with the first
   * diagnostics: what a new window's wait for them was spent on. Undefined once sent.
   */
  private startup: [step: string, ms: number][] | undefined = [['loaded', Math.round(performance.now())]];

  constructor(private readonly connection: Connection) {
    connection.onInitialize((params) => this.initialize(params));
    connection.onNotification(SHOWN_DOCUMENTS_NOTIFICATION, (params: unknown) => void this.guard('analysing the documents shown', () => this.shownBeforeInitialize(params)));
    connection.onInitialized(() => void this.guard('start', () => this.start()));
    connection.onDidChangeConfiguration((params) => void this.guard('settings', async () => {
      this.settings = await readLintSettings(connection, this.canPullConfiguration, params.settings);
      await this.analyzeWorkspace(false);
    }));
    connection.onDidChangeWatchedFiles((params) => this.onFilesChanged(params.changes.map((change) => ({
      uri: change.uri,
      kind: (change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed') as FileChangeKind,
    }))));
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onHover((params) => this.hover(params));
    connection.onShutdown(() => this.dispose());
    // Opening fires both events; a freshly opened document is analysed at once, edits after a pause.
    this.documents.onDidOpen((event) => this.justOpened.add(event.document.uri));
    this.documents.onDidChangeContent((event) => {
      this.onDocumentChanged(event.document, this.justOpened.delete(event.document.uri) ? 0 : this.debounceMs);
    });
    this.documents.onDidSave(() => this.debouncer.schedule(WORKSPACE_KEY, WORKSPACE_DEBOUNCE_MS, () => void this.guard('workspace', () => this.analyzeWorkspace(false))));
    this.documents.onDidClose((event) => this.onDocumentClosed(event.document));
  }

  listen(): void {
    this.documents.listen(this.connection);
    this.connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.startup?.push(['initialize received', Math.round(performance.now())]);
    this.initializeReceived = true;
    const capabilities = params.capabilities;
    this.canPullConfiguration = capabilities.workspace?.configuration === true;
    this.canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.canRegisterForSettings = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    this.documentationUri = resolveDocumentationUri(params.initializationOptions);
    this.adoptHandedOverSettings((params.initializationOptions as { lintSettings?: unknown } | undefined)?.lintSettings);
    const debounce = (params.initializationOptions as { debounceMs?: unknown } | undefined)?.debounceMs;
    if (typeof debounce === 'number' && debounce >= 0) this.debounceMs = debounce;
    const folders: WorkspaceFolder[] = params.workspaceFolders ??
      (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
    for (const folder of folders) {
      const folderPath = pathOfUri(folder.uri);
      if (folderPath) this.projects.push(this.adoptPreparedProject(folderPath) ?? this.createProject(folderPath, true));
    }
    for (const unused of this.preparedProjects.values()) unused.dispose();
    this.preparedProjects.clear();
    // Run once this response is on its way: the client opens its documents only after it has handled it.
    const shown = shownDocuments(params.initializationOptions);
    if (shown.length > 0) setImmediate(() => void this.guard('analysing the documents shown', () => Promise.all(shown.map((document) => this.publishFileAlone(document)))));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'durable-ts-server' },
    };
  }

  /**
   * The extension forks the server as its first act, and its language client starts seconds later in a busy new
   * window. The documents it showed then are analysed alone meanwhile (see publishFileAlone) and their findings
   * sent at once, outside the protocol's handshake, which they would otherwise wait for; the workspace folders'
   * projects made for it serve `initialize`. Once `initialize` has come, the protocol carries everything.
   */
  private async shownBeforeInitialize(params: unknown): Promise<void> {
    if (this.initializeReceived) return;
    const { folders, lintSettings } = (params ?? {}) as { folders?: unknown; lintSettings?: unknown };
    this.documentationUri = resolveDocumentationUri(params);
    this.adoptHandedOverSettings(lintSettings);
    for (const folder of Array.isArray(folders) ? folders : []) {
      const folderPath = typeof folder === 'string' ? pathOfUri(folder) : undefined;
      if (folderPath && !this.preparedProjects.has(folderPath)) this.preparedProjects.set(folderPath, new WorkspaceProject(folderPath, true));
    }
    for (const document of shownDocuments(params)) {
      // From `initialize` on, the ones left are published by the protocol.
      if (this.initializeReceived) return;
      await this.publishFileAlone(document, true);
    }
  }

  /**
   * The lint settings the client handed over with the documents shown, which their first findings follow (the
   * server pulls them only after `initialized`). Settings that are not valid leave the defaults, which the
   * server also falls back to when it reads them (and says why).
   */
  private adoptHandedOverSettings(raw: unknown): void {
    if (raw === undefined) return;
    try {
      this.settings = parseLintSettings(raw);
    } catch (error) {
      if (!(error instanceof InvalidSettingsError)) throw error;
    }
  }

  /** The project made for a workspace folder before `initialize`, now the folder's project; its warnings told now. */
  private adoptPreparedProject(folderPath: string): WorkspaceProject | undefined {
    const project = this.preparedProjects.get(folderPath);
    if (!project) return undefined;
    this.preparedProjects.delete(folderPath);
    for (const warning of project.configWarnings) this.connection.console.warn(warning);
    return project;
  }

  /** Folders added to or removed from a multi-root workspace get a project of their own, or lose it. */
  private onWorkspaceFoldersChanged(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    for (const folder of removed) {
      const folderPath = pathOfUri(folder.uri);
      const project = this.projects.find((candidate) => candidate.rootDir === folderPath);
      if (!project) continue;
      for (const fileName of project.lintableFiles()) this.clear(fileName, this.uriOf(fileName));
      this.projects.splice(this.projects.indexOf(project), 1);
      project.dispose();
    }
    for (const folder of added) {
      const folderPath = pathOfUri(folder.uri);
      if (folderPath) this.projects.push(this.createProject(folderPath, true));
    }
    void this.guard('workspace', () => this.analyzeWorkspace(true));
  }

  private async start(): Promise<void> {
    if (this.supportsWorkspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => this.onWorkspaceFoldersChanged(event.added, event.removed));
    }
    // Without this registration a pull-model client does not say when settings change.
    if (this.canRegisterForSettings) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (this.canWatchFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
          { globPattern: '**/{tsconfig,jsconfig}.json' },
          // App roots and v3 function registrations: which app a file belongs to, and what that app registers.
          { globPattern: '**/{host,package,function}.json' },
        ],
      });
    }
    this.settings = await readLintSettings(this.connection, this.canPullConfiguration);
    await this.analyzeWorkspace(true);
    // What the first pass compiled (the parser, binder and checker it ran) is what the next start needs first.
    saveCompileCache();
  }

  /**
   * In a new window, building the workspace's program (parsing and binding every file and the libs) takes
   * seconds. An opened document's own findings need none of it: they are published first, then replaced by the
   * full analysis (see analyzeFileAlone). Once a program exists, the full analysis is as quick and comes alone.
   */
  private async publishFileAlone(document: TextDocument, beforeInitialize = false): Promise<void> {
    const fileName = pathOfUri(document.uri);
    if (!fileName || !isSourceFileName(fileName)) return;
    const project = this.projectFor(fileName);
    if (project.hasBuiltProgram || this.aloneVersions.get(document.uri) === document.version) return;
    this.aloneVersions.set(document.uri, document.version);
    const { sourceFile, findings } = analyzeFileAlone(fileName, document.getText(), project.compilerOptions, this.settings);
    if (findings.length === 0) return;
    this.publishedUris.add(document.uri);
    const diagnostics = findings.map((finding) => findingToDiagnostic(finding, sourceFile, this.documentationUri));
    // Awaited: the program built next keeps the event loop busy, and the diagnostics must be on their way first.
    await this.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics }, beforeInitialize);
  }

  private createProject(folder: string, discoverFiles: boolean): WorkspaceProject {
    const project = new WorkspaceProject(folder, discoverFiles);
    for (const warning of project.configWarnings) this.connection.console.warn(warning);
    return project;
  }

  /** The workspace folder's project holding a file (the innermost folder), or a project of its own folder. */
  private projectFor(fileName: string): WorkspaceProject {
    const owners = [...this.projects, ...this.preparedProjects.values()].filter((project) => project.contains(fileName));
    if (owners.length > 0) return owners.reduce((a, b) => (a.rootDir.length >= b.rootDir.length ? a : b));
    const folder = path.dirname(fileName);
    let loose = this.looseProjects.get(folder);
    if (!loose) this.looseProjects.set(folder, (loose = this.createProject(folder, false)));
    return loose;
  }

  private onDocumentChanged(document: TextDocument, delayMs: number): void {
    const fileName = pathOfUri(document.uri);
    if (!fileName || !isSourceFileName(fileName)) return;
    this.projectFor(fileName).setOpenDocument(fileName, document.getText(), document.version);
    const alone = delayMs === 0 ? this.guard(`analysing ${fileName} alone`, () => this.publishFileAlone(document)) : undefined;
    this.debouncer.schedule(document.uri, delayMs, () => void this.guard(`analysing ${fileName}`, async () => {
      await alone;
      if (this.analyses.get(fileName)?.documentVersion === document.version) return;
      this.analyzeAndPublish(fileName);
      this.refreshOtherOpenDocuments(document.uri);
    }));
  }

  /** Other open documents can depend on the edited one (registrations, helpers); they are cheap to redo. */
  private refreshOtherOpenDocuments(exceptUri: string): void {
    for (const other of this.documents.all()) {
      const fileName = pathOfUri(other.uri);
      if (other.uri !== exceptUri && fileName && isSourceFileName(fileName)) this.analyzeAndPublish(fileName);
    }
  }

  private onDocumentClosed(document: TextDocument): void {
    const fileName = pathOfUri(document.uri);
    this.debouncer.cancel(document.uri);
    this.aloneVersions.delete(document.uri);
    if (!fileName || !isSourceFileName(fileName)) return;
    const project = this.projectFor(fileName);
    project.closeDocument(fileName);
    // A file of the workspace keeps its (now on-disk) diagnostics; a stray file's go away with it.
    if (project.lintableFiles().includes(fileName)) void this.guard(`analysing ${fileName}`, () => this.analyzeAndPublish(fileName));
    else this.clear(fileName, document.uri);
  }

  private onFilesChanged(changes: readonly { uri: string; kind: FileChangeKind }[]): void {
    const byProject = new Map<WorkspaceProject, { fileName: string; kind: FileChangeKind }[]>();
    for (const change of changes) {
      const fileName = pathOfUri(change.uri);
      if (!fileName || this.documents.get(change.uri)) continue;
      const project = this.projectFor(fileName);
      byProject.set(project, [...(byProject.get(project) ?? []), { fileName, kind: change.kind }]);
      if (change.kind === 'deleted') this.clear(fileName, change.uri);
    }
    for (const [project, projectChanges] of byProject) project.filesChangedOnDisk(projectChanges);
    if (byProject.size > 0) {
      this.debouncer.schedule(WORKSPACE_KEY, WORKSPACE_DEBOUNCE_MS, () => void this.guard('workspace', () => this.analyzeWorkspace(false)));
    }
  }

  private analyzeAndPublish(fileName: string): FileAnalysis | undefined {
    const project = this.projectFor(fileName);
    const program = project.getProgram();
    const sourceFile = program.getSourceFile(fileName);
    const uri = this.uriOf(fileName);
    if (!sourceFile) {
      this.clear(fileName, uri);
      return undefined;
    }
    const findings = analyzeSourceFile(program, sourceFile, this.settings);
    const analysis = { sourceFile, findings, documentVersion: this.documents.get(uri)?.version };
    this.analyses.set(fileName, analysis);
    if (findings.length > 0 || this.publishedUris.has(uri)) {
      const diagnostics = findings.map((finding) => findingToDiagnostic(finding, sourceFile, this.documentationUri));
      void this.sendDiagnostics({ uri, version: analysis.documentVersion, diagnostics });
      if (findings.length > 0) this.publishedUris.add(uri);
      else this.publishedUris.delete(uri);
    }
    return analysis;
  }

  /** Publishes diagnostics, or before `initialize` sends them as the shown documents' findings. */
  private async sendDiagnostics(params: PublishDiagnosticsParams, beforeInitialize = false): Promise<void> {
    await (beforeInitialize ? this.connection.sendNotification(SHOWN_FINDINGS_NOTIFICATION, params) : this.connection.sendDiagnostics(params));
    if (!this.startup || params.diagnostics.length === 0) return;
    this.startup.push([beforeInitialize ? 'shown findings sent' : 'first diagnostics sent', Math.round(performance.now())]);
    // Before initialize the client is not listening yet.
    if (beforeInitialize) return;
    const steps = this.startup.map(([step, ms]) => `${step} ${ms}`).join(', ');
    this.startup = undefined;
    void this.connection.sendNotification(STARTUP_TIMES_NOTIFICATION, { line: `Start-up (ms since the server process started at ${new Date(performance.timeOrigin).toISOString()}): ${steps}` });
  }

  private clear(fileName: string, uri: string): void {
    this.analyses.delete(fileName);
    if (this.publishedUris.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Analyses every lintable file of every workspace folder, reporting progress when asked. */
  private async analyzeWorkspace(showProgress: boolean): Promise<void> {
    const pass = ++this.workspacePass;
    const progress = showProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Durable TS: checking orchestrators', 0, 'Loading the TypeScript project', false);
    try {
      // Open documents first: they are what the user is looking at.
      const files = [
        ...this.documents.all().map((document) => pathOfUri(document.uri)).filter((fileName): fileName is string => !!fileName && isSourceFileName(fileName)),
        ...this.projects.flatMap((project) => project.lintableFiles()),
      ];
      const unique = [...new Set(files)];
      for (const project of this.projects) project.getProgram();
      let lastReport = Date.now();
      for (let done = 0; done < unique.length; done++) {
        if (pass !== this.workspacePass) return;
        this.analyzeAndPublish(unique[done]);
        if (Date.now() - lastReport >= 100) {
          progress?.report(Math.floor((done / unique.length) * 100), `${done + 1}/${unique.length} files`);
          lastReport = Date.now();
          // Let edits and requests in between files; an edit makes later files use the newer program.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      this.connection.console.info(`Checked ${unique.length} files for nondeterminism.`);
    } finally {
      progress?.done();
    }
  }

  /** The analysis of an open document at its current version, analysing it now if a debounced run is pending. */
  private currentAnalysis(uri: string): { analysis: FileAnalysis; document: TextDocument } | undefined {
    const document = this.documents.get(uri);
    const fileName = pathOfUri(uri);
    if (!document || !fileName || !isSourceFileName(fileName)) return undefined;
    let analysis = this.analyses.get(fileName);
    if (analysis?.documentVersion !== document.version) {
      this.debouncer.cancel(uri);
      analysis = this.analyzeAndPublish(fileName);
    }
    return analysis && { analysis, document };
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const current = this.currentAnalysis(params.textDocument.uri);
    if (!current) return [];
    const { analysis, document } = current;
    return codeActionsFor(analysis.findings, document.offsetAt(params.range.start), document.offsetAt(params.range.end), {
      sourceFile: analysis.sourceFile,
      documentationUri: this.documentationUri,
      sourceFileOf: (fileName) => this.projectFor(fileName).getSourceFile(fileName),
      uriOf: (fileName) => this.uriOf(fileName),
    });
  }

  private hover(params: HoverParams): Hover | null {
    const current = this.currentAnalysis(params.textDocument.uri);
    if (!current) return null;
    const offset = current.document.offsetAt(params.position);
    const under = current.analysis.findings.filter((finding) => finding.start <= offset && offset <= finding.end);
    if (under.length === 0) return null;
    const start = Math.min(...under.map((finding) => finding.start));
    const end = Math.max(...under.map((finding) => finding.end));
    return hoverForFindings(under, rangeOf(current.analysis.sourceFile, start, end), this.documentationUri);
  }

  /** The client's own URI for a document it has open (it may spell it differently), else a file URI. */
  private uriOf(fileName: string): string {
    const fileUri = uriOfPath(fileName);
    if (this.documents.get(fileUri)) return fileUri;
    return this.documents.all().find((document) => pathOfUri(document.uri) === fileName)?.uri ?? fileUri;
  }

  /** Runs a task, logging a failure instead of letting it take the server down. */
  private async guard(what: string, task: () => unknown): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.connection.console.error(`Durable TS failed while ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private dispose(): void {
    this.debouncer.cancelAll();
    for (const project of [...this.projects, ...this.preparedProjects.values(), ...this.looseProjects.values()]) project.dispose();
  }
}

/**
 * The documents the editor shows as it starts this server (`initializationOptions.shownDocuments`: uri, languageId,
 * version, text), whose own findings are published before the client has sent anything else: in a new window the
 * client's didOpen comes a second or more after the server is up.
 */
function shownDocuments(initializationOptions: unknown): TextDocument[] {
  const given = (initializationOptions as { shownDocuments?: unknown } | undefined)?.shownDocuments;
  if (!Array.isArray(given)) return [];
  return given.flatMap((document: { uri?: unknown; languageId?: unknown; version?: unknown; text?: unknown }) =>
    typeof document?.uri === 'string' && typeof document.text === 'string'
      ? [TextDocument.create(document.uri, typeof document.languageId === 'string' ? document.languageId : 'typescript', typeof document.version === 'number' ? document.version : 0, document.text)]
      : []);
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

import { REPO_ROOT } from './paths';

const SERVER_ENTRY = path.join(REPO_ROOT, 'server', 'src', 'main.ts');

export type Transport = 'stdio' | 'node-ipc';

/**
 * A language client talking to the server in a child process, as an editor would: it answers the server's
 * requests (configuration, progress tokens) and records what the server publishes.
 */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  /** The notifications received that none of the above records (the server's own, say). */
  readonly otherNotifications: { method: string; params: unknown }[] = [];
  /** Methods the server registered for dynamically. */
  readonly registrations: string[] = [];
  settings: unknown = { enable: true };
  private readonly waiters: { test: () => boolean; resolve: () => void }[] = [];

  private constructor(readonly child: ChildProcess, transport: Transport) {
    this.connection = transport === 'stdio'
      ? createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
      : createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.push(params);
      this.wake();
    });
    this.connection.onNotification('$/progress', (params: unknown) => {
      this.progress.push(params);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification((method: string, params: unknown) => {
      this.otherNotifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((registration) => registration.method));
      return null;
    });
    this.connection.listen();
  }

  /** `entry`: the server's sources by default, or a bundled server (what the extension runs). */
  static start(transport: Transport, entry = SERVER_ENTRY): LspTestClient {
    const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = spawn(process.execPath, [...loader, entry, transport === 'stdio' ? '--stdio' : '--node-ipc'], {
      cwd: REPO_ROOT,
      stdio: transport === 'stdio' ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    return new LspTestClient(child, transport);
  }

  async initialize(workspaceFolder: string, initializationOptions: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.sendInitialize(workspaceFolder, initializationOptions);
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The `initialize` request alone: an editor sends `initialized` only once it has handled the answer. */
  sendInitialize(workspaceFolder: string, initializationOptions: Record<string, unknown> = {}): Promise<unknown> {
    const uri = `file://${workspaceFolder}`;
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(workspaceFolder) }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: {}, hover: {} },
      },
    });
  }

  /** Resolves once `test` holds for what was received, or rejects after `timeoutMs`. */
  waitFor(what: string, test: () => boolean, timeoutMs = 15000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}. Server log:\n${this.logs.join('\n')}`)), timeoutMs);
      this.waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.diagnostics].reverse().find((params) => params.uri === uri);
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

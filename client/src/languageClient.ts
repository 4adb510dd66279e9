import type { ChildProcess } from 'node:child_process';
import type { DiagnosticCollection } from 'vscode';
import { Hover, MarkdownString, workspace } from 'vscode';
import {
  IPCMessageReader, IPCMessageWriter, LanguageClient, State, type LanguageClientOptions, type MessageTransports, type Middleware,
} from 'vscode-languageclient/node';
import { withRuleDocumentationCommands } from './docs/diagnosticRuleLinks';
import { SHOW_RULE_DOCUMENTATION, withRuleCommandLinks } from './docs/ruleLinks';
import { forkServer } from './serverFork';
import { LINTED_LANGUAGES, lintSettings, shownDocuments } from './shownFindings';
import type { StartupTimes } from './startupTimes';

/** The id doubles as the settings prefix: vscode-languageclient reads `durableTs.trace.server` by itself. */
export const CLIENT_ID = 'durableTs';
const CLIENT_NAME = 'Durable TS';
/** The server's start-up times (see the server's DurableLanguageServer), a line to log beside the client's. */
const STARTUP_TIMES_NOTIFICATION = 'durableTs/startupTimes';

/**
 * A client for the language server in `module`, run in a Node process of its own and spoken to over IPC. The
 * process is started at once (or was, by the extension's entry: `started`): the client's own start forks it only
 * after a few turns of the extension host's event loop, which a new window keeps busy for a second or more (other
 * extensions activating), and loading the server takes as long again; this way the two overlap. A server the
 * client restarts after a crash is forked anew. The diagnostics go into `diagnostics`, which may hold the first
 * findings already (see ./shownFindings). The steps up to the first diagnostics are marked in `startup`, which
 * is logged in the client's output when they arrive.
 */
export function createLanguageClient(module: string, started: ChildProcess | undefined, startup: StartupTimes, diagnostics: DiagnosticCollection): LanguageClient {
  let running: ChildProcess | undefined;
  let client: LanguageClient | undefined = undefined;
  const serverOptions = async (): Promise<MessageTransports> => {
    startup.mark('connecting');
    const server = (running = started ?? forkServer(module));
    started = undefined;
    // The server's console output (a crash's stack, say) goes where the client shows its own.
    const show = (data: Buffer) => client?.outputChannel.append(data.toString());
    server.stdout?.on('data', show);
    server.stderr?.on('data', show);
    return { reader: new IPCMessageReader(server), writer: new IPCMessageWriter(server), detached: false };
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LINTED_LANGUAGES.map((language) => ({ scheme: 'file', language })),
    // Read when the server starts: its first diagnostics need not wait for the client's didOpen, nor for the
    // settings it pulls once initialized.
    initializationOptions: () => {
      startup.mark('initialize sent');
      return { shownDocuments: shownDocuments(), lintSettings: lintSettings() };
    },
    synchronize: {
      configurationSection: CLIENT_ID,
      // Orchestrators call helpers in other files and follow the workspace's tsconfig, so changes on disk
      // outside the open editors matter to the analysis.
      fileEvents: [
        workspace.createFileSystemWatcher('**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}'),
        workspace.createFileSystemWatcher('**/{tsconfig,jsconfig}*.json'),
      ],
    },
    markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOCUMENTATION] } },
    middleware: {
      // Into the collection the first findings were shown in, replacing them (the client's own stays empty).
      handleDiagnostics(uri, published) {
        if (published.length > 0) {
          startup.mark('first diagnostics received');
          const line = startup.takeLine();
          if (line) logStartup(line);
        }
        diagnostics.set(uri, withRuleDocumentationCommands(published));
      },
      provideHover: hoverWithRuleDocumentationCommands,
    },
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  // In the output, and in the extension host's console, which a window's tests read.
  const logStartup = (line: string) => {
    client?.outputChannel.appendLine(line);
    console.info(`Durable TS: ${line}`);
  };
  client.onNotification(STARTUP_TIMES_NOTIFICATION, ({ line }: { line: string }) => logStartup(line));
  // The client ends a process it forked itself if it outlives its exit notification; this one is ours to end.
  client.onDidChangeState(({ newState }) => {
    if (newState !== State.Stopped) return;
    // As the client clears its own: a server that is gone vouches for nothing.
    diagnostics.clear();
    if (running) endWhenLingering(running);
  });
  return client;
}

/** A server still running two seconds after it was told to exit (busy in a long analysis, say) is killed. */
function endWhenLingering(server: ChildProcess): void {
  setTimeout(() => {
    if (server.exitCode === null && server.signalCode === null) server.kill();
  }, 2000).unref();
}

/** Links to a rule's documentation in hovers open it rendered, at the rule (see ./docs/ruleLinks). */
const hoverWithRuleDocumentationCommands: Middleware['provideHover'] = async (document, position, token, next) => {
  const hover = await next(document, position, token);
  if (!hover) return hover;
  const contents = hover.contents.map((content) => {
    const markdown = new MarkdownString(withRuleCommandLinks(typeof content === 'string' ? content : content.value));
    markdown.isTrusted = { enabledCommands: [SHOW_RULE_DOCUMENTATION] };
    return markdown;
  });
  return new Hover(contents, hover.range);
};

import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { DiagnosticCollection, ExtensionContext, Uri } from 'vscode';
import { commands, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerRaiseEventCommand } from './debug/raiseEventCommand';
import { registerDebugger, type DebuggerApi } from './debug/registerDebugger';
import { createLanguageClient } from './languageClient';
import type { StartupTimes } from './startupTimes';
import { createDurableProject } from './project/createProject';
import { addRuntime } from './project/missingRuntime';
import { registerRuleDocumentation } from './docs/ruleDocumentation';
import { registerCheckOnSave } from './versioning/checkOnSave';
import { registerExplorer, type ExplorerApi } from './explorer/registerExplorer';

let languageClient: LanguageClient | undefined;

/** The extension's API: what the instance explorer shows, and whether a debug host waits for the next F5 (other extensions and the real-VS-Code tests read it). */
export interface DurableTsApi {
  explorer: ExplorerApi;
  debugger: DebuggerApi;
}

/** Activates the extension (its language client is started by the entry, ./main, before). */
export function activate(context: ExtensionContext): DurableTsApi {
  const debuggerApi = registerDebugger(context);
  const explorer = registerExplorer(context);
  registerRaiseEventCommand(context);
  registerCheckOnSave(context);
  context.subscriptions.push(
    commands.registerCommand('durableTs.createProject', (folder?: Uri) => createDurableProject(context.extensionPath, folder)),
    commands.registerCommand('durableTs.addRuntime', (folder?: Uri) => addRuntime(context.extensionPath, folder)),
    registerRuleDocumentation(context),
  );
  return { explorer, debugger: debuggerApi };
}

export async function deactivate(): Promise<void> {
  if (languageClient?.needsStop()) await languageClient.stop();
}

/**
 * Starts the language client on the language server's bundle `serverModule`, whose process the entry forked
 * already (`startedServer`), with the diagnostics collection it showed the first findings in and the start-up
 * times it marked. Not awaited by anyone: VS Code holds what activated the extension (an F5, say) until activation
 * ends, and the server's start (its TypeScript service) would keep a debug session waiting for seconds. The rest
 * of the extension stays usable without the lint, so a server that cannot start is reported, not thrown.
 */
export async function startLanguageClient(serverModule: string, startedServer: ChildProcess | undefined, startup: StartupTimes, diagnostics: DiagnosticCollection): Promise<void> {
  if (!fs.existsSync(serverModule)) {
    // Starting anyway would only crash-loop the client five times before giving up with a vaguer message.
    void window.showErrorMessage(`Durable TS: the determinism language server is missing (${serverModule}); reinstall the extension.`);
    return;
  }
  languageClient = createLanguageClient(serverModule, startedServer, startup, diagnostics);
  try {
    await languageClient.start();
    startup.mark('language client running');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void window.showErrorMessage(`Durable TS: the determinism language server did not start: ${reason}`);
  }
}

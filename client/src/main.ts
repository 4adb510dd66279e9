/**
 * Entry of the extension. The language server's process is forked first, as VS Code loads this module to activate
 * the extension, and handed the documents the window shows (see ./shownFindings): loading the rest of the
 * extension (a bundle of its own, most of it the language client) keeps a busy new window's extension host for a
 * while, and the server loads and analyses them meanwhile. The language client starts as soon as its bundle is
 * loaded, before VS Code calls `activate` (it first readies the extension's storage, which in a new window takes
 * seconds). The server is not forked when its bundle is missing; the client's start reports that.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languages, type ExtensionContext } from 'vscode';
import type { DurableTsApi } from './extension';
import { forkServer } from './serverFork';
import { showFindingsBeforeClientStarts } from './shownFindings';
import { StartupTimes } from './startupTimes';

const startup = new StartupTimes();
startup.mark('extension entry');
const serverModule = path.join(__dirname, '..', '..', 'server', 'dist', 'main.js');
const diagnostics = languages.createDiagnosticCollection('durableTs');
const startedServer = fs.existsSync(serverModule) ? forkServer(serverModule) : undefined;
if (startedServer) showFindingsBeforeClientStarts(startedServer, diagnostics, startup);
startup.mark('server forked');
// Required, not imported: it must load after the fork above.
const extension = require('./extension') as typeof import('./extension');
startup.mark('extension loaded');
void extension.startLanguageClient(serverModule, startedServer, startup, diagnostics);

export function activate(context: ExtensionContext): DurableTsApi {
  context.subscriptions.push(diagnostics);
  startup.mark('activated');
  return extension.activate(context);
}

export function deactivate(): Promise<void> {
  return extension.deactivate();
}

/**
 * Entry of the extension. The language server's process is forked first, as VS Code loads this module to activate
 * the extension: loading the rest of the extension (a bundle of its own, most of it the language client) keeps a
 * busy new window's extension host for a while, and the server loads meanwhile. The server is not forked when its
 * bundle is missing; activation reports that.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import type { DurableTsApi } from './extension';
import { forkServer } from './serverFork';
import { StartupTimes } from './startupTimes';

const startup = new StartupTimes();
startup.mark('extension entry');
const serverModule = path.join(__dirname, '..', '..', 'server', 'dist', 'main.js');
const startedServer = fs.existsSync(serverModule) ? forkServer(serverModule) : undefined;
startup.mark('server forked');
// Required, not imported: it must load after the fork above.
const extension = require('./extension') as typeof import('./extension');
startup.mark('extension loaded');

export function activate(context: ExtensionContext): DurableTsApi {
  return extension.activate(context, startedServer, startup);
}

export function deactivate(): Promise<void> {
  return extension.deactivate();
}

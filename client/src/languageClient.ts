import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { workspace } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The id doubles as the settings prefix: vscode-languageclient reads `durableTs.trace.server` by itself. */
export const CLIENT_ID = 'durableTs';
const CLIENT_NAME = 'Durable TS';

/** Orchestrators are written in TypeScript or JavaScript; .mjs and .cjs files are `javascript` documents. */
const LINTED_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/** The determinism language server's bundle, shipped inside the extension. */
export function serverModulePath(context: ExtensionContext): string {
  return context.asAbsolutePath(path.join('server', 'dist', 'main.js'));
}

/** A client for the language server in `module`, run in a Node process of its own and spoken to over IPC. */
export function createLanguageClient(module: string): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LINTED_LANGUAGES.map((language) => ({ scheme: 'file', language })),
    synchronize: {
      configurationSection: CLIENT_ID,
      // Orchestrators call helpers in other files and follow the workspace's tsconfig, so changes on disk
      // outside the open editors matter to the analysis.
      fileEvents: [
        workspace.createFileSystemWatcher('**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}'),
        workspace.createFileSystemWatcher('**/{tsconfig,jsconfig}*.json'),
      ],
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

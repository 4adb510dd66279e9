/** The language server's process: a connection over the transport the command line names, and the server on it. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { DurableLanguageServer } from './lsp/languageServer';

const connection = createConnection(ProposedFeatures.all);
new DurableLanguageServer(connection).listen();

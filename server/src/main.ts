/**
 * Entry of the determinism language server. The transport comes from the command line, as LSP clients pass it:
 * `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { DurableLanguageServer } from './lsp/languageServer';

const connection = createConnection(ProposedFeatures.all);
new DurableLanguageServer(connection).listen();

/**
 * The findings of the documents a new window shows, had from the language server before its language client is up
 * (seconds later in a busy window: the client's own start-up and the protocol's handshake). The extension's entry
 * sends the server the documents shown, the workspace folders and the lint settings as it forks it; the server
 * answers with the documents' own findings (see the server's shownBeforeInitialize), shown here at once. The
 * language client then keeps the same diagnostics collection, so the findings the full analysis confirms stay
 * where they are, neither withdrawn nor doubled.
 */
import type { ChildProcess } from 'node:child_process';
import { Diagnostic, DiagnosticSeverity, Range, Uri, window, workspace, type DiagnosticCollection } from 'vscode';
import { withRuleDocumentationCommands } from './docs/diagnosticRuleLinks';
import type { StartupTimes } from './startupTimes';

/** Orchestrators are written in TypeScript or JavaScript; .mjs and .cjs files are `javascript` documents. */
export const LINTED_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/** `$/`: a server without them ignores them (see the server's SHOWN_DOCUMENTS_NOTIFICATION). */
const SHOWN_DOCUMENTS_NOTIFICATION = '$/durableTs/shownDocuments';
const SHOWN_FINDINGS_NOTIFICATION = '$/durableTs/shownFindings';

/** A diagnostic as the protocol sends it (the fields the server fills in). */
interface ProtocolDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}

/**
 * Sends the just forked `server` what it analyses first, and shows the findings it answers with in `collection`,
 * unless the language client has set the document's diagnostics by then (marked in `startup`).
 */
export function showFindingsBeforeClientStarts(server: ChildProcess, collection: DiagnosticCollection, startup: StartupTimes): void {
  const onMessage = (message: { method?: unknown; params?: { uri: string; diagnostics: ProtocolDiagnostic[] } }) => {
    if (message?.method !== SHOWN_FINDINGS_NOTIFICATION || !message.params) return;
    const uri = Uri.parse(message.params.uri);
    if (collection.has(uri)) return;
    collection.set(uri, withRuleDocumentationCommands(message.params.diagnostics.map(diagnosticOf)));
    startup.mark('shown findings set');
  };
  server.on('message', onMessage);
  // The server sends them before it answers `initialize`, after which the protocol carries everything.
  server.once('exit', () => server.off('message', onMessage));
  const params = { folders: (workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()), shownDocuments: shownDocuments(), lintSettings: lintSettings() };
  // A server that does not start is reported by the language client, which starts on it next.
  server.send({ jsonrpc: '2.0', method: SHOWN_DOCUMENTS_NOTIFICATION, params }, () => {});
}

/** The linted documents the window shows, as the server takes them (with `initialize` too). */
export function shownDocuments(): { uri: string; languageId: string; version: number; text: string }[] {
  return window.visibleTextEditors
    .map((editor) => editor.document)
    .filter((document) => document.uri.scheme === 'file' && LINTED_LANGUAGES.includes(document.languageId))
    .map((document) => ({ uri: document.uri.toString(), languageId: document.languageId, version: document.version, text: document.getText() }));
}

/** `durableTs.lint` as the server parses it, which the first findings follow before the server can pull it. */
export function lintSettings(): Record<string, unknown> {
  // Not a resource's: the server pulls them for none either.
  const settings = workspace.getConfiguration('durableTs.lint', null);
  return { enable: settings.get('enable'), typeAware: settings.get('typeAware'), severity: settings.get('severity') };
}

const SEVERITIES: Record<number, DiagnosticSeverity> = {
  1: DiagnosticSeverity.Error,
  2: DiagnosticSeverity.Warning,
  3: DiagnosticSeverity.Information,
  4: DiagnosticSeverity.Hint,
};

/** As the language client converts what the protocol publishes. */
function diagnosticOf(sent: ProtocolDiagnostic): Diagnostic {
  const { start, end } = sent.range;
  const diagnostic = new Diagnostic(new Range(start.line, start.character, end.line, end.character), sent.message, SEVERITIES[sent.severity ?? 1] ?? DiagnosticSeverity.Error);
  if (sent.code !== undefined) diagnostic.code = sent.codeDescription ? { value: sent.code, target: Uri.parse(sent.codeDescription.href) } : sent.code;
  if (sent.source) diagnostic.source = sent.source;
  return diagnostic;
}

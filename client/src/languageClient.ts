import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { Hover, MarkdownString, Uri, workspace } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';
import { ruleAnchorOf, ruleCommandUri, SHOW_RULE_DOCUMENTATION, withRuleCommandLinks } from './docs/ruleLinks';

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
    markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOCUMENTATION] } },
    middleware: ruleDocumentationLinks,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** Links to a rule's documentation open it rendered, at the rule (see ./docs/ruleLinks), from diagnostics and hovers. */
const ruleDocumentationLinks: Middleware = {
  handleDiagnostics(uri, diagnostics, next) {
    for (const diagnostic of diagnostics) {
      const code = diagnostic.code;
      const anchor = typeof code === 'object' ? ruleAnchorOf(code.target.toString(true)) : undefined;
      if (typeof code === 'object' && anchor) diagnostic.code = { value: code.value, target: Uri.parse(ruleCommandUri(anchor)) };
    }
    next(uri, diagnostics);
  },
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    if (!hover) return hover;
    const contents = hover.contents.map((content) => {
      const markdown = new MarkdownString(withRuleCommandLinks(typeof content === 'string' ? content : content.value));
      markdown.isTrusted = { enabledCommands: [SHOW_RULE_DOCUMENTATION] };
      return markdown;
    });
    return new Hover(contents, hover.range);
  },
};

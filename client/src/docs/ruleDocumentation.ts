import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { SHOW_RULE_DOCUMENTATION } from './ruleLinks';

let panel: vscode.WebviewPanel | undefined;

/**
 * Shows docs/determinism.md rendered (by VS Code's own markdown renderer), scrolled to the rule's section. One
 * panel, reused: following links from several diagnostics does not pile up tabs.
 */
export function registerRuleDocumentation(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION, async (anchor?: string) => {
    const documentation = vscode.Uri.joinPath(context.extensionUri, 'docs', 'determinism.md');
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(documentation));
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    const title = anchor ? `Durable TS: ${anchor.toUpperCase()}` : 'Durable TS: determinism rules';
    if (!panel) {
      panel = vscode.window.createWebviewPanel('durableTs.ruleDocumentation', title, vscode.ViewColumn.Beside, { enableScripts: true, enableFindWidget: true });
      panel.onDidDispose(() => (panel = undefined));
    }
    panel.title = title;
    const shown = new Promise<boolean>((resolve) => {
      const subscription = panel!.webview.onDidReceiveMessage((message: { shown?: boolean }) => {
        subscription.dispose();
        resolve(message.shown === true);
      });
    });
    panel.webview.html = page(html, anchor, panel.webview.cspSource);
    panel.reveal(vscode.ViewColumn.Beside);
    // Resolves once the page has rendered, saying whether it found the rule's section to scroll to.
    return { title, anchorShown: await shown };
  });
}

function page(body: string, anchor: string | undefined, cspSource: string): string {
  const nonce = randomUUID();
  const scroll = `const target = ${anchor ? `document.getElementById(${JSON.stringify(anchor)})` : 'document.body'};
target?.scrollIntoView();
acquireVsCodeApi().postMessage({ shown: Boolean(target) });`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.6; max-width: 56em; padding: 0 1.5em; }
code { font-family: var(--vscode-editor-font-family); } pre { background: var(--vscode-textCodeBlock-background); padding: 0.8em; overflow: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--vscode-panel-border); padding: 0.2em 0.6em; }</style>
</head><body>${body}<script nonce="${nonce}">${scroll}</script></body></html>`;
}

import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { lintDiagnostics, waitForDiagnostics } from './diagnostics';
import { screenshot } from './suiteOutput';
import { openWorkspaceFile } from './workspaceFiles';

describe('rule documentation in VS Code', () => {
  it('links a diagnostic to its rule, shown rendered and titled by the rule, not as raw markdown', async () => {
    // The pictures this test takes for the README show the editor, not the side panel code-server opens.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const editor = await openWorkspaceFile('src/orchestrators.ts');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, () => lintDiagnostics(uri, 'DUR001').length > 0, 'a DUR001 diagnostic');
    const diagnostic = lintDiagnostics(uri, 'DUR001')[0];
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('lint-hover');
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.target.scheme, 'command', `the rule link is ${code.target.toString(true)}`);
    assert.strictEqual(code.target.path, 'durableTs.showRuleDocumentation');
    const [anchor] = JSON.parse(decodeURIComponent(code.target.query)) as string[];
    assert.strictEqual(anchor, 'dur001');

    const { title, anchorShown } = await vscode.commands.executeCommand<{ title: string; anchorShown: boolean }>(code.target.path, anchor);
    assert.ok(anchorShown, 'the rendered page has the rule\'s section, scrolled to');
    const shown = await tabLabelled(title);
    await screenshot('rule-documentation');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    assert.ok(shown.input instanceof vscode.TabInputWebview, 'the documentation is rendered in a webview, not opened as a text file');
    assert.ok(!tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith('determinism.md')));
  });
});

/** The tab labelled `label`, once the workbench lists it (tab changes reach the extension host asynchronously). */
function tabLabelled(label: string, timeoutMs = 10_000): Promise<vscode.Tab> {
  const find = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === label);
  return new Promise((resolve, reject) => {
    const check = () => {
      const tab = find();
      if (!tab) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(tab);
    };
    const subscription = vscode.window.tabGroups.onDidChangeTabs(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.label);
      reject(new Error(`no tab "${label}" within ${timeoutMs} ms among ${JSON.stringify(labels)}`));
    }, timeoutMs);
    check();
  });
}

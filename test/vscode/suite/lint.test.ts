import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lintDiagnostics, ruleCode, waitForDiagnostics } from './diagnostics';
import { closeAllWithoutSaving, EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';

describe('determinism lint in VS Code', () => {
  after(closeAllWithoutSaving);

  before(() => {
    const server = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'server', 'dist', 'main.js');
    assert.ok(fs.existsSync(server), `the extension was built without its language server: ${server} is missing`);
  });

  it('flags Date.now() in an orchestrator and fixes it with ctx.currentUtcDateTime', async () => {
    const editor = await openWorkspaceFile('src/orchestrators.ts');
    const uri = editor.document.uri;

    await waitForDiagnostics(uri, () => lintDiagnostics(uri, 'DUR001').length > 0, 'a DUR001 diagnostic');
    const [currentTime] = lintDiagnostics(uri, 'DUR001');
    assert.match(editor.document.getText(currentTime.range), /^Date\.now/, 'the diagnostic underlines the clock read');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, currentTime.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.diagnostics?.some((d) => ruleCode(d) === 'DUR001'));
    assert.ok(fix, `no quick fix for DUR001 among ${JSON.stringify(actions.map((a) => a.title))}`);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `the quick fix "${fix.title}" did not apply`);
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    await waitForDiagnostics(uri, () => lintDiagnostics(uri, 'DUR001').length === 0, 'the DUR001 diagnostic to go away');
    assert.match(editor.document.getText(), /ctx\.currentUtcDateTime/);
    assert.doesNotMatch(editor.document.getText(), /Date\.now\(\)/);
  });
});

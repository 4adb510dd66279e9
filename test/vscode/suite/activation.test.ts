import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { markActivated, markFirstFileOpened } from './coldStart';
import { EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';

describe('the extension in VS Code', () => {

  it('activates when a TypeScript file is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    markFirstFileOpened();
    await openWorkspaceFile('src/orchestrators.ts');
    await extension.activate();
    markActivated();
    assert.strictEqual(extension.isActive, true);
  });

  it('contributes the lint settings with their defaults', () => {
    const settings = vscode.workspace.getConfiguration('durableTs');
    assert.strictEqual(settings.get('lint.enable'), true);
    assert.strictEqual(settings.get('trace.server'), 'off');
  });
});

import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { markFirstFileOpened } from './coldStart';
import { waitUntil } from './waitUntil';
import { EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';

describe('the extension in VS Code', () => {

  // The fixture workspace has the runtime installed (see test/vscode/launcher/installRuntime.mjs), as a user's
  // project has: the language server starts with the window, and has its findings ready when a file is opened.
  it('starts in a Durable TS project before any of its files is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    const opened = () => vscode.workspace.textDocuments.filter((document) => /\.[cm]?[jt]sx?$/.test(document.uri.path)).map((document) => document.uri.path);
    assert.deepStrictEqual(opened(), [], 'a script of the workspace is open already');
    await waitUntil('the extension is active, with no file opened', () => extension.isActive, 30_000);
    assert.deepStrictEqual(opened(), []);
  });

  it('is active once a TypeScript file is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    markFirstFileOpened();
    await openWorkspaceFile('src/orchestrators.ts');
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('contributes the lint settings with their defaults', () => {
    const settings = vscode.workspace.getConfiguration('durableTs');
    assert.strictEqual(settings.get('lint.enable'), true);
    assert.strictEqual(settings.get('trace.server'), 'off');
  });
});

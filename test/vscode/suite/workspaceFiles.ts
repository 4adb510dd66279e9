import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitUntil } from './waitUntil';

export const EXTENSION_ID = 'durable-ts.durable-ts-vscode';

/** Opens a file of the fixture workspace the suite was started with, in an editor, as a user would. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite must be started with the fixture workspace open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  return vscode.window.showTextDocument(document);
}

/**
 * Discards the suite's edits, so the fixture on disk never changes. Editors stay open: closing one and opening
 * the same file again at once races the language client's didClose against the next test's requests.
 */
export async function revertUnsavedChanges(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  // An edit left unsaved here would be saved into the fixture by the next debug launch (debug.saveBeforeStart).
  await waitUntil('every edit of the suite is reverted', () => vscode.workspace.textDocuments.every((document) => document.uri.scheme !== 'file' || !document.isDirty));
}

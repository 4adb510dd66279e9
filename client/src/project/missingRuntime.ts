import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NPM, runProcessTask } from './processTask';
import { bundledRuntimeTarball, packageFolderOf, resolvesRuntime } from './runtimePackage';

/**
 * Before a launch: an app that cannot resolve durable-ts would only fail with ERR_MODULE_NOT_FOUND, so the
 * extension says so and offers to add the package. Returns whether the launch can go on.
 */
export function ensureRuntimeFor(program: string, extensionPath: string, folder: vscode.WorkspaceFolder | undefined): boolean {
  if (!fs.existsSync(program) || resolvesRuntime(program)) return true;
  const projectFolder = packageFolderOf(program, folder?.uri.fsPath ?? path.parse(program).root);
  const add = 'Add durable-ts';
  // The launch ends now; the offer stays up until the user answers it.
  void vscode.window.showWarningMessage(
    `Durable TS: ${path.basename(program)} cannot find the durable-ts package (it is not in ${path.join(projectFolder, 'node_modules')}). Add it to ${projectFolder}?`,
    add,
  ).then((choice) => (choice === add ? addRuntime(extensionPath, vscode.Uri.file(projectFolder)) : undefined));
  return false;
}

/** "Durable TS: Add durable-ts to This Project": npm install of the package the extension ships. Resolves to npm's exit code. */
export async function addRuntime(extensionPath: string, target?: vscode.Uri): Promise<number | undefined> {
  const folder = target?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) {
    void vscode.window.showErrorMessage('Durable TS: open the project folder first.');
    return undefined;
  }
  const tarball = bundledRuntimeTarball(extensionPath);
  // A copy in the project keeps it installable elsewhere (package.json names it relative to the project).
  const spec = tarball ? `./${path.basename(tarball)}` : 'durable-ts';
  if (tarball) fs.copyFileSync(tarball, path.join(folder, path.basename(tarball)));
  const exitCode = await runProcessTask('Add durable-ts', folder, NPM, ['install', spec, '--no-audit', '--no-fund']);
  if (exitCode === 0) void vscode.window.showInformationMessage(`Durable TS: added durable-ts to ${folder}. Press F5 again to debug.`);
  else void vscode.window.showErrorMessage(`Durable TS: npm install durable-ts failed in ${folder}; the terminal says why.`);
  return exitCode;
}

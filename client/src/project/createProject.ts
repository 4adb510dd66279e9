import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeExecutable } from '../debug/nodeExecutable';
import { NPM, runProcessTask } from './processTask';
import { bundledCli, bundledRuntimeTarball } from './runtimePackage';

/** What the command did, for whoever ran it: the project folder and the exit codes of its steps. */
export interface CreatedProject {
  folder: string;
  initExitCode: number | undefined;
  runExitCode?: number | undefined;
}

/**
 * "Durable TS: Create Durable Project": `durable-ts init` in a folder the user picks (package.json with the
 * runtime, tsconfig, an app with an orchestration and activities, launch.json, installed), then `npm start` runs
 * the orchestration, and the folder can be opened to press F5 in it.
 */
export async function createDurableProject(extensionPath: string, target?: vscode.Uri): Promise<CreatedProject | undefined> {
  const folder = target?.fsPath ?? (await pickFolder());
  if (!folder) return undefined;
  const node = nodeExecutable();
  const tarball = bundledRuntimeTarball(extensionPath);
  const initArgs = [bundledCli(extensionPath), 'init', folder, ...(tarball ? ['--from', tarball] : [])];
  const initExitCode = await runProcessTask('Create Durable Project', folder, node.command, initArgs);
  if (initExitCode !== 0) {
    void vscode.window.showErrorMessage(`Durable TS: creating the project in ${folder} failed; the terminal says why.`);
    return { folder, initExitCode };
  }
  const runExitCode = await runProcessTask('Run the new orchestration', folder, NPM, ['start']);
  if (!target) void offerToOpen(folder);
  return { folder, initExitCode, runExitCode };
}

async function pickFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Create Durable Project Here',
    title: 'Durable TS: a folder for the new project (one without a package.json)',
  });
  return picked?.[0]?.fsPath;
}

async function offerToOpen(folder: string): Promise<void> {
  const open = 'Open Folder';
  const choice = await vscode.window.showInformationMessage(`Durable TS: created ${path.basename(folder)} and ran its orchestration. Open it and press F5 in src/app.ts to debug it.`, open);
  if (choice === open) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder));
}

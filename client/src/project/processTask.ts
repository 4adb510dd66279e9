import * as vscode from 'vscode';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs a process as a VS Code task, in the terminal panel where the user sees its output, and resolves with its
 * exit code once it ends.
 */
export async function runProcessTask(name: string, folder: string, command: string, args: string[]): Promise<number | undefined> {
  const task = new vscode.Task({ type: 'durable-ts', name }, vscode.TaskScope.Workspace, name, 'Durable TS', new vscode.ProcessExecution(command, args, { cwd: folder }));
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Shared, clear: false };
  const execution = await vscode.tasks.executeTask(task);
  return new Promise((resolve) => {
    const subscription = vscode.tasks.onDidEndTaskProcess((ended) => {
      if (ended.execution !== execution) return;
      subscription.dispose();
      resolve(ended.exitCode);
    });
  });
}

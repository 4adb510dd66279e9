import * as path from 'node:path';
import * as vscode from 'vscode';
import { findOrchestrations, launchConfigurationFor, type FoundOrchestration } from './orchestrationScan';

const SOURCE_FILES = '**/*.{ts,mts,cts,js,mjs,cjs}';
const NOT_SOURCES = '{**/node_modules/**,**/dist/**,**/out/**,**/*.d.ts}';
const MAX_FILES = 500;

/**
 * Launch configurations for `durable`: F5 with no launch.json finds the orchestrations registered in the workspace,
 * asks which to run and offers to save the choice; the Run view lists one dynamic configuration per orchestration.
 */
export class DurableConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const found = await scanWorkspace(folder);
    return found.map((orchestration) => launchConfigurationFor(orchestration, programVariable(orchestration.file, folder)));
  }

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request && config.program) return config;
    const requested: string | undefined = config.orchestration;
    const found = (await scanWorkspace(folder)).filter((orchestration) => !requested || orchestration.name === requested);
    if (found.length === 0) {
      const what = requested ? `no orchestration '${requested}'` : 'no orchestration';
      void vscode.window.showErrorMessage(`Durable TS: ${what} found in this workspace. Register one with app.orchestration('Name', ...) from 'durable-ts'.`);
      return undefined;
    }
    const picked = found.length === 1 ? found[0] : await pickOrchestration(found, folder);
    if (!picked) return undefined;
    // What the configuration already says (input, store, ...) stays; only what is missing is filled in.
    const configuration = { ...launchConfigurationFor(picked, programVariable(picked.file, folder)), ...withoutEmpty(config) };
    void offerToSave(folder, configuration);
    return configuration;
  }

  /**
   * A launch that names no store runs on the CLI's store of the workspace folder (`.durable`), so `durable-ts` run
   * from a terminal there sees the session's instances and reaches the session itself.
   */
  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    if (config.store === undefined && folder) return { ...config, store: path.join(folder.uri.fsPath, '.durable') };
    return config;
  }
}

function withoutEmpty(config: vscode.DebugConfiguration): Partial<vscode.DebugConfiguration> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined && value !== ''));
}

async function scanWorkspace(folder: vscode.WorkspaceFolder | undefined): Promise<FoundOrchestration[]> {
  const include = folder ? new vscode.RelativePattern(folder, SOURCE_FILES) : SOURCE_FILES;
  const files = await vscode.workspace.findFiles(include, NOT_SOURCES, MAX_FILES);
  const found: FoundOrchestration[] = [];
  for (const file of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    found.push(...findOrchestrations(file.fsPath, source));
  }
  return found;
}

async function pickOrchestration(found: FoundOrchestration[], folder: vscode.WorkspaceFolder | undefined): Promise<FoundOrchestration | undefined> {
  const picked = await vscode.window.showQuickPick(
    found.map((orchestration) => ({ label: orchestration.name, description: relative(orchestration.file, folder), orchestration })),
    { placeHolder: 'Which orchestration should the debugger run?' },
  );
  return picked?.orchestration;
}

async function offerToSave(folder: vscode.WorkspaceFolder | undefined, configuration: vscode.DebugConfiguration): Promise<void> {
  const save = 'Save to launch.json';
  if ((await vscode.window.showInformationMessage(`Durable TS: keep "${configuration.name}" as a launch configuration?`, save)) !== save) return;
  const launch = vscode.workspace.getConfiguration('launch', folder?.uri);
  const configurations = launch.get<vscode.DebugConfiguration[]>('configurations') ?? [];
  await launch.update('configurations', [...configurations, configuration], folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
}

/** `${workspaceFolder}/src/app.ts`, so a saved configuration keeps working wherever the workspace is. */
function programVariable(file: string, folder: vscode.WorkspaceFolder | undefined): string {
  return folder ? `\${workspaceFolder}/${relative(file, folder).split(path.sep).join('/')}` : file;
}

function relative(file: string, folder: vscode.WorkspaceFolder | undefined): string {
  return folder ? path.relative(folder.uri.fsPath, file) : file;
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { inputSampleFor, type InputSample } from './inputSample';
import { findOrchestrations, launchConfigurationFor, type FoundOrchestration } from './orchestrationScan';
import { typeScriptFor } from './typeScriptModule';
import { ensureRuntimeFor } from '../project/missingRuntime';
import { mark } from '../../../debugger/src/shared/timeline';

const SOURCE_FILES = '**/*.{ts,mts,cts,js,mjs,cjs}';
const NOT_SOURCES = '{**/node_modules/**,**/dist/**,**/out/**,**/*.d.ts}';
const MAX_FILES = 500;

/**
 * Launch configurations for `durable`: F5 with no launch.json finds the orchestrations registered in the workspace,
 * asks which to run and with what input, and offers to save the choice; the Run view lists one dynamic
 * configuration per orchestration, and a new launch.json gets one per orchestration found.
 */
export class DurableConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly extensionPath: string) {}

  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const found = await scanWorkspace(folder);
    if (found.length === 0) return [configurationToFillIn()];
    return Promise.all(found.map(async (orchestration) =>
      launchConfigurationFor(orchestration, programVariable(orchestration.file, folder), await this.inputSample(orchestration))));
  }

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    mark('extension: resolve the configuration');
    // Attaching to a running `durable-ts serve --debug` needs nothing of the workspace's orchestrations.
    if (config.request === 'attach' || (config.type && config.request && config.program)) return config;
    const requested: string | undefined = config.orchestration;
    const found = (await scanWorkspace(folder)).filter((orchestration) => !requested || orchestration.name === requested);
    if (found.length === 0) {
      const what = requested ? `no orchestration '${requested}'` : 'no orchestration';
      void vscode.window.showErrorMessage(`Durable TS: ${what} found in this workspace. Register one with app.orchestration('Name', ...) from 'durable-ts'.`);
      return undefined;
    }
    const picked = found.length === 1 ? found[0] : await pickOrchestration(found, folder);
    if (!picked) return undefined;
    let sample = await this.inputSample(picked);
    if (config.input === undefined && sample.takesInput) {
      const input = await askForInput(picked.name, sample.value);
      if (input === undefined) return undefined;
      sample = { takesInput: true, value: input.value };
    }
    // What the configuration already says (input, store, ...) stays; only what is missing is filled in.
    const configuration = { ...launchConfigurationFor(picked, programVariable(picked.file, folder), sample), ...withoutEmpty(config) };
    void offerToSave(folder, configuration);
    return configuration;
  }

  /**
   * With variables substituted, `program` is a path: an app that cannot load durable-ts is stopped here, with an
   * offer. A launch that names no store runs on the CLI's store of the workspace folder (`.durable`), so
   * `durable-ts` run from a terminal there sees the session's instances and reaches the session itself.
   */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    mark('extension: resolve it with variables substituted');
    if (config.request === 'attach') return config;
    const withStore = config.store === undefined && folder ? { ...config, store: path.join(folder.uri.fsPath, '.durable') } : config;
    if (typeof withStore.program !== 'string') return withStore;
    const program = path.resolve(typeof withStore.cwd === 'string' ? withStore.cwd : folder?.uri.fsPath ?? '', withStore.program);
    return ensureRuntimeFor(program, this.extensionPath, folder) ? withStore : undefined;
  }

  private async inputSample(orchestration: FoundOrchestration): Promise<InputSample> {
    const typescript = typeScriptFor(orchestration.file, this.extensionPath);
    if (!typescript) return { takesInput: true, value: null };
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(orchestration.file)));
    return inputSampleFor(typescript, orchestration.file, source, orchestration.name);
  }
}

/** For a workspace with no orchestration yet: the shape to fill in, for an app that will register one. */
function configurationToFillIn(): vscode.DebugConfiguration {
  return { type: 'durable', request: 'launch', name: 'Debug orchestration', program: '${workspaceFolder}/src/app.ts' };
}

/** Asks for the orchestration's input as JSON, prefilled; undefined when the user cancels (the launch with it). */
async function askForInput(orchestration: string, sample: unknown): Promise<{ value: unknown } | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Durable TS: input for ${orchestration}`,
    prompt: 'The orchestration input, as JSON (kept in the launch configuration if you save it)',
    value: JSON.stringify(sample),
    ignoreFocusOut: true,
    validateInput: (candidate) => jsonError(candidate),
  });
  return text === undefined ? undefined : { value: JSON.parse(text) };
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
}

function withoutEmpty(config: vscode.DebugConfiguration): Partial<vscode.DebugConfiguration> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined && value !== ''));
}

/** The orchestrations the workspace's sources register (what F5 offers, and where the explorer finds an instance's code). */
export async function scanWorkspace(folder: vscode.WorkspaceFolder | undefined): Promise<FoundOrchestration[]> {
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

import * as vscode from 'vscode';

/**
 * After the window opens, the language server starts first (the first diagnostics wait on it on a busy machine);
 * the debug host for the first F5 starts this much later.
 */
const WARM_UP_DELAY_MS = 1_000;

export interface WarmableConfiguration {
  program: string;
  cwd?: string;
  env?: Record<string, string>;
  runtimeExecutable?: string;
}

/**
 * Starts a debug host ahead of the window's first F5, for the first `durable` launch configuration of the first
 * folder's launch.json (what F5 runs unless another is picked). A configuration with variables other than the
 * folder's own is skipped: only VS Code can resolve them, when it launches. A launch that differs in anything its
 * host's start depends on starts its own host, as without this. Resolves once it has decided (and started one, if any).
 */
export function warmUpLaunchConfiguration(context: vscode.ExtensionContext, prepare: (configuration: WarmableConfiguration) => void): Promise<void> {
  let warmedUp!: () => void;
  const done = new Promise<void>((resolve) => (warmedUp = resolve));
  const timer = setTimeout(() => {
    const configuration = firstWarmableConfiguration();
    if (configuration) prepare(configuration);
    warmedUp();
  }, WARM_UP_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  return done;
}

/** What F5 runs in a trusted window with a launch.json, as far as it can be known before VS Code resolves it. */
function firstWarmableConfiguration(): WarmableConfiguration | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  // The kept host loads the workspace's durable-ts: code of the folder, which only a trusted one may run unasked.
  if (!folder || !vscode.workspace.isTrusted) return undefined;
  const configurations = vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  const first = configurations.find((candidate) => candidate.type === 'durable' && candidate.request === 'launch' && !candidate.noDebug && typeof candidate.program === 'string');
  return first && substituteFolderVariables({ program: first.program, cwd: first.cwd, env: first.env, runtimeExecutable: first.runtimeExecutable }, folder);
}

/** The configuration with `${workspaceFolder}` and `${workspaceFolderBasename}` resolved; undefined when it has other variables. */
function substituteFolderVariables(configuration: WarmableConfiguration, folder: vscode.WorkspaceFolder): WarmableConfiguration | undefined {
  const values: Record<string, string> = { workspaceFolder: folder.uri.fsPath, workspaceFolderBasename: folder.name };
  let unresolved = false;
  const substitute = (text: string) =>
    text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name in values) return values[name];
      unresolved = true;
      return whole;
    });
  const env = configuration.env && Object.fromEntries(Object.entries(configuration.env).map(([name, value]) => [name, substitute(String(value))]));
  const resolved = {
    program: substitute(configuration.program),
    cwd: configuration.cwd === undefined ? undefined : substitute(configuration.cwd),
    env,
    runtimeExecutable: configuration.runtimeExecutable === undefined ? undefined : substitute(configuration.runtimeExecutable),
  };
  return unresolved ? undefined : resolved;
}

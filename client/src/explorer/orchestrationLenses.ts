import * as vscode from 'vscode';
import { findOrchestrations } from '../debug/orchestrationScan';
import { DEBUG_TYPE } from '../debug/registerDebugger';
import { describeCounts, StoreCounts, type OrchestrationCounts } from './instanceCounts';
import type { InstancesTree } from './instancesTree';
import type { StoreAccess } from './storeAccess';

/**
 * "Run | Debug | N running · M failed" above each `app.orchestration('Name', …)`: the counts come from the store of
 * the document's workspace folder, read once per change of the stores for every lens, and open the explorer
 * filtered to that orchestration.
 */
export class OrchestrationLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly counts = new StoreCounts<StoreAccess>();

  constructor(private readonly tree: InstancesTree) {}

  /** The store changed: counts are read again when the lenses are next drawn. */
  refresh(): void {
    this.counts.clear();
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const found = findOrchestrations(document.uri.fsPath, document.getText());
    if (found.length === 0) return [];
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const { access } = this.tree.storeOfFolder(folder?.uri.fsPath);
    const counts: Map<string, OrchestrationCounts> | Error = await this.counts.of(access, () => access.list({})).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    return found.flatMap((orchestration) => {
      const range = new vscode.Range(document.positionAt(orchestration.offset), document.positionAt(orchestration.offset));
      return [
        new vscode.CodeLens(range, { title: 'Run', command: 'durableTs.startInstance', arguments: [orchestration.name] }),
        new vscode.CodeLens(range, {
          title: 'Debug',
          command: 'durableTs.debugOrchestration',
          arguments: [orchestration.name, folder?.uri],
        }),
        new vscode.CodeLens(range, {
          ...(counts instanceof Error ? { title: 'counts unavailable', tooltip: `Cannot read ${access.label}: ${counts.message}` } : { title: describeCounts(counts.get(orchestration.name)) }),
          command: 'durableTs.explorer.showOrchestration',
          arguments: [orchestration.name],
        }),
      ];
    });
  }
}

export function registerOrchestrationLenses(tree: InstancesTree, lenses: OrchestrationLenses): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeLensProvider([{ language: 'typescript' }, { language: 'typescriptreact' }, { language: 'javascript' }, { language: 'javascriptreact' }], lenses),
    // Debug: F5's own path, which finds the program and asks for the input, prefilled from the parameter's type.
    vscode.commands.registerCommand('durableTs.debugOrchestration', (name: string, folder?: vscode.Uri) =>
      vscode.debug.startDebugging((folder && vscode.workspace.getWorkspaceFolder(folder)) ?? vscode.workspace.workspaceFolders?.[0], { type: DEBUG_TYPE, request: 'launch', name: `Debug ${name}`, orchestration: name })),
    vscode.commands.registerCommand('durableTs.explorer.showOrchestration', async (name: string) => {
      tree.setFilter({ name });
      await vscode.commands.executeCommand('durableTs.instances.focus');
    }),
  ];
}

import * as vscode from 'vscode';
import { loadExplorerRuntime } from './explorerRuntime';
import { CodeLinks } from './codeLinks';
import { HistoryPanels, type RenderedHistory } from './historyPanel';
import { registerInstanceCommands } from './instanceCommands';
import { InstancesTree } from './instancesTree';
import { OrchestrationLenses, registerOrchestrationLenses } from './orchestrationLenses';
import { storeAccessFor, type StoreAccess } from './storeAccess';

export const INSTANCES_VIEW = 'durableTs.instances';

/** What the explorer shows, for the extension's API (the real-VS-Code tests read it). */
export interface ExplorerApi {
  storePath(): string;
  instances(): { instanceId: string; name: string; runtimeStatus: string }[];
  /** Resolves once the tree, refreshed, shows what `matches` accepts. */
  whenInstances(matches: (instances: { instanceId: string; runtimeStatus: string }[]) => boolean): Promise<void>;
  renderedHistory(instanceId: string): RenderedHistory | undefined;
  /** Selects a row in an open history, as a click on it does. */
  selectHistoryRow(instanceId: string, row: number): Promise<void>;
  /** The titles of the CodeLenses shown above the orchestrations of a document. */
  lensTitles(document: vscode.TextDocument): Promise<string[]>;
}

/**
 * The "Durable TS" activity-bar container's Instances tree over the workspace's store (`durableTs.explorer.store`,
 * the CLI's `.durable` when unset), refreshed whenever the store's files change, and the History view.
 */
export function registerExplorer(context: vscode.ExtensionContext): ExplorerApi {
  const modules = loadExplorerRuntime(context.extensionPath);
  const tree = new InstancesTree(accessFor(modules));
  const view = vscode.window.createTreeView(INSTANCES_VIEW, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(view);
  const links = new CodeLinks(context.extensionPath, tree);
  const histories = new HistoryPanels(context.extensionUri, tree, (orchestration, row) => links.revealEvent(orchestration, row));
  const lenses = new OrchestrationLenses(tree);
  const waiters = new Set<() => void>();
  let watcher = tree.store.watch(() => changed());
  const changed = () => {
    tree.refresh();
    lenses.refresh();
    void histories.updateAll();
  };
  // Each time the tree has read the store, anyone waiting for what it shows looks again.
  const listed = tree.onDidList(() => waiters.forEach((check) => check()));
  context.subscriptions.push(
    view,
    histories,
    listed,
    { dispose: () => (watcher.dispose(), void tree.store.dispose()) },
    ...registerInstanceCommands(tree, (status) => histories.show(status)),
    ...registerOrchestrationLenses(tree, lenses),
    vscode.commands.registerTextEditorCommand('durableTs.showInHistory', async (editor) => {
      const target = await links.targetOfLine(editor);
      if (target) await histories.show(target.status, target.row);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('durableTs.explorer.store')) return;
      watcher.dispose();
      void tree.store.dispose();
      tree.setAccess(accessFor(modules));
      lenses.refresh();
      watcher = tree.store.watch(() => changed());
    }),
  );
  return {
    storePath: () => tree.store.storePath,
    instances: () => tree.shown.map(({ instanceId, name, runtimeStatus }) => ({ instanceId, name, runtimeStatus })),
    whenInstances: (matches) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!matches(tree.shown)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void tree.getChildren().then(check);
      }),
    renderedHistory: (instanceId) => histories.rendered.get(instanceId),
    selectHistoryRow: (instanceId, row) => histories.select(instanceId, row),
    lensTitles: async (document) => (await lenses.provideCodeLenses(document)).map((lens) => lens.command?.title ?? ''),
  };
}

function accessFor(modules: ReturnType<typeof loadExplorerRuntime>): StoreAccess {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const configured = vscode.workspace.getConfiguration('durableTs', folder?.uri).get<string>('explorer.store') || undefined;
  return storeAccessFor(modules, modules.resolveStorePath(configured, folder?.uri.fsPath ?? process.cwd()));
}

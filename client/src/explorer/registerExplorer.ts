import * as vscode from 'vscode';
import { loadExplorerRuntime } from './explorerRuntime';
import { CodeLinks } from './codeLinks';
import { HistoryPanels, type RenderedHistory } from './historyPanel';
import { registerInstanceCommands } from './instanceCommands';
import { InstancesTree } from './instancesTree';
import { OrchestrationLenses, registerOrchestrationLenses } from './orchestrationLenses';
import { ExplorerStores } from './explorerStores';

export const INSTANCES_VIEW = 'durableTs.instances';

/** An instance the view shows, and the location of the store it is listed from. */
export interface ShownInstance {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  store: string;
}

/** What the explorer shows, for the extension's API (the real-VS-Code tests read it). */
export interface ExplorerApi {
  /** The first store's location (the first workspace folder's). */
  storePath(): string;
  /** The stores the view shows, in its order: where each is, what the view calls it. */
  stores(): { location: string; label: string; fromSession: boolean }[];
  instances(): ShownInstance[];
  /** Resolves once the tree, refreshed, shows what `matches` accepts. */
  whenInstances(matches: (instances: ShownInstance[]) => boolean): Promise<void>;
  renderedHistory(instanceId: string): RenderedHistory | undefined;
  /** Selects a row in an open history, as a click on it does. */
  selectHistoryRow(instanceId: string, row: number): Promise<void>;
  /** What the view says above and instead of its items: the filter and count, a problem or "No instance matches". */
  view(): { description?: string; message?: string };
  /** The titles of the CodeLenses shown above the orchestrations of a document. */
  lensTitles(document: vscode.TextDocument): Promise<string[]>;
}

/**
 * The "Durable TS" activity-bar container's Instances tree over the workspace folders' stores
 * (`durableTs.explorer.store`, the CLI's `.durable` when unset) and those of debug sessions on other stores,
 * refreshed whenever a store changes, and the History view.
 */
export function registerExplorer(context: vscode.ExtensionContext): ExplorerApi {
  const modules = loadExplorerRuntime(context.extensionPath);
  const tree = new InstancesTree();
  const view = vscode.window.createTreeView(INSTANCES_VIEW, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(view);
  const links = new CodeLinks(context.extensionPath, tree);
  const histories = new HistoryPanels(context.extensionUri, tree, (orchestration, row, store) => links.revealEvent(orchestration, row, store));
  const lenses = new OrchestrationLenses(tree);
  const waiters = new Set<() => void>();
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
    new ExplorerStores(modules, tree, () => changed()),
    ...registerInstanceCommands(tree, (status, store) => histories.show(status, undefined, store)),
    ...registerOrchestrationLenses(tree, lenses),
    vscode.commands.registerTextEditorCommand('durableTs.showInHistory', async (editor) => {
      const target = await links.targetOfLine(editor);
      if (target) await histories.show(target.status, target.row, target.store);
    }),
  );
  return {
    storePath: () => tree.store.storePath,
    stores: () => tree.stores.map(({ access, group }) => ({ location: access.storePath, label: group.label, fromSession: group.fromSession === true })),
    instances: () => shownInstances(tree),
    whenInstances: (matches) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!matches(shownInstances(tree))) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void tree.getChildren().then(check);
      }),
    view: () => ({ description: view.description, message: view.message }),
    renderedHistory: (instanceId) => histories.rendered.get(instanceId),
    selectHistoryRow: (instanceId, row) => histories.select(instanceId, row),
    lensTitles: async (document) => (await lenses.provideCodeLenses(document)).map((lens) => lens.command?.title ?? ''),
  };
}

function shownInstances(tree: InstancesTree): ShownInstance[] {
  return tree.stores.flatMap(({ shown, access }) => shown.map(({ instanceId, name, runtimeStatus }) => ({ instanceId, name, runtimeStatus, store: access.storePath })));
}

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../debug/registerDebugger';
import type { loadExplorerRuntime } from './explorerRuntime';
import type { InstancesTree } from './instancesTree';
import { storeAccessFor, type StoreAccess } from './storeAccess';
import { sessionStoreLocation, storeGroups, type SessionStore } from './storeGroups';

/**
 * Keeps the tree's stores in step with the window: each workspace folder's store (again whenever folders or
 * `durableTs.explorer.store` change), and the store of each Durable TS debug session that starts on another one,
 * kept after the session ends so its instances can still be looked at. Each store is watched; `onChange` is
 * called when any of them changes.
 */
export class ExplorerStores implements vscode.Disposable {
  private readonly open = new Map<string, { access: StoreAccess; watcher: { dispose(): void } }>();
  private readonly sessions: SessionStore[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly modules: ReturnType<typeof loadExplorerRuntime>, private readonly tree: InstancesTree, private readonly onChange: () => void) {
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('durableTs.explorer.store') && this.update()),
      vscode.debug.onDidStartDebugSession((session) => {
        if (session.type !== DEBUG_TYPE) return;
        const started: SessionStore = { name: session.name, folderPath: session.workspaceFolder?.uri.fsPath, configuration: { store: session.configuration.store, cwd: session.configuration.cwd, program: session.configuration.program } };
        // A session on a store the view shows already (a folder's, the usual case) adds nothing, then or later.
        const location = sessionStoreLocation(started, this.modules.resolveStorePath);
        if (!location || this.tree.stores.some((store) => store.group.location === location)) return;
        this.sessions.push(started);
        this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
      name: folder.name,
      path: folder.uri.fsPath,
      configured: vscode.workspace.getConfiguration('durableTs', folder.uri).get<string>('explorer.store'),
    }));
    const groups = storeGroups(folders, this.sessions, this.modules.resolveStorePath, process.cwd());
    for (const [location, { access, watcher }] of this.open) {
      if (groups.some((group) => group.location === location)) continue;
      watcher.dispose();
      void access.dispose();
      this.open.delete(location);
    }
    const shown = groups.map((group) => {
      let opened = this.open.get(group.location);
      if (!opened) {
        const access = storeAccessFor(this.modules, group.location);
        opened = { access, watcher: access.watch(this.onChange) };
        this.open.set(group.location, opened);
      }
      return { group, access: opened.access };
    });
    this.tree.setStores(shown);
    this.onChange();
  }

  dispose(): void {
    for (const { access, watcher } of this.open.values()) {
      watcher.dispose();
      void access.dispose();
    }
    this.open.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

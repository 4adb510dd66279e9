import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../debug/registerDebugger';
import type { loadExplorerRuntime } from './explorerRuntime';
import type { InstancesTree } from './instancesTree';
import { storeAccessFor, type StoreAccess } from './storeAccess';
import { sessionStoreLocation, storeGroups, type SessionStore } from './storeGroups';

/** A store heading of the tree (its context menu), or a store's location. */
type SessionStoreTarget = string | { store: { access: { storePath: string } } };

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
      vscode.commands.registerCommand('durableTs.explorer.removeSessionStore', (target?: SessionStoreTarget) => this.removeSessionStore(target)),
    ];
    this.update();
  }

  /**
   * Stops showing a debug session's store (its heading's inline button, or a pick from the palette): the sessions
   * of a day of debugging on scratch stores would otherwise pile up in the view until the window closes.
   */
  private async removeSessionStore(target: SessionStoreTarget | undefined): Promise<void> {
    const locations = this.sessions.map((session) => sessionStoreLocation(session, this.modules.resolveStorePath));
    let location = typeof target === 'string' ? target : target?.store.access.storePath;
    if (location === undefined) {
      const picks = this.sessions.map((session, index) => ({ label: session.name, description: locations[index] ?? '', location: locations[index] }));
      if (picks.length === 0) return void vscode.window.showInformationMessage('The Instances view shows no debug session\'s store: only the workspace folders\' stores.');
      location = (await vscode.window.showQuickPick(picks, { title: 'Remove a debug session\'s store from the Instances view' }))?.location;
      if (location === undefined) return;
    }
    const kept = this.sessions.filter((_, index) => locations[index] !== location);
    if (kept.length === this.sessions.length) return;
    this.sessions.splice(0, this.sessions.length, ...kept);
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

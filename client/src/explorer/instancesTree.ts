import * as vscode from 'vscode';
import type { OrchestrationStatus, RuntimeStatus } from 'durable-ts';
import { describeFilter, toListFilter, type InstanceFilter } from './instanceFilter';
import { InstancePages } from './instancePages';
import type { StoreAccess } from './storeAccess';
import type { StoreGroup } from './storeGroups';

const STATUS_ICONS: Record<RuntimeStatus, [string, string?]> = {
  Pending: ['clock', 'charts.yellow'],
  Running: ['sync~spin', 'charts.blue'],
  Suspended: ['debug-pause', 'charts.orange'],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Terminated: ['circle-slash', 'disabledForeground'],
  ContinuedAsNew: ['debug-restart', 'charts.blue'],
};

/** One store the view shows, with what it last read of it. */
export interface ShownStore {
  group: StoreGroup;
  access: StoreAccess;
  pages: InstancePages;
  shown: OrchestrationStatus[];
  total: number;
  /** Why it could not be read, when it could not. */
  problem?: string;
}

export class InstanceItem extends vscode.TreeItem {
  constructor(readonly status: OrchestrationStatus, readonly store: ShownStore) {
    super(status.name, vscode.TreeItemCollapsibleState.None);
    this.id = `instance:${store.access.storePath}:${status.instanceId}`;
    const custom = status.customStatus === null || status.customStatus === undefined ? '' : ` · ${JSON.stringify(status.customStatus)}`;
    this.description = `${status.instanceId}${custom}`;
    const [icon, color] = STATUS_ICONS[status.runtimeStatus] ?? ['question'];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    // The status in the context value: the tree's menus offer suspend to a running instance, resume to a suspended one.
    this.contextValue = `durableInstance.${status.runtimeStatus}`;
    this.tooltip = new vscode.MarkdownString(
      [
        `**${status.name}** — ${status.runtimeStatus}`,
        '',
        `id \`${status.instanceId}\``,
        '',
        `created ${new Date(status.createdTime).toLocaleString()}  `,
        `updated ${new Date(status.lastUpdatedTime).toLocaleString()}`,
        ...(custom ? ['', `custom status \`${JSON.stringify(status.customStatus)}\``] : []),
      ].join('\n'),
    );
    this.command = { command: 'durableTs.instance.showHistory', title: 'Show History', arguments: [this] };
  }
}

/** A store's heading, when the view shows several (workspace folders, debug sessions on other stores). */
class StoreItem extends vscode.TreeItem {
  constructor(readonly store: ShownStore) {
    super(store.group.label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `store:${store.access.storePath}`;
    this.description = store.problem ? `cannot be read: ${store.problem}` : `${store.total} · ${store.access.label}`;
    this.tooltip = `${store.group.fromSession ? 'The store of the debug session' : 'The store of the workspace folder'} ${store.group.label}: ${store.access.describe()}`;
    this.iconPath = new vscode.ThemeIcon(store.group.fromSession ? 'debug' : 'database');
    // A debug session's store can be removed from the view; a folder's is there by its setting.
    this.contextValue = store.group.fromSession ? 'durableStore.session' : 'durableStore';
  }
}

class LoadMoreItem extends vscode.TreeItem {
  constructor(store: ShownStore) {
    super(`Load more… (${store.shown.length} of ${store.total} shown)`);
    this.id = `load-more:${store.access.storePath}`;
    this.iconPath = new vscode.ThemeIcon('more');
    this.command = { command: 'durableTs.explorer.loadMore', title: 'Load More Instances', arguments: [store.access.storePath] };
  }
}

/** The Instances tree: each store's instances, filtered, newest first, a page at a time; grouped by store when there are several. */
export class InstancesTree implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listed = new vscode.EventEmitter<void>();
  /** Fires each time the tree has read the stores anew. */
  readonly onDidList = this.listed.event;
  filter: InstanceFilter = {};
  stores: ShownStore[] = [];
  /** Which store each listed status came from. */
  private readonly origins = new WeakMap<OrchestrationStatus, ShownStore>();
  private view: vscode.TreeView<vscode.TreeItem> | undefined;

  attach(view: vscode.TreeView<vscode.TreeItem>): void {
    this.view = view;
  }

  /** Shows these stores; a store shown before keeps its pages. */
  setStores(stores: readonly { group: StoreGroup; access: StoreAccess }[]): void {
    this.stores = stores.map(({ group, access }) => {
      const before = this.stores.find((shown) => shown.access === access);
      return before ? { ...before, group } : { group, access, pages: new InstancePages(), shown: [], total: 0 };
    });
    this.refresh();
  }

  /** The first store: the first workspace folder's. */
  get store(): StoreAccess {
    return this.stores[0].access;
  }

  /** What the tree shows now, every store's. */
  get shown(): OrchestrationStatus[] {
    return this.stores.flatMap((store) => store.shown);
  }

  /** The store a status the tree listed came from (the first store for one it did not list). */
  storeOf(status: OrchestrationStatus): ShownStore {
    return this.origins.get(status) ?? this.stores[0];
  }

  /** The store of a workspace folder (the first store when the folder has none of its own). */
  storeOfFolder(folderPath: string | undefined): ShownStore {
    return this.stores.find((store) => !store.group.fromSession && store.group.folderPath === folderPath) ?? this.stores[0];
  }

  setFilter(filter: InstanceFilter): void {
    this.filter = filter;
    for (const store of this.stores) store.pages.reset();
    this.refresh();
  }

  /** The next page of one store (by its location), or of every store that has more. */
  loadMore(location?: string): void {
    for (const store of this.stores) if (location === undefined || store.access.storePath === location) store.pages.loadMore();
    this.refresh();
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    if (element instanceof StoreItem) return this.itemsOf(element.store);
    if (element) return [];
    await Promise.all(this.stores.map((store) => this.read(store)));
    this.describe();
    this.listed.fire();
    return this.stores.length === 1 ? this.itemsOf(this.stores[0]) : this.stores.map((store) => new StoreItem(store));
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  private async read(store: ShownStore): Promise<void> {
    try {
      const page = store.pages.page(await store.access.list(toListFilter(this.filter, new Date())));
      store.shown = page.shown;
      store.total = page.total;
      store.problem = undefined;
      for (const status of page.shown) this.origins.set(status, store);
    } catch (error) {
      store.shown = [];
      store.total = 0;
      store.problem = error instanceof Error ? error.message : String(error);
    }
  }

  private itemsOf(store: ShownStore): vscode.TreeItem[] {
    const items: vscode.TreeItem[] = store.shown.map((status) => new InstanceItem(status, store));
    if (store.shown.length < store.total) items.push(new LoadMoreItem(store));
    return items;
  }

  private describe(): void {
    if (!this.view) return;
    const filter = describeFilter(this.filter);
    const total = this.stores.reduce((sum, store) => sum + store.total, 0);
    this.view.description = filter ? `${filter} (${total})` : total ? `${total}` : undefined;
    const single = this.stores.length === 1 ? this.stores[0] : undefined;
    // With several stores, each heading says what is wrong with its own.
    if (single?.problem) this.view.message = `Cannot read ${single.access.label}: ${single.problem}`;
    // With no filter, an empty tree shows the view's welcome text (how to start an instance) instead.
    else if (total === 0 && filter) this.view.message = 'No instance matches the filter.';
    else this.view.message = undefined;
  }
}

import * as vscode from 'vscode';
import type { OrchestrationStatus, RuntimeStatus } from 'durable-ts';
import { describeFilter, toListFilter, type InstanceFilter } from './instanceFilter';
import { InstancePages } from './instancePages';
import type { StoreAccess } from './storeAccess';

const STATUS_ICONS: Record<RuntimeStatus, [string, string?]> = {
  Pending: ['clock', 'charts.yellow'],
  Running: ['sync~spin', 'charts.blue'],
  Suspended: ['debug-pause', 'charts.orange'],
  Completed: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Terminated: ['circle-slash', 'disabledForeground'],
  ContinuedAsNew: ['debug-restart', 'charts.blue'],
};

export class InstanceItem extends vscode.TreeItem {
  constructor(readonly status: OrchestrationStatus) {
    super(status.name, vscode.TreeItemCollapsibleState.None);
    this.id = `instance:${status.instanceId}`;
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

class LoadMoreItem extends vscode.TreeItem {
  constructor(shown: number, total: number) {
    super(`Load more… (${shown} of ${total} shown)`);
    this.id = 'load-more';
    this.iconPath = new vscode.ThemeIcon('more');
    this.command = { command: 'durableTs.explorer.loadMore', title: 'Load More Instances' };
  }
}

/** The Instances tree: the store's instances, filtered, newest first, a page at a time. */
export class InstancesTree implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listed = new vscode.EventEmitter<void>();
  /** Fires each time the tree has read the store anew. */
  readonly onDidList = this.listed.event;
  private readonly pages = new InstancePages();
  filter: InstanceFilter = {};
  /** What the tree shows now, and its problem when it could not be read. */
  shown: OrchestrationStatus[] = [];
  total = 0;
  problem: string | undefined;
  private view: vscode.TreeView<vscode.TreeItem> | undefined;

  constructor(private access: StoreAccess) {}

  attach(view: vscode.TreeView<vscode.TreeItem>): void {
    this.view = view;
  }

  setAccess(access: StoreAccess): void {
    this.access = access;
    this.refresh();
  }

  get store(): StoreAccess {
    return this.access;
  }

  setFilter(filter: InstanceFilter): void {
    this.filter = filter;
    this.pages.reset();
    this.refresh();
  }

  loadMore(): void {
    this.pages.loadMore();
    this.refresh();
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    if (element) return [];
    try {
      const page = this.pages.page(await this.access.list(toListFilter(this.filter, new Date())));
      this.shown = page.shown;
      this.total = page.total;
      this.problem = undefined;
    } catch (error) {
      this.shown = [];
      this.total = 0;
      this.problem = error instanceof Error ? error.message : String(error);
    }
    this.describe();
    this.listed.fire();
    const items: vscode.TreeItem[] = this.shown.map((status) => new InstanceItem(status));
    if (this.shown.length < this.total) items.push(new LoadMoreItem(this.shown.length, this.total));
    return items;
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  private describe(): void {
    if (!this.view) return;
    const filter = describeFilter(this.filter);
    this.view.description = filter ? `${filter} (${this.total})` : this.total ? `${this.total}` : undefined;
    if (this.problem) this.view.message = `Cannot read ${this.access.label}: ${this.problem}`;
    // With no filter, an empty tree shows the view's welcome text (how to start an instance) instead.
    else if (this.total === 0 && filter) this.view.message = 'No instance matches the filter.';
    else this.view.message = undefined;
  }
}

import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { OrchestrationStatus } from 'durable-ts';
import { historyModel, type HistoryModel } from './historyModel';
import { historyPage } from './historyPage';
import type { InstancesTree, ShownStore } from './instancesTree';

/** What a history panel last drew, as its page reports it (read by the real-VS-Code tests, shown nowhere). */
export interface RenderedHistory {
  instanceId: string;
  rows: number;
  spans: number;
  firstTypes: string[];
  /** The row selected last, if any. */
  selected?: number;
}

/** The History view: one webview panel per instance, kept up to date while the instance runs. */
export class HistoryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  readonly rendered = new Map<string, RenderedHistory>();

  /** The rows each panel shows, for going from a selected row to the code that made it. */
  private readonly models = new Map<string, HistoryModel>();
  /** The store each panel's instance is read from. */
  private readonly stores = new Map<string, ShownStore>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly tree: InstancesTree,
    private readonly revealSource: (orchestration: string, row: HistoryModel['rows'][number], store: ShownStore) => Promise<void>,
  ) {}

  /** Opens (or shows) an instance's history; `selectRow` selects that event once it is drawn. */
  async show(status: OrchestrationStatus, selectRow?: number, store = this.tree.storeOf(status)): Promise<void> {
    this.stores.set(status.instanceId, store);
    const existing = this.panels.get(status.instanceId);
    if (existing) {
      existing.reveal();
      await this.update(status.instanceId);
      if (selectRow !== undefined) await existing.webview.postMessage({ kind: 'select', index: selectRow });
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'history');
    const panel = vscode.window.createWebviewPanel('durableTs.history', `History: ${status.name} ${shortId(status.instanceId)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [media],
    });
    this.panels.set(status.instanceId, panel);
    panel.webview.html = page(panel.webview, media);
    panel.onDidDispose(() => {
      this.panels.delete(status.instanceId);
      this.rendered.delete(status.instanceId);
      this.models.delete(status.instanceId);
      this.stores.delete(status.instanceId);
    });
    panel.webview.onDidReceiveMessage(async (message: { kind: string; instanceId?: string; index?: number } & Partial<RenderedHistory>) => {
      if (message.kind === 'ready') {
        await this.update(status.instanceId);
        if (selectRow !== undefined) await panel.webview.postMessage({ kind: 'select', index: selectRow });
      }
      const row = message.kind === 'selected' && message.index !== undefined ? this.models.get(status.instanceId)?.rows[message.index] : undefined;
      if (row) {
        const rendered = this.rendered.get(status.instanceId);
        if (rendered) rendered.selected = message.index;
        await this.revealSource(status.name, row, store);
      }
      if (message.kind === 'rendered') this.rendered.set(status.instanceId, message as RenderedHistory);
      if (message.kind === 'openInstance' && message.instanceId) await vscode.commands.executeCommand('durableTs.instance.showHistory', message.instanceId);
    });
  }

  async select(instanceId: string, row: number): Promise<void> {
    await this.panels.get(instanceId)?.webview.postMessage({ kind: 'select', index: row });
  }

  /** Re-reads the open histories: called when the store changes. */
  async updateAll(): Promise<void> {
    await Promise.all([...this.panels.keys()].map((instanceId) => this.update(instanceId)));
  }

  private async update(instanceId: string): Promise<void> {
    const panel = this.panels.get(instanceId);
    const store = this.stores.get(instanceId);
    if (!panel || !store) return;
    try {
      const status = await store.access.history(instanceId);
      if (!status) return void panel.webview.postMessage({ kind: 'gone', instanceId });
      const { historyEvents, ...rest } = status;
      const model: HistoryModel = historyModel(historyEvents ?? []);
      this.models.set(instanceId, model);
      await panel.webview.postMessage({ kind: 'history', status: rest, model });
    } catch (error) {
      await panel.webview.postMessage({ kind: 'problem', message: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

function shortId(instanceId: string): string {
  return instanceId.length > 12 ? `${instanceId.slice(0, 8)}…` : instanceId;
}

function page(webview: vscode.Webview, media: vscode.Uri): string {
  return historyPage({
    nonce: crypto.randomBytes(16).toString('base64'),
    script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'history.js')).toString(),
    style: webview.asWebviewUri(vscode.Uri.joinPath(media, 'history.css')).toString(),
    cspSource: webview.cspSource,
  });
}

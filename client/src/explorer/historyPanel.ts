import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { OrchestrationStatus } from 'durable-ts';
import { historyModel, type HistoryModel } from './historyModel';
import type { InstancesTree } from './instancesTree';

/** What a history panel last drew, as its page reports it (read by the real-VS-Code tests, shown nowhere). */
export interface RenderedHistory {
  instanceId: string;
  rows: number;
  spans: number;
  firstTypes: string[];
}

/** The History view: one webview panel per instance, kept up to date while the instance runs. */
export class HistoryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  readonly rendered = new Map<string, RenderedHistory>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly tree: InstancesTree) {}

  async show(status: OrchestrationStatus): Promise<void> {
    const existing = this.panels.get(status.instanceId);
    if (existing) {
      existing.reveal();
      return this.update(status.instanceId);
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
    });
    panel.webview.onDidReceiveMessage(async (message: { kind: string; instanceId?: string } & Partial<RenderedHistory>) => {
      if (message.kind === 'ready') await this.update(status.instanceId);
      if (message.kind === 'rendered') this.rendered.set(status.instanceId, message as RenderedHistory);
      if (message.kind === 'openInstance' && message.instanceId) await vscode.commands.executeCommand('durableTs.instance.showHistory', message.instanceId);
    });
  }

  /** Re-reads the open histories: called when the store changes. */
  async updateAll(): Promise<void> {
    await Promise.all([...this.panels.keys()].map((instanceId) => this.update(instanceId)));
  }

  private async update(instanceId: string): Promise<void> {
    const panel = this.panels.get(instanceId);
    if (!panel) return;
    try {
      const status = await this.tree.store.history(instanceId);
      if (!status) return void panel.webview.postMessage({ kind: 'gone', instanceId });
      const { historyEvents, ...rest } = status;
      const model: HistoryModel = historyModel(historyEvents ?? []);
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
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'history.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'history.css'));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<link rel="stylesheet" href="${style}">
</head><body>
<header id="summary">Loading the history…</header>
<section><h2>Timeline</h2><div id="timeline" class="scroller"><div class="spacer"></div></div></section>
<section><h2>Events</h2>
<div class="row head"><span>#</span><span>type</span><span>name</span><span>task</span><span>time (UTC)</span><span>duration</span><span>input / result</span></div>
<div id="events" class="scroller"><div class="spacer"></div></div></section>
<pre id="detail" hidden></pre>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
}

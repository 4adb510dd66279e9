import * as vscode from 'vscode';
import type { OrchestrationStatus } from 'durable-ts';
import { scanWorkspace } from '../debug/configurationProvider';
import { findOrchestrations } from '../debug/orchestrationScan';
import { typeScriptFor } from '../debug/typeScriptModule';
import { callSites, firstEventOf, siteOfEvent, type CallSite } from './callSites';
import { historyModel, type HistoryRow } from './historyModel';
import type { InstancesTree, ShownStore } from './instancesTree';

/** History linked to code: an event selected in a history reveals its call; "Show in History" goes from a call to its events. */
export class CodeLinks {
  constructor(private readonly extensionPath: string, private readonly tree: InstancesTree) {}

  /** Reveals the call (the `await`) in the orchestrator's source that produced `row`, beside the history. */
  async revealEvent(orchestration: string, row: HistoryRow, store: ShownStore): Promise<void> {
    const folder = store.group.folderPath === undefined ? undefined : vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.fsPath === store.group.folderPath);
    const found = (await scanWorkspace(folder)).find((candidate) => candidate.name === orchestration);
    if (!found) return;
    const document = await vscode.workspace.openTextDocument(found.file);
    const site = siteOfEvent(this.sitesIn(document, orchestration), row);
    if (!site) return;
    const position = new vscode.Position(site.line, site.character);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: new vscode.Range(position, position) });
  }

  /**
   * From the durable call on the editor's line: the instance of its orchestration to look at (asked, newest first,
   * when there are several) and the first of its events that call produced.
   */
  async targetOfLine(editor: vscode.TextEditor): Promise<{ status: OrchestrationStatus; row: number; store: ShownStore } | undefined> {
    const line = editor.selection.active.line;
    for (const orchestration of findOrchestrations(editor.document.uri.fsPath, editor.document.getText())) {
      const site = this.sitesIn(editor.document, orchestration.name).find((candidate) => candidate.line === line);
      if (site) return this.pickInstance(orchestration.name, site, this.tree.storeOfFolder(vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath));
    }
    void vscode.window.showErrorMessage('Durable TS: Show in History needs a line with a durable call of an orchestration (ctx.callActivity, ctx.createTimer, ctx.waitForEvent, ctx.callSubOrchestration).');
    return undefined;
  }

  private async pickInstance(orchestration: string, site: CallSite, store: ShownStore): Promise<{ status: OrchestrationStatus; row: number; store: ShownStore } | undefined> {
    const instances = [...(await store.access.list({ name: orchestration }))].sort((a, b) => b.createdTime.localeCompare(a.createdTime));
    if (instances.length === 0) {
      void vscode.window.showErrorMessage(`Durable TS: ${orchestration} has no instance in ${store.access.label} yet.`);
      return undefined;
    }
    const picked = instances.length === 1 ? instances[0] : (await vscode.window.showQuickPick(
      instances.map((status) => ({ label: status.instanceId, description: `${status.runtimeStatus} · created ${status.createdTime}`, status })),
      { placeHolder: `Which instance of ${orchestration}?` },
    ))?.status;
    if (!picked) return undefined;
    const history = await store.access.history(picked.instanceId);
    const row = firstEventOf(site, historyModel(history?.historyEvents ?? []).rows);
    return { status: picked, row: Math.max(0, row), store };
  }

  private sitesIn(document: vscode.TextDocument, orchestration: string): CallSite[] {
    const typescript = typeScriptFor(document.uri.fsPath, this.extensionPath);
    return typescript ? callSites(typescript, document.uri.fsPath, document.getText(), orchestration) : [];
  }
}

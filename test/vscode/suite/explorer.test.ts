import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { screenshot } from './suiteOutput';
import { waitUntil } from './waitUntil';
import { openWorkspaceFile } from './workspaceFiles';
import { step, useOwnStore, type ExplorerApi } from './explorerApi';

describe('the instance explorer', function () {
  this.timeout(120_000);
  const recorder = new DebugAdapterRecorder('durable');
  after(() => recorder.dispose());
  const store = useOwnStore('durable-ts-explorer-e2e-');
  let explorer: ExplorerApi;
  before(() => {
    explorer = store.explorer();
  });

  it('starts an instance, lists it while it runs, shows its history, raises its event from the tree and sees it complete, then replays it', async () => {
    const since = recorder.messages.length;
    // Start New Instance: no process serves the store, so it runs in a new session (run without debugging).
    await vscode.commands.executeCommand('durableTs.startInstance', 'ApproveTrip', 'Kyoto');
    await explorer.whenInstances((instances) => instances.some((instance) => instance.name === 'ApproveTrip' && instance.runtimeStatus === 'Running'));
    const { instanceId } = explorer.instances().find((instance) => instance.name === 'ApproveTrip')!;
    const trips = await openWorkspaceFile('src/trips.ts');
    assert.deepStrictEqual((await explorer.lensTitles(trips.document)).slice(0, 3), ['Run', 'Debug', '1 running · 0 failed'], 'the CodeLens above ApproveTrip');
    await screenshot('explorer-instances');

    await vscode.commands.executeCommand('durableTs.instance.showHistory', instanceId);
    await waitUntil('the history view draws the events', () => (explorer.renderedHistory(instanceId)?.rows ?? 0) >= 2, 30_000);
    assert.ok(explorer.renderedHistory(instanceId)!.firstTypes.includes('ExecutionStarted'), JSON.stringify(explorer.renderedHistory(instanceId)));

    // Raise Event from the tree: the name comes filled in with what the code awaits ('Approval'); no data.
    const accepting = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
    await Promise.resolve(vscode.commands.executeCommand('durableTs.instance.raiseEvent', instanceId)).finally(() => clearInterval(accepting));
    await explorer.whenInstances((instances) => instances.some((instance) => instance.instanceId === instanceId && instance.runtimeStatus === 'Completed'));
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the run to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, recorder.outputText());
    // The open history follows the store: the raised event and the completion appear without a reload.
    await waitUntil('the history shows the raised event', () => (explorer.renderedHistory(instanceId)?.firstTypes ?? []).includes('EventRaised'), 30_000);
    await waitUntil('the history shows the completion', () => (explorer.renderedHistory(instanceId)?.firstTypes ?? []).includes('ExecutionCompleted'), 30_000);
    await screenshot('explorer-history');

    const replaySince = recorder.messages.length;
    await vscode.commands.executeCommand('durableTs.instance.debugReplay', instanceId);
    const session = vscode.debug.activeDebugSession;
    assert.deepStrictEqual(session?.configuration.replay, { instanceId });
    const replayed = await recorder.waitFor<DebugProtocol.ExitedEvent>('the replay to end', isEventNamed('exited'), { since: replaySince });
    assert.strictEqual(replayed.body.exitCode, 0, recorder.outputText());
    assert.match(recorder.outputText(), /Kyoto: not approved/);
  });

  it('draws the activities of a history as bars on its timeline', async () => {
    await vscode.commands.executeCommand('durableTs.startInstance', 'BookTrips', ['Oslo', 'Rome', 'Kyoto']);
    await explorer.whenInstances((instances) => instances.some((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Completed'));
    const { instanceId } = explorer.instances().find((instance) => instance.name === 'BookTrips')!;
    await vscode.commands.executeCommand('durableTs.instance.showHistory', instanceId);
    await waitUntil('the history view draws the three activities', () => explorer.renderedHistory(instanceId)?.spans === 3, 30_000);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await screenshot('explorer-timeline');

    // Selecting the first TaskScheduled event (#2) reveals the call that made it, beside the history.
    const callLine = fs.readFileSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'src/trips.ts'), 'utf8').split('\n').findIndex((line) => line.includes('ctx.callActivity(book, trip);') && line.includes('confirmation'));
    await explorer.selectHistoryRow(instanceId, 2);
    await waitUntil('the editor shows the call of the selected event', () => vscode.window.visibleTextEditors.some((editor) =>
      editor.document.uri.path.endsWith('/src/trips.ts') && editor.selection.active.line === callLine), 30_000);
    await screenshot('explorer-linked');

    // And back: Show in History on that line opens the history at the first event the call made.
    const editor = await openWorkspaceFile('src/trips.ts');
    editor.selection = new vscode.Selection(callLine, 4, callLine, 4);
    await explorer.selectHistoryRow(instanceId, 0);
    await waitUntil('the history selects #0', () => explorer.renderedHistory(instanceId)?.selected === 0, 30_000);
    await vscode.commands.executeCommand('durableTs.showInHistory');
    await waitUntil('the history selects the call\'s first event', () => explorer.renderedHistory(instanceId)?.selected === 2, 30_000);
  });
  it('rewinds a failed instance and restarts a finished one from the context menu', async () => {
    const since = recorder.messages.length;
    // BookTrips over a number cannot iterate it: the instance fails before it schedules anything.
    await vscode.commands.executeCommand('durableTs.startInstance', 'BookTrips', 42);
    await step('the started BookTrips to be listed as Failed', explorer.whenInstances((instances) => instances.some((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Failed')));
    await step('the run to exit', recorder.waitFor<DebugProtocol.ExitedEvent>('the run to exit', isEventNamed('exited'), { since }));
    const failed = explorer.instances().find((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Failed')!;
    const completed = explorer.instances().find((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Completed')!;
    const listed = explorer.instances().length;
    // The reason box left empty; the first way to restart (under a new id) taken.
    const accepting = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
    try {
      await step('the rewind command to finish', Promise.resolve(vscode.commands.executeCommand('durableTs.instance.rewind', failed.instanceId)));
      // No process serves the store now: the rewind is recorded, and the instance waits to run again.
      await step('the rewound instance to be listed as Pending', explorer.whenInstances((instances) => instances.some((instance) => instance.instanceId === failed.instanceId && instance.runtimeStatus === 'Pending')));
      await step('the restart command to finish', Promise.resolve(vscode.commands.executeCommand('durableTs.instance.restart', completed.instanceId)));
      await step('the restarted run to be listed as Pending', explorer.whenInstances((instances) => instances.length === listed + 1 && instances.filter((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Pending').length === 2));
    } finally {
      clearInterval(accepting);
    }
  });
});

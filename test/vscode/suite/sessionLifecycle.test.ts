import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { openWorkspaceFile } from './workspaceFiles';

/** A launch of the workspace's trips app, on the store the docs and the snippet name. */
function tripsLaunch(name: string, orchestration: string, input: unknown, instanceId: string): vscode.DebugConfiguration {
  return { type: 'durable', request: 'launch', name, program: '${workspaceFolder}/src/trips.ts', store: '${workspaceFolder}/.durable', orchestration, input, instanceId };
}

/** Resolves when the session that `started()` names ends (listening from now, before it is known). */
function sessionEnd(started: () => vscode.DebugSession | undefined): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.debug.onDidTerminateDebugSession((ended) => {
      if (ended.id !== started()?.id) return;
      subscription.dispose();
      resolve();
    });
  });
}

/**
 * Resolves once VS Code shows the stopped thread as the focused one: its Continue acts on the focused thread, and
 * does nothing when it comes before VS Code has taken in the stop.
 */
function untilFocused(threadId: number): Promise<void> {
  const focused = () => vscode.debug.activeStackItem?.threadId === threadId;
  if (focused()) return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = vscode.debug.onDidChangeActiveStackItem(() => {
      if (!focused()) return;
      subscription.dispose();
      resolve();
    });
  });
}

function isStopDescribed(pattern: RegExp): (message: DebugProtocol.ProtocolMessage) => boolean {
  return (message) => isEventNamed('stopped')(message) && pattern.test((message as DebugProtocol.StoppedEvent).body.description ?? '');
}

describe('Durable TS debug sessions over time: events raised into them, Stop and Restart', () => {
  let recorder: DebugAdapterRecorder;
  before(() => {
    recorder = new DebugAdapterRecorder('durable');
  });
  after(async () => {
    recorder.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });

  it('raises the event an orchestration waits for with "Durable TS: Raise Event…"', async () => {
    const instanceId = `trip-${Date.now()}`;
    const since = recorder.messages.length;
    let session: vscode.DebugSession | undefined;
    const ended = sessionEnd(() => session);
    assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], tripsLaunch('Approve a trip', 'ApproveTrip', 'Lisbon', instanceId)), recorder.outputText());
    session = vscode.debug.activeDebugSession!;
    for (;;) {
      const asked = recorder.messages.length;
      const { threads } = (await session!.customRequest('threads')) as DebugProtocol.ThreadsResponse['body'];
      if (threads.some((thread) => thread.name === `ApproveTrip ${instanceId} — waiting for event 'Approval'`)) break;
      await recorder.waitFor('a thread change', isEventNamed('thread'), { since: asked });
    }

    // The one instance is chosen by itself; the event name comes filled in with the awaited 'Approval'; no data.
    const accepting = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
    await Promise.resolve(vscode.commands.executeCommand('durableTs.raiseEvent')).finally(() => clearInterval(accepting));
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, recorder.outputText());
    assert.match(recorder.outputText(), new RegExp(`${instanceId}: Completed → "Lisbon: not approved"`));
    await ended;
  });

  it('continues the instance after Stop when launched again, and again after Restart', async () => {
    const editor = await openWorkspaceFile('src/trips.ts');
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes("the lifecycle test's breakpoint"));
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(editor.document.uri, new vscode.Position(line, 0)), true, '!ctx.isReplaying');
    vscode.debug.addBreakpoints([breakpoint]);
    const launch = tripsLaunch('Book trips', 'BookTrips', ['Oslo', 'Rome', 'Kyoto'], `trips-${Date.now()}`);
    const folder = vscode.workspace.workspaceFolders![0];

    let since = recorder.messages.length;
    assert.ok(await vscode.debug.startDebugging(folder, launch), recorder.outputText());
    await recorder.waitFor('the first live stop', isEventNamed('stopped'), { since });
    const first = vscode.debug.activeDebugSession;
    const stopped = sessionEnd(() => first);
    await vscode.debug.stopDebugging(first);
    await stopped;

    since = recorder.messages.length;
    assert.ok(await vscode.debug.startDebugging(folder, launch), recorder.outputText());
    await recorder.waitFor('a stop that says the instance continues', isStopDescribed(/continuing the unfinished instance from the store/), { since });

    since = recorder.messages.length;
    await vscode.commands.executeCommand('workbench.action.debug.restart');
    const afterRestart = await recorder.waitFor<DebugProtocol.StoppedEvent>('a stop after Restart that says the instance continues', isStopDescribed(/continuing the unfinished instance from the store/), { since });
    await untilFocused(afterRestart.body.threadId!);

    vscode.debug.removeBreakpoints([breakpoint]);
    const relaunched = vscode.debug.activeDebugSession;
    const ended = sessionEnd(() => relaunched);
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, recorder.outputText());
    assert.match(recorder.outputText(), /Completed → \["booked Oslo","booked Rome","booked Kyoto"\]/);
    await ended;
  });
});

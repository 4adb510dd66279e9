import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { report } from './suiteOutput';
import { openWorkspaceFile } from './workspaceFiles';

const LAUNCHES = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * F5 to the first stop, as the user waits for it: from starting the workspace's launch configuration (stop on entry)
 * to VS Code receiving the stop. Logged (the window's first F5 apart from the later ones, which run in the host kept
 * started for them), with the time to the adapter's `initialized` event, for the budget of 1 s (a busy
 * machine is slower: the figures are the report, the stops are the test).
 */
describe('the durable debugger in VS Code: F5 to the first stop', () => {
  let recorder: DebugAdapterRecorder;
  let stores: string;
  before(() => {
    recorder = new DebugAdapterRecorder('durable');
    stores = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-f5-'));
  });
  after(async () => {
    recorder.dispose();
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    fs.rmSync(stores, { recursive: true, force: true });
  });

  it(`stops on the orchestrator's first line each of ${LAUNCHES} launches, and logs the median time`, async () => {
    const editor = await openWorkspaceFile('src/greetings.ts');
    // The line after the registration's, counted from 1.
    const firstLine = editor.document.getText().split('\n').findIndex((text) => text.includes("app.orchestration('Greetings'")) + 2;
    const folder = vscode.workspace.workspaceFolders![0];
    const configuration = vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations')!.find((candidate) => candidate.name === 'Debug Greetings')!;
    const toStop: number[] = [];
    const toInitialized: number[] = [];
    // When VS Code sent each request and received each event of the launch, to tell where the time goes.
    let timeline: string[] = [];
    let launchStarted = 0;
    const stamp = (what: string) => timeline.push(`${what} ${(performance.now() - launchStarted).toFixed(0)}`);
    // Called by VS Code with the extension's own provider, once the activation events of the launch are handled:
    // the time before it is VS Code's (and the other extensions'), the time after it the extension's.
    const resolving = vscode.debug.registerDebugConfigurationProvider('durable', {
      resolveDebugConfiguration: (_folder, config) => (stamp('resolve'), config),
      resolveDebugConfigurationWithSubstitutedVariables: (_folder, config) => (stamp('resolve with variables'), config),
    });
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('durable', {
      createDebugAdapterTracker: () => {
        stamp('adapter');
        return {
          onWillReceiveMessage: (message: DebugProtocol.Request) => stamp(message.command),
          onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
            if (message.type === 'event' && ['initialized', 'stopped'].includes((message as DebugProtocol.Event).event)) stamp((message as DebugProtocol.Event).event);
          },
        };
      },
    });
    for (let launch = 0; launch < LAUNCHES; launch++) {
      const since = recorder.messages.length;
      const terminated = new Promise<void>((resolve) => {
        const subscription = vscode.debug.onDidTerminateDebugSession(() => {
          subscription.dispose();
          resolve();
        });
      });
      const started = (launchStarted = performance.now());
      report(`launch ${launch + 1} at ${new Date().toISOString()}; active: ${vscode.extensions.all.filter((extension) => extension.isActive).map((extension) => extension.id).join(' ')}`);
      timeline = [];
      const initialized = recorder.waitFor('the initialized event', isEventNamed('initialized'), { since }).then(() => performance.now() - started);
      initialized.catch((error: Error) => report(`launch ${launch + 1} timed out: ${timeline.join(', ')}: ${error.message}`));
      // A store of its own: a launch on a store continues the instances earlier launches left unfinished.
      const store = path.join(stores, `launch-${launch}.db`);
      assert.ok(await vscode.debug.startDebugging(folder, { ...configuration, stopOnEntry: true, store }), `launch ${launch + 1} did not start; debug console:\n${recorder.outputText()}`);
      const stopped = await recorder.waitFor<DebugProtocol.StoppedEvent>('the stop on entry', isEventNamed('stopped'), { since });
      toStop.push(performance.now() - started);
      toInitialized.push(await initialized);
      report(`launch ${launch + 1}: ${timeline.join(', ')}`);
      assert.strictEqual(stopped.body.reason, 'entry');
      const session = vscode.debug.activeDebugSession!;
      const stack: DebugProtocol.StackTraceResponse['body'] = await session.customRequest('stackTrace', { threadId: stopped.body.threadId, levels: 1 });
      assert.strictEqual(stack.stackFrames[0].line, firstLine, `launch ${launch + 1} stopped at ${JSON.stringify(stack.stackFrames[0])}`);
      await vscode.debug.stopDebugging(session);
      await terminated;
    }
    tracker.dispose();
    resolving.dispose();
    const ms = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
    // The window's first F5 finds a host kept for it only if the window had opened a second before; each later one
    // finds the host kept when the session before it ended.
    report(`F5 to the first stop: the window's first ${toStop[0].toFixed(0)} ms; later ones median ${median(toStop.slice(1)).toFixed(0)} ms (${ms(toStop.slice(1))}); all: median ${median(toStop).toFixed(0)} ms; to the adapter's initialized event: median ${median(toInitialized).toFixed(0)} ms (${ms(toInitialized)})`);
  });
});

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { report } from './suiteOutput';
import { waitUntil } from './waitUntil';
import { EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';
import type { DurableTsApi } from '../../../client/src/extension';

const LAUNCHES = 5;
/** The budget of issue 11 for F5 to the first stop, the window's first F5 and the later ones alike, at low load. */
const BUDGET_MS = 1000;
/** DURABLE_TS_E2E_F5_BUDGET=1 fails the test over the budget: only meaningful on an otherwise idle machine. */
const ENFORCE_BUDGET = process.env.DURABLE_TS_E2E_F5_BUDGET === '1';
/**
 * Where the extension, its adapter and the debug host note the steps of a launch, when the suite was started with
 * DURABLE_TS_DEBUG_TIMELINE naming a file (the extension host inherits it): each launch's report lists them.
 */
const STEPS_FILE = process.env.DURABLE_TS_DEBUG_TIMELINE;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * F5 to the first stop, as the user waits for it: from starting the workspace's launch configuration (stop on entry)
 * to VS Code receiving the stop. Logged (the window's first F5 apart from the later ones), with the time to the
 * adapter's `initialized` event, for the budget of 1 s (a busy machine is slower: the figures are the
 * report, the stops are the test, the budget is asked for with DURABLE_TS_E2E_F5_BUDGET=1). Each F5 comes once
 * the host the extension keeps for it has loaded, as it has for a user, who does not press F5 again within half a
 * second of the last session's end; the window's first comes first in the suite, so no session ran before it.
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
    const api = await vscode.extensions.getExtension<DurableTsApi>(EXTENSION_ID)!.activate();
    const editor = await openWorkspaceFile('src/greetings.ts');
    // A user presses F5 on a file the editor has made sense of: in a window that has just opened, TypeScript's start
    // (which opening the file set off) would be timed too.
    await waitUntil('TypeScript lists the symbols of greetings.ts', async () => ((await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', editor.document.uri)) ?? []).length > 0, 60_000);
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
      const kept = await api.debugger.whenHostKept();
      const started = (launchStarted = performance.now());
      report(`launch ${launch + 1} at ${new Date().toISOString()}, load ${os.loadavg()[0].toFixed(2)}, ${kept ? 'a host kept for it' : 'no host kept for it'}; active: ${vscode.extensions.all.filter((extension) => extension.isActive).map((extension) => extension.id).join(' ')}`);
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
      if (STEPS_FILE) report(`launch ${launch + 1}, its steps: ${stepsSince(STEPS_FILE, performance.timeOrigin + started).join(', ')}`);
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
    const [first, ...later] = toStop;
    const load = os.loadavg()[0].toFixed(2);
    report(`F5 to the first stop (budget ${BUDGET_MS} ms, load ${load}): the window's first ${first.toFixed(0)} ms; the later ones median ${median(later).toFixed(0)} ms (${ms(later)}); to the adapter's initialized event: median ${median(toInitialized).toFixed(0)} ms (${ms(toInitialized)})`);
    if (ENFORCE_BUDGET) {
      assert.ok(first <= BUDGET_MS, `the window's first F5 took ${first.toFixed(0)} ms to its stop (budget ${BUDGET_MS} ms, load ${load})`);
      assert.ok(median(later) <= BUDGET_MS, `the later F5s took a median ${median(later).toFixed(0)} ms to their stop (budget ${BUDGET_MS} ms, load ${load})`);
    }
  });
});

/** The steps noted in `file` from `since` (ms since the epoch) on, each with its time from then: "host: go 801". */
function stepsSince(file: string, since: number): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((line) => line.match(/^(\S+) \S+ (.*)$/)!)
    .map(([, at, step]) => ({ at: Number(at) - since, step }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at)
    .map(({ at, step }) => `${step} ${at.toFixed(0)}`);
}

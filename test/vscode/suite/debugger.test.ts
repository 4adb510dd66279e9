import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { canPressKeys, press, screenshot } from './suiteOutput';
import { openWorkspaceFile, revertUnsavedChanges } from './workspaceFiles';
import { waitUntil } from './waitUntil';

const LAUNCH_CONFIGURATION = 'Debug Greetings';

/** A frame's source path is a file path, or, where the extension host is remote (code-server), a remote URI. */
function sourceUri(path: string): vscode.Uri {
  return /^[a-z][\w+.-]*:\/\//i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.file(path);
}

/** How much debug console text had arrived before message `index`: a test reads only its own session's output. */
function outputLengthAt(recorder: DebugAdapterRecorder, index: number): number {
  return recorder.messages.slice(0, index).filter((message) => message.type === 'event' && (message as DebugProtocol.Event).event === 'output')
    .reduce((length, message) => length + (message as DebugProtocol.OutputEvent).body.output.length, 0);
}

describe('the durable debugger in VS Code', () => {
  let recorder: DebugAdapterRecorder;
  before(() => {
    recorder = new DebugAdapterRecorder('durable');
  });
  after(async () => {
    recorder.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    await revertUnsavedChanges();
  });

  it('stops at a breakpoint in a .ts orchestrator, shows the Orchestration scope, and continues to completion', async () => {
    const editor = await openWorkspaceFile('src/greetings.ts');
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes("the suite's breakpoint"));
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(editor.document.uri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);

    const terminated = new Promise<vscode.DebugSession>((resolve) => {
      const subscription = vscode.debug.onDidTerminateDebugSession((ended) => {
        subscription.dispose();
        resolve(ended);
      });
    });
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], LAUNCH_CONFIGURATION);
    assert.ok(started, `VS Code did not start the "${LAUNCH_CONFIGURATION}" launch configuration; ` +
      `the adapter's failed requests: ${JSON.stringify(recorder.failedResponses())}; debug console:\n${recorder.outputText()}`);
    const session = vscode.debug.activeDebugSession!;
    assert.strictEqual(session.type, 'durable');

    const stopped = await recorder.waitFor<DebugProtocol.StoppedEvent>('a stop at the breakpoint', isEventNamed('stopped'));
    assert.strictEqual(stopped.body.reason, 'breakpoint');
    const stack: DebugProtocol.StackTraceResponse['body'] = await session.customRequest('stackTrace', { threadId: stopped.body.threadId, levels: 1 });
    const top = stack.stackFrames[0];
    assert.ok(top.source?.path, 'the top frame has no source');
    assert.strictEqual(sourceUri(top.source.path).path, editor.document.uri.path);
    assert.strictEqual(top.line, line + 1);
    const scopes: DebugProtocol.ScopesResponse['body'] = await session.customRequest('scopes', { frameId: top.id });
    assert.ok(scopes.scopes.some((scope) => scope.name === 'Orchestration'), `scopes: ${JSON.stringify(scopes.scopes.map((s) => s.name))}`);
    await screenshot('breakpoint');

    // Breakpoints are hit again on every replay; with it removed, one continue runs the orchestration to its end.
    vscode.debug.removeBreakpoints([breakpoint]);
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'));
    assert.strictEqual(exited.body.exitCode, 0, `the orchestration did not complete; debug console:\n${recorder.outputText()}`);
    assert.strictEqual((await terminated).id, session.id);
    assert.match(recorder.outputText(), /Hello Seattle!/);
  });

  it('stops at the throw inside a failing activity, with its locals, when "Activity failed" is on', async () => {
    const editor = await openWorkspaceFile('src/payments.ts');
    const throwLine = editor.document.getText().split('\n').findIndex((text) => text.includes("the suite's throw"));
    const since = recorder.messages.length;
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'durable', request: 'launch', name: 'Debug Checkout', program: editor.document.uri.fsPath, orchestration: 'Checkout', input: 250, stopOnEntry: true,
    });
    assert.ok(started, `the launch did not start; debug console:\n${recorder.outputText()}`);
    const session = vscode.debug.activeDebugSession!;
    const entry = await recorder.waitFor<DebugProtocol.StoppedEvent>('the stop on entry', isEventNamed('stopped'), { since });
    // No API turns a filter of the Breakpoints view on: the request VS Code would send is sent as it would.
    await session.customRequest('setExceptionBreakpoints', { filters: ['nondeterminism', 'activityFailed'] });
    const afterEntry = recorder.messages.length;
    await session.customRequest('continue', { threadId: entry.body.threadId });

    const stopped = await recorder.waitFor<DebugProtocol.StoppedEvent>('the exception stop', isEventNamed('stopped'), { since: afterEntry });
    assert.strictEqual(stopped.body.reason, 'exception');
    const stack: DebugProtocol.StackTraceResponse['body'] = await session.customRequest('stackTrace', { threadId: stopped.body.threadId });
    const top = stack.stackFrames[0];
    assert.strictEqual(sourceUri(top.source!.path!).path, editor.document.uri.path);
    assert.strictEqual(top.line, throwLine + 1, `stopped at ${JSON.stringify(stack.stackFrames.map((frame) => `${frame.name} ${frame.source?.path}:${frame.line}`))}`);
    const scopes: DebugProtocol.ScopesResponse['body'] = await session.customRequest('scopes', { frameId: top.id });
    const locals: DebugProtocol.VariablesResponse['body'] = await session.customRequest('variables', { variablesReference: scopes.scopes[0].variablesReference });
    const values = Object.fromEntries(locals.variables.map((variable) => [variable.name, variable.value]));
    assert.strictEqual(values.amount, '250');
    assert.strictEqual(values.limit, '100');
    const info: DebugProtocol.ExceptionInfoResponse['body'] = await session.customRequest('exceptionInfo', { threadId: stopped.body.threadId });
    assert.strictEqual(info.description, "activity 'ChargeCard' failed: card declined for 250");
    // VS Code shows the stop in the editor, at the throw.
    await waitUntil('the editor shows the throw', () => vscode.window.activeTextEditor?.document.uri.path === editor.document.uri.path && vscode.window.activeTextEditor.selection.active.line === throwLine);
    await vscode.debug.stopDebugging(session);
  });

  it('completes a launch that names no program with an orchestration found in the workspace, and runs it', async () => {
    const editor = await openWorkspaceFile('src/greetings.ts');
    const since = recorder.messages.length;
    // The workspace registers two orchestrations, so the extension asks which one; Greetings is listed first.
    const picking = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
    const started = await Promise.resolve(vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0],
      { type: 'durable', request: 'launch', name: 'Durable TS' })).finally(() => clearInterval(picking));
    assert.ok(started, `the launch did not start; debug console:\n${recorder.outputText()}`);
    const session = vscode.debug.activeDebugSession!;
    assert.strictEqual(session.configuration.orchestration, 'Greetings');
    assert.strictEqual(sourceUri(session.configuration.program).path, editor.document.uri.path);
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, `the orchestration did not complete; debug console:\n${recorder.outputText()}`);
    assert.match(recorder.outputText(), /Hello Lisbon!/);
  });

  it('asks for the input of an orchestration F5 runs without a launch.json, prefilled from its parameter type, and saves it when asked', async () => {
    await vscode.commands.executeCommand('notifications.clearAll'); // earlier launches' offers to save
    const since = recorder.messages.length;
    // The prompt is accepted as offered: { customer: '', skus: [''] } from `order: Order` (the optional note left out).
    const accepting = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
    const started = await Promise.resolve(vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0],
      { type: 'durable', request: 'launch', name: 'Durable TS', orchestration: 'PlaceOrder' })).finally(() => clearInterval(accepting));
    assert.ok(started, `the launch did not start; debug console:\n${recorder.outputText()}`);
    const session = vscode.debug.activeDebugSession!;
    assert.deepStrictEqual(session.configuration.input, { customer: '', skus: [''] });
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, `the orchestration did not complete; debug console:\n${recorder.outputText()}`);
    assert.match(recorder.outputText(), /reserved a sample item/);
    if (!canPressKeys()) return; // the desktop launcher cannot click the offer
    const folder = vscode.workspace.workspaceFolders![0];
    const launchFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
    const before = await vscode.workspace.fs.readFile(launchFile);
    try {
      await vscode.commands.executeCommand('notifications.showList'); // the notification center lists the offer whether or not its toast shows
      await press('click:.notifications-center .notification-list-item:has-text("as a launch configuration") .monaco-button:has-text("Save to launch.json")');
      await vscode.commands.executeCommand('notifications.hideList');
      const saved = () => (vscode.workspace.getConfiguration('launch', folder.uri).get<vscode.DebugConfiguration[]>('configurations') ?? []).find((entry) => entry.orchestration === 'PlaceOrder');
      await waitUntil('the configuration to be saved in launch.json', () => saved() !== undefined);
      assert.deepStrictEqual(
        { program: saved()!.program, input: saved()!.input },
        { program: '${workspaceFolder}/src/orders.ts', input: { customer: '', skus: [''] } },
        'the saved configuration keeps the input given and a program that works wherever the workspace is',
      );
    } finally {
      await vscode.workspace.fs.writeFile(launchFile, before);
    }
  });

  it('stops when an orchestration fails, with "Orchestration failed" on by default, and prints the error once', async () => {
    const editor = await openWorkspaceFile('src/orders.ts');
    const since = recorder.messages.length;
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'durable', request: 'launch', name: 'Ship', program: editor.document.uri.fsPath, orchestration: 'ShipOrder', input: { customer: '', skus: ['a'] },
    });
    assert.ok(started, `the launch did not start; debug console:\n${recorder.outputText()}`);
    const session = vscode.debug.activeDebugSession!;
    const stopped = await recorder.waitFor<DebugProtocol.StoppedEvent>('a stop at the failure', isEventNamed('stopped'), { since });
    assert.strictEqual(stopped.body.reason, 'exception');
    const info: DebugProtocol.ExceptionInfoResponse['body'] = await session.customRequest('exceptionInfo', { threadId: stopped.body.threadId });
    assert.match(info.description ?? '', /cannot ship to nobody/);
    const throwLine = editor.document.getText().split('\n').findIndex((text) => text.includes("the suite's throw")) + 1;
    const trace: DebugProtocol.StackTraceResponse['body'] = await session.customRequest('stackTrace', { threadId: stopped.body.threadId });
    const top = trace.stackFrames[0];
    assert.deepStrictEqual({ file: sourceUri(top.source!.path!).path, line: top.line }, { file: editor.document.uri.path, line: throwLine }, 'the stop is at the throw in the orchestrator');
    const ended = new Promise<void>((resolve) => {
      const subscription = vscode.debug.onDidTerminateDebugSession((terminated) => {
        if (terminated.id === session.id) resolve(subscription.dispose());
      });
    });
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 1);
    await ended;
    const output = recorder.outputText().slice(outputLengthAt(recorder, since));
    assert.strictEqual(output.split('cannot ship to nobody').length - 1, 1, `the error is printed once:\n${output}`);
    assert.doesNotMatch(output, /host\.js|executor\.js|node:internal|durable-ts[\\/]dist/, `only user frames:\n${output}`);
  });
});

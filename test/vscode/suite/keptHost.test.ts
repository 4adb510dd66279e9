import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from './waitUntil';
import { EXTENSION_ID } from './workspaceFiles';

const SETTING = 'debug.keepHostStarted';

/**
 * The debug hosts the window's extension host runs (the suite runs in it): children of this process running the
 * extension's host script. With no session running, that is the host kept for the next launch.
 */
function debugHosts(): number[] {
  const hostScript = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'debugger', 'dist', 'host.js');
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null && Number(match[2]) === process.pid && match[3].includes(hostScript))
    .map((match) => Number(match![1]));
}

/** Runs the fixture's "Debug Greetings" to its end, as F5 on it does. */
async function launchToEnd(): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const subscription = vscode.debug.onDidTerminateDebugSession(() => resolve(subscription.dispose()));
  });
  assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], 'Debug Greetings'), 'the launch starts');
  await ended;
}

describe('the debug host kept started for the next launch', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('durableTs');
  after(async () => {
    await settings().update(SETTING, undefined, vscode.ConfigurationTarget.Global);
  });

  it(`is kept after a session, ended when ${SETTING} turns off, and not started again while it is off`, async () => {
    assert.strictEqual(settings().get(SETTING), true, 'on by default');
    await launchToEnd();
    const [kept] = debugHosts();
    assert.ok(kept, 'a host is kept when the session ends');

    await settings().update(SETTING, false, vscode.ConfigurationTarget.Global);
    await waitUntil('the kept host to end', () => debugHosts().length === 0);

    // A session keeps its next host as its own host exits, before VS Code hears the session ended.
    await launchToEnd();
    assert.deepStrictEqual(debugHosts(), [], 'no host is kept after a session while the setting is off');
  });
});

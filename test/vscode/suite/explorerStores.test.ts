import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { freshDatabase } from '../../runtime/helpers/postgres';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { showStore, step, useOwnStore, type ExplorerApi } from './explorerApi';
import { serveApp } from './servedApp';
import { screenshot } from './suiteOutput';
import { waitUntil } from './waitUntil';

/** Accepts what each prompt offers (an event's prefilled name, empty data) while `command` runs. */
async function acceptingPrompts(command: string, ...args: unknown[]): Promise<void> {
  const accepting = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 250);
  try {
    await vscode.commands.executeCommand(command, ...args);
  } finally {
    clearInterval(accepting);
  }
}

describe('the instance explorer on other stores', function () {
  this.timeout(180_000);
  const recorder = new DebugAdapterRecorder('durable');
  after(() => recorder.dispose());
  const { dir: storeDir, explorer: ownExplorer } = useOwnStore('durable-ts-explorer-stores-e2e-');
  let explorer: ExplorerApi;
  before(() => {
    explorer = ownExplorer();
  });

  it('lists the instances durable-ts serve runs on a PostgreSQL store, and raises an event on one from the tree', async () => {
    const url = await step('a PostgreSQL database', freshDatabase(), 120_000);
    const served = await step('durable-ts serve on it', serveApp('src/trips.ts', url));
    try {
      const instanceId = await served.start('ApproveTrip', 'Quito');
      await showStore(url);
      await waitUntil('the explorer reads the database', () => explorer.storePath() === url);
      await step('the instance listed as Running', explorer.whenInstances((instances) => instances.some((instance) => instance.instanceId === instanceId && instance.runtimeStatus === 'Running')));
      await screenshot('explorer-postgres');
      // The tree's Raise Event writes to the database; serve runs the turn; the view sees it within its poll.
      await acceptingPrompts('durableTs.instance.raiseEvent', instanceId);
      await step('the instance listed as Completed', explorer.whenInstances((instances) => instances.some((instance) => instance.instanceId === instanceId && instance.runtimeStatus === 'Completed')));
      await vscode.commands.executeCommand('durableTs.instance.showHistory', instanceId);
      await waitUntil('the history shows the completion', () => (explorer.renderedHistory(instanceId)?.firstTypes ?? []).includes('ExecutionCompleted'), 30_000);
      assert.ok(explorer.renderedHistory(instanceId)!.firstTypes.includes('EventRaised'));
    } finally {
      await served.stop();
      await showStore(storeDir);
    }
  });

  it('shows the store of a debug session launched on another store, and raises an event on its instance there', async () => {
    const sessionStore = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-session-store-e2e-'));
    const location = path.join(sessionStore, 'store.db');
    const since = recorder.messages.length;
    try {
      const program = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'src', 'trips.ts');
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
        type: 'durable', request: 'launch', name: 'Trip on a scratch store', program, orchestration: 'ApproveTrip', input: 'Lima', store: sessionStore,
      }, { noDebug: true });
      assert.ok(started, recorder.outputText());
      await step('the session\'s instance listed as Running', explorer.whenInstances((instances) => instances.some((instance) => instance.store === location && instance.runtimeStatus === 'Running')));
      assert.deepStrictEqual(explorer.stores().map(({ location: where, label, fromSession }) => ({ where, label, fromSession })), [
        { where: path.join(storeDir, 'store.db'), label: vscode.workspace.workspaceFolders![0].name, fromSession: false },
        { where: location, label: 'Trip on a scratch store', fromSession: true },
      ]);
      await screenshot('explorer-session-store');
      const { instanceId } = explorer.instances().find((instance) => instance.store === location)!;
      // The id is in the session's store only: the command finds it there and goes through the session's API.
      await acceptingPrompts('durableTs.instance.raiseEvent', instanceId);
      await step('the instance listed as Completed', explorer.whenInstances((instances) => instances.some((instance) => instance.instanceId === instanceId && instance.store === location && instance.runtimeStatus === 'Completed')));
      const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the run to exit', isEventNamed('exited'), { since });
      assert.strictEqual(exited.body.exitCode, 0, recorder.outputText());
      // The session's store stays after the session, until removed from the view (its heading's button).
      await vscode.commands.executeCommand('durableTs.explorer.removeSessionStore', location);
      assert.deepStrictEqual(explorer.stores().map(({ location: where }) => where), [path.join(storeDir, 'store.db')]);
    } finally {
      fs.rmSync(sessionStore, { recursive: true, force: true });
    }
  });
});

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DebugAdapterRecorder, isEventNamed } from './debugSessions';
import { canPressKeys, press } from './suiteOutput';

interface CreatedProject {
  folder: string;
  initExitCode: number | undefined;
  runExitCode?: number | undefined;
}

/** New projects are made outside the repository, where nothing resolves the repository's own durable-ts. */
function emptyFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('starting a project in VS Code', function () {
  this.timeout(240_000);
  let recorder: DebugAdapterRecorder;
  const folders: string[] = [];
  before(() => {
    recorder = new DebugAdapterRecorder('durable');
  });
  after(() => {
    recorder.dispose();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('"Create Durable Project" scaffolds a project in an empty folder, installs it and runs its orchestration', async () => {
    const folder = emptyFolder('durable-ts-created-');
    folders.push(folder);
    const created = await vscode.commands.executeCommand<CreatedProject>('durableTs.createProject', vscode.Uri.file(folder));
    assert.strictEqual(created.initExitCode, 0, 'init succeeded (the terminal has its output)');
    for (const file of ['package.json', 'tsconfig.json', 'src/app.ts', '.vscode/launch.json', 'node_modules/durable-ts/package.json']) {
      assert.ok(fs.existsSync(path.join(folder, file)), `${file} exists`);
    }
    assert.strictEqual(created.runExitCode, 0, 'npm start ran the orchestration to completion');
  });

  it('refuses F5 on an app that cannot resolve durable-ts, and debugs it once durable-ts is added', async () => {
    const folder = emptyFolder('durable-ts-bare-');
    folders.push(folder);
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'bare', private: true, type: 'module' }));
    const program = path.join(folder, 'app.ts');
    fs.writeFileSync(program, "import { app } from 'durable-ts';\napp.orchestration('Echo', async (ctx, text: string) => `echo ${text}`);\nexport default app;\n");
    const configuration = { type: 'durable', request: 'launch', name: 'Echo', program, orchestration: 'Echo', input: 'hi' };

    assert.strictEqual(await vscode.debug.startDebugging(undefined, configuration), false, 'the launch is refused before the app fails to load');
    if (canPressKeys()) {
      // What the user sees: the warning names the missing package, and its button adds it.
      await vscode.commands.executeCommand('notifications.showList'); // the notification center lists it whether or not its toast shows
      const message = '.notifications-center .notification-list-item-message';
      const [shown] = await press(`see:${message}:has-text("cannot find the durable-ts package")`, `read:${message}:has-text("durable-ts")`);
      assert.strictEqual(shown, `Durable TS: app.ts cannot find the durable-ts package (it is not in ${path.join(folder, 'node_modules')}). Add it to ${folder}?`);
      const installEnded = new Promise<number | undefined>((resolve) => {
        const subscription = vscode.tasks.onDidEndTaskProcess((ended) => {
          if (ended.execution.task.name !== 'Add durable-ts') return;
          subscription.dispose();
          resolve(ended.exitCode);
        });
      });
      await press('click:.notifications-center .monaco-button:has-text("Add durable-ts")');
      assert.strictEqual(await installEnded, 0, 'the npm install the button started succeeded (the terminal has its output)');
      await vscode.commands.executeCommand('notifications.hideList');
    } else {
      // The desktop launcher cannot click: the button's command, as it runs it.
      assert.strictEqual(await vscode.commands.executeCommand('durableTs.addRuntime', vscode.Uri.file(folder)), 0, 'npm install succeeded');
    }
    const installed = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    assert.match(installed.dependencies['durable-ts'], /^file:durable-ts-.*\.tgz$/);

    const since = recorder.messages.length;
    assert.ok(await vscode.debug.startDebugging(undefined, configuration), 'the launch starts');
    const exited = await recorder.waitFor<DebugProtocol.ExitedEvent>('the program to exit', isEventNamed('exited'), { since });
    assert.strictEqual(exited.body.exitCode, 0, recorder.outputText());
    assert.match(recorder.outputText(), /echo hi/);
  });
});

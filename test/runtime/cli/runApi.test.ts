import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliMain, fixtureApp, repoRoot, tempDir } from './cliProcess';
import { RemoteClient } from '../../../runtime/src/cli/remoteClient';

describe('CLI: run serves the management API while it runs, and names it in the store\'s lock', () => {
  const temp = tempDir('run-api');
  let child: ChildProcess | undefined;
  after(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    temp.remove();
  });

  it('an event raised through the advertised API reaches the running instance, which completes; run still exits', async () => {
    const gate = path.join(temp.dir, 'gate');
    child = spawn(process.execPath, [cliMain, 'run', fixtureApp('gated.ts'), 'Gated', '--instance-id', 'gated-1', '--store', temp.store], {
      cwd: repoRoot,
      env: { ...process.env, GATE: gate, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child!.on('close', resolve));

    const url = await advertisedUrl(`${temp.store}.lock`, exited);
    const api = new RemoteClient(url);
    const listed = await api.list({ instanceIdPrefix: 'gated-' });
    assert.deepEqual(listed.map((status) => status.instanceId), ['gated-1']);
    assert.ok(['Pending', 'Running'].includes(listed[0].runtimeStatus), listed[0].runtimeStatus);
    await api.raiseEvent('gated-1', 'Go', 'the event');
    fs.writeFileSync(gate, '');

    assert.equal(await exited, 0, stderr);
    assert.equal(JSON.parse(stdout), 'passed, then the event');
    assert.ok(!fs.existsSync(`${temp.store}.lock`), 'the lock is released');
  });
});

/** Waits until the lock names an HTTP address (fs.watch on its folder: the lock is replaced atomically). */
function advertisedUrl(lockFile: string, exited: Promise<number | null>): Promise<string> {
  return new Promise((resolve, reject) => {
    const read = () => {
      try {
        const url = (JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { httpUrl?: string }).httpUrl;
        if (url) (watcher.close(), resolve(url));
      } catch {
        // not there yet, or being replaced
      }
    };
    const watcher = fs.watch(path.dirname(lockFile), read);
    read();
    void exited.then((code) => (watcher.close(), reject(new Error(`run exited (${code}) before naming an API in its lock`))));
  });
}

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { request, waitForStatus } from '../http/httpHarness';
import { fixtureApp, repoRoot, runCli, startServe, tempDir } from './cliProcess';

describe('CLI: serve and run whose journal cannot be synced (EIO)', function () {
  this.timeout(30_000);
  const temp = tempDir('journal-eio');
  after(() => temp.remove());

  const preload = path.join(repoRoot, 'test/runtime/fixtures/failingSyncs.cjs');

  it('serve stops with the store\'s error, no stack, and loses nothing it acknowledged', async () => {
    const flag = path.join(temp.dir, 'fail-syncs');
    const serve = await startServe(fixtureApp('managed.ts'), ['--store', temp.store], { NODE_OPTIONS: `--require ${preload}`, DURABLE_TEST_FAIL_SYNCS: flag });
    const exited = new Promise<number | null>((resolve) => serve.child.on('exit', resolve));
    assert.equal((await request('POST', `${serve.url}/api/orchestrators/Approval/before`, '"desk"')).status, 202);
    await waitForStatus(serve, 'before', 'Running');

    fs.writeFileSync(flag, '');
    const refused = await request('POST', `${serve.url}/api/orchestrators/Approval/during`, '"desk"').catch((error: Error) => ({ status: 0, text: error.message }));
    assert.notEqual(refused.status, 202, 'a start whose commit could not be synced is not acknowledged');
    assert.equal(await exited, 1, serve.stderr());
    assert.match(serve.stderr(), /error: The store .*store\.db could not write its journal \(EIO: i\/o error, fdatasync\)\. Nothing more is accepted; fix the cause .* and restart/);
    assert.doesNotMatch(serve.stderr(), /Emitted 'error' event|^\s+at /m, `a raw crash or stack was printed:\n${serve.stderr()}`);

    fs.rmSync(flag);
    const reopened = await openStore({ path: temp.store });
    try {
      assert.equal((await createClient({ store: reopened }).getStatus('before'))?.runtimeStatus, 'Running');
    } finally {
      await reopened.close();
    }
  });

  it('run ends with the store\'s error and exit code 1, no stack, and a later run finishes from what was acknowledged', async () => {
    const store = path.join(temp.dir, 'run.db');
    const flag = path.join(temp.dir, 'fail-run-syncs');
    const env = { NODE_OPTIONS: `--require ${preload}`, DURABLE_TEST_FAIL_SYNCS: flag };
    const args = ['run', fixtureApp('diskFailsMidRun.ts'), 'Steps', '--instance-id', 'steps', '--store', store];
    const failed = await runCli(args, { env });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /error: The store .*run\.db could not write its journal \(EIO: i\/o error, fdatasync\)\. Nothing more is accepted/);
    assert.doesNotMatch(failed.stderr, /Emitted 'error' event|^\s+at /m, `a raw crash or stack was printed:\n${failed.stderr}`);
    assert.equal(failed.stdout, '', 'no output is printed for a completion that never became durable');

    fs.rmSync(flag);
    const reopened = await openStore({ path: store });
    let status: Awaited<ReturnType<ReturnType<typeof createClient>['getStatus']>>;
    try {
      const history = await reopened.getHistory('steps');
      // The second activity was dispatched, so the turn that consumed the first one's result had been made durable.
      assert.ok(history.some((event) => event.EventType === 'TaskCompleted' && event.Result === '"kept"'), JSON.stringify(history));
      status = await createClient({ store: reopened }).getStatus('steps');
    } finally {
      await reopened.close();
    }
    // This run never reported the completion, but on a loaded machine the sync that failed can be a later one than
    // the completion's, which is then on disk. Either way the instance ends with the right result.
    if (status?.runtimeStatus === 'Completed') return assert.deepEqual(status.output, ['kept', 'broken']);
    assert.equal(status?.runtimeStatus, 'Running');
    const resumed = await runCli(args, { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout), ['kept', 'broken']);
  });
});

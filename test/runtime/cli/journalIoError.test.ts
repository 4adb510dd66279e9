import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { request, waitForStatus } from '../http/httpHarness';
import { fixtureApp, repoRoot, startServe, tempDir } from './cliProcess';

describe('CLI: serve whose journal cannot be synced (EIO)', function () {
  this.timeout(30_000);
  const temp = tempDir('journal-eio');
  after(() => temp.remove());

  it('stops with the store\'s error, no stack, and loses nothing it acknowledged', async () => {
    const flag = path.join(temp.dir, 'fail-syncs');
    const preload = path.join(repoRoot, 'test/runtime/fixtures/failingSyncs.cjs');
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
});

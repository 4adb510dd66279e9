import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureApp, runCli, startServe, tempDir } from './cliProcess';
import { startOrchestration, waitForStatus } from '../http/httpHarness';

const app = fixtureApp('dfClient.ts');

describe('CLI: rewind and restart', () => {
  const temp = tempDir('rewind-cli');
  const cli = (...args: string[]) => runCli([...args, '--store', temp.store]);
  after(() => temp.remove());

  it('through a serving process: rewind reruns the failed work, is refused for an instance that is not Failed; restart prints the new id', async () => {
    const serve = await startServe(app, ['--store', temp.store], { REPAIRED_DIR: temp.dir });
    try {
      await startOrchestration(serve, 'Checkout', { item: 'pen', amount: 7 }, 'cli-checkout');
      await waitForStatus(serve, 'cli-checkout', 'Failed');
      fs.writeFileSync(path.join(temp.dir, '7'), '');
      const rewound = await cli('rewind', 'cli-checkout', '--reason', 'card fixed');
      assert.equal(rewound.code, 0, rewound.stderr);
      assert.equal(rewound.stdout.trim(), 'Rewound cli-checkout: its failed work runs again.');
      assert.deepEqual((await waitForStatus(serve, 'cli-checkout', 'Completed')).body.output, ['reserved pen (run 1)', 'charged 7']);

      const again = await cli('rewind', 'cli-checkout');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /Instance 'cli-checkout' is Completed; only a Failed instance can be rewound/);
      const unknown = await cli('rewind', 'no-such-instance');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /No orchestration instance with id 'no-such-instance'/);

      const restarted = await cli('restart', 'cli-checkout');
      assert.equal(restarted.code, 0, restarted.stderr);
      const [, newId] = /^Restarted cli-checkout as (\S+)\.$/.exec(restarted.stdout.trim()) ?? [];
      assert.ok(newId, restarted.stdout);
      assert.deepEqual((await waitForStatus(serve, newId, 'Completed')).body.input, { item: 'pen', amount: 7 });
      const sameId = await cli('restart', 'cli-checkout', '--same-id');
      assert.equal(sameId.stdout.trim(), 'Restarted cli-checkout.');
      assert.deepEqual((await waitForStatus(serve, 'cli-checkout', 'Completed')).body.output, ['reserved pen (run 3)', 'charged 7'], 'the restart under a new id had run it a second time');
    } finally {
      assert.equal(await serve.stop(), 0);
    }
  });

  it('on a store no server owns: the rewind is recorded, and the rerun runs when a server next opens the store', async () => {
    fs.rmSync(path.join(temp.dir, '8'), { force: true });
    let serve = await startServe(app, ['--store', temp.store], { REPAIRED_DIR: temp.dir });
    await startOrchestration(serve, 'Checkout', { item: 'ink', amount: 8 }, 'offline-checkout');
    await waitForStatus(serve, 'offline-checkout', 'Failed');
    assert.equal(await serve.stop(), 0);
    fs.writeFileSync(path.join(temp.dir, '8'), '');
    const rewound = await cli('rewind', 'offline-checkout');
    assert.equal(rewound.code, 0, rewound.stderr);
    assert.match((await cli('status', 'offline-checkout')).stdout, /"runtimeStatus": "Running"/);
    serve = await startServe(app, ['--store', temp.store], { REPAIRED_DIR: temp.dir });
    try {
      assert.deepEqual((await waitForStatus(serve, 'offline-checkout', 'Completed')).body.output, ['reserved ink (run 1)', 'charged 8']);
    } finally {
      assert.equal(await serve.stop(), 0);
    }
  });
});

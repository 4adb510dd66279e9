import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { fixtureApp, runCli, tempDir } from './cliProcess';

describe('CLI: durable-ts worker', function () {
  this.timeout(30_000);

  it('refuses a store other processes cannot share, saying what it needs, and creates no files', async () => {
    const temp = tempDir('worker');
    try {
      const result = await runCli(['worker', fixtureApp('family.ts'), '--store', temp.store]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /worker needs --store postgres:\/\/USER\[:PASSWORD\]@HOST:PORT\/DATABASE/);
      assert.deepEqual(fs.readdirSync(temp.dir), []);
    } finally {
      temp.remove();
    }
  });

  it('says which database it cannot reach, with exit code 1', async () => {
    const result = await runCli(['worker', fixtureApp('family.ts'), '--store', 'postgres://nobody:secret@127.0.0.1:1/orders']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot open the store postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/orders: connect ECONNREFUSED/);
    assert.doesNotMatch(result.stderr, /secret/, 'the password is not printed');
  });

  it('refuses --time-skip, saying that it skips one process\'s clock, before it opens anything', async () => {
    const result = await runCli(['worker', fixtureApp('family.ts'), '--store', 'postgres://u@127.0.0.1:1/d', '--time-skip']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /worker takes no --time-skip: time-skipping moves one process's clock/);
    assert.match(result.stderr, /durable-ts run --time-skip' or 'durable-ts serve --time-skip' as the only process on the store/);
    assert.doesNotMatch(result.stderr, /Cannot open the store/, 'refused before it connects');
  });

  it('rejects a --lease-ms that is not a whole number of at least 100', async () => {
    const result = await runCli(['worker', fixtureApp('family.ts'), '--store', 'postgres://u@127.0.0.1:1/d', '--lease-ms', '5']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--lease-ms must be a whole number of at least 100, got '5'/);
  });
});

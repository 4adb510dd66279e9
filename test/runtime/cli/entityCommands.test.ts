import { strict as assert } from 'node:assert';
import { fixtureApp, runCli, startServe, tempDir } from './cliProcess';

const app = fixtureApp('entities.ts');

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('CLI: entity commands', function () {
  // Each step is a CLI process of its own, a few of them a `serve`.
  this.timeout(90_000);
  it('through a serving process: signal, get, list (held, waiting, state) and clean', async () => {
    const temp = tempDir('entity-served');
    const cli = (...args: string[]) => runCli([...args, '--store', temp.store]);
    const serve = await startServe(app, ['--store', temp.store]);
    try {
      assert.match(serve.stdout(), /Serving HoldCounter, entity Counter on/);
      const signalled = await cli('entity', 'signal', '@counter@a', 'add', '--input', '5');
      assert.equal(signalled.code, 0, signalled.stderr);
      assert.equal(signalled.stdout.trim(), "Signalled 'add' to @counter@a.");
      const got = await eventually(() => cli('entity', 'get', '@counter@a'), (result) => result.code === 0);
      assert.equal(got.stdout.trim(), '5');

      const started = await fetch(`${serve.url}/api/orchestrators/HoldCounter/holder`, { method: 'POST', body: '"b"' });
      assert.equal(started.status, 202);
      await eventually(() => cli('entity', 'get', '@counter@b'), (result) => result.stdout.trim() === '1');
      assert.equal((await cli('entity', 'signal', '@counter@b', 'add', '--input', '10')).code, 0);
      const listed = await eventually(() => cli('entity', 'list', '--name', 'Counter', '--state'), (result) => result.stdout.includes('waiting'));
      assert.match(listed.stdout, /^@counter@a {2}\S+ {2}5$/m);
      assert.match(listed.stdout, /^@counter@b {2}\S+ {2}locked by holder, 1 waiting {2}1$/m);

      assert.equal((await cli('entity', 'signal', '@counter@a', 'reset')).code, 0);
      await eventually(() => cli('entity', 'get', '@counter@a'), (result) => result.code === 1);
      const cleaned = await cli('entity', 'clean');
      assert.equal(cleaned.stdout.trim(), 'Removed 1 empty entities; released 0 orphaned locks.');
      assert.deepEqual((await cli('entity', 'list', '--include-deleted')).stdout.trim().split('\n').map((line) => line.split(' ')[0]), ['@counter@b']);
    } finally {
      await serve.stop();
      temp.remove();
    }
  });

  it('on a store no one serves: a signal waits in it for the next serve; get and list read it', async () => {
    const temp = tempDir('entity-local');
    const cli = (...args: string[]) => runCli([...args, '--store', temp.store]);
    try {
      const serve = await startServe(app, ['--store', temp.store]);
      await serve.stop();
      assert.equal((await cli('entity', 'signal', '@counter@q', 'add', '--input', '3')).code, 0);
      const missing = await cli('entity', 'get', '@counter@q');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /No entity @counter@q \(it has no state\)/);
      const again = await startServe(app, ['--store', temp.store]);
      await eventually(() => cli('entity', 'get', '@counter@q'), (result) => result.code === 0);
      await again.stop();
      assert.equal((await cli('entity', 'get', '@counter@q')).stdout.trim(), '3');
      assert.match((await cli('entity', 'list', '--state')).stdout, /^@counter@q {2}\S+ {2}3$/m);
    } finally {
      temp.remove();
    }
  });

  it('bad input gets a clear error', async () => {
    const temp = tempDir('entity-bad');
    try {
      const serve = await startServe(app, ['--store', temp.store]);
      await serve.stop();
      const cases: [string[], RegExp][] = [
        [['entity'], /entity needs a command: signal, get, list or clean/],
        [['entity', 'poke'], /Unknown entity command 'poke'/],
        [['entity', 'signal', 'counter', 'add'], /'counter' is not an entity id: write it as @name@key/],
        [['entity', 'signal', '@counter@a'], /Missing <operation>/],
        [['entity', 'signal', '@counter@a', 'add', '--input', '{x'], /--input is not valid JSON/],
        [['entity', 'list', '--top', '0'], /--top must be a positive integer/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli([...args, '--store', temp.store]);
        assert.notEqual(result.code, 0, args.join(' '));
        assert.match(result.stderr, message, args.join(' '));
      }
    } finally {
      temp.remove();
    }
  });
});

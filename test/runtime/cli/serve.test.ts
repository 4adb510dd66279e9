import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { fixtureApp, runCli, tempDir } from './cliProcess';

describe('CLI: durable-ts serve failing to start', () => {
  const temp = tempDir('serve-errors');
  after(() => temp.remove());

  it('says the port is in use and what to do, and leaves the store unlocked', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['serve', fixtureApp('managed.ts'), '--port', String(port), '--store', temp.store]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), `error: Port ${port} on 127.0.0.1 is in use. Stop what uses it, or pass another --port (--port 0 picks a free one).`);
      assert.equal(fs.existsSync(`${temp.store}.lock`), false, 'the store lock was released');
    } finally {
      blocker.close();
    }
  });

  it('says when --host is not an address of this machine', async () => {
    // 203.0.113.0/24 is reserved for documentation: no machine has it.
    const result = await runCli(['serve', fixtureApp('managed.ts'), '--port', '0', '--host', '203.0.113.7', '--no-auth', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'error: --host 203.0.113.7 is not an address of this machine. Leave it out to serve on 127.0.0.1.');
  });

  it('rejects a --port that is not a port number with the usage (exit 2)', async () => {
    const result = await runCli(['serve', fixtureApp('managed.ts'), '--port', '70000', '--store', temp.store]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: --port must be a port number, got '70000'\./);
  });

  it('reports an app that cannot be loaded without serving anything', async () => {
    const result = await runCli(['serve', fixtureApp('errors/enum.ts'), '--port', '0', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: .*enum\.ts:3:1: /);
    assert.equal(result.stdout, '');
  });
});

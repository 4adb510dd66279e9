import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { fixtureApp, startServe, tempDir, type ServeProcess } from '../cli/cliProcess';
import { instanceUrl, request, waitForStatus } from './httpHarness';

describe('HTTP API through a real `durable-ts serve` process', () => {
  const temp = tempDir('serve-http');
  let serve: ServeProcess;
  before(async () => (serve = await startServe(fixtureApp('managed.ts'), ['--store', temp.store])));
  after(async () => {
    assert.equal(await serve.stop(), 0, 'serve exits cleanly on SIGTERM');
    temp.remove();
  });

  it('prints the loopback URL it bound to when given --port 0', () => {
    assert.match(serve.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(serve.url).port, '0');
  });

  it('starts an orchestration, answers 202 while it waits and 200 once an event completes it', async () => {
    const started = await request('POST', `${serve.url}/api/orchestrators/Approval/via-serve`, '"budget"');
    assert.equal(started.status, 202);
    assert.equal(started.headers.get('location'), instanceUrl(serve, 'via-serve', '?taskHub=DurableTs&connection=Storage'));
    assert.equal((await waitForStatus(serve, 'via-serve', 'Running')).status, 202);
    assert.equal((await request('POST', started.body.sendEventPostUri.replace('{eventName}', 'Approval'), 'true')).status, 202);
    const done = await waitForStatus(serve, 'via-serve', 'Completed');
    assert.equal(done.status, 200);
    assert.equal(done.body.output, 'budget: approved');
  });

  it('shows the progress of its orchestrations on stderr', async () => {
    await waitForStatus(serve, 'via-serve', 'Completed');
    assert.match(serve.stderr(), /Approval EventRaised Approval/);
    assert.match(serve.stderr(), /Approval ExecutionCompleted/);
  });

  it('binds to 127.0.0.1 only: the port does not answer on another address', async () => {
    // 127.0.0.2 reaches this host too, but only a socket bound to all addresses accepts there.
    const port = Number(new URL(serve.url).port);
    assert.equal(await accepts('127.0.0.1', port), true);
    assert.equal(await accepts('127.0.0.2', port), false);
  });
});

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

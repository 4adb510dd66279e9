import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { startOrchestration } from '../http/httpHarness';
import { killHosts, hostileApp, hostileDir, servedUrl, startHost, storedInstance, waitUntil } from './hostProcess';

describe('stopping a host whose activity never settles', function () {
  this.timeout(60_000);
  let dir: ReturnType<typeof hostileDir>;
  beforeEach(() => (dir = hostileDir('shutdown')));
  afterEach(async () => {
    await killHosts();
    dir.remove();
  });

  it('SIGTERM waits the shutdown timeout, abandons the activity, releases the lock and exits; the activity runs again on the next start', async () => {
    const serve = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store, '--shutdown-timeout-ms', '300'], { log: dir.log });
    await startOrchestration({ url: await servedUrl(serve) }, 'NeverSettles', undefined, 'stuck');
    await waitUntil(() => dir.starts().length === 1, 'the activity has started');
    const signalled = Date.now();
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;
    assert.equal(code, 0, serve.stderr());
    assert.ok(Date.now() - signalled < 5_000, `exited ${Date.now() - signalled} ms after SIGTERM`);
    assert.match(serve.stderr(), /Stopped waiting after 300 ms: abandoned 1 activity \(NeverSettles\)/);
    assert.equal(fs.existsSync(dir.lock), false, 'the lock is released');

    const again = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store, '--shutdown-timeout-ms', '300'], { log: dir.log });
    await waitUntil(() => dir.starts().length === 2, 'the abandoned activity has run again');
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0, again.stderr());
  });

  it('a second SIGTERM exits at once, releasing the lock and losing nothing acknowledged', async () => {
    const serve = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store], { log: dir.log });
    const url = await servedUrl(serve);
    await startOrchestration({ url }, 'NeverSettles', undefined, 'stuck');
    await startOrchestration({ url }, 'Quick', 'kept', 'acknowledged');
    await waitUntil(() => dir.starts().some((line) => line.startsWith('NeverSettles ')), 'the activity has started');
    serve.child.kill('SIGTERM');
    await waitUntil(() => /Stopping/.test(serve.stderr()), 'the host has begun its graceful stop');
    const signalled = Date.now();
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;
    assert.equal(code, 143, serve.stderr());
    assert.ok(Date.now() - signalled < 5_000, `exited ${Date.now() - signalled} ms after the second SIGTERM, within the 10 s default timeout`);
    assert.match(serve.stderr(), /SIGTERM again: exiting at once/);
    assert.equal(fs.existsSync(dir.lock), false, 'the lock is released');
    assert.equal((await storedInstance(dir.store, 'stuck'))?.status, 'Running');
    assert.ok(await storedInstance(dir.store, 'acknowledged'), 'the acknowledged start survived');
  });

  it('`run` stops the same way on SIGINT, saying how to continue', async () => {
    const run = startHost(['run', hostileApp, 'NeverSettles', '--instance-id', 'stuck', '--store', dir.store, '--shutdown-timeout-ms', '200'], { log: dir.log });
    await waitUntil(() => dir.starts().length === 1, 'the activity has started');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 130, run.stderr());
    assert.match(run.stderr(), /SIGINT: stopping .* Continue NeverSettles \(stuck\) with 'durable-ts run /);
    assert.match(run.stderr(), /abandoned 1 activity \(NeverSettles\)/);
    assert.equal(fs.existsSync(dir.lock), false, 'the lock is released');
  });
});

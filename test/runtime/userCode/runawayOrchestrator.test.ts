import { strict as assert } from 'node:assert';
import { AsyncLocalStorage } from 'node:async_hooks';
import { runCli } from '../cli/cliProcess';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import { startOrchestration, waitForStatus } from '../http/httpHarness';
import { hostileApp, hostileDir, killHosts, servedUrl, startHost, storedInstance, waitUntil } from './hostProcess';

describe('an orchestrator that never yields (`while (true) {}` after its first await)', function () {
  this.timeout(60_000);
  let dir: ReturnType<typeof hostileDir>;
  beforeEach(() => (dir = hostileDir('runaway')));
  afterEach(async () => {
    await killHosts();
    dir.remove();
  });

  it('is stopped at the turn deadline and its instance failed, naming the orchestration and the line; the rest keeps running', async () => {
    const serve = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store, '--turn-deadline-ms', '500'], { log: dir.log });
    const url = await servedUrl(serve);
    await startOrchestration({ url }, 'Runaway', undefined, 'spin');
    await startOrchestration({ url }, 'Quick', 'still served', 'after');
    const failed = (await waitForStatus({ url }, 'spin', 'Failed')).body;
    assert.match(
      (failed.output as { message: string }).message,
      /^Orchestration 'Runaway' \(spin\) ran for more than 500 ms without yielding, at .*hostile\.ts:76:\d+\)?\. Orchestrator code must not block/,
    );
    assert.equal((await waitForStatus({ url }, 'after', 'Completed')).body.output, 'still served');
    await startOrchestration({ url }, 'Quick', 'also served', 'later');
    assert.equal((await waitForStatus({ url }, 'later', 'Completed')).body.output, 'also served');
    serve.child.kill('SIGTERM');
    assert.equal((await serve.exited).code, 0, serve.stderr());
  });

  it('a host killed while it spins fails the instance after restarting, instead of hanging again', async () => {
    // `run`, not `serve`: a server whose code spins from the start may never send the answer to the start request.
    const first = startHost(['run', hostileApp, 'Runaway', '--instance-id', 'spin', '--store', dir.store, '--turn-deadline-ms', '0'], { log: dir.log });
    // Killed as the turn that spins begins, or just before: either way the next host runs that turn.
    await waitUntil(() => dir.starts().length > 0, 'the activity before the loop has run');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store, '--turn-deadline-ms', '500'], { log: dir.log });
    const url = await servedUrl(second);
    await waitForStatus({ url }, 'spin', 'Failed');
    await startOrchestration({ url }, 'Quick', 'served', 'after');
    assert.equal((await waitForStatus({ url }, 'after', 'Completed')).body.output, 'served');
  });

  it('an offline terminate ends it without running its code again; purge then removes it', async () => {
    // `run`, not `serve`: a server whose code spins from the start may never send the answer to the start request.
    const first = startHost(['run', hostileApp, 'Runaway', '--instance-id', 'spin', '--store', dir.store, '--turn-deadline-ms', '0'], { log: dir.log });
    // Killed as the turn that spins begins, or just before: either way the next host runs that turn.
    await waitUntil(() => dir.starts().length > 0, 'the activity before the loop has run');
    first.child.kill('SIGKILL');
    await first.exited;

    const terminate = await runCli(['terminate', 'spin', '--store', dir.store, '--reason', 'runaway']);
    assert.equal(terminate.code, 0, terminate.stderr);
    // With the watchdog off, code that ran again would spin forever: this host ends the instance without running it.
    const second = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store, '--turn-deadline-ms', '0'], { log: dir.log });
    const url = await servedUrl(second);
    assert.equal((await waitForStatus({ url }, 'spin', 'Terminated')).body.output, 'runaway');
    second.child.kill('SIGTERM');
    assert.equal((await second.exited).code, 0, second.stderr());

    const purge = await runCli(['purge', 'spin', '--store', dir.store]);
    assert.equal(purge.code, 0, purge.stderr);
    assert.equal(await storedInstance(dir.store, 'spin'), undefined);
  });

  it('is stopped in a runtime created from code too, which keeps running other instances', async () => {
    const app = new DurableApp();
    const echo = app.activity('Echo', (value: string) => value);
    app.orchestration('Spins', async (ctx) => {
      await ctx.callActivity(echo, 'first');
      for (;;);
    });
    app.orchestration('Quick', async (ctx, value: string) => ctx.callActivity(echo, value));
    await withRuntime(app, { turnDeadlineMs: 300 }, async (runtime) => {
      const spinning = runToEnd(runtime, 'Spins');
      assert.equal((await runToEnd(runtime, 'Quick', 'done')).output, 'done');
      const failed = await spinning;
      assert.equal(failed.runtimeStatus, 'Failed');
      assert.match((failed.output as { message: string }).message, /^Orchestration 'Spins' \(\w+\) ran for more than 300 ms without yielding, at .*runawayOrchestrator\.test\.ts:\d+:\d+/);
    });
  });

  it('is stopped without taking down a host whose app uses AsyncLocalStorage (async hooks on)', async () => {
    // Node aborted the whole process here (an async id stack check) before the watchdog cleared that stack.
    const requests = new AsyncLocalStorage<string>();
    const app = new DurableApp();
    const echo = app.activity('Echo', (value: string) => `${value} in ${requests.getStore() ?? 'no request'}`);
    app.orchestration('SpinsInRequest', async (ctx) => {
      await ctx.callActivity(echo, 'first');
      for (;;);
    });
    app.orchestration('Quick', async (ctx, value: string) => ctx.callActivity(echo, value));
    await withRuntime(app, { turnDeadlineMs: 300 }, async (runtime) => {
      const failed = await requests.run('request 1', () => runToEnd(runtime, 'SpinsInRequest'));
      assert.equal(failed.runtimeStatus, 'Failed');
      assert.match((failed.output as { message: string }).message, /^Orchestration 'SpinsInRequest' \(\w+\) ran for more than 300 ms without yielding/);
      assert.equal((await requests.run('request 2', () => runToEnd(runtime, 'Quick', 'done'))).runtimeStatus, 'Completed');
    });
  });

  it('is told apart from the instances whose turns started with it, each of which completes', async () => {
    const app = new DurableApp();
    const echo = app.activity('Echo', (value: string) => value);
    app.orchestration('SpinsAtOnce', () => {
      for (;;);
    });
    app.orchestration('Quick', async (ctx, value: string) => ctx.callActivity(echo, value));
    await withRuntime(app, { turnDeadlineMs: 300 }, async (runtime) => {
      // Started together, their first turns start together, before and after the one that spins.
      const quick = (n: number) => Array.from({ length: n }, () => runtime.client.start('Quick', 'done'));
      const ids = await Promise.all([...quick(5), runtime.client.start('SpinsAtOnce'), ...quick(5)]);
      const statuses = await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id, { timeoutMs: 15_000 })));
      const failed = statuses.filter((status) => status.runtimeStatus === 'Failed');
      assert.deepEqual(failed.map((status) => status.name), ['SpinsAtOnce']);
      assert.match((failed[0].output as { message: string }).message, /^Orchestration 'SpinsAtOnce' \(\w+\) ran for more than 300 ms without yielding, at .*runawayOrchestrator\.test\.ts:\d+:\d+/);
      assert.deepEqual(statuses.filter((status) => status !== failed[0]).map((status) => status.output), Array(10).fill('done'));
    });
  });
});

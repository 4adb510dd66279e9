import { strict as assert } from 'node:assert';
import { runCli } from '../cli/cliProcess';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import { hostileApp, hostileDir, killHosts, servedUrl, startHost, startViaHttp, storedInstance, waitUntil } from './hostProcess';

interface Status {
  runtimeStatus: string;
  output: unknown;
}

async function statusOf(url: string, instanceId: string): Promise<Status> {
  return (await (await fetch(`${url}/runtime/webhooks/durabletask/instances/${instanceId}`)).json()) as Status;
}

/** Poll the served status until it is `wanted` (the server answers while the runaway spins, or after). */
async function waitForStatus(url: string, instanceId: string, wanted: string): Promise<Status> {
  let status = await statusOf(url, instanceId);
  for (const deadline = Date.now() + 15_000; status.runtimeStatus !== wanted && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = await statusOf(url, instanceId);
  }
  assert.equal(status.runtimeStatus, wanted, JSON.stringify(status));
  return status;
}

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
    await startViaHttp(url, 'Runaway', 'spin');
    await startViaHttp(url, 'Quick', 'after', 'still served');
    const failed = await waitForStatus(url, 'spin', 'Failed');
    assert.match(
      (failed.output as { message: string }).message,
      /^Orchestration 'Runaway' \(spin\) ran for more than 500 ms without yielding, at .*hostile\.ts:76:\d+\)?\. Orchestrator code must not block/,
    );
    assert.equal((await waitForStatus(url, 'after', 'Completed')).output, 'still served');
    await startViaHttp(url, 'Quick', 'later', 'also served');
    assert.equal((await waitForStatus(url, 'later', 'Completed')).output, 'also served');
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
    await waitForStatus(url, 'spin', 'Failed');
    await startViaHttp(url, 'Quick', 'after', 'served');
    assert.equal((await waitForStatus(url, 'after', 'Completed')).output, 'served');
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
    assert.equal((await waitForStatus(url, 'spin', 'Terminated')).output, 'runaway');
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
});

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { hostileApp, hostileDir, killHosts, startHost, storedInstance, waitUntil } from './hostProcess';
import { repoRoot } from '../cli/cliProcess';

const CRASH_LIMIT = 2;

/**
 * Re-run `durable-ts run` for one instance the way a supervisor restarts a dying host, until a run ends on its
 * own; how each run ended, in order.
 */
async function restartUntilSettled(dir: ReturnType<typeof hostileDir>, orchestration: string, nodeFlags: string[] = []) {
  const endings: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }[] = [];
  for (let run = 0; run < CRASH_LIMIT + 3; run++) {
    const host = startHost(['run', hostileApp, orchestration, '--instance-id', 'victim', '--store', dir.store, '--crash-limit', String(CRASH_LIMIT), '--quiet'], { log: dir.log, nodeFlags });
    const { code, signal } = await host.exited;
    endings.push({ code, signal, stdout: host.lines.join('\n'), stderr: host.stderr() });
    if (code === 0 || code === 1) break; // the instance finished (completed, or failed)
  }
  return endings;
}

describe('poison handling: work that kills its host is failed after a few deaths in a row', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof hostileDir>;
  beforeEach(() => (dir = hostileDir('poison')));
  afterEach(async () => {
    await killHosts();
    dir.remove();
  });

  it('an activity that SIGKILLs its host is failed, saying so, instead of killing every restart', async () => {
    const endings = await restartUntilSettled(dir, 'KillsHost');
    assert.deepEqual(endings.map((ending) => ending.signal ?? ending.code), ['SIGKILL', 'SIGKILL', 1], endings.map((ending) => ending.stderr).join('\n---\n'));
    assert.match(endings[2].stdout, /Activity 'KillsHost' was running each of the last 2 times the host died .* so it is not run again/);
    assert.equal(dir.starts().length, CRASH_LIMIT, 'it ran once per death, not again');
    assert.equal((await storedInstance(dir.store, 'victim'))?.status, 'Failed');
  });

  it('a host killed while it starts, before it runs the work again, is no death of that work', async () => {
    const host = (nodeFlags: string[] = []) =>
      startHost(['run', hostileApp, 'KillsHost', '--instance-id', 'victim', '--store', dir.store, '--crash-limit', String(CRASH_LIMIT), '--quiet'], { log: dir.log, nodeFlags });
    const killedBy = async (nodeFlags: string[] = []) => (await host(nodeFlags).exited).signal;
    assert.equal(await killedBy(), 'SIGKILL'); // by the activity
    const dieWhileStarting = ['--require', path.join(repoRoot, 'test/runtime/fixtures/dieWhileStarting.cjs')];
    for (let death = 1; death <= CRASH_LIMIT + 1; death++) assert.equal(await killedBy(dieWhileStarting), 'SIGKILL');
    assert.equal(dir.starts().length, 1, 'the hosts killed while starting ran nothing');
    // The activity was running at one death only: it runs again, and the second death it causes makes it poison.
    assert.equal(await killedBy(), 'SIGKILL');
    assert.equal(dir.starts().length, 2);
    const last = host();
    assert.equal((await last.exited).code, 1, last.stderr());
    assert.match(last.lines.join('\n'), /Activity 'KillsHost' was running each of the last 2 times the host died/);
    assert.equal(dir.starts().length, 2);
  });

  it("an entity operation that SIGKILLs its host fails its caller's call, saying so, instead of killing every restart", async () => {
    const endings = await restartUntilSettled(dir, 'CallsKillerEntity');
    assert.deepEqual(endings.map((ending) => ending.signal ?? ending.code), ['SIGKILL', 'SIGKILL', 1], endings.map((ending) => ending.stderr).join('\n---\n'));
    assert.match(endings[2].stdout, /Entity @killer@x had an operation running each of the last 2 times the host died .* so its operations were failed instead of being run again/);
    assert.equal(dir.starts().length, CRASH_LIMIT, 'it ran once per death, not again');
    assert.equal((await storedInstance(dir.store, 'victim'))?.status, 'Failed');
  });

  it('an activity that runs the host out of memory is failed after the same number of deaths', async () => {
    const endings = await restartUntilSettled(dir, 'AllocatesForever', ['--max-old-space-size=48']);
    assert.equal(endings.length, CRASH_LIMIT + 1, endings.map((ending) => ending.stderr.slice(-300)).join('\n---\n'));
    for (const death of endings.slice(0, -1)) assert.match(death.stderr, /heap out of memory/);
    assert.equal(endings[CRASH_LIMIT].code, 1);
    assert.match(endings[CRASH_LIMIT].stdout, /Activity 'AllocatesForever' was running each of the last 2 times the host died/);
  });

  it('an orchestrator that runs the host out of memory ends its crash loop too', async () => {
    const endings = await restartUntilSettled(dir, 'AllocatingOrchestrator', ['--max-old-space-size=48']);
    const last = endings[endings.length - 1];
    assert.equal(last.code, 1, endings.map((ending) => ending.stderr.slice(-300)).join('\n---\n'));
    for (const death of endings.slice(0, -1)) assert.match(death.stderr, /heap out of memory/);
    // The turn that runs out of memory never commits, so what the deaths find pending is the work before it: the
    // instance's turn or the activity it awaited, whichever the store had made durable.
    assert.ok(endings.length <= CRASH_LIMIT + 2, `${endings.length} runs`);
    assert.match(last.stdout, /running each of the last 2 times the host died/);
    assert.equal((await storedInstance(dir.store, 'victim'))?.status, 'Failed');
  });

  it('stopping a host on purpose is no death: an activity abandoned by each stop keeps running again', async () => {
    for (let stop = 1; stop <= CRASH_LIMIT + 1; stop++) {
      const host = startHost(['run', hostileApp, 'NeverSettles', '--instance-id', 'victim', '--store', dir.store, '--crash-limit', String(CRASH_LIMIT), '--shutdown-timeout-ms', '100'], { log: dir.log });
      await waitUntil(() => dir.starts().length === stop, `the activity has started for the ${stop}. time`);
      host.child.kill('SIGTERM');
      assert.equal((await host.exited).code, 143, host.stderr());
    }
    assert.equal((await storedInstance(dir.store, 'victim'))?.status, 'Running');
  });
});

import { strict as assert } from 'node:assert';
import { startOrchestration, waitForStatus } from '../http/httpHarness';
import { killHosts, hostileApp, hostileDir, servedUrl, startHost, waitUntil } from './hostProcess';

async function runToEnd(dir: ReturnType<typeof hostileDir>, orchestration: string) {
  const run = startHost(['run', hostileApp, orchestration, '--instance-id', orchestration, '--store', dir.store], { log: dir.log });
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.lines.join('\n'), stderr: run.stderr() };
}

describe('errors that escape an activity fail that activity, not the host', function () {
  this.timeout(60_000);
  let dir: ReturnType<typeof hostileDir>;
  beforeEach(() => (dir = hostileDir('activity-crash')));
  afterEach(async () => {
    await killHosts();
    dir.remove();
  });

  const cases: [orchestration: string, message: RegExp][] = [
    ['ThrowsFromTimer', /Activity 'ThrowsFromTimer' crashed: an exception thrown from a callback it scheduled escaped it: thrown from a timer callback/],
    ['RejectsUnhandled', /Activity 'RejectsUnhandled' crashed: a promise rejection nobody handled escaped it: a rejection nobody handles/],
    ['ExitsProcess', /Activity 'ExitsProcess' called process.exit\(3\); an activity must not end the host, so it failed instead/],
  ];
  for (const [orchestration, message] of cases) {
    it(`${orchestration}: the instance fails with the activity's error and the host exits normally`, async () => {
      const result = await runToEnd(dir, orchestration);
      assert.equal(result.signal, null);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`${orchestration} \\(${orchestration}\\) Failed`));
      assert.match(result.stdout, message);
      // The first escape cannot be told apart from the other running activities' doings: the host runs them again,
      // tracking which activity each callback belongs to, and the second escape fails the one at fault.
      assert.match(result.stderr, new RegExp(`while activities ran.* They run again \\(${orchestration}\\), now tracked`));
      assert.deepEqual(dir.starts().map((line) => line.split(' ')[0]), [orchestration, orchestration], 'the activity ran again, tracked, then failed');
      assert.equal(new Set(dir.starts().map((line) => line.split(' ')[1])).size, 1, 'all in one host process');
    });
  }

  it('a serving host keeps serving: other instances complete after one activity crashed', async () => {
    const serve = startHost(['serve', hostileApp, '--port', '0', '--store', dir.store], { log: dir.log });
    const url = await servedUrl(serve);
    await startOrchestration({ url }, 'RejectsUnhandled', undefined, 'crashing');
    await waitUntil(() => dir.starts().length >= 1, 'the crashing activity has started');
    await startOrchestration({ url }, 'Quick', 'still here', 'after');
    assert.equal((await waitForStatus({ url }, 'after', 'Completed')).body.output, 'still here');
    await waitForStatus({ url }, 'crashing', 'Failed');
    serve.child.kill('SIGTERM');
    assert.equal((await serve.exited).code, 0, serve.stderr());
  });
});

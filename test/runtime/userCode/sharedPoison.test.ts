/**
 * Poison handling on a PostgreSQL task hub: there is no host to restart, but worker processes that take over the
 * work a dead one leased. A work item whose holder died each time it held it is failed after `--crash-limit`
 * deaths, saying so; a holder that stops on purpose lets go of its work first, which counts as no death.
 */
import { strict as assert } from 'node:assert';
import { createClient } from '../../../runtime/src/client/client';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { freshDatabase } from '../helpers/postgres';
import { hostileApp, hostileDir, killHosts, startHost, waitUntil } from './hostProcess';

const CRASH_LIMIT = 2;
const LEASE_MS = 300;

describe('poison handling on PostgreSQL: work whose holder dies each time is failed after a few deaths', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof hostileDir>;
  let store: DurableStore;
  let url: string;
  beforeEach(async () => {
    dir = hostileDir('shared-poison');
    url = await freshDatabase();
    store = await openStoreAt(url);
  });
  afterEach(async () => {
    await killHosts();
    await store.close();
    dir.remove();
  });

  const worker = (extra: string[] = [], nodeFlags: string[] = []) =>
    startHost(['worker', hostileApp, '--store', url, '--lease-ms', String(LEASE_MS), '--crash-limit', String(CRASH_LIMIT), '--quiet', ...extra], { log: dir.log, nodeFlags });

  it('fails an activity that SIGKILLs each worker that takes it, saying so, once it has killed --crash-limit of them', async () => {
    const client = createClient({ store });
    await client.start('KillsHost', undefined, { instanceId: 'victim' });
    const endings: (string | number | null)[] = [];
    for (let death = 1; death <= CRASH_LIMIT; death++) {
      const host = worker();
      const { code, signal } = await host.exited;
      endings.push(signal ?? code);
    }
    assert.deepEqual(endings, ['SIGKILL', 'SIGKILL'], 'each worker that ran it died');
    const survivor = worker();
    const status = await client.waitForCompletion('victim', { timeoutMs: 30_000 });
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(JSON.stringify(status.output), /Activity 'KillsHost' was running each of the last 2 times the host died .* so it is not run again/);
    assert.equal(dir.starts().length, CRASH_LIMIT, 'it ran once per death, not again');
    survivor.child.kill('SIGTERM');
    assert.equal((await survivor.exited).code, 0, survivor.stderr());
  });

  it('ends the crash loop of an orchestration whose turn runs each worker that takes it out of memory', async () => {
    const client = createClient({ store });
    await client.start('AllocatingOrchestrator', undefined, { instanceId: 'victim' });
    const finished = client.waitForCompletion('victim', { timeoutMs: 60_000 });
    // The turn that runs out of memory never commits, so what a death leaves is the work before it: the activity
    // the turn awaited, or its result, whichever was durable. Either is failed after two deaths.
    let workers = 0;
    for (let outcome: unknown; outcome !== 'finished'; workers++) {
      const host = worker([], ['--max-old-space-size=48']);
      outcome = await Promise.race([host.exited, finished.then(() => 'finished')]);
      if (outcome !== 'finished') assert.match(host.stderr(), /heap out of memory/);
    }
    assert.ok(workers <= CRASH_LIMIT + 3, `${workers} workers`);
    const status = await finished;
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(JSON.stringify(status.output), /running each of the last 2 times the host died/);
  });

  it('counts no death when a worker stops on purpose: an activity abandoned by each stop keeps running again', async () => {
    const client = createClient({ store });
    await client.start('NeverSettles', undefined, { instanceId: 'victim' });
    for (let stop = 1; stop <= CRASH_LIMIT + 1; stop++) {
      const host = worker(['--shutdown-timeout-ms', '100']);
      await waitUntil(() => dir.starts().length === stop, `the activity has started for the ${stop}. time`);
      host.child.kill('SIGTERM');
      assert.equal((await host.exited).code, 0, host.stderr());
    }
    assert.equal((await store.getInstance('victim'))?.status, 'Running');
  });
});

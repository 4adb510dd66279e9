import * as assert from 'node:assert/strict';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import { readJournalSoFar } from '../store/support/journalFile';
import { freshStoreFiles, type StoreFiles } from '../store/support/storeFiles';

/** The history events of `instanceId` that are in the journal file right now. */
function journaledEvents(files: StoreFiles, instanceId: string) {
  return readJournalSoFar(files.journal).flatMap((record) =>
    record.changes.flatMap((change) => (change.op === 'appendHistory' && change.instanceId === instanceId ? change.events : [])),
  );
}

describe('work a turn sends out waits until the turn is durable', function () {
  let files: StoreFiles;
  beforeEach(() => (files = freshStoreFiles('dispatch')));
  afterEach(() => files.remove());

  it('starts an activity only once the turn that scheduled it, and the result that turn consumed, are on disk', async () => {
    const app = new DurableApp();
    const seen: string[] = [];
    const step = app.activity('Step', (input: number) => {
      const events = journaledEvents(files, 'chain');
      const scheduled = events.some((event) => event.EventType === 'TaskScheduled' && event.Input === JSON.stringify(input));
      const consumed = input === 0 || events.some((event) => event.EventType === 'TaskCompleted' && event.Result === JSON.stringify(input));
      if (!scheduled || !consumed) seen.push(`step with input ${input} ran before ${scheduled ? 'its input' : 'its scheduling'} was on disk`);
      return input + 1;
    });
    app.orchestration('Chain', async (ctx) => {
      let value = 0;
      for (let i = 0; i < 20; i++) value = await ctx.callActivity(step, value);
      return value;
    });
    await withRuntime(app, { store: files.store }, async (runtime) => {
      assert.equal((await runToEnd(runtime, 'Chain', undefined, 'chain')).output, 20);
    });
    assert.deepEqual(seen, []);
  });

  it('starts a sub-orchestration only once the parent turn that created it is on disk', async () => {
    const app = new DurableApp();
    const seen: boolean[] = [];
    app.orchestration('Child', async (ctx) => {
      if (!ctx.isReplaying) seen.push(journaledEvents(files, 'parent').some((event) => event.EventType === 'SubOrchestrationInstanceCreated'));
      return 'done';
    });
    app.orchestration('Parent', async (ctx) => ctx.callSubOrchestration('Child', undefined, { instanceId: 'child' }));
    await withRuntime(app, { store: files.store }, async (runtime) => {
      assert.equal((await runToEnd(runtime, 'Parent', undefined, 'parent')).output, 'done');
    });
    assert.deepEqual(seen, [true]);
  });

  it('syncs once per step of a sequential chain: an activity result shares the sync of the turn that consumes it', async () => {
    const app = new DurableApp();
    const step = app.activity('Step', (input: number) => input + 1);
    app.orchestration('Chain', async (ctx) => {
      let value = 0;
      for (let i = 0; i < 50; i++) value = await ctx.callActivity(step, value);
      return value;
    });
    await withRuntime(app, { store: files.store }, async (runtime) => {
      await runToEnd(runtime, 'Chain', undefined, 'chain');
      const records = readJournalSoFar(files.journal).length;
      // The start, 50 turns that each schedule a step, the last turn completing: about 52, never one per result too.
      assert.ok(records <= 55, `50 steps took ${records} journal records`);
    });
  });

  it("makes a started instance's first turn durable in the same sync as its start", async () => {
    const app = new DurableApp();
    const step = app.activity('Step', (input: number) => input + 1);
    app.orchestration('OneStep', async (ctx, input: number) => ctx.callActivity(step, input));
    await withRuntime(app, { store: files.store }, async (runtime) => {
      // Clients waiting for their starts, and the work the first turns send out, are then released together: the next
      // starts do not run ahead of that work (a sync apart, twice the instances would be between turns at once).
      const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => runtime.client.start('OneStep', i)));
      await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id)));
      const records = readJournalSoFar(files.journal);
      const apart = ids.filter((id) => {
        const created = records.find((record) => record.changes.some((change) => change.op === 'createInstance' && change.row.instanceId === id));
        return !created?.changes.some((change) => change.op === 'appendHistory' && change.instanceId === id);
      });
      assert.equal(apart.length, 0, `${apart.length} of 200 instances had their first turn synced apart from their start`);
    });
  });
});

import { strict as assert } from 'node:assert';
import { DurableApp, withRuntime } from '../helpers/runtime';
import { InstanceFinishedError, InstanceNotFoundError, InvalidInputError } from '../../../runtime/src/index';

function waitingApp() {
  const app = new DurableApp();
  const record = app.activity('Record', (value: string) => value.toUpperCase());
  app.orchestration('Collect', async (ctx) => {
    const values: string[] = [];
    for (let i = 0; i < 2; i++) values.push(await ctx.callActivity(record, await ctx.waitForEvent<string>('Value')));
    return values;
  });
  app.orchestration('Rounds', async (ctx, round: number) => {
    const value = await ctx.waitForEvent<string>('Value');
    if (round === 0) ctx.continueAsNew(1);
    else return `${round}:${value}`;
  });
  app.orchestration('Forgetful', async (ctx, round: number) => {
    if (round === 0) {
      await ctx.waitForEvent('Value');
      ctx.continueAsNew(1, { preserveUnprocessedEvents: false });
      return;
    }
    const late = await ctx.waitForEvent<string>('Value', { timeoutMs: 1000 }).catch(() => 'nothing carried over');
    return late;
  });
  return app;
}

describe('instance lifecycle', () => {
  it('terminate stops an instance: Terminated, with the reason as output, and later events are refused', async () => {
    await withRuntime(waitingApp(), {}, async (runtime) => {
      const id = await runtime.client.start('Collect');
      await runtime.worker.whenIdle();
      await runtime.client.terminate(id, 'no longer needed');
      const status = await runtime.client.waitForCompletion(id);
      assert.deepEqual([status.runtimeStatus, status.output], ['Terminated', 'no longer needed']);
      await assert.rejects(runtime.client.raiseEvent(id, 'Value', 'x'), InstanceFinishedError);
    });
  });

  it('suspend holds incoming events until resume, then the instance goes on', async () => {
    await withRuntime(waitingApp(), {}, async (runtime) => {
      const id = await runtime.client.start('Collect');
      await runtime.worker.whenIdle();
      await runtime.client.suspend(id, 'maintenance');
      await runtime.worker.whenIdle();
      assert.equal((await runtime.client.getStatus(id))?.runtimeStatus, 'Suspended');
      await runtime.client.raiseEvent(id, 'Value', 'a');
      await runtime.client.raiseEvent(id, 'Value', 'b');
      await runtime.worker.whenIdle();
      assert.equal((await runtime.client.getStatus(id))?.runtimeStatus, 'Suspended', 'events did not run a suspended instance');
      await runtime.client.resume(id);
      const status = await runtime.client.waitForCompletion(id);
      assert.deepEqual(status.output, ['A', 'B']);
      const types = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!.map((event) => event.EventType);
      assert.ok(types.indexOf('ExecutionSuspended') < types.indexOf('ExecutionResumed'));
      assert.ok(types.indexOf('ExecutionResumed') < types.indexOf('EventRaised'), 'held events were delivered after the resume');
    });
  });

  it('purge deletes a finished instance and its history; a running one must be terminated first', async () => {
    await withRuntime(waitingApp(), {}, async (runtime) => {
      const id = await runtime.client.start('Collect');
      await runtime.worker.whenIdle();
      await assert.rejects(runtime.client.purge(id), InvalidInputError);
      await runtime.client.terminate(id);
      await runtime.client.waitForCompletion(id);
      assert.equal(await runtime.client.purge(id), true);
      assert.equal(await runtime.client.getStatus(id), undefined);
      assert.equal(await runtime.client.purge(id), false);
      await assert.rejects(runtime.client.raiseEvent(id, 'Value', 'x'), InstanceNotFoundError);
    });
  });

  it('continue-as-new carries events raised but not yet consumed into the new generation', async () => {
    await withRuntime(waitingApp(), {}, async (runtime) => {
      const id = await runtime.client.start('Rounds', 0);
      await runtime.worker.whenIdle();
      // Both arrive in one turn: the first is consumed by generation 0, the second must not be lost.
      await Promise.all([runtime.client.raiseEvent(id, 'Value', 'first'), runtime.client.raiseEvent(id, 'Value', 'second')]);
      const status = await runtime.client.waitForCompletion(id);
      assert.equal(status.output, '1:second');
      assert.equal(status.input, 1);
    });
  });

  it('continue-as-new can drop unconsumed events when asked to', async () => {
    await withRuntime(waitingApp(), { timeSkip: true }, async (runtime) => {
      const id = await runtime.client.start('Forgetful', 0);
      await Promise.all([runtime.client.raiseEvent(id, 'Value', 'first'), runtime.client.raiseEvent(id, 'Value', 'second')]);
      assert.equal((await runtime.client.waitForCompletion(id)).output, 'nothing carried over');
    });
  });

  it('lists instances with filters', async () => {
    await withRuntime(waitingApp(), {}, async (runtime) => {
      const waiting = await runtime.client.start('Collect', undefined, { instanceId: 'job-1' });
      await runtime.client.start('Rounds', 1, { instanceId: 'job-2' });
      await runtime.client.start('Collect', undefined, { instanceId: 'other' });
      await runtime.worker.whenIdle();
      await runtime.client.terminate(waiting);
      await runtime.client.waitForCompletion(waiting);
      const ids = async (filter: Parameters<typeof runtime.client.list>[0]) => (await runtime.client.list(filter)).map((status) => status.instanceId).sort();
      assert.deepEqual(await ids({}), ['job-1', 'job-2', 'other']);
      assert.deepEqual(await ids({ runtimeStatus: ['Terminated'] }), ['job-1']);
      assert.deepEqual(await ids({ name: 'Collect' }), ['job-1', 'other']);
      assert.deepEqual(await ids({ instanceIdPrefix: 'job-' }), ['job-1', 'job-2']);
      assert.equal((await runtime.client.list({ top: 2 })).length, 2);
    });
  });

  it('replay-safe logging prints each line once, even when every turn replays', async () => {
    const app = new DurableApp();
    const step = app.activity('Step', (n: number) => n);
    app.orchestration('Logged', async (ctx) => {
      for (let i = 0; i < 3; i++) ctx.log.info(`step ${await ctx.callActivity(step, i)}`);
    });
    await withRuntime(app, { replayEveryTurn: true }, async (runtime) => {
      const lines: string[] = [];
      runtime.worker.on('log', (_id, _level, args) => lines.push(String(args[0])));
      const id = await runtime.client.start('Logged');
      await runtime.client.waitForCompletion(id);
      assert.deepEqual(lines, ['step 0', 'step 1', 'step 2']);
    });
  });

  it('gives deterministic time: currentUtcDateTime is the time of the turn, the same on replay', async () => {
    const app = new DurableApp();
    const noop = app.activity('Noop', () => null);
    app.orchestration('Clock', async (ctx) => {
      const times = [ctx.currentUtcDateTime.toISOString()];
      await ctx.callActivity(noop);
      times.push(ctx.currentUtcDateTime.toISOString());
      return times;
    });
    await withRuntime(app, { replayEveryTurn: true }, async (runtime) => {
      const id = await runtime.client.start('Clock');
      const status = await runtime.client.waitForCompletion(id);
      const turnStarts = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!.filter((event) => event.EventType === 'OrchestratorStarted').map((event) => event.Timestamp);
      assert.deepEqual(status.output, turnStarts.slice(0, 2));
    });
  });
});

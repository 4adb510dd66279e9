import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRuntime, DurableApp, InstanceAlreadyExistsError, InstanceNotFailedError, InstanceNotFoundError, InvalidInputError, type DurableRuntime } from '../../../runtime/src/index';
import { withRuntime } from '../helpers/runtime';

/** An app whose activities fail for the inputs in `broken`, and which counts every activity run. */
function rewindApp() {
  const broken = new Set<string>();
  const runs: string[] = [];
  const app = new DurableApp();
  const work = app.activity('Work', async (item: string) => {
    runs.push(item);
    if (broken.has(item)) throw new Error(`${item} is broken`);
    return `${item} done`;
  });
  app.orchestration('FanOut', async (ctx, items: string[]) => ctx.all(items.map((item) => ctx.callActivity(work, item))));
  app.orchestration('Retried', async (ctx, item: string) => ctx.callActivity(work, item, { retry: { maxAttempts: 2, firstRetryIntervalMs: 1000 } }));
  app.orchestration('Compensating', async (ctx) => {
    let compensated = '';
    try {
      await ctx.callActivity(work, 'first');
    } catch {
      compensated = await ctx.callActivity(work, 'undo-first');
    }
    return [compensated, await ctx.callActivity(work, 'second')];
  });
  app.orchestration('FailsLater', async (ctx) => {
    const early = ctx.callActivity(work, 'early');
    await ctx.createTimer(60_000);
    return ctx.callActivity(work, `after ${await early}`);
  });
  app.orchestration('ThenWaits', async (ctx) => [await ctx.callActivity(work, 'step'), await ctx.waitForEvent<string>('Go')]);
  app.orchestration('FailsAtStart', async (ctx, flag: string) => {
    if (broken.has(flag)) throw new Error('not configured');
    return ctx.callActivity(work, flag);
  });
  app.orchestration('Parent', async (ctx) => [await ctx.callActivity(work, 'parent-step'), await ctx.callSubOrchestration('FanOut', ['child-a', 'child-b'])]);
  return { app, broken, runs };
}

async function failed(runtime: DurableRuntime, id: string) {
  const status = await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
  assert.equal(status.runtimeStatus, 'Failed', JSON.stringify(status.output));
  return status;
}

describe('Rewind: a Failed instance runs its failed work again and goes on', () => {
  it('reruns only the failed activity of a fan-out; the completed ones are not run again', async () => {
    const { app, broken, runs } = rewindApp();
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      broken.add('c');
      const id = await runtime.client.start('FanOut', ['a', 'b', 'c', 'd']);
      await failed(runtime, id);
      // Results that came after the failure went nowhere: those activities run again too, as the failed one does.
      const failedHistory = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!;
      const scheduled = new Map(failedHistory.filter((event) => event.EventType === 'TaskScheduled').map((event) => [event.TaskId, JSON.parse(event.Input!)]));
      const recorded = new Set(failedHistory.filter((event) => event.EventType === 'TaskCompleted').map((event) => scheduled.get(event.TaskScheduledId)));
      broken.delete('c');
      const before = runs.length;
      await runtime.client.rewind(id, 'c fixed');
      const done = await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      assert.equal(done.runtimeStatus, 'Completed');
      assert.deepEqual(done.output, ['a done', 'b done', 'c done', 'd done']);
      assert.deepEqual(runs.slice(before).sort(), ['a', 'b', 'c', 'd'].filter((item) => !recorded.has(item)));
      assert.ok(!recorded.has('c') && runs.slice(before).includes('c'));
      const history = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!;
      assert.deepEqual(history.filter((event) => event.EventType === 'TaskFailed'), [], 'the failure is gone from history');
      assert.equal(history.find((event) => event.EventType === 'ExecutionRewound')?.Reason, 'c fixed');
    });
  });

  it('runs an exhausted retry once more (the retry policy is not started over)', async () => {
    const { app, broken, runs } = rewindApp();
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      broken.add('flaky');
      const id = await runtime.client.start('Retried', 'flaky');
      await failed(runtime, id);
      assert.deepEqual(runs, ['flaky', 'flaky']);
      await runtime.client.rewind(id);
      assert.equal((await failed(runtime, id)).runtimeStatus, 'Failed', 'still broken: it fails again, after one more run');
      assert.deepEqual(runs, ['flaky', 'flaky', 'flaky']);
      broken.delete('flaky');
      await runtime.client.rewind(id);
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, 'flaky done');
      assert.equal(runs.length, 4);
    });
  });

  it('keeps a failure the code handled: the compensation stays done, only the unhandled failure runs again', async () => {
    const { app, broken, runs } = rewindApp();
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      broken.add('first').add('second');
      const id = await runtime.client.start('Compensating');
      await failed(runtime, id);
      broken.clear();
      await runtime.client.rewind(id);
      assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['undo-first done', 'second done']);
      assert.deepEqual(runs, ['first', 'undo-first', 'second', 'second']);
    });
  });

  it('reruns an activity that failed while the code waited on a timer, and delivers that timer again', async () => {
    const { app, broken, runs } = rewindApp();
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      broken.add('early');
      const id = await runtime.client.start('FailsLater');
      await failed(runtime, id);
      broken.clear();
      await runtime.client.rewind(id);
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, 'after early done done');
      assert.deepEqual(runs, ['early', 'early', 'after early done']);
    });
  });

  it('goes on waiting for an event after the rerun', async () => {
    const { app, broken } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      broken.add('step');
      const id = await runtime.client.start('ThenWaits');
      await failed(runtime, id);
      broken.clear();
      await runtime.client.rewind(id);
      await waitFor(async () => (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!.some((event) => event.EventType === 'TaskCompleted'));
      await runtime.client.raiseEvent(id, 'Go', 'now');
      assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['step done', 'now']);
    });
  });

  it('starts an instance over whose code failed before it scheduled anything', async () => {
    const { app, broken } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      broken.add('cfg');
      const id = await runtime.client.start('FailsAtStart', 'cfg');
      await failed(runtime, id);
      broken.clear();
      await runtime.client.rewind(id, 'configured');
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, 'cfg done');
      const types = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!.map((event) => event.EventType);
      assert.deepEqual(types.slice(0, 3), ['OrchestratorStarted', 'ExecutionStarted', 'ExecutionRewound']);
    });
  });

  it("rewinds a failed sub-orchestration with its parent: the child's completed work and the parent's are kept", async () => {
    const { app, broken, runs } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      broken.add('child-b');
      const id = await runtime.client.start('Parent');
      await failed(runtime, id);
      const [child] = (await runtime.client.list({ name: 'FanOut' })).filter((status) => status.runtimeStatus === 'Failed');
      broken.clear();
      await runtime.client.rewind(id);
      assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['parent-step done', ['child-a done', 'child-b done']]);
      assert.equal((await runtime.client.getStatus(child.instanceId))!.runtimeStatus, 'Completed');
      assert.deepEqual(runs, ['parent-step', 'child-a', 'child-b', 'child-b']);
    });
  });

  it('is refused for an instance that is not Failed or does not exist, and changes nothing', async () => {
    const { app } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('FanOut', ['x']);
      await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      const before = await runtime.client.getStatus(id, { showHistory: true });
      await assert.rejects(runtime.client.rewind(id), (error) => error instanceof InstanceNotFailedError && /is Completed; only a Failed instance can be rewound/.test(error.message));
      await assert.rejects(runtime.client.rewind('no-such-id'), InstanceNotFoundError);
      assert.deepEqual(await runtime.client.getStatus(id, { showHistory: true }), before);
    });
  });

  it('is durable: the rerun survives the runtime closing before it ran', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-rewind-'));
    const store = path.join(dir, 'store.db');
    const { app, broken, runs } = rewindApp();
    try {
      broken.add('late');
      let runtime = await createRuntime({ app, store });
      const id = await runtime.client.start('FanOut', ['early', 'late']);
      await failed(runtime, id);
      broken.clear();
      await runtime.client.rewind(id);
      // Closed at once: the rerun of 'late' may not have started; the store holds it.
      await runtime.close();
      runtime = await createRuntime({ app, store });
      try {
        assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['early done', 'late done']);
        assert.equal(runs.filter((item) => item === 'early').length, 1);
      } finally {
        await runtime.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Restart: a new run of an instance with its input', () => {
  it('runs under a new id by default, under its own once finished, and not while it runs', async () => {
    const { app } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('ThenWaits', undefined, { instanceId: 'original' });
      const fresh = await runtime.client.restart(id);
      assert.notEqual(fresh, id);
      assert.equal((await runtime.client.getStatus(fresh))!.name, 'ThenWaits');
      await assert.rejects(runtime.client.restart(id, { restartWithNewInstanceId: false }), InstanceAlreadyExistsError);
      await runtime.client.terminate(id, 'done');
      await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      assert.equal(await runtime.client.restart(id, { restartWithNewInstanceId: false }), id);
      // A new run under the old id: its start (and, as its first turn shares the start's sync, maybe that turn) is recorded.
      const restarted = (await runtime.client.getStatus(id, { showHistory: true }))!;
      assert.ok(['Pending', 'Running'].includes(restarted.runtimeStatus), restarted.runtimeStatus);
      assert.ok(!restarted.historyEvents!.some((event) => event.EventType === 'ExecutionTerminated'), 'the terminated run is gone');
      await assert.rejects(runtime.client.restart('no-such-id'), InstanceNotFoundError);
    });
  });

  it('passes the original input', async () => {
    const { app } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('FanOut', ['p', 'q']);
      await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      const again = await runtime.client.restart(id);
      assert.deepEqual((await runtime.client.waitForCompletion(again, { timeoutMs: 10_000 })).output, ['p done', 'q done']);
    });
  });
});

describe('Purge by filter', () => {
  it('refuses statuses that are not finished, and purges nothing then', async () => {
    const { app } = rewindApp();
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('ThenWaits');
      await assert.rejects(runtime.client.purgeInstances({ createdTimeFrom: new Date(0), runtimeStatus: ['Running', 'Completed'] }), (error) => error instanceof InvalidInputError && /terminate Running instances first/.test(error.message));
      assert.ok(await runtime.client.getStatus(id));
    });
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { strict as assert } from 'node:assert';
import { DurableApp, historyShape, withRuntime } from '../helpers/runtime';

/**
 * Warm instances continue in memory; cold ones replay their history every turn. A user must not be able to
 * tell the difference: same outputs, same histories.
 */
function buildApp(): DurableApp {
  const app = new DurableApp();
  const double = app.activity('Double', (n: number) => n * 2);
  const fail = app.activity('Fail', (message: string) => {
    throw new Error(message);
  });
  const stamp = app.activity('Stamp', () => ({ at: new Date(0), nothing: undefined, list: [1, undefined] }));
  const child = app.orchestration('Child', async (ctx, n: number) => (await ctx.callActivity(double, n)) + 1);

  app.orchestration('Mixed', async (ctx, count: number) => {
    const log: unknown[] = [ctx.newGuid(), ctx.currentUtcDateTime.toISOString().length];
    const all = await Promise.all(Array.from({ length: count }, (_, i) => ctx.callActivity(double, i)));
    const viaCtx = await ctx.all(Array.from({ length: count }, (_, i) => ctx.callActivity(double, i)));
    log.push(all, viaCtx);
    const raced = await Promise.race([ctx.callActivity(double, 100), ctx.createTimer(60_000)]);
    const tasks = [ctx.callActivity(double, 7), ctx.createTimer(60_000)];
    const first = await ctx.any(tasks);
    log.push(raced, tasks.indexOf(first), first.result);
    try {
      await ctx.callActivity(fail, 'boom');
    } catch (error) {
      log.push((error as Error).message);
    }
    log.push(await ctx.callActivity(stamp));
    log.push(await Promise.all([ctx.callSubOrchestration(child, 1), ctx.callSubOrchestration(child, 2)]));
    const event = await ctx.waitForEvent('Go');
    log.push(event, ctx.newGuid());
    const timedOut = await ctx.waitForEvent('Never', { timeoutMs: 1000 }).then(
      () => 'received',
      (error: Error) => error.name,
    );
    log.push(timedOut);
    return log;
  });
  return app;
}

async function runMixed(replayEveryTurn: boolean) {
  return withRuntime(buildApp(), { replayEveryTurn, timeSkip: true }, async (runtime) => {
    const id = await runtime.client.start('Mixed', 5, { instanceId: 'same-id' });
    await runtime.client.raiseEvent(id, 'Go', { payload: [1, 2] });
    const status = await runtime.client.waitForCompletion(id);
    const history = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!;
    return { status, history };
  });
}

describe('warm and cold execution', () => {
  it('give the same output and the same history for every kind of durable call', async () => {
    const warm = await runMixed(false);
    const cold = await runMixed(true);
    assert.equal(warm.status.runtimeStatus, 'Completed', JSON.stringify(warm.status.output));
    assert.deepEqual(cold.status.output, warm.status.output);
    assert.deepEqual(historyShape(cold.history), historyShape(warm.history));
  });

  it('deliver JSON round-tripped values on the first run too (Dates become strings, undefined fields vanish)', async () => {
    const { status } = await runMixed(false);
    const output = status.output as unknown[];
    assert.deepEqual(output[8], { at: '1970-01-01T00:00:00.000Z', list: [1, null] });
  });

  it('resolve Promise.all/Promise.race exactly like ctx.all/ctx.any', async () => {
    const { status } = await runMixed(false);
    const [guid, , all, viaCtx, raced, firstIndex, firstResult, failure, , children, event, secondGuid, timedOut] = status.output as unknown[];
    assert.match(guid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(secondGuid, guid);
    assert.deepEqual(all, [0, 2, 4, 6, 8]);
    assert.deepEqual(viaCtx, all);
    assert.equal(raced, 200);
    assert.deepEqual([firstIndex, firstResult], [0, 14]);
    assert.equal(failure, "Activity 'Fail' failed: boom");
    assert.deepEqual(children, [3, 5]);
    assert.deepEqual(event, { payload: [1, 2] });
    assert.equal(timedOut, 'EventTimeoutError');
  });

  it('stay correct when the warm cache is smaller than the number of instances in flight', async () => {
    const app = new DurableApp();
    const echo = app.activity('Echo', (value: number) => value);
    app.orchestration('Waiter', async (ctx, n: number) => {
      const before = await ctx.callActivity(echo, n);
      const bonus = await ctx.waitForEvent<number>('Bonus');
      return before + bonus + (await ctx.callActivity(echo, 1));
    });
    await withRuntime(app, { maxWarmInstances: 5 }, async (runtime) => {
      const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => runtime.client.start('Waiter', i)));
      await runtime.worker.whenIdle();
      await Promise.all(ids.map((id, i) => runtime.client.raiseEvent(id, 'Bonus', i * 100)));
      const outputs = await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id).then((status) => status.output)));
      assert.deepEqual(outputs, ids.map((_, i) => i + i * 100 + 1));
    });
  });
});

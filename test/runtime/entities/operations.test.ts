import { strict as assert } from 'node:assert';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import type { EntityContext } from '../../../runtime/src/index';

function counterApp(): DurableApp {
  const app = new DurableApp();
  const counter = app.entity('Counter', {
    add: (ctx: EntityContext<number>, amount: number) => {
      const value = (ctx.getState(0) ?? 0) + amount;
      ctx.setState(value);
      return value;
    },
    get: (ctx: EntityContext<number>) => ctx.getState(0),
    reset: (ctx: EntityContext<number>) => ctx.deleteState(),
    fail: (ctx: EntityContext<number>) => {
      ctx.setState(-1000);
      ctx.signalEntity(counter.id('audit'), 'add', 1);
      throw new Error('refused');
    },
  });
  app.entity('Journal', (ctx: EntityContext<string[]>) => {
    const lines = ctx.getState(() => [])!;
    if (ctx.operationName === 'append') {
      lines.push(ctx.getInput<string>());
      ctx.return(lines.length);
    } else if (ctx.operationName === 'copyTo') {
      ctx.signalEntity(ctx.getInput<string>(), 'append', lines.join(','));
    } else if (ctx.operationName === 'startReport') {
      return ctx.startNewOrchestration('Report', lines, { instanceId: `report-${ctx.entityKey}` });
    }
    return undefined;
  });
  app.orchestration('Report', async (_ctx, lines: string[]) => `${lines.length} lines`);
  app.orchestration('AddMany', async (ctx, { key, times }: { key: string; times: number }) => {
    const results: number[] = [];
    for (let i = 0; i < times; i++) results.push(await ctx.callEntity(counter.id(key), 'add', 1));
    return results;
  });
  app.orchestration('AddInParallel', async (ctx, { key, times }: { key: string; times: number }) =>
    Promise.all(Array.from({ length: times }, () => ctx.callEntity(counter.id(key), 'add', 1))),
  );
  app.orchestration('CallFailing', async (ctx) => {
    try {
      await ctx.callEntity(counter.id('f'), 'fail');
      return 'no error';
    } catch (error) {
      return (error as Error).message;
    }
  });
  app.orchestration('SignalAndEnd', async (ctx, key: string) => {
    ctx.signalEntity(counter.id(key), 'add', 2);
    return 'sent';
  });
  app.orchestration('SignalThenRead', async (ctx, key: string) => {
    ctx.signalEntity(`@counter@${key}`, 'add', 5);
    ctx.signalEntity({ name: 'COUNTER', key }, 'add', 6);
    return ctx.callEntity<number>({ name: 'counter', key }, 'get');
  });
  return app;
}

describe('entities: operations', () => {
  for (const replayEveryTurn of [false, true]) {
    it(`return results to orchestrations and keep state between calls (${replayEveryTurn ? 'replaying every turn' : 'warm'})`, async () => {
      await withRuntime(counterApp(), { replayEveryTurn }, async (runtime) => {
        const status = await runToEnd(runtime, 'AddMany', { key: 'a', times: 5 });
        assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
        assert.deepEqual(status.output, [1, 2, 3, 4, 5]);
        assert.deepEqual(await runtime.client.readEntityState({ name: 'Counter', key: 'a' }), { entityExists: true, entityState: 5 });
        const history = (await runtime.client.getStatus(status.instanceId, { showHistory: true }))!.historyEvents!;
        assert.equal(history.filter((event) => event.EventType === 'EntityOperationCalled' && event.InstanceId === '@counter@a' && event.Name === 'add').length, 5);
        assert.equal(history.filter((event) => event.EventType === 'EntityOperationCompleted').length, 5);
      });
    });
  }

  it('run one at a time in arrival order: 40 parallel calls from 5 orchestrations each see a distinct count', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      const ids = await Promise.all(Array.from({ length: 5 }, () => runtime.client.start('AddInParallel', { key: 'shared', times: 8 })));
      const outputs = await Promise.all(ids.map(async (id) => (await runtime.client.waitForCompletion(id, { timeoutMs: 15_000 })).output as number[]));
      const seen = outputs.flat().sort((a, b) => a - b);
      assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i + 1), 'no two operations read the same state');
      for (const output of outputs) assert.deepEqual(output, [...output].sort((a, b) => a - b), "one orchestration's calls run in the order it sent them");
      assert.equal((await runtime.client.readEntityState<number>('@counter@shared')).entityState, 40);
    });
  });

  it('signals from clients, orchestrations and entities arrive in order; names compare without case', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      await runtime.client.signalEntity({ name: 'Counter', key: 's' }, 'add', 100);
      const status = await runToEnd(runtime, 'SignalThenRead', 's');
      assert.equal(status.output, 111);
      await runToEnd(runtime, 'SignalAndEnd', 's');
      await runtime.worker.whenIdle();
      assert.equal((await runtime.client.readEntityState('@counter@s')).entityState, 113, 'a signal sent as the orchestration ends is sent');
      await runtime.client.signalEntity('@journal@x', 'append', 'one');
      await runtime.client.signalEntity('@journal@x', 'append', 'two');
      await runtime.client.signalEntity('@journal@x', 'copyTo', '@journal@y');
      await runtime.worker.whenIdle();
      assert.deepEqual((await runtime.client.readEntityState('@journal@y')).entityState, ['one,two']);
    });
  });

  it('a failing operation changes nothing, sends nothing, and fails the call with its message', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      await runtime.client.signalEntity('@counter@f', 'add', 7);
      const status = await runToEnd(runtime, 'CallFailing');
      assert.equal(status.output, "Operation 'fail' on entity @counter@f failed: refused");
      assert.deepEqual(await runtime.client.readEntityState('@counter@f'), { entityExists: true, entityState: 7 });
      assert.deepEqual(await runtime.client.readEntityState('@counter@audit'), { entityExists: false, entityState: undefined });
    });
  });

  it('an entity starts an orchestration once its operation is recorded', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      await runtime.client.signalEntity('@journal@r', 'append', 'a');
      await runtime.client.signalEntity('@journal@r', 'startReport');
      await runtime.worker.whenIdle();
      const report = await runtime.client.waitForCompletion('report-r', { timeoutMs: 10_000 });
      assert.equal(report.output, '1 lines');
    });
  });

  it('deleted state reads as no entity; listing and cleaning know deleted entities', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      const { client } = runtime;
      for (const key of ['k1', 'k2', 'other']) await client.signalEntity({ name: 'Counter', key }, 'add', 1);
      await client.signalEntity('@counter@k2', 'reset');
      await client.signalEntity('@journal@k1', 'append', 'x');
      await runtime.worker.whenIdle();
      assert.deepEqual(await client.readEntityState('@counter@k2'), { entityExists: false, entityState: undefined });
      assert.deepEqual((await client.listEntities({ name: 'counter', fetchState: true })).map((entity) => [entity.id.key, entity.state]), [['k1', 1], ['other', 1]]);
      assert.deepEqual((await client.listEntities({ name: 'Counter', keyPrefix: 'k', includeDeleted: true })).map((entity) => entity.id.key), ['k1', 'k2']);
      assert.deepEqual((await client.listEntities()).map((entity) => `${entity.id.name}/${entity.id.key}`), ['counter/k1', 'counter/other', 'journal/k1']);
      assert.deepEqual(await client.cleanEntityStorage(), { numberOfEmptyEntitiesRemoved: 1, numberOfOrphanedLocksRemoved: 0 });
      assert.equal((await client.listEntities({ includeDeleted: true })).length, 3);
      assert.equal(await client.getStatus('@counter@k2'), undefined);
    });
  });

  it('bad ids, operations and unknown entities get clear errors', async () => {
    await withRuntime(counterApp(), {}, async (runtime) => {
      const { client } = runtime;
      await assert.rejects(client.signalEntity('counter', 'add'), /'counter' is not an entity id: write it as @name@key/);
      await assert.rejects(client.signalEntity({ name: 'counter', key: '' }, 'add'), /needs a non-empty key/);
      await assert.rejects(client.signalEntity({ name: 'Nope', key: 'a' }, 'add'), /No entity named 'Nope' is registered \(registered: Counter, Journal\)/);
      await assert.rejects(client.signalEntity('@counter@a', ''), /non-empty name/);
      await assert.rejects(client.start('AddMany', undefined, { instanceId: '@counter@a' }), /ids starting with '@' name entities/);
      await client.signalEntity('@counter@a', 'add', 1);
      await runtime.worker.whenIdle();
      await assert.rejects(client.terminate('@counter@a'), /'@counter@a' is an entity, not an orchestration instance: send it operations with signalEntity/);
      await assert.rejects(client.raiseEvent('@counter@a', 'add', 1), /is an entity/);
      await client.signalEntity('@counter@a', 'reset');
      await runtime.worker.whenIdle();
      await assert.rejects(client.purge('@counter@a'), /remove deleted entities with cleanEntityStorage/);
    });
  });
});

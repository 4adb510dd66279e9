import { strict as assert } from 'node:assert';
import * as debugging from '../../../runtime/src/debugging';
import { DurableApp, withRuntime } from '../helpers/runtime';

/** What a debugger sees of the engine through `durable-ts/debugging`: the hooks it calls, one debugger at a time. */
describe('the runtime\'s debugging interface', () => {
  it('reports each history event applied and each durable call made, live and again on replay, to the one observer', async () => {
    const app = new DurableApp();
    const greet = app.activity('Greet', async (city: string) => `Hello ${city}!`);
    app.orchestration('Greetings', async (ctx, cities: string[]) => {
      const greetings: string[] = [];
      for (const city of cities) greetings.push(await ctx.callActivity(greet, city));
      return greetings;
    });
    const calls: string[] = [];
    const applied: string[] = [];
    const unobserve = debugging.observeReplay({
      eventApplied: (executor, event) => void applied.push(`${executor.name} ${event.EventType}`),
      taskScheduled: (executor, action) => void calls.push(`${executor.name} ${action.kind} ${action.kind === 'timer' ? '' : action.name} replaying=${executor.isReplaying}`),
      nonDeterminism: () => assert.fail('the code matches its history'),
    });
    try {
      assert.throws(() => debugging.observeReplay({ eventApplied() {}, taskScheduled() {}, nonDeterminism() {} }), /Another debugger observes this process/);
      await withRuntime(app, { replayEveryTurn: true }, async (runtime) => {
        const id = await runtime.client.start('Greetings', ['Oslo', 'Lima']);
        assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['Hello Oslo!', 'Hello Lima!']);
      });
    } finally {
      unobserve();
    }
    // Three turns, each replaying the calls made before it.
    assert.deepEqual(calls, [
      'Greetings activity Greet replaying=false',
      'Greetings activity Greet replaying=true',
      'Greetings activity Greet replaying=false',
      'Greetings activity Greet replaying=true',
      'Greetings activity Greet replaying=true',
    ]);
    assert.ok(applied.includes('Greetings ExecutionStarted') && applied.includes('Greetings TaskCompleted'), applied.join(', '));
    // Unobserved, the engine reports to no one, and another debugger may observe.
    debugging.observeReplay({ eventApplied() {}, taskScheduled() {}, nonDeterminism() {} })();
  });

  it('replays an instance\'s past in a fresh executor that nothing stores', async () => {
    const app = new DurableApp();
    const double = app.activity('Double', async (n: number) => n * 2);
    app.orchestration('Doubler', async (ctx, n: number) => ctx.callActivity(double, n));
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('Doubler', 21);
      await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      const history = await runtime.store.getHistory(id);
      const executor = debugging.createExecutor({ instanceId: id, name: 'Doubler', generation: 0, orchestrator: app.getOrchestrator('Doubler') });
      await executor.replay(history);
      assert.equal(executor.history.length, history.length);
      assert.deepEqual(executor.openTaskIds, []);
      assert.equal((await runtime.store.getHistory(id)).length, history.length, 'the store is untouched');
    });
  });
});

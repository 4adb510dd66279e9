import { strict as assert } from 'node:assert';
import * as debugging from '../../../runtime/src/debugging';
import { DurableApp, withRuntime } from '../helpers/runtime';

/** What a debugger sees of the runtime through `durable-ts/debugging`: the hooks it calls, one debugger at a time. */
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
      assert.throws(() => debugging.observeReplay({}), /Another debugger observes this process/);
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
    debugging.observeReplay({})();
  });

  it('reports each start, failure and end of the orchestrator\'s code and each activity\'s start, and holds an activity while its hook\'s promise is pending', async () => {
    const app = new DurableApp();
    const ran: string[] = [];
    const charge = app.activity('Charge', async (amount: number) => {
      ran.push(`Charge ${amount}`);
      throw new Error(`declined ${amount}`);
    });
    app.orchestration('Checkout', async (ctx, amount: number) => ctx.callActivity(charge, amount));
    const seen: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const unobserve = debugging.observeReplay({
      orchestratorStarted: (executor) => void seen.push(`started ${executor.name} replaying=${executor.isReplaying}`),
      orchestratorFailed: (executor, error) => void seen.push(`failed ${executor.name}: ${(error as Error).message}`),
      orchestratorEnded: (executor) => void seen.push(`ended ${executor.name}`),
      activityStarting: (activity) => {
        seen.push(`activity ${activity.name} of ${activity.instanceId} task ${activity.taskId} input ${JSON.stringify(activity.input)}`);
        return held;
      },
    });
    try {
      await withRuntime(app, { replayEveryTurn: true }, async (runtime) => {
        const id = await runtime.client.start('Checkout', 250, { instanceId: 'checkout-1' });
        while (!seen.some((line) => line.startsWith('activity'))) await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(ran, [], 'the activity waits for its hook');
        release();
        assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).runtimeStatus, 'Failed');
      });
    } finally {
      unobserve();
    }
    assert.deepEqual(ran, ['Charge 250']);
    assert.deepEqual(seen, [
      'started Checkout replaying=false',
      'activity Charge of checkout-1 task 0 input 250',
      'started Checkout replaying=true',
      "failed Checkout: Activity 'Charge' failed: declined 250",
      'ended Checkout',
    ]);
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

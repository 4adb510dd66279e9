import { strict as assert } from 'node:assert';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import { TaskFailedError } from '../../../runtime/src/index';

describe('the seed patterns', () => {
  it('chains activities, passing each output on', async () => {
    const app = new DurableApp();
    const step = app.activity('Step', (value: string) => `${value}>`);
    app.orchestration('Chain', async (ctx, start: string) => {
      const x = await ctx.callActivity(step, start);
      const y = await ctx.callActivity(step, x);
      return ctx.callActivity(step, y);
    });
    await withRuntime(app, {}, async (runtime) => {
      const status = await runToEnd(runtime, 'Chain', 'a');
      assert.equal(status.runtimeStatus, 'Completed');
      assert.equal(status.output, 'a>>>');
    });
  });

  it('fans out 1,000 activities in parallel and fans their results in', async () => {
    const app = new DurableApp();
    let concurrent = 0;
    let maxConcurrent = 0;
    const square = app.activity('Square', async (n: number) => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await new Promise((resolve) => setImmediate(resolve));
      concurrent--;
      return n * n;
    });
    app.orchestration('FanOut', async (ctx, count: number) => {
      const results = await Promise.all(Array.from({ length: count }, (_, i) => ctx.callActivity(square, i)));
      return results.reduce((sum, value) => sum + value, 0);
    });
    await withRuntime(app, {}, async (runtime) => {
      const status = await runToEnd(runtime, 'FanOut', 1000);
      assert.equal(status.output, Array.from({ length: 1000 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
      assert.ok(maxConcurrent > 100, `activities ran in parallel (max concurrency ${maxConcurrent})`);
    });
  });

  it('async HTTP API: a client sees Running with a custom status while the work is under way', async () => {
    const app = new DurableApp();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = app.activity('Slow', async () => {
      await released;
      return 'done';
    });
    app.orchestration('Job', async (ctx) => {
      ctx.setCustomStatus({ stage: 'working' });
      const result = await ctx.callActivity(slow);
      ctx.setCustomStatus({ stage: 'finished' });
      return result;
    });
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('Job');
      await waitUntil(async () => (await runtime.client.getStatus(id))?.runtimeStatus === 'Running');
      const running = await runtime.client.getStatus(id);
      assert.deepEqual(running?.customStatus, { stage: 'working' });
      release();
      const done = await runtime.client.waitForCompletion(id);
      assert.deepEqual([done.runtimeStatus, done.output, done.customStatus], ['Completed', 'done', { stage: 'finished' }]);
    });
  });

  it('monitor: polls on a durable timer with exponential backoff, continuing as new each round', async () => {
    const app = new DurableApp();
    const polls: number[] = [];
    const check = app.activity('Check', (poll: number) => (polls.push(poll), poll >= 4 ? 'done' : 'busy'));
    app.orchestration('Monitor', async (ctx, state: { poll: number; interval: number }) => {
      if ((await ctx.callActivity(check, state.poll)) === 'done') return { polls: state.poll + 1, lastInterval: state.interval };
      await ctx.createTimer(state.interval);
      ctx.continueAsNew({ poll: state.poll + 1, interval: state.interval * 2 });
    });
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      const started = Date.now();
      const status = await runToEnd(runtime, 'Monitor', { poll: 0, interval: 60_000 });
      assert.deepEqual(status.output, { polls: 5, lastInterval: 960_000 });
      assert.deepEqual(polls, [0, 1, 2, 3, 4]);
      assert.ok(Date.now() - started < 2000, 'time skipping made a 15-minute backoff run at once');
      const history = (await runtime.client.getStatus(status.instanceId, { showHistory: true }))!.historyEvents!;
      assert.equal(history.filter((event) => event.EventType === 'TaskScheduled').length, 1, 'continue-as-new keeps only the last generation');
    });
  });

  describe('human interaction', () => {
    const app = new DurableApp();
    const escalate = app.activity('Escalate', (request: string) => `escalated ${request}`);
    app.orchestration('Approval', async (ctx, request: string) => {
      const deadline = ctx.createTimer(72 * 60 * 60 * 1000);
      const approval = ctx.waitForEvent<boolean>('Approved');
      const winner = await ctx.any([approval, deadline]);
      if (winner === approval) {
        deadline.cancel();
        return approval.result ? 'approved' : 'rejected';
      }
      return ctx.callActivity(escalate, request);
    });

    it('takes the approval when it arrives before the deadline', async () => {
      await withRuntime(app, {}, async (runtime) => {
        const id = await runtime.client.start('Approval', 'leave');
        await runtime.worker.whenIdle();
        await runtime.client.raiseEvent(id, 'Approved', true);
        assert.equal((await runtime.client.waitForCompletion(id)).output, 'approved');
      });
    });

    it('escalates after 72 hours, in well under a second with time skipping', async () => {
      await withRuntime(app, { timeSkip: true }, async (runtime) => {
        const started = performance.now();
        const status = await runToEnd(runtime, 'Approval', 'leave');
        const elapsed = performance.now() - started;
        assert.equal(status.output, 'escalated leave');
        assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
        const history = (await runtime.client.getStatus(status.instanceId, { showHistory: true }))!.historyEvents!;
        const created = history.find((event) => event.EventType === 'TimerCreated')!;
        const startedAt = Date.parse(history[0].Timestamp);
        assert.equal(Date.parse(created.FireAt!) - startedAt, 72 * 60 * 60 * 1000);
        const lastTurn = history.filter((event) => event.EventType === 'OrchestratorStarted').at(-1)!;
        assert.ok(Date.parse(lastTurn.Timestamp) >= Date.parse(created.FireAt!), "the orchestration's clock jumped to the timer");
      });
    });
  });

  it('sub-orchestrations return their output to the parent, and their failures as TaskFailedError', async () => {
    const app = new DurableApp();
    const child = app.orchestration('Child', async (ctx, n: number) => {
      if (n < 0) throw new Error(`negative: ${n}`);
      return n * 10;
    });
    app.orchestration('Parent', async (ctx) => {
      const values = await Promise.all([1, 2, 3].map((n) => ctx.callSubOrchestration(child, n)));
      try {
        await ctx.callSubOrchestration(child, -1, { instanceId: 'child-negative' });
        return 'unreachable';
      } catch (error) {
        return { values, failure: error instanceof TaskFailedError ? error.message : 'wrong error type' };
      }
    });
    await withRuntime(app, {}, async (runtime) => {
      const status = await runToEnd(runtime, 'Parent', undefined, 'parent');
      assert.deepEqual(status.output, { values: [10, 20, 30], failure: "Sub-orchestration 'Child' failed: negative: -1" });
      const childIds = (await runtime.client.getStatus('parent', { showHistory: true }))!.historyEvents!.filter((event) => event.EventType === 'SubOrchestrationInstanceCreated').map((event) => event.InstanceId!);
      assert.equal((await runtime.client.getStatus(childIds[0]))?.runtimeStatus, 'Completed');
      assert.equal((await runtime.client.getStatus('child-negative'))?.runtimeStatus, 'Failed');
    });
  });

  it('retries a failing activity with durable backoff timers', async () => {
    const app = new DurableApp();
    let attempts = 0;
    const flaky = app.activity('Flaky', () => {
      if (++attempts < 3) throw new Error(`attempt ${attempts} failed`);
      return `ok after ${attempts}`;
    });
    const hopeless = app.activity('Hopeless', () => {
      throw new Error('always fails');
    });
    app.orchestration('Retry', async (ctx) => {
      const result = await ctx.callActivity(flaky, undefined, { retry: { maxAttempts: 5, firstRetryIntervalMs: 1000, backoffCoefficient: 3 } });
      try {
        await ctx.callActivity(hopeless, undefined, { retry: { maxAttempts: 2, firstRetryIntervalMs: 10 } });
      } catch (error) {
        return { result, gaveUp: (error as Error).message };
      }
    });
    await withRuntime(app, { timeSkip: true }, async (runtime) => {
      const status = await runToEnd(runtime, 'Retry');
      assert.deepEqual(status.output, { result: 'ok after 3', gaveUp: "Activity 'Hopeless' failed: always fails" });
      const history = (await runtime.client.getStatus(status.instanceId, { showHistory: true }))!.historyEvents!;
      const timers = history.filter((event) => event.EventType === 'TimerCreated').map((event) => Date.parse(event.FireAt!) - Date.parse(event.Timestamp));
      assert.deepEqual(timers, [1000, 3000, 10], 'backoff intervals are durable timers in history');
    });
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { strict as assert } from 'node:assert';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import { SerializationError, UnknownOrchestrationError } from '../../../runtime/src/index';

describe('failures', () => {
  const app = new DurableApp();
  const explode = app.activity('Explode', (what: string) => {
    throw new RangeError(`${what} is out of range`);
  });
  const cyclic = app.activity('Cyclic', () => {
    const value: { self?: unknown } = {};
    value.self = value;
    return value;
  });
  const big = app.activity('Big', () => 10n);
  app.orchestration('Uncaught', async (ctx) => ctx.callActivity(explode, 'x'));
  app.orchestration('Caught', async (ctx) => {
    const messages: string[] = [];
    for (const call of [() => ctx.callActivity(explode, 'y'), () => ctx.callActivity(cyclic), () => ctx.callActivity(big), () => ctx.callActivity('Missing')]) {
      try {
        await call();
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    return messages;
  });
  app.orchestration('BadOutput', async () => ({ when: 1n }));
  app.orchestration('BadInput', async (ctx) => {
    try {
      ctx.callActivity(explode, 1n as unknown as string);
    } catch (error) {
      return error instanceof SerializationError ? error.message : 'wrong error';
    }
  });

  it('an activity error the orchestrator does not catch fails the instance with the error', async () => {
    await withRuntime(app, {}, async (runtime) => {
      const status = await runToEnd(runtime, 'Uncaught');
      assert.equal(status.runtimeStatus, 'Failed');
      const failure = status.output as { errorType: string; message: string; stack: string };
      assert.equal(failure.errorType, 'TaskFailedError');
      assert.equal(failure.message, "Activity 'Explode' failed: x is out of range");
      assert.match(failure.stack, /Caused by: RangeError: x is out of range\n\s+at .*failures\.test\.ts:\d+:\d+/);
    });
  });

  it('activity errors, unserialisable results and unknown activities reach the orchestrator as catchable failures', async () => {
    await withRuntime(app, {}, async (runtime) => {
      const status = await runToEnd(runtime, 'Caught');
      assert.equal(status.runtimeStatus, 'Completed');
      const [thrown, cycle, bigint, missing] = status.output as string[];
      assert.equal(thrown, "Activity 'Explode' failed: y is out of range");
      assert.match(cycle, /^Activity 'Cyclic' failed: The result of activity 'Cyclic' cannot be serialised to JSON: .*circular/i);
      assert.match(bigint, /^Activity 'Big' failed: The result of activity 'Big' cannot be serialised to JSON: .*BigInt/);
      assert.match(missing, /^Activity 'Missing' failed: Unknown activity 'Missing'\. Registered: Explode, Cyclic, Big\.$/);
    });
  });

  it('an output that cannot be serialised fails the orchestration; an input, the call that passed it', async () => {
    await withRuntime(app, {}, async (runtime) => {
      const output = await runToEnd(runtime, 'BadOutput');
      assert.equal(output.runtimeStatus, 'Failed');
      assert.match((output.output as { message: string }).message, /The output of orchestration 'BadOutput' cannot be serialised/);
      const input = await runToEnd(runtime, 'BadInput');
      assert.match(input.output as string, /The input of activity 'Explode' cannot be serialised/);
    });
  });

  it('starting an orchestration the app does not register is refused, naming the registered ones', async () => {
    await withRuntime(app, {}, async (runtime) => {
      await assert.rejects(runtime.client.start('Nope'), (error: Error) => error instanceof UnknownOrchestrationError && /Unknown orchestration 'Nope'\. Registered: Uncaught, Caught/.test(error.message));
      await assert.rejects(runtime.client.start('Uncaught', 5n), SerializationError);
      assert.deepEqual(await runtime.client.list(), [], 'nothing was started');
    });
  });
});

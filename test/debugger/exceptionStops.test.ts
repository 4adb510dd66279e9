import * as assert from 'node:assert';
import { clientPerTest, fixture, type Stop } from './support/durableDebugClient';

const orderWorkflow = fixture('orderWorkflow.ts');
const failing = fixture('failing.ts');
const refund = fixture('refund.ts');
/** The line of test/debugger/fixtures/refund.ts that throws. */
const REFUND_THROW_LINE = 9;
/** Lines of test/debugger/fixtures/orderWorkflow.ts. */
const RESERVE_THROW_LINE = 19;
const CHARGE_THROW_LINE = 25;
const CATCH_LINE = 49;
/** Lines of test/debugger/fixtures/failing.ts. */
const CHECKOUT_AWAIT_LINE = 9;
const order = { id: 'o1', items: ['lamp', 'desk', 'chair'] };

describe('exception stops at the throw site', function () {
  this.timeout(60_000);
  const session = clientPerTest();


  const locals = async (stop: Stop) => Object.fromEntries(Object.entries(await session.client.scope(stop, 'Locals')).map(([name, variable]) => [name, variable.value]));
  const info = async (stop: Stop) => (await session.client.exceptionInfoRequest({ threadId: stop.threadId })).body;

  it('"Activity failed" stops where the activity throws, with its locals, each time it fails', async () => {
    await session.client.launchWith({ program: orderWorkflow, orchestration: 'ProcessOrder', input: order }, {}, ['activityFailed']);
    const retried = await session.client.nextStop();
    assert.strictEqual(retried.reason, 'exception');
    assert.strictEqual(retried.frame.source?.path, orderWorkflow);
    assert.strictEqual(retried.frame.line, RESERVE_THROW_LINE);
    assert.match(retried.description, /in activity 'ReserveStock' of ProcessOrder/);
    assert.deepStrictEqual((await locals(retried)).items, 'Array(3)');
    assert.match((await info(retried)).description ?? '', /^activity 'ReserveStock' failed: warehouse busy$/);

    await session.client.continueRequest({ threadId: retried.threadId });
    const declined = await session.client.nextStop();
    assert.strictEqual(declined.frame.line, CHARGE_THROW_LINE);
    const declinedLocals = await locals(declined);
    assert.strictEqual(declinedLocals.total, '130');
    assert.strictEqual(declinedLocals.limit, '50');
    const details = await info(declined);
    assert.match(details.description ?? '', /^activity 'ChargeCard' failed: card declined for 130$/);
    assert.match(details.details?.stackTrace ?? '', /orderWorkflow\.ts:25/);
    const stack = await session.client.stackTraceRequest({ threadId: declined.threadId });
    assert.ok(stack.body.stackFrames.every((frame) => frame.source?.path === orderWorkflow), `only user frames: ${stack.body.stackFrames.map((frame) => frame.source?.path).join(', ')}`);

    // The orchestrator catches this failure: with "Activity failed" alone, nothing else stops.
    const terminated = session.client.waitForEvent('terminated');
    await session.client.continueRequest({ threadId: declined.threadId });
    await terminated;
  });

  it('"Caught exceptions" stops in the catch a failed activity lands in, and "Orchestration failed" at the orchestrator\'s throw', async () => {
    await session.client.launchWith({ program: orderWorkflow, orchestration: 'ProcessOrder', input: order }, {}, ['caught']);
    const caught = await session.client.nextStop();
    assert.strictEqual(caught.reason, 'exception');
    assert.strictEqual(caught.frame.line, CATCH_LINE);
    assert.match((await info(caught)).description ?? '', /^exception: Activity 'ChargeCard' failed: card declined for 130$/);
    assert.match(String((await locals(caught)).error), /card declined for 130/);
    await session.restart();
    await session.client.launchWith({ program: failing, orchestration: 'Checkout', input: 250 }, {}, ['orchestrationFailed']);
    const failed = await session.client.nextStop();
    assert.strictEqual(failed.frame.source?.path, failing);
    assert.strictEqual(failed.frame.line, CHECKOUT_AWAIT_LINE);
    assert.match((await info(failed)).description ?? '', /^orchestration 'Checkout' failed: Activity 'ChargeCard' failed: card declined for 250$/);
    assert.strictEqual((await locals(failed)).amount, '250');
  });

  it('"All uncaught exceptions" stops on an orchestrator\'s throw that only the runtime catches', async () => {
    await session.client.launchWith({ program: failing, orchestration: 'Checkout', input: 250 }, {}, ['uncaught']);
    const activityThrow = await session.client.nextStop();
    assert.match((await info(activityThrow)).description ?? '', /^activity 'ChargeCard' failed/);
    await session.client.continueRequest({ threadId: activityThrow.threadId });
    const orchestratorThrow = await session.client.nextStop();
    assert.strictEqual(orchestratorThrow.frame.line, CHECKOUT_AWAIT_LINE);
    assert.match((await info(orchestratorThrow)).description ?? '', /^orchestration 'Checkout' failed/);
  });

  for (const [filter, label] of [['orchestrationFailed', 'Orchestration failed'], ['uncaught', 'All uncaught exceptions']]) {
    it(`"${label}" stops on the orchestrator's own throw statement, with its locals, once`, async () => {
      await session.client.launchWith({ program: refund, orchestration: 'Refund', input: 250 }, {}, [filter]);
      const thrown = await session.client.nextStop();
      assert.strictEqual(thrown.reason, 'exception');
      assert.strictEqual(thrown.frame.source?.path, refund);
      assert.strictEqual(thrown.frame.line, REFUND_THROW_LINE);
      assert.match(thrown.description, /^orchestration failed — live after replay 1,/);
      assert.deepStrictEqual(await locals(thrown), { ctx: (await locals(thrown)).ctx, amount: '250', receipt: '"charged"', limit: '100' });
      assert.strictEqual((await info(thrown)).description, "orchestration 'Refund' failed: refund of 250 is over the limit of 100");
      const exited = session.client.waitForEvent('exited');
      await session.client.continueRequest({ threadId: thrown.threadId });
      await exited;
      assert.match(session.client.output.join(''), /Failed/);
    });
  }
});

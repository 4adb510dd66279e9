import * as assert from 'node:assert';
import { historyBreakpointProblem } from '../../debugger/src/shared/historyBreakpoints';
import { clientPerTest, fixture, type Stop } from './support/durableDebugClient';

const orderWorkflow = fixture('orderWorkflow.ts');
/** Lines of test/debugger/fixtures/orderWorkflow.ts. */
const VALIDATE_LINE = 41;
const RETRIED_CALL_LINE = 44;
const AFTER_RETRY_LINE = 45;
const CHARGE_LINE = 47;
const CATCH_LINE = 49;
const order = { id: 'o1', items: ['lamp', 'desk', 'chair'] };

describe('breakpoints on history events', function () {
  this.timeout(60_000);
  const session = clientPerTest();


  const launch = (historyBreakpoints: unknown) => session.client.launchWith({ program: orderWorkflow, orchestration: 'ProcessOrder', input: order, historyBreakpoints });

  it('stops where the code makes the call of a named activity, and where it resumes with its failure', async () => {
    await launch([{ activity: 'ChargeCard' }]);
    const call = await session.client.nextStop();
    assert.strictEqual(call.reason, 'breakpoint');
    assert.strictEqual(call.frame.line, CHARGE_LINE);
    assert.match(call.description, /^history breakpoint TaskScheduled 'ChargeCard' \(new\) — live/);
    assert.strictEqual((await session.client.scope(call, 'Locals')).total.value, '130');

    // The next replay meets the call again, now recorded with its history number, then the failure.
    await session.client.continueRequest({ threadId: call.threadId });
    const replayedCall = await session.client.nextStop();
    assert.strictEqual(replayedCall.frame.line, CHARGE_LINE);
    assert.match(replayedCall.description, /^history breakpoint #\d+ TaskScheduled 'ChargeCard' — replay/);

    await session.client.continueRequest({ threadId: replayedCall.threadId });
    const failed = await session.client.nextStop();
    assert.strictEqual(failed.frame.line, CATCH_LINE);
    assert.match(failed.description, /^history breakpoint #\d+ TaskFailed 'ChargeCard' — live/);
    assert.match((await session.client.scope(failed, 'Locals')).error.value, /card declined/);
  });

  it('stops on a failure by its type when it is recorded live, and again when it is replayed', async () => {
    await launch([{ eventType: 'TaskFailed' }]);
    const next = async (stop: Stop) => {
      await session.client.continueRequest({ threadId: stop.threadId });
      return session.client.nextStop();
    };
    // ReserveStock's first attempt fails and is retried: the run that records the failure never resumes with it,
    // so the stop is at its call, with the locals the call was made with.
    const recorded = await session.client.nextStop();
    assert.strictEqual(recorded.reason, 'breakpoint');
    assert.strictEqual(recorded.frame.line, RETRIED_CALL_LINE);
    const [, failureNumber] = /^history breakpoint #(\d+) TaskFailed 'ReserveStock' — /.exec(recorded.description) ?? [];
    assert.ok(failureNumber, recorded.description);
    assert.match(recorded.description, /— at its call: the code did not resume with this result in the run that recorded it live \(a failed attempt that is retried, or one result of a fan-in\), back in history \(replay \d+\), history event #\d+ of \d+$/);
    assert.strictEqual((await session.client.scope(recorded, 'Locals')).total.value, '130');

    // The replay of the retry timer's turn meets it again, and does not resume with it either.
    const timerTurn = await next(recorded);
    assert.strictEqual(timerTurn.frame.line, RETRIED_CALL_LINE);
    assert.match(timerTurn.description, new RegExp(`^history breakpoint #${failureNumber} TaskFailed 'ReserveStock' — at its call: .* in the replay that met it `));

    // From the replay that receives the retry's result on, the code resumes after the retry.
    const afterRetry = await next(timerTurn);
    assert.strictEqual(afterRetry.frame.line, AFTER_RETRY_LINE);
    assert.match(afterRetry.description, new RegExp(`^history breakpoint #${failureNumber} TaskFailed 'ReserveStock' — live after replay \\d+,`));
    assert.strictEqual((await session.client.scope(afterRetry, 'Locals')).reservation.value, '"reserved 3"');

    const replayed = await next(afterRetry);
    assert.strictEqual(replayed.frame.line, AFTER_RETRY_LINE);
    assert.match(replayed.description, new RegExp(`^history breakpoint #${failureNumber} TaskFailed 'ReserveStock' — replay \\d+,`));

    // ChargeCard's failure is caught: the run that records it resumes with it, in the catch.
    const caught = await next(replayed);
    assert.strictEqual(caught.frame.line, CATCH_LINE);
    assert.match(caught.description, /^history breakpoint #\d+ TaskFailed 'ChargeCard' — live after replay \d+,/);
    // The next replay meets both failures again, in order.
    const nextReplay = await next(caught);
    assert.strictEqual(nextReplay.frame.line, AFTER_RETRY_LINE);
    assert.match(nextReplay.description, new RegExp(`^history breakpoint #${failureNumber} TaskFailed 'ReserveStock' — replay \\d+,`));
  });

  it('stops where the code meets history event #N', async () => {
    await launch([{ event: 1 }]);
    const started = await session.client.nextStop();
    assert.strictEqual(started.frame.line, VALIDATE_LINE);
    assert.match(started.description, /^history breakpoint #1 ExecutionStarted 'ProcessOrder' — live, history event #1 of/);
  });

  it('refuses a history breakpoint that names no event, saying how to write one', async () => {
    await assert.rejects(launch([{ eventType: 'TaskFinished' }]), /History breakpoint 1 of the launch configuration .*"eventType" "TaskFinished" is no history event type/);
  });

  it('accepts every type of event the runtime records, the patch markers of versioning too', () => {
    assert.strictEqual(historyBreakpointProblem({ eventType: 'PatchMarker' }), undefined);
  });
});

import * as assert from 'node:assert';
import { historyBreakpointProblem } from '../../debugger/src/shared/historyBreakpoints';
import { clientPerTest, fixture } from './support/durableDebugClient';

const orderWorkflow = fixture('orderWorkflow.ts');
/** Lines of test/debugger/fixtures/orderWorkflow.ts. */
const VALIDATE_LINE = 41;
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

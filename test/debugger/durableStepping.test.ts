import * as assert from 'node:assert';
import { clientPerTest, fixture, type Stop } from './support/durableDebugClient';

const orderWorkflow = fixture('orderWorkflow.ts');
/** Lines of test/debugger/fixtures/orderWorkflow.ts. */
const line = {
  shipLabel: 32,
  shipReturn: 33,
  validate: 41,
  fanOut: 42,
  total: 43,
  retried: 44,
  letPayment: 45,
  charge: 47,
  catchBody: 49,
  timer: 51,
  eventOrTimeout: 52,
  approvedBy: 53,
  subOrchestration: 54,
  returnLine: 55,
};
const order = { id: 'o1', items: ['lamp', 'desk', 'chair'] };

describe('durable stepping through a realistic workflow', function () {
  this.timeout(60_000);
  const session = clientPerTest();


  const launch = (breakpoints: number[], filters: string[] = []) =>
    session.client.launchWith({ program: orderWorkflow, orchestration: 'ProcessOrder', input: order }, { [orderWorkflow]: breakpoints }, filters);
  const local = async (stop: Stop, name: string) => (await session.client.scope(stop, 'Locals'))[name]?.value;
  const where = (stop: Stop) => `${stop.frame.name} ${stop.frame.source?.path ?? '(no source)'}:${stop.frame.line} (${stop.description})`;
  const assertAt = (stop: Stop, expectedLine: number) => {
    assert.strictEqual(stop.frame.source?.path, orderWorkflow, `stopped in ${where(stop)}`);
    assert.strictEqual(stop.frame.line, expectedLine, `stopped in ${where(stop)}`);
  };

  it('steps over every kind of await onto the next line of the orchestrator, never into Node or the runtime', async () => {
    await launch([line.validate]);
    let stop = await session.client.nextStop();
    assertAt(stop, line.validate);
    const expected: [number, string?, string?][] = [
      [line.fanOut, 'orderId', '"o1"'],
      [line.total, 'prices', 'Array(3)'], // Promise.all over three activities
      [line.retried, 'total', '130'],
      [line.letPayment, 'reservation', '"reserved 3"'], // failed once, retried after a durable timer
      [line.charge],
      [line.catchBody], // the activity failed for good: the `catch`
      [line.timer, 'payment', '"invoice (Activity \'ChargeCard\' failed: card declined for 130)"'],
      [line.eventOrTimeout], // a durable timer
      [line.approvedBy], // ctx.any of an event and a timer
      [line.subOrchestration, 'approvedBy', '"nobody"'],
      [line.returnLine, 'shipping', '"shipped with label for lamp+desk+chair"'],
    ];
    for (const [expectedLine, name, value] of expected) {
      await session.client.nextRequest({ threadId: stop.threadId });
      stop = await session.client.nextStop();
      assert.strictEqual(stop.reason, 'step');
      assertAt(stop, expectedLine);
      if (name) assert.strictEqual(await local(stop, name), value, `${name} at line ${expectedLine}`);
    }
  });

  it('lands in the catch when stepping into a call whose activity fails, after the retry when it is retried', async () => {
    await launch([line.retried, line.charge]);
    const atRetried = await session.client.nextStop();
    assertAt(atRetried, line.retried);
    await session.client.stepInRequest({ threadId: atRetried.threadId });
    // A live call: step into enters the activity; stepping out of it comes back where the orchestrator resumes.
    const inActivity = await session.client.nextStop();
    assert.match(inActivity.description, /in activity 'ReserveStock'/);
    await session.client.stepOutRequest({ threadId: inActivity.threadId });
    const afterRetry = await session.client.nextStop();
    assertAt(afterRetry, line.letPayment);
    assert.strictEqual(await local(afterRetry, 'reservation'), '"reserved 3"');

    await session.client.continueRequest({ threadId: afterRetry.threadId });
    const atCharge = await session.client.nextStop();
    assertAt(atCharge, line.charge);
    await session.client.nextRequest({ threadId: atCharge.threadId });
    const inCatch = await session.client.nextStop();
    assertAt(inCatch, line.catchBody);
    assert.match(String(await local(inCatch, 'error')), /card declined for 130/);
  });

  it('steps out of a sub-orchestration into the parent, where its result arrives', async () => {
    await launch([line.shipLabel]);
    const inChild = await session.client.nextStop();
    assertAt(inChild, line.shipLabel);
    assert.strictEqual((await session.client.scope(inChild, 'Orchestration')).name.value, 'ShipOrder');
    await session.client.stepOutRequest({ threadId: inChild.threadId });
    const inParent = await session.client.nextStop();
    assertAt(inParent, line.returnLine);
    assert.strictEqual((await session.client.scope(inParent, 'Orchestration')).name.value, 'ProcessOrder');
    assert.notStrictEqual(inParent.threadId, inChild.threadId);
    assert.strictEqual(await local(inParent, 'shipping'), '"shipped with label for lamp+desk+chair"');
  });

  it('steps over a sub-orchestration\'s return into the parent, where its result arrives', async () => {
    await launch([{ line: line.shipReturn, condition: '!ctx.isReplaying' } as never]);
    const atReturn = await session.client.nextStop();
    assertAt(atReturn, line.shipReturn);
    let stop = atReturn;
    // Stepping over the return statement may stop on it once more (the function's end), as in any JavaScript debugger.
    for (let step = 0; step < 2 && stop.frame.line === line.shipReturn; step++) {
      await session.client.nextRequest({ threadId: stop.threadId });
      stop = await session.client.nextStop();
    }
    assertAt(stop, line.returnLine);
    assert.strictEqual((await session.client.scope(stop, 'Orchestration')).name.value, 'ProcessOrder');
  });

  it('steps back onto a failure into the catch, and back over a fan-in to the line after the fan-out\'s start', async () => {
    await launch([{ line: line.timer, condition: '!ctx.isReplaying' } as never]);
    const atTimer = await session.client.nextStop();
    assertAt(atTimer, line.timer);
    await session.client.stepBackRequest({ threadId: atTimer.threadId });
    const segmentStart = await session.client.nextStop();
    assertAt(segmentStart, line.catchBody);
    assert.match(segmentStart.description, /^step back — back in history/);
    assert.match(String(await local(segmentStart, 'error')), /card declined/);
    const evaluated = await session.client.evaluateRequest({ expression: 'total', frameId: segmentStart.frame.id, context: 'repl' });
    assert.strictEqual(evaluated.body.result, '130');

    let stop = segmentStart;
    const landings: number[] = [];
    for (let step = 0; step < 4; step++) {
      await session.client.stepBackRequest({ threadId: stop.threadId });
      stop = await session.client.nextStop();
      assert.strictEqual(stop.frame.source?.path, orderWorkflow, `stopped in ${where(stop)}`);
      landings.push(stop.frame.line);
    }
    // Back from the catch: the charge call, the line after the retry, the line after the fan-in, the fan-out.
    assert.deepStrictEqual(landings, [line.letPayment, line.total, line.fanOut, line.validate]);
  });
});

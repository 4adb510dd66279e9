import * as assert from 'node:assert';
import { clientPerTest, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
const dispatch = fixture('dispatch.ts');
/** Lines of test/debugger/fixtures/greetings.ts and dispatch.ts. */
const AFTER_ACTIVITY_LINE = 15;
const AWAIT_SUB_ORCHESTRATION_LINE = 14;

describe('where a stop is: history numbering, reverse continue, per-thread stacks', function () {
  this.timeout(60_000);
  const session = clientPerTest();


  it('numbers the history event of a stop as the History scope does', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle'] }, { [greetings]: [AFTER_ACTIVITY_LINE] });
    await session.client.continueRequest({ threadId: (await session.client.nextStop()).threadId });
    const stop = await session.client.nextStop();
    const number = /history event (#\d+) of (\d+)$/.exec(stop.description);
    assert.ok(number, stop.description);
    const history = await session.client.scope(stop, 'History');
    const here = Object.values(history).find((event) => event.value.endsWith('◀ here'));
    assert.strictEqual(here?.name, number[1], `${stop.description} vs ${here?.name} ${here?.value}`);
    assert.strictEqual(Object.keys(history).length, Number(number[2]));
    assert.strictEqual((await session.client.scope(stop, 'Orchestration'))['history position'].value, `${number[1]} of ${number[2]}`);
  });

  it('reverse-continues to an earlier stop made by a condition on ctx.isReplaying', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle', 'London'] }, {
      [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: '!ctx.isReplaying' }],
    });
    const atTokyo = await session.client.nextStop();
    assert.strictEqual((await session.client.scope(atTokyo, 'Locals')).city.value, '"Tokyo"');
    await session.client.continueRequest({ threadId: atTokyo.threadId });
    const atSeattle = await session.client.nextStop();
    assert.strictEqual((await session.client.scope(atSeattle, 'Locals')).city.value, '"Seattle"');

    await session.client.reverseContinueRequest({ threadId: atSeattle.threadId });
    const back = await session.client.nextStop();
    assert.match(back.description, /^reverse continue — back in history/);
    assert.strictEqual(back.frame.line, AFTER_ACTIVITY_LINE);
    assert.strictEqual((await session.client.scope(back, 'Locals')).city.value, '"Tokyo"');
  });

  it('shows the stopped instance\'s frames on its own thread only', async () => {
    await session.client.launchWith({ program: dispatch, orchestration: 'Dispatch', input: ['lamp'] }, { [dispatch]: [AWAIT_SUB_ORCHESTRATION_LINE] });
    const inParent = await session.client.nextStop();
    await session.client.stepInRequest({ threadId: inParent.threadId });
    const inChild = await session.client.nextStop();
    assert.notStrictEqual(inChild.threadId, inParent.threadId);
    const parentStack = await session.client.stackTraceRequest({ threadId: inParent.threadId });
    // The parent waits at its await, with no frame running: its one frame says so, on the line of that await.
    assert.deepStrictEqual(
      parentStack.body.stackFrames.map((frame) => `${frame.name.replace(/ \S+ — /, ' — ')}:${frame.line}`),
      [`Dispatch — waiting for sub-orchestration 'ShipParcel' (task 0):${AWAIT_SUB_ORCHESTRATION_LINE}`],
    );
    const childStack = await session.client.stackTraceRequest({ threadId: inChild.threadId });
    assert.strictEqual(childStack.body.stackFrames[0].line, inChild.frame.line);
  });
});

import * as assert from 'node:assert';
import { clientPerTest, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
const dispatch = fixture('dispatch.ts');
/** Lines of test/debugger/fixtures/dispatch.ts. */
const SUB_ORCHESTRATION_FIRST_LINE = 6;
const AWAIT_SUB_ORCHESTRATION_LINE = 14;
/** Lines of test/debugger/fixtures/greetings.ts. */
const ACTIVITY_FIRST_LINE = 6;
const AWAIT_ACTIVITY_LINE = 14;
const AFTER_ACTIVITY_LINE = 15;

describe('step into an awaited activity or sub-orchestration call', function () {
  this.timeout(30_000);
  const session = clientPerTest();

  it('enters the activity at its first line when the call runs live', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'] }, { [greetings]: [AWAIT_ACTIVITY_LINE] });
    const atAwait = await session.client.nextStop();
    assert.match(atAwait.description, /^breakpoint — live/);

    await session.client.stepInRequest({ threadId: atAwait.threadId });
    const inActivity = await session.client.nextStop();
    assert.strictEqual(inActivity.reason, 'step');
    assert.strictEqual(inActivity.frame.source?.path, greetings);
    assert.strictEqual(inActivity.frame.line, ACTIVITY_FIRST_LINE);
    assert.match(inActivity.description, /^step — in activity 'SayHello' of Greetings /);
    assert.strictEqual((await session.client.scope(inActivity, 'Locals')).city.value, '"Tokyo"');
  });

  it('enters a sub-orchestration at its first line, on the child instance\'s thread, when the call runs live', async () => {
    await session.client.launchWith({ program: dispatch, orchestration: 'Dispatch', input: ['lamp'] }, { [dispatch]: [AWAIT_SUB_ORCHESTRATION_LINE] });
    const atAwait = await session.client.nextStop();
    assert.match(atAwait.description, /^breakpoint — live/);

    await session.client.stepInRequest({ threadId: atAwait.threadId });
    const inChild = await session.client.nextStop();
    assert.strictEqual(inChild.reason, 'step');
    assert.strictEqual(inChild.frame.source?.path, dispatch);
    assert.strictEqual(inChild.frame.line, SUB_ORCHESTRATION_FIRST_LINE);
    assert.notStrictEqual(inChild.threadId, atAwait.threadId, 'the child instance has a thread of its own');
    assert.match(inChild.description, /^step — live/);
    assert.strictEqual((await session.client.scope(inChild, 'Locals')).parcel.value, '"lamp"');
    assert.strictEqual((await session.client.scope(inChild, 'Orchestration')).name.value, 'ShipParcel');
  });

  it('steps out of the entered activity back to the orchestrator, where its result arrives', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'] }, { [greetings]: [AWAIT_ACTIVITY_LINE] });
    const atAwait = await session.client.nextStop();
    await session.client.stepInRequest({ threadId: atAwait.threadId });
    const inActivity = await session.client.nextStop();
    assert.strictEqual(inActivity.frame.line, ACTIVITY_FIRST_LINE);

    await session.client.stepOutRequest({ threadId: inActivity.threadId });
    const back = await session.client.nextStop();
    assert.strictEqual(back.reason, 'step');
    assert.strictEqual(back.frame.line, AFTER_ACTIVITY_LINE);
    assert.match(back.description, /^step — live after replay 1,/);
    assert.strictEqual((await session.client.scope(back, 'Locals')).greeting.value, '"Hello Tokyo!"');
  });

  it('steps over a call whose result the replay takes from history, and says so', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle'] }, {
      [greetings]: [{ line: AWAIT_ACTIVITY_LINE, condition: `city === 'Tokyo' && ctx.isReplaying` }],
    });
    // Tokyo's activity ran before the first replay, which receives its result; later replays read it from history.
    const firstReplay = await session.client.nextStop();
    assert.match(firstReplay.description, /^breakpoint — replay 1,/);
    await session.client.stepInRequest({ threadId: firstReplay.threadId });
    const delivered = await session.client.nextStop();
    assert.strictEqual(delivered.frame.line, AFTER_ACTIVITY_LINE);
    assert.match(delivered.description, /^step — activity 'SayHello' ran before this replay, live after replay 1, history event #\d+ of \d+$/);

    await session.client.continueRequest({ threadId: delivered.threadId });
    const replayed = await session.client.nextStop();
    assert.match(replayed.description, /^breakpoint — replay 2,/);

    await session.client.stepInRequest({ threadId: replayed.threadId });
    const next = await session.client.nextStop();
    assert.strictEqual(next.reason, 'step');
    assert.strictEqual(next.frame.line, AFTER_ACTIVITY_LINE);
    assert.match(next.description, /^step — activity 'SayHello' result replayed from history, replay 2, history event #\d+ of \d+$/);
    assert.strictEqual((await session.client.scope(next, 'Locals')).greeting.value, '"Hello Tokyo!"');
  });
});

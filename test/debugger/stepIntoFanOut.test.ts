import * as assert from 'node:assert';
import { clientPerTest, fixture, type Stop } from './support/durableDebugClient';

const fanOut = fixture('fanOut.ts');
/** Lines of test/debugger/fixtures/fanOut.ts. */
const line = { packFirst: 4, packReturn: 5, labelFirst: 9, labelReturn: 10, ctxAll: 15, promiseAll: 16, ctxAny: 17, promiseRace: 18, event: 19, returnLine: 20 };
const INSTANCE = 'fan-1';

describe('stepping on a line that starts several calls at once, or waits for an event', function () {
  this.timeout(60_000);
  const session = clientPerTest();

  const where = (stop: Stop) => `${stop.frame.source?.path ?? '(no source)'}:${stop.frame.line} (${stop.description})`;
  const assertAt = (stop: Stop, expectedLine: number) => {
    assert.strictEqual(stop.frame.source?.path, fanOut, `stopped at ${where(stop)}`);
    assert.strictEqual(stop.frame.line, expectedLine, `stopped at ${where(stop)}`);
  };
  const value = async (stop: Stop, expression: string) => (await session.client.evaluateRequest({ expression, frameId: stop.frame.id, context: 'repl' })).body.result;
  /** Launches FanOut and stops the first time `fanOutLine` runs live. */
  async function liveAt(fanOutLine: number): Promise<Stop> {
    await session.client.launchWith({ program: fanOut, orchestration: 'FanOut', input: 'lamp', instanceId: INSTANCE }, { [fanOut]: [{ line: fanOutLine, condition: '!ctx.isReplaying' }] });
    const stop = await session.client.nextStop();
    assertAt(stop, fanOutLine);
    assert.match(stop.description, /^breakpoint — live/);
    return stop;
  }
  const step = async (kind: 'stepIn' | 'next' | 'stepOut', stop: Stop) => {
    await session.client[`${kind}Request`]({ threadId: stop.threadId });
    return session.client.nextStop();
  };
  /** Steps over until the stop leaves these lines (a function's last line may stop twice: on it, then at its end). */
  async function stepOverOut(stop: Stop, lines: number[]): Promise<Stop> {
    for (let steps = 0; steps < 4 && lines.includes(stop.frame.line); steps++) stop = await step('next', stop);
    return stop;
  }
  async function assertInActivity(stop: Stop, name: string, firstLine: number): Promise<void> {
    assertAt(stop, firstLine);
    assert.strictEqual(stop.reason, 'step');
    assert.match(stop.description, new RegExp(`^step — in activity '${name}' of FanOut ${INSTANCE}$`));
    assert.strictEqual((await session.client.scope(stop, 'Locals')).item.value, '"lamp"');
  }

  it('steps into ctx.all: the first activity, then on through the second, then the line after the fan-in', async () => {
    const inPack = await step('stepIn', await liveAt(line.ctxAll));
    await assertInActivity(inPack, 'Pack', line.packFirst);
    const inLabel = await stepOverOut(inPack, [line.packFirst, line.packReturn]);
    await assertInActivity(inLabel, 'Label', line.labelFirst);
    const afterFanIn = await stepOverOut(inLabel, [line.labelFirst, line.labelReturn]);
    assertAt(afterFanIn, line.promiseAll);
    assert.strictEqual(await value(afterFanIn, 'both.join()'), '"box of lamp,label for lamp"');
  });

  it('steps into Promise.all: the first activity; out of it, to the line after the fan-in', async () => {
    const inPack = await step('stepIn', await liveAt(line.promiseAll));
    await assertInActivity(inPack, 'Pack', line.packFirst);
    const afterFanIn = await step('stepOut', inPack);
    assertAt(afterFanIn, line.ctxAny);
    assert.strictEqual(await value(afterFanIn, 'bothAgain.join()'), '"box of lamp,label for lamp"');
  });

  for (const [kind, raceLine, resultExpression] of [['ctx.any', line.ctxAny, 'first.result'], ['Promise.race', line.promiseRace, 'raced']] as const) {
    it(`steps into ${kind}: the first activity; out of it, to the line after, once the first result is in`, async () => {
      const inPack = await step('stepIn', await liveAt(raceLine));
      await assertInActivity(inPack, 'Pack', line.packFirst);
      const afterRace = await step('stepOut', inPack);
      assertAt(afterRace, raceLine + 1);
      assert.strictEqual(await value(afterRace, resultExpression), '"box of lamp"');
    });
  }

  it('steps over each fan-out onto the next line, and over an awaited event once it is raised', async () => {
    let stop = await liveAt(line.ctxAll);
    for (const next of [line.promiseAll, line.ctxAny, line.promiseRace, line.event]) {
      stop = await step('next', stop);
      assert.strictEqual(stop.reason, 'step');
      assertAt(stop, next);
    }
    await session.client.nextRequest({ threadId: stop.threadId });
    await session.client.customRequest('raiseEvent', { instanceId: INSTANCE, eventName: 'Approval', data: 'Ada' });
    const afterEvent = await session.client.nextStop();
    assertAt(afterEvent, line.returnLine);
    assert.strictEqual((await session.client.scope(afterEvent, 'Locals')).approvedBy.value, '"Ada"');
  });

  it('steps into an awaited event that nothing runs for: the next line, once it is raised', async () => {
    const atEvent = await liveAt(line.event);
    await session.client.stepInRequest({ threadId: atEvent.threadId });
    await session.client.customRequest('raiseEvent', { instanceId: INSTANCE, eventName: 'Approval', data: 'Ada' });
    const afterEvent = await session.client.nextStop();
    assert.strictEqual(afterEvent.reason, 'step');
    assertAt(afterEvent, line.returnLine);
    assert.match(afterEvent.description, /^step — live after replay \d+,/);
    assert.strictEqual((await session.client.scope(afterEvent, 'Locals')).approvedBy.value, '"Ada"');
  });
});

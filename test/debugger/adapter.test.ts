import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
/** Lines of test/debugger/fixtures/greetings.ts. */
const ACTIVITY_RETURN_LINE = 8;
const AWAIT_ACTIVITY_LINE = 14;
const AFTER_ACTIVITY_LINE = 15;
const cities = ['Tokyo', 'Seattle', 'London'];

describe('the durable debug adapter (DAP over stdio)', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let workDir: string;
  let activityLog: string;

  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-debug-'));
    activityLog = path.join(workDir, 'activities.log');
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const launchGreetings = (extra: Record<string, unknown> = {}) => ({
    program: greetings,
    orchestration: 'Greetings',
    input: cities,
    env: { GREETINGS_ACTIVITY_LOG: activityLog },
    ...extra,
  });
  const activityRuns = () => (fs.existsSync(activityLog) ? fs.readFileSync(activityLog, 'utf8').trim().split('\n') : []);

  it('hits a breakpoint after the first activity on the first run, then again on a replay, marked as a replay', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [AFTER_ACTIVITY_LINE] });

    const firstRun = await client.nextStop();
    assert.strictEqual(firstRun.reason, 'breakpoint');
    assert.strictEqual(firstRun.frame.line, AFTER_ACTIVITY_LINE);
    assert.strictEqual(firstRun.frame.source?.path, greetings);
    assert.match(firstRun.description, /^breakpoint — live/);
    assert.strictEqual((await client.scope(firstRun, 'Orchestration')).replaying.value, 'false');

    await client.continueRequest({ threadId: firstRun.threadId });
    const replay = await client.nextStop();
    assert.strictEqual(replay.frame.line, AFTER_ACTIVITY_LINE);
    assert.match(replay.description, /^breakpoint — replay \d+, history event #\d+ of \d+$/);
    const orchestration = await client.scope(replay, 'Orchestration');
    assert.strictEqual(orchestration.replaying.value, 'true');
    assert.strictEqual(orchestration.name.value, 'Greetings');
    const { body } = await client.threadsRequest();
    assert.ok(body.threads.some((thread) => thread.id === replay.threadId && thread.name.startsWith('Greetings ')), 'the instance is a thread named after it');
  });

  it('stops at a breakpoint in an activity, on the thread of the instance that called it', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [ACTIVITY_RETURN_LINE] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.line, ACTIVITY_RETURN_LINE);
    assert.match(stop.description, /^breakpoint — in activity 'SayHello' of Greetings /);
    assert.strictEqual((await client.scope(stop, 'Locals')).city.value, '"Tokyo"');
    const { body } = await client.threadsRequest();
    assert.match(body.threads.find((thread) => thread.id === stop.threadId)?.name ?? '', /^Greetings /);
  });

  it('binds breakpoints in a CommonJS .js app to the right line', async () => {
    const javascript = fixture('greetings.js');
    await client.launchWith({ program: javascript, input: ['hi'] }, { [javascript]: [12] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.source?.path, javascript);
    assert.strictEqual(stop.frame.line, 12);
    assert.strictEqual((await client.scope(stop, 'Locals')).word.value, '"hi"');
  });

  it('shows the values recorded in history in the variables and the debug console', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [AFTER_ACTIVITY_LINE] });
    await client.continueRequest({ threadId: (await client.nextStop()).threadId });
    const replay = await client.nextStop();

    const locals = await client.scope(replay, 'Locals');
    assert.strictEqual(locals.city.value, '"Tokyo"');
    assert.strictEqual(locals.greeting.value, '"Hello Tokyo!"');
    const history = Object.values(await client.scope(replay, 'History'));
    const completed = history.find((event) => event.value.startsWith('TaskCompleted SayHello'));
    assert.ok(completed, `a TaskCompleted event in ${history.map((event) => event.value).join(' | ')}`);
    assert.strictEqual((await client.children(completed)).Result.value, '"Hello Tokyo!"');
    const evaluated = await client.evaluateRequest({ expression: 'greeting.toUpperCase()', frameId: replay.frame.id, context: 'repl' });
    assert.strictEqual(evaluated.body.result, '"HELLO TOKYO!"');
  });

  it('steps over an await that ends the turn onto the next line, in the next replay', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [AWAIT_ACTIVITY_LINE] });
    const atAwait = await client.nextStop();
    assert.strictEqual(atAwait.frame.line, AWAIT_ACTIVITY_LINE);

    await client.nextRequest({ threadId: atAwait.threadId });
    const next = await client.nextStop();
    assert.strictEqual(next.reason, 'step');
    assert.strictEqual(next.frame.line, AFTER_ACTIVITY_LINE);
    assert.strictEqual((await client.scope(next, 'Locals')).greeting.value, '"Hello Tokyo!"');
  });

  it('steps back to the earlier checkpoint by replaying history, without running an activity again', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle' && !ctx.isReplaying` }] });
    const atSeattle = await client.nextStop();
    assert.strictEqual((await client.scope(atSeattle, 'Locals')).city.value, '"Seattle"');
    const runsBefore = activityRuns();
    const positionBefore = (await client.scope(atSeattle, 'Orchestration'))['history position'].value;

    await client.stepBackRequest({ threadId: atSeattle.threadId });
    const segmentStart = await client.nextStop();
    assert.strictEqual((await client.scope(segmentStart, 'Locals')).city.value, '"Seattle"');
    await client.stepBackRequest({ threadId: segmentStart.threadId });
    const earlier = await client.nextStop();

    assert.match(earlier.description, /^step back — back in history/);
    assert.strictEqual(earlier.frame.line, AFTER_ACTIVITY_LINE, 'the first line that runs after the earlier checkpoint');
    assert.strictEqual((await client.scope(earlier, 'Locals')).city.value, '"Tokyo"');
    const positionAfter = (await client.scope(earlier, 'Orchestration'))['history position'].value;
    assert.ok(parseInt(positionAfter.slice(1)) < parseInt(positionBefore.slice(1)), `history position ${positionAfter} is before ${positionBefore}`);
    assert.deepStrictEqual(activityRuns(), runsBefore, 'no activity ran while stepping back');
  });

  it('reverse-continues to the previous breakpoint stop, back in history', async () => {
    await client.launchWith(launchGreetings(), { [greetings]: [AFTER_ACTIVITY_LINE] });
    await client.continueRequest({ threadId: (await client.nextStop()).threadId });
    const tokyoReplayed = await client.nextStop();
    await client.continueRequest({ threadId: tokyoReplayed.threadId });
    const atSeattle = await client.nextStop();
    assert.strictEqual((await client.scope(atSeattle, 'Locals')).city.value, '"Seattle"');

    await client.reverseContinueRequest({ threadId: atSeattle.threadId });
    const back = await client.nextStop();
    assert.strictEqual(back.reason, 'breakpoint');
    assert.match(back.description, /^reverse continue — back in history/);
    assert.strictEqual(back.frame.line, AFTER_ACTIVITY_LINE);
    assert.strictEqual((await client.scope(back, 'Locals')).city.value, '"Tokyo"');
  });

  it('shows each history event as it is appended and the replay-safe log once, in the debug console', async () => {
    const terminated = client.waitForEvent('terminated');
    await client.launchWith(launchGreetings());
    await terminated;
    const console = client.output.join('');
    assert.match(console, /Greetings \S+ #1 ExecutionStarted Greetings ← \["Tokyo","Seattle","London"\]/);
    assert.match(console, /#5 TaskCompleted SayHello \(for task 0\) → "Hello Tokyo!"/);
    assert.strictEqual(console.split('[info] greeted 3 cities').length - 1, 1, console);
    assert.match(console, /Completed → \["Hello Tokyo!","Hello Seattle!","Hello London!"\]/);
  });

  it('pauses a running orchestration in its own code, not in the runtime', async () => {
    const longHistory = fixture('longHistory.ts');
    // 400 turns, each replaying the history so far, keep it running well past the pause.
    await client.launchWith({ program: longHistory, orchestration: 'LongChain', input: 400 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.pauseRequest({ threadId: 1 });
    const paused = await client.nextStop();
    assert.strictEqual(paused.reason, 'pause');
    assert.strictEqual(paused.frame.source?.path, longHistory);
    assert.strictEqual((await client.scope(paused, 'Orchestration')).name.value, 'LongChain');
  });

  it('pauses right after the launch, before the app has loaded, at the orchestration\'s first step', async () => {
    const longHistory = fixture('longHistory.ts');
    await client.launchWith({ program: longHistory, orchestration: 'LongChain', input: 400 });
    await client.pauseRequest({ threadId: 1 });
    const paused = await client.nextStop();
    assert.strictEqual(paused.reason, 'pause');
    assert.strictEqual(paused.frame.source?.path, longHistory);
  });

  it('stops at the offending line when the nondeterminism filter is on', async () => {
    const drifting = fixture('drifting.ts');
    await client.launchWith({ program: drifting, orchestration: 'Drifting' }, {}, ['nondeterminism']);
    const stop = await client.nextStop();
    assert.strictEqual(stop.reason, 'exception');
    assert.strictEqual(stop.frame.source?.path, drifting);
    assert.strictEqual(stop.frame.line, 11);
    const info = await client.exceptionInfoRequest({ threadId: stop.threadId });
    assert.match(info.body.description ?? '', /expected TaskScheduled 'Alpha'.*activity 'Beta'/);
  });

  it('stops where an activity fails, then where the orchestration fails, when those filters are on', async () => {
    await client.launchWith({ program: fixture('failing.ts'), orchestration: 'Checkout', input: 250 }, {}, ['activityFailed', 'orchestrationFailed']);
    const activityFailed = await client.nextStop();
    assert.strictEqual(activityFailed.reason, 'exception');
    assert.match((await client.exceptionInfoRequest({ threadId: activityFailed.threadId })).body.description ?? '', /activity 'ChargeCard' failed: card declined for 250/);
    assert.match(activityFailed.description, /in activity 'ChargeCard' of Checkout/);

    await client.continueRequest({ threadId: activityFailed.threadId });
    const orchestrationFailed = await client.nextStop();
    assert.match((await client.exceptionInfoRequest({ threadId: orchestrationFailed.threadId })).body.description ?? '', /orchestration 'Checkout' failed: Activity 'ChargeCard' failed/);
    assert.strictEqual((await client.scope(orchestrationFailed, 'Orchestration')).name.value, 'Checkout');
    // Registered first: the host exits right after the continue, and the event can arrive with its response.
    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: orchestrationFailed.threadId });
    await terminated;
  });

  it('refuses a launch whose program does not exist, saying so', async () => {
    const missing = path.join(workDir, 'missing.ts');
    await assert.rejects(client.launchWith({ program: missing }), new RegExp(`Cannot find the program ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('re-runs a finished instance from its stored history in a replay launch, executing no activity', async () => {
    const store = path.join(workDir, 'store');
    const recorded = client.waitForEvent('terminated');
    await client.launchWith(launchGreetings({ store, instanceId: 'recorded' }));
    await recorded;
    assert.deepStrictEqual(activityRuns(), cities, 'the recorded run executed each activity once');
    await client.stop();

    client = new DurableDebugClient();
    await client.start();
    await client.launchWith(launchGreetings({ store, replay: { instanceId: 'recorded' } }), { [greetings]: [AFTER_ACTIVITY_LINE] });
    const replayed = new Set<string>();
    const terminated = client.waitForEvent('terminated');
    for (let stop = 0; stop < cities.length; stop++) {
      const replay = await client.nextStop();
      assert.match(replay.description, /^breakpoint — replay 1,/);
      replayed.add((await client.scope(replay, 'Locals')).city.value);
      await client.continueRequest({ threadId: replay.threadId });
    }
    await terminated;
    assert.deepStrictEqual([...replayed], cities.map((city) => JSON.stringify(city)));
    assert.deepStrictEqual(activityRuns(), cities, 'the replay executed no activity');
    assert.ok(client.output.some((line) => /replayed \d+ recorded events \(recorded status Completed\)/.test(line)), client.output.join(''));
  });

  it('honours conditions, hit counts and logpoints', async () => {
    await client.launchWith(launchGreetings(), {
      [greetings]: [
        { line: AWAIT_ACTIVITY_LINE, logMessage: 'greeting {city}' },
        { line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle'`, hitCondition: '2' },
      ],
    });
    const stop = await client.nextStop();
    const locals = await client.scope(stop, 'Locals');
    assert.strictEqual(locals.city.value, '"Seattle"');
    assert.strictEqual((await client.scope(stop, 'Orchestration')).replaying.value, 'true', 'the second Seattle hit is a replay');
    assert.ok(client.output.includes('greeting Tokyo\n'), `logpoint output in ${JSON.stringify(client.output.slice(0, 20))}`);
  });
});

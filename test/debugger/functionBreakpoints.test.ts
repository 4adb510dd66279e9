import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
/** Lines of test/debugger/fixtures/greetings.ts. */
const ACTIVITY_FIRST_LINE = 6;
const ORCHESTRATOR_FIRST_LINE = 12;
const CALL_ACTIVITY_LINE = 14;

describe('function breakpoints on activity and orchestration names', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let changes: DebugProtocol.Breakpoint[];

  beforeEach(async () => {
    client = new DurableDebugClient();
    changes = [];
    client.on('breakpoint', (event: DebugProtocol.BreakpointEvent) => changes.push(event.body.breakpoint));
    await client.start();
  });

  afterEach(() => client.stop());

  /** Launches Greetings with these function breakpoints set during the configuration, as VS Code does. */
  async function launchWith(names: string[]): Promise<DebugProtocol.Breakpoint[]> {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = client.launchRequest({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle'], store: client.defaultStore } as DebugProtocol.LaunchRequestArguments);
    await client.waitForEvent('initialized');
    const { body } = await client.setFunctionBreakpointsRequest({ breakpoints: names.map((name) => ({ name })) });
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.configurationDoneRequest();
    await launched;
    return body.breakpoints;
  }

  /** Every stop until the session ends, continuing from each. */
  async function stopsToTheEnd(): Promise<{ line: number; description: string; city?: string }[]> {
    const stops: { line: number; description: string; city?: string }[] = [];
    let ended = false;
    client.once('terminated', () => (ended = true));
    const terminated = client.waitForEvent('terminated');
    while (!ended) {
      const stop = await Promise.race([client.nextStop(), terminated.then(() => undefined)]);
      if (!stop) break;
      assert.strictEqual(stop.reason, 'function breakpoint');
      stops.push({ line: stop.frame.line, description: stop.description, city: (await client.scope(stop, 'Locals')).city?.value });
      await client.continueRequest({ threadId: stop.threadId });
    }
    return stops;
  }

  it('stops at the first line of an activity each time it runs', async () => {
    await launchWith(['SayHello']);
    const stops = await stopsToTheEnd();
    assert.deepStrictEqual(stops.map((stop) => [stop.line, stop.city]), [[ACTIVITY_FIRST_LINE, '"Tokyo"'], [ACTIVITY_FIRST_LINE, '"Seattle"']]);
    assert.match(stops[0].description, /^function breakpoint — in activity 'SayHello' of Greetings /);
  });

  it('stops where an orchestration starts, not again on its replays', async () => {
    await launchWith(['Greetings']);
    const stops = await stopsToTheEnd();
    assert.deepStrictEqual(stops.map((stop) => stop.line), [ORCHESTRATOR_FIRST_LINE]);
    assert.match(stops[0].description, /^function breakpoint — live, history event/);
  });

  it('stops where the orchestrator schedules an activity, once per call', async () => {
    await launchWith(['SayHello scheduled']);
    const stops = await stopsToTheEnd();
    assert.deepStrictEqual(stops.map((stop) => [stop.line, stop.city]), [[CALL_ACTIVITY_LINE, '"Tokyo"'], [CALL_ACTIVITY_LINE, '"Seattle"']]);
  });

  it('verifies the names once the app has loaded, and says which names it registers when one is unknown', async () => {
    const answers = await launchWith(['Greetings', 'SayGoodbye']);
    assert.deepStrictEqual(answers.map((answer) => answer.verified), [false, false]);
    // The app has loaded once the orchestration starts.
    await client.nextStop();
    const last = (id: number | undefined) => changes.filter((change) => change.id === id).at(-1);
    assert.strictEqual(last(answers[0].id)?.verified, true);
    assert.strictEqual(last(answers[1].id)?.verified, false);
    assert.strictEqual(last(answers[1].id)?.message, "The app registers no activity or orchestration 'SayGoodbye'. Activities: SayHello; orchestrations: Greetings.");
  });
});

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openStore, type HistoryEvent } from '../../runtime/src/index';
import { STOP_GRACE_MS } from '../../debugger/src/shared/hostProtocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';
import { exitOf } from './support/processes';

const greetings = fixture('greetings.ts');
/** The line of test/debugger/fixtures/greetings.ts after the activity's await. */
const AFTER_ACTIVITY_LINE = 15;
const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Lima'];

async function storedHistory(store: string, instanceId: string): Promise<HistoryEvent[]> {
  const opened = await openStore({ path: store });
  try {
    return await opened.getHistory(instanceId);
  } finally {
    await opened.close();
  }
}

describe('Stop and Restart keep durable progress; a relaunch continues the instance', function () {
  this.timeout(40_000);
  let client: DurableDebugClient;
  let workDir: string;
  let store: string;
  let activityLog: string;

  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-stop-'));
    store = path.join(workDir, 'store.db');
    activityLog = path.join(workDir, 'activities.log');
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const launch = (instanceId: string) => ({ program: greetings, orchestration: 'Greetings', input: cities, instanceId, store, env: { GREETINGS_ACTIVITY_LOG: activityLog } });
  const activityRuns = (city: string) => (fs.existsSync(activityLog) ? fs.readFileSync(activityLog, 'utf8').split('\n').filter((line) => line === city).length : 0);
  /** The history events the debug console showed for the instance, as "#id Type". */
  const shownEvents = (instanceId: string) =>
    client.output.flatMap((line) => {
      const match = new RegExp(`^Greetings ${instanceId} #(\\d+) (\\w+)`).exec(line);
      return match ? [`#${match[1]} ${match[2]}`] : [];
    });

  it('Stop while paused keeps every event the session showed, and a relaunch continues without re-running a completed activity', async () => {
    await client.launchWith(launch('order-1'), { [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'London' && !ctx.isReplaying` }] });
    const atLondon = await client.nextStop();
    assert.strictEqual((await client.scope(atLondon, 'Locals')).city.value, '"London"');
    const shown = shownEvents('order-1');
    assert.ok(shown.length > 10, `the console showed the history so far: ${shown.join(', ')}`);
    // Their results are recorded: London's as the message the paused turn consumes.
    const ranBeforeStop = cities.filter((city) => activityRuns(city) > 0);
    assert.deepStrictEqual(ranBeforeStop, ['Tokyo', 'Seattle', 'London']);

    const terminated = client.waitForEvent('terminated');
    await client.terminateRequest({});
    await terminated;
    assert.match(client.output.join(''), /Stopped: everything recorded so far is in the store .*"instanceId": "order-1"/);

    const atStop = await storedHistory(store, 'order-1');
    assert.deepStrictEqual(atStop.slice(0, shown.length).map((event) => `#${event.EventId} ${event.EventType}`), shown, 'the store keeps every event the session showed');
    await client.stop();

    client = new DurableDebugClient();
    await client.start();
    const finished = client.waitForEvent('exited');
    await client.launchWith(launch('order-1'));
    assert.strictEqual(((await finished) as DebugProtocol.ExitedEvent).body.exitCode, 0, client.output.join(''));
    const console = client.output.join('');
    assert.doesNotMatch(console, /already exists/);
    assert.match(console, /Continuing Greetings order-1 from the store .*: it is Running, with \d+ history events recorded/);
    assert.match(console, /Completed → \["Hello Tokyo!","Hello Seattle!","Hello London!","Hello Paris!","Hello Lima!"\]/);
    for (const city of ranBeforeStop) assert.strictEqual(activityRuns(city), 1, `${city}'s activity completed before the Stop and ran once`);
  });

  it('stops the app as Stop does when the adapter is killed while paused: the store keeps every event the session showed', async () => {
    await client.launchWith(launch('order-4'), { [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle' && !ctx.isReplaying` }] });
    await client.nextStop();
    const shown = shownEvents('order-4');
    const host = Number(execFileSync('pgrep', ['-P', String(client.adapterPid)], { encoding: 'utf8' }).split('\n')[0]);
    await client.kill();
    // Well before the grace after which a host that does not stop is killed (what it recorded then may be lost).
    await exitOf(host, STOP_GRACE_MS - 1_000);
    const atStop = await storedHistory(store, 'order-4');
    assert.deepStrictEqual(atStop.slice(0, shown.length).map((event) => `#${event.EventId} ${event.EventType}`), shown, 'the store keeps every event the session showed');
    client = new DurableDebugClient();
    await client.start();
  });

  it('says in the first stop of a relaunch that it continues the unfinished instance', async () => {
    await client.launchWith(launch('order-2'), { [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle' && !ctx.isReplaying` }] });
    await client.nextStop();
    const terminated = client.waitForEvent('terminated');
    await client.disconnectRequest({});
    await terminated;
    await client.stop();

    client = new DurableDebugClient();
    await client.start();
    await client.launchWith(launch('order-2'), { [greetings]: [AFTER_ACTIVITY_LINE] });
    const first = await client.nextStop();
    assert.match(first.description, /^breakpoint — continuing the unfinished instance from the store, replay \d+, history event #\d+ of \d+$/);
    const second = (await client.continueRequest({ threadId: first.threadId }), await client.nextStop());
    assert.doesNotMatch(second.description, /continuing/);
  });

  it('restarts on the DAP restart request: the host stops cleanly and the relaunch continues the instance with the same breakpoints', async () => {
    const events: string[] = [];
    client.on('terminated', () => events.push('terminated'));
    await client.launchWith(launch('order-3'), { [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city !== 'Tokyo' && !ctx.isReplaying` }] });
    const atSeattle = await client.nextStop();
    assert.strictEqual((await client.scope(atSeattle, 'Locals')).city.value, '"Seattle"');
    await client.restartRequest({ arguments: launch('order-3') } as DebugProtocol.RestartArguments);

    // The same conditional breakpoint, set again in the new host: Seattle's activity ran before the restart, so the
    // next live stop is at a later city.
    const afterRestart = await client.nextStop();
    assert.strictEqual((await client.scope(afterRestart, 'Locals')).city.value, '"London"');
    assert.notStrictEqual(afterRestart.threadId, atSeattle.threadId, 'the relaunched instance is a new thread');
    assert.match(afterRestart.description, /^breakpoint — continuing the unfinished instance from the store/);
    assert.deepStrictEqual(events, [], 'the session did not end');
    await client.setBreakpointsRequest({ source: { path: greetings }, breakpoints: [] });
    const exited = client.waitForEvent('exited');
    await client.continueRequest({ threadId: afterRestart.threadId });
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0, client.output.join(''));
    assert.strictEqual(activityRuns('Tokyo'), 1, 'Tokyo ran once, before the restart');
    assert.strictEqual(activityRuns('Seattle'), 1, 'Seattle ran once, before the restart');
  });
});

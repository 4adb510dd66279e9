import * as assert from 'node:assert';
import { DurableDebugClient, fixture, type Stop } from './support/durableDebugClient';
import pg from 'pg';
import { freshDatabase } from '../runtime/helpers/postgres';

const greetings = fixture('greetings.ts');
const dispatch = fixture('dispatch.ts');
const approval = fixture('approval.ts');
/** The line of test/debugger/fixtures/dispatch.ts where Dispatch returns, once every sub-orchestration is done. */
const RETURN_LABELS_LINE = 16;
/** A line of test/debugger/fixtures/greetings.ts. */
const AFTER_ACTIVITY_LINE = 15;
const cities = ['Tokyo', 'Seattle', 'London'];

describe('debugging on a PostgreSQL store', function () {
  this.timeout(60_000);
  let client: DurableDebugClient;
  let store: string;

  beforeEach(async () => {
    store = await freshDatabase();
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  const historyEvents = async (stop: Stop) => Object.values(await client.scope(stop, 'History')).map((event) => event.value);

  it("never prints the database's password in the debug console, in the hint for raising an awaited event", async () => {
    const withPassword = store.replace('postgres://postgres@', 'postgres://postgres:s3cret-word@');
    await client.launchWith({ program: approval, orchestration: 'ApproveTrip', input: 'Lisbon', instanceId: 'trip-pg', store: withPassword }, {});
    while (!client.output.join('').includes('waits for event')) await client.waitForEvent('output');
    const console = client.output.join('');
    assert.match(console, /durable-ts raise trip-pg Approval --data <JSON> --store "postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/durable_test_\w+"/);
    assert.doesNotMatch(console, /s3cret-word/);
  });

  it('shows the whole recorded history while a launch replays the past', async () => {
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: cities, store }, {
      [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Tokyo' && ctx.isReplaying` }],
    });
    const replaying = await client.nextStop();
    const number = /history event #\d+ of (\d+)$/.exec(replaying.description);
    assert.ok(number, replaying.description);
    const history = await historyEvents(replaying);
    assert.strictEqual(history.length, Number(number[1]), history.join('\n'));
    assert.ok(history.some((event) => /TaskScheduled/.test(event) && /Seattle/.test(event)), `what was recorded after this point is in the History scope:\n${history.join('\n')}`);
  });

  it('shows the recorded history and steps back in a launch', async () => {
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: cities, store }, {
      [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle' && !ctx.isReplaying` }],
    });
    const atSeattle = await client.nextStop();
    const number = /history event #\d+ of (\d+)$/.exec(atSeattle.description);
    assert.ok(number, atSeattle.description);
    const history = await historyEvents(atSeattle);
    assert.strictEqual(history.length, Number(number[1]), history.join('\n'));
    assert.ok(history.some((event) => /TaskCompleted/.test(event) && /Hello Tokyo!/.test(event)), `the recorded first result is in the History scope:\n${history.join('\n')}`);

    await client.stepBackRequest({ threadId: atSeattle.threadId });
    const segmentStart = await client.nextStop();
    await client.stepBackRequest({ threadId: segmentStart.threadId });
    const earlier = await client.nextStop();
    assert.match(earlier.description, /^step back — back in history/);
    assert.strictEqual((await client.scope(earlier, 'Locals')).city.value, '"Tokyo"');
  });

  it('replays an instance recorded in the database, with its History scope', async () => {
    const recorded = client.waitForEvent('terminated');
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: cities, store, instanceId: 'recorded' });
    await recorded;
    await client.stop();

    client = new DurableDebugClient();
    await client.start();
    await client.launchWith({ program: greetings, store, replay: { instanceId: 'recorded' } }, { [greetings]: [AFTER_ACTIVITY_LINE] });
    const terminated = client.waitForEvent('terminated');
    const replayed: string[] = [];
    for (let stop = 0; stop < cities.length; stop++) {
      const replay = await client.nextStop();
      assert.match(replay.description, /^breakpoint — replay 1,/);
      replayed.push((await client.scope(replay, 'Locals')).city.value);
      const history = await historyEvents(replay);
      assert.ok(history.some((event) => /ExecutionCompleted/.test(event)), `the whole recorded history is shown:\n${history.join('\n')}`);
      await client.continueRequest({ threadId: replay.threadId });
    }
    await terminated;
    assert.deepStrictEqual(replayed, cities.map((city) => JSON.stringify(city)));
    assert.ok(client.output.some((line) => /replayed \d+ recorded events \(recorded status Completed\)/.test(line)), client.output.join(''));
  });

  it("runs a new instance without debugging as the explorer's Start New Instance does, leaving it recorded and nothing held", async () => {
    const terminated = client.waitForEvent('terminated');
    await client.launchWith({ type: 'durable', request: 'launch', name: 'Run Greetings', program: greetings, orchestration: 'Greetings', input: ['Tokyo'], store, noDebug: true });
    await terminated;
    const db = new pg.Client({ connectionString: store });
    await db.connect();
    try {
      const rows = (await db.query('SELECT name, status, output, lease_owner FROM durable_instances')).rows;
      assert.deepStrictEqual(rows, [{ name: 'Greetings', status: 'Completed', output: '["Hello Tokyo!"]', lease_owner: null }]);
      const left = (await db.query('SELECT (SELECT count(*) FROM durable_messages) + (SELECT count(*) FROM durable_activities) AS n')).rows[0].n;
      assert.strictEqual(Number(left), 0, 'no work left queued');
    } finally {
      await db.end();
    }
  });

  it("shows each sub-orchestration's recorded history in a replay's History scope, read from the database", async () => {
    const recorded = client.waitForEvent('terminated');
    await client.launchWith({ program: dispatch, orchestration: 'Dispatch', input: ['lamp', 'desk'], store, instanceId: 'shipment' });
    await recorded;
    await client.stop();

    // A new session: no process has read the children's histories.
    client = new DurableDebugClient();
    await client.start();
    await client.launchWith({ program: dispatch, store, replay: { instanceId: 'shipment' } }, { [dispatch]: [RETURN_LABELS_LINE] });
    const stop = await client.nextStop();
    const created = Object.values(await client.scope(stop, 'History')).filter((event) => /^SubOrchestrationInstanceCreated ShipParcel/.test(event.value));
    assert.strictEqual(created.length, 2, JSON.stringify(created));
    const children: string[][] = [];
    for (const event of created) {
      const fields = (await client.variablesRequest({ variablesReference: event.variablesReference })).body.variables;
      const history = fields.find((field) => field.name === 'history');
      assert.ok(history && history.variablesReference > 0, `the creation event names the child's history: ${JSON.stringify(fields)}`);
      children.push((await client.variablesRequest({ variablesReference: history.variablesReference })).body.variables.map((child) => child.value));
    }
    for (const [index, parcel] of ['lamp', 'desk'].entries()) {
      const events = children[index];
      assert.ok(events.some((event) => event === `ExecutionStarted ShipParcel ← "${parcel}"`), `the child's start:\n${events.join('\n')}`);
      assert.ok(events.some((event) => /^TaskCompleted Weigh/.test(event) && event.endsWith('→ 4')), `its activity's result:\n${events.join('\n')}`);
      assert.ok(events.some((event) => event === `ExecutionCompleted → "${parcel}: 4 kg"`), `its end:\n${events.join('\n')}`);
    }
  });
});

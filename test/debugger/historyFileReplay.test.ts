import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientPerTest, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
const cli = path.resolve(__dirname, '..', '..', 'runtime', 'bin', 'durable-ts.js');
/** The line of test/debugger/fixtures/greetings.ts after the activity's result arrives. */
const AFTER_ACTIVITY_LINE = 15;
const cities = ['Tokyo', 'Seattle'];

describe('replaying an exported history file', function () {
  this.timeout(60_000);
  const session = clientPerTest();
  let workDir: string;

  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-history-file-'));
  });

  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('re-runs the history `durable-ts history --format json` exported, with no store, executing no activity', async () => {
    const store = path.join(workDir, 'store');
    const activityLog = path.join(workDir, 'activities.log');
    const env = { GREETINGS_ACTIVITY_LOG: activityLog };
    const recorded = session.client.waitForEvent('terminated');
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: cities, store, instanceId: 'exported', env });
    await recorded;
    const exported = path.join(workDir, 'exported.json');
    fs.writeFileSync(exported, execFileSync(process.execPath, [cli, 'history', 'exported', '--store', store, '--format', 'json']));
    assert.strictEqual(JSON.parse(fs.readFileSync(exported, 'utf8')).name, 'Greetings');
    fs.rmSync(store, { recursive: true, force: true });

    await session.restart();
    await session.client.launchWith({ program: greetings, replay: { historyFile: exported }, env }, { [greetings]: [AFTER_ACTIVITY_LINE] });
    const terminated = session.client.waitForEvent('terminated');
    const seen: string[] = [];
    for (const _ of cities) {
      const stop = await session.client.nextStop();
      assert.match(stop.description, /^breakpoint — replay 1,/);
      seen.push((await session.client.scope(stop, 'Locals')).greeting.value);
      await session.client.continueRequest({ threadId: stop.threadId });
    }
    await terminated;
    assert.deepStrictEqual(seen, ['"Hello Tokyo!"', '"Hello Seattle!"']);
    assert.deepStrictEqual(fs.readFileSync(activityLog, 'utf8').trim().split('\n'), cities, 'the replay ran no activity');
    assert.ok(session.client.output.some((line) => /replayed \d+ recorded events \(recorded status Completed\)/.test(line)), session.client.output.join(''));
  });

  it('says what is wrong with a file that holds no history', async () => {
    const notHistory = path.join(workDir, 'status.json');
    fs.writeFileSync(notHistory, JSON.stringify({ name: 'Greetings', runtimeStatus: 'Completed' }));
    const terminated = session.client.waitForEvent('terminated');
    await session.client.launchWith({ program: greetings, replay: { historyFile: notHistory } });
    await terminated;
    assert.match(session.client.output.join(''), /holds no history events: it needs a "historyEvents" array/);
  });
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { fixtureApp, runCli, startServe, tempDir, type ServeProcess } from './cliProcess';
import { instanceUrl, request, waitForStatus } from '../http/httpHarness';

const orderApp = (version: string) => fixtureApp(`versioning/order-${version}.ts`);

/** Deploy one version of the app on the store (a `serve` of its own), do `body`, and stop it. */
async function deployed<T>(store: string, version: string, body: (serve: ServeProcess) => Promise<T>): Promise<T> {
  const serve = await startServe(orderApp(version), ['--store', store, '--default-version', version.slice(1), '--quiet']);
  try {
    return await body(serve);
  } finally {
    assert.equal(await serve.stop(), 0);
  }
}

async function startOrder(serve: ServeProcess, instanceId: string, query = ''): Promise<void> {
  const reply = await request('POST', `${serve.url}/api/orchestrators/Order/${instanceId}${query}`, JSON.stringify(instanceId));
  assert.equal(reply.status, 202, reply.text);
}

/** Wait until the instance waits for its payment (each version says so in its custom status). */
async function awaitingPayment(serve: ServeProcess, instanceId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await request('GET', instanceUrl(serve, instanceId))).body?.customStatus !== 'awaiting payment') {
    assert.ok(Date.now() < deadline, `${instanceId} never waited for its payment`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function pay(serve: ServeProcess, instanceId: string) {
  assert.equal((await request('POST', instanceUrl(serve, instanceId, '/raiseEvent/Paid'), 'true')).status, 202);
  return (await waitForStatus(serve, instanceId, 'Completed')).body;
}

describe('versioning: instances started under one version of the code finish under the next', function () {
  this.timeout(60_000);
  const temp = tempDir('versioning');
  after(() => temp.remove());

  before(async () => {
    await deployed(temp.store, 'v1', async (serve) => {
      await startOrder(serve, 'old-paid');
      await startOrder(serve, 'old-waiting');
      await startOrder(serve, 'hotfix', '?version=1.0.1-hotfix');
      for (const id of ['old-paid', 'old-waiting', 'hotfix']) await awaitingPayment(serve, id);
    });
  });

  it('records the version each instance started under: ExecutionStarted, status, list', async () => {
    const status = JSON.parse((await runCli(['status', 'hotfix', '--store', temp.store, '--show-history'])).stdout);
    assert.equal(status.version, '1.0.1-hotfix', 'a start that names a version gets it');
    assert.equal(status.historyEvents.find((event: { EventType: string }) => event.EventType === 'ExecutionStarted').Version, '1.0.1-hotfix');
    assert.equal(JSON.parse((await runCli(['status', 'old-paid', '--store', temp.store])).stdout).version, '1', 'the rest get --default-version');
    const list = await runCli(['list', '--store', temp.store]);
    assert.match(list.stdout, /^old-paid\s+Order\s+Running\s+\S+\s+version 1$/m);
    assert.match(list.stdout, /^hotfix\s+Order\s+Running\s+\S+\s+version 1\.0\.1-hotfix$/m);
  });

  it('run takes --default-version too, and refuses a bad one before it starts anything', async () => {
    const own = tempDir('versioning-run');
    try {
      const run = (...args: string[]) => runCli(['run', orderApp('v1'), 'Order', '--input', '"desk"', '--instance-id', 'via-run', '--store', own.store, '--quiet', ...args]);
      const bad = await run('--default-version', 'x'.repeat(101));
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--default-version: a version is at most 100 characters, got 101/);
      assert.equal(fs.existsSync(own.store), false, 'no store was created');
      const waiting = await run('--default-version', '7');
      assert.equal(waiting.code, 1, 'the instance waits for its payment');
      assert.equal(JSON.parse((await runCli(['status', 'via-run', '--store', own.store])).stdout).version, '7');
    } finally {
      own.remove();
    }
  });

  it('v2 adds a step behind ctx.patched: an old instance keeps the old path, a new one takes the new path, each with its own ctx.version', async () => {
    await deployed(temp.store, 'v2', async (serve) => {
      await startOrder(serve, 'new-paid');
      await startOrder(serve, 'new-waiting');
      await awaitingPayment(serve, 'new-paid');
      await awaitingPayment(serve, 'new-waiting');
      const [old, fresh] = await Promise.all([pay(serve, 'old-paid'), pay(serve, 'new-paid')]);
      assert.deepEqual(old.output, { version: '1', steps: ['reserved old-paid', 'shipped old-paid'] });
      assert.deepEqual(fresh.output, { version: '2', steps: ['reserved new-paid', 'checked new-paid', 'shipped new-paid'] });
      const history = (await request('GET', instanceUrl(serve, 'new-paid', '?showHistory=true'))).body.historyEvents as { EventType: string; Name?: string }[];
      const marker = history.findIndex((event) => event.EventType === 'PatchMarker');
      assert.equal(history[marker].Name, 'fraud-check', 'the new path is recorded in history');
      assert.equal(history[marker + 1].Name, 'FraudCheck', 'the marker sits where the code asked');
    });
  });

  it('check, while a serve owns the store (through its API): v2 suits every unfinished instance, v3 does not', async () => {
    await deployed(temp.store, 'v2', async () => {
      const safe = await runCli(['check', orderApp('v2'), '--store', temp.store]);
      assert.equal(safe.code, 0, safe.stdout + safe.stderr);
      assert.match(safe.stdout, /^old-waiting  Order \(version 1\)  Running  compatible \(7 events\)$/m);
      assert.match(safe.stdout, /^new-waiting  Order \(version 2\)  Running  compatible \(\d+ events\)$/m);
      assert.match(safe.stdout, /^3 unfinished instances checked: 3 compatible, 0 diverge\.$/m);
      const unsafe = await runCli(['check', orderApp('v3'), '--store', temp.store]);
      assert.equal(unsafe.code, 1, unsafe.stdout + unsafe.stderr);
      assert.match(unsafe.stdout, /^old-waiting  Order \(version 1\)  Running  diverges at history event #6\n {4}recorded: the turn to schedule nothing more than it recorded\n {4}now: {6}the code called activity 'FraudCheck' \(task 1\) at \S*order-v3\.ts:7:\d+$/m);
    });
  });

  it('check --format json on the store itself: v3 breaks the old instances and the patched one, v4 only the old ones', async () => {
    const v3 = await runCli(['check', orderApp('v3'), '--store', temp.store, '--format', 'json']);
    assert.equal(v3.code, 1, v3.stderr);
    const report = JSON.parse(v3.stdout);
    assert.deepEqual([report.checked, report.compatible, report.divergent], [3, 0, 3]);
    const byId = Object.fromEntries(report.instances.map((verdict: { instanceId: string }) => [verdict.instanceId, verdict]));
    assert.equal(byId['old-waiting'].divergence.historyEvent, 6);
    assert.match(byId['old-waiting'].divergence.sourceLocation, /order-v3\.ts:7:\d+$/);
    assert.equal(byId['new-waiting'].divergence.recorded, "ctx.patched('fraud-check') to be called in this turn");
    assert.equal(byId['new-waiting'].divergence.sourceLocation, undefined, 'no new call to point at: the code dropped one');

    const v4 = JSON.parse((await runCli(['check', orderApp('v4'), '--store', temp.store, '--format', 'json'])).stdout);
    const v4ById = Object.fromEntries(v4.instances.map((verdict: { instanceId: string; compatible: boolean }) => [verdict.instanceId, verdict.compatible]));
    assert.deepEqual(v4ById, { 'old-waiting': false, hotfix: false, 'new-waiting': true });
  });

  it('check stops code that never yields and reports it at its line, then checks the other instances', async () => {
    const result = await runCli(['check', orderApp('loop'), '--store', temp.store, '--turn-deadline-ms', '200']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^old-waiting  Order \(version 1\)  Running  diverges\n {4}recorded: the orchestrator to yield\n {4}now: {6}the code ran for more than 200 ms without yielding, and was stopped at \S*order-loop\.ts:8:\d+$/m);
    assert.match(result.stdout, /^3 unfinished instances checked: 0 compatible, 3 diverge\.$/m);
  });

  it('check refuses a bad --format and a store that is not there, changing nothing', async () => {
    const before = fs.readFileSync(temp.store);
    const format = await runCli(['check', orderApp('v2'), '--store', temp.store, '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be text or json, got 'xml'/);
    const missing = await runCli(['check', orderApp('v2'), '--store', `${temp.dir}/nowhere.db`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No store at .*nowhere\.db/);
    assert.deepEqual(fs.readFileSync(temp.store), before);
  });

  it('replay checks one exported history the same way: exit 0 clean, 1 divergent, a clear error for a file that is not one', async () => {
    const exported = await runCli(['history', 'old-waiting', '--store', temp.store, '--format', 'json']);
    assert.equal(JSON.parse(exported.stdout).version, '1');
    const file = `${temp.dir}/old-waiting.json`;
    fs.writeFileSync(file, exported.stdout);
    const clean = await runCli(['replay', orderApp('v2'), '--history', file]);
    assert.deepEqual([clean.code, clean.stdout.trim()], [0, 'old-waiting  Order (version 1)  Running  compatible (7 events)']);
    const divergent = await runCli(['replay', orderApp('v3'), '--history', file, '--format', 'json']);
    assert.equal(divergent.code, 1);
    assert.match(JSON.parse(divergent.stdout).instances[0].divergence.sourceLocation, /order-v3\.ts:7:\d+$/);
    fs.writeFileSync(file, '{"historyEvents": 3}');
    const broken = await runCli(['replay', orderApp('v2'), '--history', file]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /The history file .*old-waiting\.json holds no "historyEvents" array/);
  });

  it('v3 drops the patch: an instance past the new line fails naming the line; one that recorded the patch fails at its marker', async () => {
    // Deployed at a copy: the in-flight instances of this store are still needed as they are.
    const copy = tempDir('versioning-v3');
    try {
      fs.copyFileSync(temp.store, copy.store);
      if (fs.existsSync(`${temp.store}-log`)) fs.copyFileSync(`${temp.store}-log`, `${copy.store}-log`);
      await deployed(copy.store, 'v3', async (serve) => {
        assert.equal((await request('POST', instanceUrl(serve, 'old-waiting', '/raiseEvent/Paid'), 'true')).status, 202);
        assert.equal((await request('POST', instanceUrl(serve, 'new-waiting', '/raiseEvent/Paid'), 'true')).status, 202);
        const old = (await waitForStatus(serve, 'old-waiting', 'Failed')).body.output as { errorType: string; message: string };
        assert.equal(old.errorType, 'NonDeterminismError');
        assert.match(old.message, /called activity 'FraudCheck' \(task 1\) at \S*order-v3\.ts:7:/);
        const dropped = (await waitForStatus(serve, 'new-waiting', 'Failed')).body.output as { errorType: string; message: string };
        assert.match(dropped.message, /history event #\d+ \(PatchMarker\) expected ctx\.patched\('fraud-check'\) to be called in this turn, but the code did not call it here/);
      });
    } finally {
      copy.remove();
    }
  });

  it('v4 deprecates the patch: an instance that recorded it finishes on the new path', async () => {
    await deployed(temp.store, 'v4', async (serve) => {
      const done = await pay(serve, 'new-waiting');
      assert.deepEqual(done.output, { version: '2', steps: ['reserved new-waiting', 'checked new-waiting', 'shipped new-waiting'] });
      await startOrder(serve, 'newest');
      await awaitingPayment(serve, 'newest');
      assert.deepEqual((await pay(serve, 'newest')).output, { version: '4', steps: ['reserved newest', 'checked newest', 'shipped newest'] });
    });
  });
});

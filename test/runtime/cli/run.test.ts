import { strict as assert } from 'node:assert';
import { fixtureApp, msBetween, runCli, tempDir } from './cliProcess';

const app = fixtureApp('managed.ts');

describe('CLI: durable-ts run', () => {
  const temp = tempDir('run');
  after(() => temp.remove());
  const run = (...args: string[]) => runCli(['run', app, ...args, '--store', temp.store]);

  it('exits 0 with the output JSON on stdout and the history events on stderr as they happen', async () => {
    const result = await run('Greet', '--input', '"Ada"');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), 'Hello Ada!');
    const progress = result.stderr.split('\n');
    const order = ['ExecutionStarted Greet "Ada"', 'TaskScheduled SayHello #0 "Ada"', 'TaskCompleted SayHello → #0 "Hello Ada!"', 'ExecutionCompleted "Hello Ada!"'].map((text) =>
      progress.findIndex((line) => line.includes(text)),
    );
    assert.ok(order.every((index) => index >= 0), `every event shown:\n${result.stderr}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'in the order they happened');
    assert.match(result.stderr, /Greet \(\w+\) Completed/);
  });

  it('prints no progress with --quiet', async () => {
    const result = await run('Greet', '--input', '"Ada"', '--quiet');
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stderr, /TaskScheduled/);
  });

  it('exits 1 when the orchestration fails, printing the failure', async () => {
    const result = await run('Checkout', '--input', '30');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /card declined for 30/);
    assert.match(result.stderr, /Checkout \(\w+\) Failed/);
  });

  it('rejects malformed --input JSON with exit code 1, saying which option and how to quote it, and starts nothing', async () => {
    const result = await run('Greet', '--input', '{name: Ada}', '--instance-id', 'never-started');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: --input is not valid JSON \(.*\)\. Quote it for the shell/);
    assert.equal(result.stdout, '');
    assert.equal((await runCli(['status', 'never-started', '--store', temp.store])).code, 1);
  });

  it('names the registered orchestrations when asked for an unknown one', async () => {
    const result = await run('Gret');
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), "error: Unknown orchestration 'Gret'. Registered: Greet, Approval, Checkout, Wait72Hours, EscalateUnlessApproved.");
  });

  it('exits 2 with the usage for a missing argument or an unknown option', async () => {
    const missing = await runCli(['run', app]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: Missing <orchestration>\./);
    assert.match(missing.stderr, /Usage:/);
    const unknown = await run('Greet', '--inptu', '1');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--inptu/);
  });

  it('exits 1 saying how to go on, instead of exiting 0 silently, when the orchestration waits for an event', async () => {
    const waiting = await run('Approval', '--input', '"trip"', '--instance-id', 'waits-for-approval');
    assert.equal(waiting.code, 1);
    assert.equal(waiting.stdout, '');
    assert.match(waiting.stderr, /Approval \(waits-for-approval\) is Running and nothing in this process can move it on/);
    assert.match(waiting.stderr, /durable-ts raise waits-for-approval <event>/);

    assert.equal((await runCli(['raise', 'waits-for-approval', 'Approval', '--data', 'true', '--store', temp.store])).code, 0);
    const resumed = await run('Approval', '--instance-id', 'waits-for-approval');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(JSON.parse(resumed.stdout), 'trip: approved');
  });

  // A host killed after its instance finished (while it closed the store, before it printed) is re-run by the
  // user with the same command: that must show the recorded result, not start the instance over and erase it.
  it('re-run with the --instance-id of a finished instance prints its recorded result and runs nothing again', async () => {
    const first = await run('Greet', '--input', '"Ada"', '--instance-id', 'greeted-once', '--quiet');
    assert.equal(first.code, 0, first.stderr);
    const recorded = JSON.parse((await runCli(['status', 'greeted-once', '--store', temp.store])).stdout);

    const again = await run('Greet', '--input', '"Bob"', '--instance-id', 'greeted-once');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout), 'Hello Ada!', 'the recorded output, not a new run\'s');
    assert.match(again.stderr, /Greet \(greeted-once\) finished before \(Completed\)/);
    assert.match(again.stderr, /durable-ts restart greeted-once --same-id/, 'says how to run it anew');
    assert.doesNotMatch(again.stderr, /TaskScheduled/, 'no activity ran');
    const after = JSON.parse((await runCli(['status', 'greeted-once', '--store', temp.store])).stdout);
    assert.deepEqual(after, recorded, 'the instance is as it was');
  });

  it('re-run with the --instance-id of a failed instance exits 1 with its recorded failure', async () => {
    assert.equal((await run('Checkout', '--input', '30', '--instance-id', 'declined-once', '--quiet')).code, 1);
    const again = await run('Checkout', '--input', '5', '--instance-id', 'declined-once');
    assert.equal(again.code, 1);
    assert.match(again.stdout, /card declined for 30/);
    assert.match(again.stderr, /Checkout \(declined-once\) finished before \(Failed\)/);
  });

  it('with --time-skip finishes a 72-hour timer at once, the orchestration\'s clock having moved 72 hours', async () => {
    const result = await run('Wait72Hours', '--time-skip');
    assert.equal(result.code, 0, result.stderr);
    const hours = JSON.parse(result.stdout) as number;
    assert.ok(hours >= 72 && hours < 72.01, `the orchestration saw ${hours} hours pass`);
    const orchestrationMs = msBetween(result, /Wait72Hours ExecutionStarted/, /^Wait72Hours \(\w+\) Completed/);
    assert.ok(orchestrationMs < 500, `from start to completion took ${Math.round(orchestrationMs)} ms`);
  });

  it('with --time-skip escalates a request nobody approved within 72 hours', async () => {
    const result = await run('EscalateUnlessApproved', '--input', '"vacation"', '--time-skip');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), 'escalated vacation');
    assert.match(result.stderr, /TimerFired/);
  });
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { DurableApp, InvalidInputError, NonDeterminismError, type OrchestratorFunction } from '../../../runtime/src/index';
import { createTestRuntime, replayHistory } from '../../../runtime/src/testing';

function appWith(orchestrator: OrchestratorFunction): DurableApp {
  const app = new DurableApp();
  for (const name of ['Reserve', 'FraudCheck', 'Ship']) app.activity(name, () => name);
  app.orchestration('Order', orchestrator);
  return app;
}

const v1 = appWith(async (ctx) => {
  await ctx.callActivity('Reserve');
  await ctx.waitForEvent('Paid');
  return ctx.callActivity('Ship');
});

/** What `durable-ts history <id> --format json` would print for an instance of v1 waiting for its payment. */
async function exportedWaitingOrder(): Promise<string> {
  const runtime = await createTestRuntime(v1);
  try {
    const id = await runtime.client.start('Order', null, { instanceId: 'waiting' });
    await runtime.worker.whenIdle();
    const { instanceId, name, runtimeStatus, historyEvents } = (await runtime.client.getStatus(id, { showHistory: true }))!;
    return JSON.stringify({ instanceId, name, runtimeStatus, historyEvents });
  } finally {
    await runtime.close();
  }
}

describe('durable-ts/testing', () => {
  let exported: string;
  before(async () => (exported = await exportedWaitingOrder()));

  it('replayHistory resolves for code that keeps the recorded calls (a patched addition)', async () => {
    const v2 = appWith(async (ctx) => {
      await ctx.callActivity('Reserve');
      if (ctx.patched('fraud-check')) await ctx.callActivity('FraudCheck');
      await ctx.waitForEvent('Paid');
      return ctx.callActivity('Ship');
    });
    await replayHistory(v2, exported);
    await replayHistory(v2, JSON.parse(exported).historyEvents);
  });

  it('replayHistory rejects with a NonDeterminismError naming the event, both calls and the new call\'s line', async () => {
    const v3 = appWith(async (ctx) => {
      await ctx.callActivity('FraudCheck'); // the replaced call
      await ctx.waitForEvent('Paid');
      return ctx.callActivity('Ship');
    });
    const error = await replayHistory(v3, exported).then(() => assert.fail('the replay passed'), (rejected: unknown) => rejected);
    assert.ok(error instanceof NonDeterminismError, String(error));
    assert.equal(error.historyEventSeq, 2);
    assert.equal(error.expected, "TaskScheduled 'Reserve' (task 0)");
    assert.equal(error.actual, "the code called activity 'FraudCheck' (task 0)");
    const [file, line] = error.sourceLocation!.split(':');
    assert.equal(file, __filename);
    assert.match(fs.readFileSync(__filename, 'utf8').split('\n')[Number(line) - 1], /the replaced call/);
  });

  it('replayHistory rejects code that ends the orchestration where the history went on, or no longer registers it', async () => {
    const throwing = appWith(async (ctx) => {
      await ctx.callActivity('Reserve');
      throw new Error('out of stock');
    });
    await assert.rejects(replayHistory(throwing, exported), (error: Error) => error instanceof NonDeterminismError && /the code now throws: out of stock/.test(error.message));
    const other = new DurableApp();
    other.orchestration('Invoice', () => null);
    await assert.rejects(replayHistory(other, exported), (error: Error) => error instanceof NonDeterminismError && /no longer registers orchestration 'Order' \(it registers Invoice\)/.test(error.message));
  });

  it('replayHistory says what is wrong with something that is not an exported history', async () => {
    for (const [bad, message] of [
      ['{"historyEvents": [', /is not JSON/],
      [{ instanceId: 'x' }, /holds no "historyEvents" array/],
      [[{ EventType: 'ExecutionStarted' }], /History event 0 .* has no EventType or Timestamp/],
      [[{ EventType: 'OrchestratorStarted', Timestamp: '2026-01-01T00:00:00.000Z' }], /does not say which orchestration it records/],
    ] as const) {
      await assert.rejects(replayHistory(v1, bad), (error: Error) => error instanceof InvalidInputError && message.test(error.message));
    }
  });

  it('createTestRuntime skips time: a three-day timer fires at once', async () => {
    const app = new DurableApp();
    app.orchestration('Reminder', async (ctx) => {
      await ctx.createTimer(3 * 24 * 60 * 60 * 1000);
      return 'reminded';
    });
    const runtime = await createTestRuntime(app);
    try {
      const done = await runtime.client.waitForCompletion(await runtime.client.start('Reminder'), { timeoutMs: 5000 });
      assert.equal(done.output, 'reminded');
    } finally {
      await runtime.close();
    }
  });
});

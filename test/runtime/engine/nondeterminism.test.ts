import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRuntime, DurableApp, NonDeterminismError, type OrchestratorFunction } from '../../../runtime/src/index';

/** Run an instance up to an event wait with one version of the code, then resume it with another. */
async function resumeWithChangedCode(first: OrchestratorFunction, second: OrchestratorFunction) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-nd-'));
  const store = path.join(dir, 'store.db');
  const appFor = (orchestrator: OrchestratorFunction) => {
    const app = new DurableApp();
    for (const name of ['A', 'B', 'C']) app.activity(name, () => name);
    app.orchestration('Changing', orchestrator);
    return app;
  };
  const before = await createRuntime({ app: appFor(first), store });
  const id = await before.client.start('Changing', undefined, { instanceId: 'nd' });
  await before.worker.whenIdle();
  await before.close();

  const after = await createRuntime({ app: appFor(second), store });
  try {
    await after.client.raiseEvent(id, 'Continue');
    return await after.client.waitForCompletion(id, { timeoutMs: 5000 });
  } finally {
    await after.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('nondeterminism', () => {
  it('fails the instance naming the history event, expected vs actual call, and the source line', async () => {
    const status = await resumeWithChangedCode(
      async (ctx) => {
        await ctx.callActivity('A');
        await ctx.waitForEvent('Continue');
      },
      async (ctx) => {
        await ctx.callActivity('B'); // the changed line
        await ctx.waitForEvent('Continue');
      },
    );
    assert.equal(status.runtimeStatus, 'Failed');
    const failure = status.output as { errorType: string; message: string };
    assert.equal(failure.errorType, 'NonDeterminismError');
    assert.match(failure.message, /history event #2 \(TaskScheduled\) expected TaskScheduled 'A'/);
    assert.match(failure.message, /called activity 'B' \(task 0\)/);
    assert.match(failure.message, new RegExp(`${escape(__filename)}:\\d+:\\d+`));
    const line = Number(new RegExp(`${escape(__filename)}:(\\d+)`).exec(failure.message)![1]);
    assert.match(fs.readFileSync(__filename, 'utf8').split('\n')[line - 1], /the changed line/);
  });

  it('fails when the code no longer makes a call the history recorded', async () => {
    const status = await resumeWithChangedCode(
      async (ctx) => {
        await Promise.all([ctx.callActivity('A'), ctx.waitForEvent('Continue')]);
      },
      async (ctx) => {
        await ctx.waitForEvent('Continue');
      },
    );
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match((status.output as { message: string }).message, /expected TaskScheduled 'A' \(task 0\) to have been scheduled, but the code never scheduled it/);
  });

  it('cannot be swallowed by a try/catch in the orchestrator', async () => {
    const status = await resumeWithChangedCode(
      async (ctx) => {
        await ctx.createTimer(1);
        await ctx.waitForEvent('Continue');
      },
      async (ctx) => {
        try {
          await ctx.callActivity('C');
        } catch {
          return 'swallowed';
        }
      },
    );
    assert.equal(status.runtimeStatus, 'Failed');
    assert.equal((status.output as { errorType: string }).errorType, NonDeterminismError.name);
  });

  it('accepts new calls appended after the recorded ones (inputs are not compared)', async () => {
    const status = await resumeWithChangedCode(
      async (ctx) => {
        await ctx.callActivity('A', 1);
        await ctx.waitForEvent('Continue');
      },
      async (ctx) => {
        await ctx.callActivity('A', 2);
        await ctx.waitForEvent('Continue');
        return ctx.callActivity('B');
      },
    );
    assert.deepEqual([status.runtimeStatus, status.output], ['Completed', 'B']);
  });

  it('fails when the code now makes a call in a turn the history recorded without it (before where the instance waits)', async () => {
    const status = await resumeWithChangedCode(
      async (ctx) => {
        await ctx.callActivity('A');
        await ctx.waitForEvent('Continue');
      },
      async (ctx) => {
        await ctx.callActivity('A');
        await ctx.callActivity('B'); // the inserted line
        await ctx.waitForEvent('Continue');
      },
    );
    assert.equal(status.runtimeStatus, 'Failed');
    const message = (status.output as { message: string }).message;
    assert.match(message, /history event #6 \(OrchestratorCompleted\) expected the turn to schedule nothing more than it recorded, but the code called activity 'B' \(task 1\)/);
    const line = Number(new RegExp(`${escape(__filename)}:(\\d+)`).exec(message)![1]);
    assert.match(fs.readFileSync(__filename, 'utf8').split('\n')[line - 1], /the inserted line/);
  });

  it('reports an orchestrator that awaited something that is not a durable task', async () => {
    const app = new DurableApp();
    app.activity('A', () => 'a');
    app.orchestration('Sleepy', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ctx.callActivity('A');
    });
    const runtime = await createRuntime({ app });
    try {
      const id = await runtime.client.start('Sleepy');
      const status = await runtime.client.waitForCompletion(id, { timeoutMs: 5000 });
      assert.equal(status.runtimeStatus, 'Failed');
      assert.match((status.output as { message: string }).message, /after awaiting something that is not a durable task/);
    } finally {
      await runtime.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRuntime, DurableApp, InvalidInputError, type HistoryEvent } from '../../../runtime/src/index';
import { withRuntime } from '../helpers/runtime';

const eventsOf = (history: readonly HistoryEvent[] | undefined, type: string) => (history ?? []).filter((event) => event.EventType === type);

describe('versions and patches in the engine', () => {
  for (const replayEveryTurn of [false, true]) {
    it(`ctx.version is the recorded version on every turn (${replayEveryTurn ? 'replaying every turn' : 'warm'}), and continue-as-new keeps it`, async () => {
      const app = new DurableApp();
      app.activity('Noop', () => null);
      app.orchestration('Counting', async (ctx, round: number) => {
        const seen = [ctx.version];
        await ctx.callActivity('Noop');
        seen.push(ctx.version);
        if (round < 2) ctx.continueAsNew(round + 1);
        return `${round}: ${seen.join(',')}`;
      });
      await withRuntime(app, { replayEveryTurn, defaultVersion: 'default' }, async (runtime) => {
        const id = await runtime.client.start('Counting', 0, { version: '7' });
        const done = await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
        assert.deepEqual([done.output, done.version], ['2: 7,7', '7']);
        const history = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents;
        assert.equal(eventsOf(history, 'ExecutionStarted')[0].Version, '7', 'the new generation started under the same version');
      });
    });
  }

  it('sub-orchestrations take the version their call names, else the default version (not the parent\'s)', async () => {
    const app = new DurableApp();
    app.orchestration('Child', (ctx) => ctx.version);
    app.orchestration('Parent', async (ctx) => [await ctx.callSubOrchestration('Child', null, { instanceId: 'named' , version: 'child-1' }), await ctx.callSubOrchestration('Child', null, { instanceId: 'defaulted' })]);
    await withRuntime(app, { defaultVersion: '3' }, async (runtime) => {
      const id = await runtime.client.start('Parent', null, { version: 'parent-2' });
      assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, ['child-1', '3']);
      assert.equal((await runtime.client.getStatus('named'))!.version, 'child-1');
      const created = eventsOf((await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents, 'SubOrchestrationInstanceCreated');
      assert.deepEqual(created.map((event) => event.Version), ['child-1', '3']);
    });
  });

  it('an instance without a version records none and reads \'\'', async () => {
    const app = new DurableApp();
    app.orchestration('Plain', (ctx) => `[${ctx.version}]`);
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('Plain');
      const done = await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      assert.deepEqual([done.output, done.version], ['[]', '']);
      assert.equal('Version' in eventsOf((await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents, 'ExecutionStarted')[0], false);
    });
  });

  it('refuses a version that is not a short printable string, at once and with nothing started', async () => {
    const app = new DurableApp();
    app.orchestration('Plain', () => null);
    await assert.rejects(createRuntime({ app, defaultVersion: 'a\nb' }), (error: Error) => error instanceof InvalidInputError && /control characters/.test(error.message));
    await withRuntime(app, {}, async (runtime) => {
      await assert.rejects(runtime.client.start('Plain', null, { version: 'x'.repeat(101) }), /at most 100 characters/);
      await assert.rejects(runtime.client.start('Plain', null, { version: 2 as unknown as string }), /a version must be a string, got number/);
      assert.deepEqual(await runtime.client.list(), []);
    });
  });

  it('ctx.patched answers the same for one id all through an instance, and records one marker', async () => {
    const app = new DurableApp();
    app.activity('Step', (n: number) => n);
    app.orchestration('Looping', async (ctx) => {
      const answers: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        answers.push(ctx.patched('p'));
        await ctx.callActivity('Step', i);
      }
      return answers;
    });
    await withRuntime(app, { replayEveryTurn: true }, async (runtime) => {
      const id = await runtime.client.start('Looping');
      assert.deepEqual((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, [true, true, true]);
      const markers = eventsOf((await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents, 'PatchMarker');
      assert.deepEqual(markers.map((event) => [event.Name, event.Deprecated]), [['p', undefined]]);
    });
  });

  it('an old instance that passed a patch keeps saying no to it, even where the new code asks again later', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-patch-'));
    const store = path.join(dir, 'store.db');
    const appWith = (orchestrator: Parameters<DurableApp['orchestration']>[1]) => {
      const app = new DurableApp();
      app.activity('Step', (n: string) => n);
      app.orchestration('Flow', orchestrator);
      return app;
    };
    try {
      const before = await createRuntime({ app: appWith(async (ctx) => [await ctx.callActivity('Step', 'a'), await ctx.waitForEvent('Go')]), store });
      await before.client.start('Flow', null, { instanceId: 'old' });
      await before.worker.whenIdle();
      await before.close();
      const after = await createRuntime({
        store,
        app: appWith(async (ctx) => {
          const answers = [ctx.patched('p')];
          await ctx.callActivity('Step', 'a');
          await ctx.waitForEvent('Go');
          answers.push(ctx.patched('p'));
          return answers;
        }),
      });
      try {
        await after.client.raiseEvent('old', 'Go');
        const done = await after.client.waitForCompletion('old', { timeoutMs: 10_000 });
        assert.deepEqual(done.output, [false, false]);
        assert.deepEqual(eventsOf((await after.client.getStatus('old', { showHistory: true }))!.historyEvents, 'PatchMarker'), [], 'no marker for a patch the instance did not take');
      } finally {
        await after.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ctx.patched after a non-durable await fails the instance and records nothing out of turn', async () => {
    const app = new DurableApp();
    app.orchestration('Sleepy', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ctx.patched('late');
    });
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('Sleepy');
      const done = await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
      assert.equal(done.runtimeStatus, 'Failed');
      assert.match((done.output as { message: string }).message, /after awaiting something that is not a durable task/);
      const history = (await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents!;
      assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), 'event ids without a gap');
      assert.deepEqual(eventsOf(history, 'PatchMarker'), []);
    });
  });

  it('ctx.deprecatePatch records a marker flagged deprecated; a bad patch id fails the instance clearly', async () => {
    const app = new DurableApp();
    app.orchestration('Deprecating', (ctx) => {
      ctx.deprecatePatch('old-change');
      return ctx.patched('old-change');
    });
    app.orchestration('BadPatch', (ctx) => ctx.patched('' as string));
    await withRuntime(app, {}, async (runtime) => {
      const id = await runtime.client.start('Deprecating');
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, true);
      const markers = eventsOf((await runtime.client.getStatus(id, { showHistory: true }))!.historyEvents, 'PatchMarker');
      assert.deepEqual(markers.map((event) => [event.Name, event.Deprecated]), [['old-change', true]]);
      const bad = await runtime.client.waitForCompletion(await runtime.client.start('BadPatch'), { timeoutMs: 10_000 });
      assert.equal(bad.runtimeStatus, 'Failed');
      assert.match((bad.output as { message: string }).message, /ctx\.patched needs a non-empty patch id string, got ""/);
    });
  });
});

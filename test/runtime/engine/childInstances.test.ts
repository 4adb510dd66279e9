import { strict as assert } from 'node:assert';
import { DurableApp, withRuntime } from '../helpers/runtime';

function familyApp(): DurableApp {
  const app = new DurableApp();
  app.orchestration('Echo', async (ctx) => ctx.waitForEvent('value'));
  const child = app.orchestration('Child', async (ctx, n: number) => `child ${n}`);
  app.orchestration('Squat', async (ctx) => {
    await ctx.waitForEvent('go');
    return Promise.all([ctx.callSubOrchestration(child, 1), ctx.callSubOrchestration(child, 2)]);
  });
  const outcome = (task: PromiseLike<unknown>) => Promise.resolve(task).then((output) => ({ output }), (error: Error) => ({ error: error.message }));
  app.orchestration('Twins', async (ctx) => Promise.all([outcome(ctx.callSubOrchestration(child, 1, { instanceId: 'twin' })), outcome(ctx.callSubOrchestration(child, 2, { instanceId: 'twin' }))]));
  app.orchestration('OwnId', async (ctx) => outcome(ctx.callSubOrchestration(child, 1, { instanceId: ctx.instanceId })));
  return app;
}

const childIdsOf = async (runtime: Parameters<Parameters<typeof withRuntime>[2]>[0], parentId: string) =>
  (await runtime.client.getStatus(parentId, { showHistory: true }))!.historyEvents!.filter((event) => event.EventType === 'SubOrchestrationInstanceCreated').map((event) => event.InstanceId!);

describe('sub-orchestration instance ids', () => {
  for (const replayEveryTurn of [false, true]) {
    it(`cannot be taken by a client that starts the id a child used to get (${replayEveryTurn ? 'replaying every turn' : 'warm'})`, async () => {
      await withRuntime(familyApp(), { replayEveryTurn }, async (runtime) => {
        const { client } = runtime;
        await client.start('Squat', undefined, { instanceId: 'squat' });
        await client.start('Echo', undefined, { instanceId: 'squat:0' });
        await client.start('Echo', undefined, { instanceId: 'squat:1' });
        await client.raiseEvent('squat', 'go');
        await client.raiseEvent('squat:0', 'value', 'injected');
        await client.raiseEvent('squat:1', 'value', 'injected');
        assert.deepEqual((await client.waitForCompletion('squat', { timeoutMs: 10_000 })).output, ['child 1', 'child 2']);
        const childIds = await childIdsOf(runtime, 'squat');
        assert.equal(childIds.length, 2);
        for (const [index, id] of childIds.entries()) assert.match(id, new RegExp(`^squat:${index}:[0-9a-f]{16}$`), 'the parent and task, then 64 random bits');
      });
    });
  }

  it('named twice in one turn: the second child fails with the conflict, the first runs', async () => {
    await withRuntime(familyApp(), {}, async (runtime) => {
      const status = await runtime.client.waitForCompletion(await runtime.client.start('Twins'), { timeoutMs: 10_000 });
      assert.deepEqual(status.output, [
        { output: 'child 1' },
        { error: "Sub-orchestration 'Child' failed: Cannot start sub-orchestration 'Child' as instance 'twin': an instance with that id already exists and is Pending." },
      ]);
      assert.equal((await runtime.client.getStatus('twin'))?.output, 'child 1');
    });
  });

  it("named with the parent's own id: the call fails and the parent carries on", async () => {
    await withRuntime(familyApp(), {}, async (runtime) => {
      const status = await runtime.client.waitForCompletion(await runtime.client.start('OwnId', undefined, { instanceId: 'self' }), { timeoutMs: 10_000 });
      assert.equal(status.name, 'OwnId');
      assert.deepEqual(status.output, { error: "Sub-orchestration 'Child' failed: Cannot start sub-orchestration 'Child' as instance 'self': an instance with that id already exists and is Running." });
    });
  });
});

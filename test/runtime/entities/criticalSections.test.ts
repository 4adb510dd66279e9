import { strict as assert } from 'node:assert';
import { DurableApp, runToEnd, withRuntime } from '../helpers/runtime';
import type { EntityContext } from '../../../runtime/src/index';

function bankApp(): DurableApp {
  const app = new DurableApp();
  const account = app.entity('Account', {
    deposit: (ctx: EntityContext<number>, amount: number) => ctx.setState((ctx.getState(0) ?? 0) + amount),
    balance: (ctx: EntityContext<number>) => ctx.getState(0) ?? 0,
  });
  const log = app.entity('Log', {
    append: (ctx: EntityContext<string[]>, line: string) => void ctx.getState(() => [])!.push(line),
  });
  app.orchestration('Transfer', async (ctx, { from, to, amount }: { from: string; to: string; amount: number }) => {
    const lock = await ctx.lock([account.id(from), account.id(to)]);
    try {
      const [available, other] = await Promise.all([ctx.callEntity(account.id(from), 'balance'), ctx.callEntity(account.id(to), 'balance')]);
      if (available < amount) return 'insufficient';
      await ctx.callEntity(account.id(from), 'deposit', -amount);
      await ctx.callEntity(account.id(to), 'deposit', amount);
      return `moved ${amount}, ${other + amount} there now`;
    } finally {
      lock.release();
    }
  });
  app.orchestration('HoldWhileWaiting', async (ctx) => {
    await ctx.lock([log.id('a')]);
    await ctx.callEntity(log.id('a'), 'append', 'holder 1');
    await ctx.waitForEvent('go');
    await ctx.callEntity(log.id('a'), 'append', 'holder 2');
    // Returning lets go of the entity.
    return ctx.isLocked().ownedLocks.map((id) => id.key);
  });
  app.orchestration('BreakRule', async (ctx, rule: string) => {
    await ctx.lock([log.id('r')]);
    try {
      if (rule === 'nested') await ctx.lock([log.id('s')]);
      if (rule === 'callUnlocked') await ctx.callEntity(log.id('s'), 'append', 'x');
      if (rule === 'signalLocked') ctx.signalEntity(log.id('r'), 'append', 'x');
      if (rule === 'subOrchestration') await ctx.callSubOrchestration('Transfer', {});
      return 'allowed';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  return app;
}

/** A seeded generator, so a failing contention run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const seed = Number(process.env.ENTITY_TEST_SEED ?? Date.now() % 100_000);

describe('entities: critical sections', () => {
  for (const replayEveryTurn of [false, true]) {
    it(`under contention: 40 transfers over 5 accounts all finish and conserve money (${replayEveryTurn ? 'replaying every turn' : 'warm'}; ENTITY_TEST_SEED=${seed})`, async () => {
      const next = random(seed);
      await withRuntime(bankApp(), { replayEveryTurn }, async (runtime) => {
        const { client } = runtime;
        const accounts = ['a', 'b', 'c', 'd', 'e'];
        for (const key of accounts) await client.signalEntity({ name: 'Account', key }, 'deposit', 100);
        const transfers = Array.from({ length: 40 }, () => {
          const from = accounts[Math.floor(next() * 5)];
          const to = accounts.filter((key) => key !== from)[Math.floor(next() * 4)];
          return { from, to, amount: 1 + Math.floor(next() * 60) };
        });
        const ids = await Promise.all(transfers.map((transfer) => client.start('Transfer', transfer)));
        const statuses = await Promise.all(ids.map((id) => client.waitForCompletion(id, { timeoutMs: 30_000 })));
        assert.deepEqual(statuses.filter((status) => status.runtimeStatus !== 'Completed'), [], `seed ${seed}`);
        const balances = await Promise.all(accounts.map(async (key) => (await client.readEntityState<number>({ name: 'Account', key })).entityState!));
        assert.equal(balances.reduce((sum, balance) => sum + balance, 0), 500, `seed ${seed}: ${balances}`);
        assert.ok(balances.every((balance) => balance >= 0), `seed ${seed}: no transfer read a balance another changed meanwhile (${balances})`);
        assert.deepEqual((await client.listEntities({ name: 'Account' })).filter((entity) => entity.lockedBy || entity.backlogQueueSize), [], 'every lock was released');
      });
    });
  }

  it('others wait, in order, while an orchestration holds the entity; its end lets go', async () => {
    await withRuntime(bankApp(), {}, async (runtime) => {
      const { client } = runtime;
      const holder = await client.start('HoldWhileWaiting');
      await waitFor(async () => (await client.readEntityState<string[]>('@log@a')).entityState?.length === 1);
      await client.signalEntity('@log@a', 'append', 'client 1');
      await client.signalEntity('@log@a', 'append', 'client 2');
      await runtime.worker.whenIdle();
      const [held] = await client.listEntities({ name: 'log', fetchState: true });
      assert.deepEqual({ lockedBy: held.lockedBy, backlog: held.backlogQueueSize, state: held.state }, { lockedBy: holder, backlog: 2, state: ['holder 1'] });
      await client.raiseEvent(holder, 'go');
      assert.deepEqual((await client.waitForCompletion(holder, { timeoutMs: 10_000 })).output, ['a']);
      await waitFor(async () => (await client.readEntityState<string[]>('@log@a')).entityState?.length === 4);
      assert.deepEqual((await client.readEntityState('@log@a')).entityState, ['holder 1', 'holder 2', 'client 1', 'client 2']);
    });
  });

  it('a terminated holder lets go too', async () => {
    await withRuntime(bankApp(), {}, async (runtime) => {
      const { client } = runtime;
      const holder = await client.start('HoldWhileWaiting');
      await waitFor(async () => (await client.readEntityState<string[]>('@log@a')).entityState?.length === 1);
      await client.signalEntity('@log@a', 'append', 'after');
      await client.terminate(holder, 'enough');
      await client.waitForCompletion(holder, { timeoutMs: 10_000 });
      await waitFor(async () => (await client.readEntityState<string[]>('@log@a')).entityState?.length === 2);
      assert.deepEqual((await client.listEntities({ name: 'log' }))[0].lockedBy, undefined);
    });
  });

  for (const [rule, message] of [
    ['nested', /LockingRulesViolationError: Cannot lock more entities while already holding @log@r: critical sections cannot be nested/],
    ['callUnlocked', /LockingRulesViolationError: Cannot call @log@s from within a critical section unless it is one of the locked entities \(@log@r\)/],
    ['signalLocked', /LockingRulesViolationError: Cannot signal @log@r from within a critical section that holds it/],
    ['subOrchestration', /LockingRulesViolationError: Cannot call ctx.callSubOrchestration from within a critical section/],
  ] as const) {
    it(`refuses what could deadlock: ${rule}`, async () => {
      await withRuntime(bankApp(), {}, async (runtime) => {
        const status = await runToEnd(runtime, 'BreakRule', rule);
        assert.match(String(status.output), message);
      });
    });
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('The condition did not come true in time.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('entities: orphaned locks', () => {
  it('an entity held by an orchestration stopped for never yielding is let go by cleanEntityStorage, and what waited runs', async () => {
    const app = bankApp();
    app.orchestration('HoldAndSpin', async (ctx) => {
      await ctx.lock([{ name: 'Log', key: 'o' }]);
      for (;;);
    });
    await withRuntime(app, { turnDeadlineMs: 200 }, async (runtime) => {
      const { client } = runtime;
      const status = await runToEnd(runtime, 'HoldAndSpin');
      assert.equal(status.runtimeStatus, 'Failed');
      await client.signalEntity('@log@o', 'append', 'waited');
      await runtime.worker.whenIdle();
      const [held] = await client.listEntities({ name: 'Log', includeDeleted: true });
      assert.deepEqual({ lockedBy: held.lockedBy, backlog: held.backlogQueueSize }, { lockedBy: status.instanceId, backlog: 1 });
      assert.deepEqual(await client.cleanEntityStorage(), { numberOfEmptyEntitiesRemoved: 0, numberOfOrphanedLocksRemoved: 1 });
      await waitFor(async () => (await client.readEntityState('@log@o')).entityExists);
      assert.deepEqual((await client.readEntityState('@log@o')).entityState, ['waited']);
    });
  });
});

/**
 * One store contract, two stores: every case here runs against the embedded sql.js store (in memory and on disk)
 * and against PostgreSQL (a real server the suite starts; each case gets its own database). A case that needs a
 * second process opens the store a second time: on PostgreSQL that is another task-hub member; the embedded store
 * has one owner, so those cases run on PostgreSQL only.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreConflictError } from '../../../runtime/src/api/errors';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore, InstanceRow, Message, StoreChange } from '../../../runtime/src/store/types';
import { createRuntime, DurableApp } from '../../../runtime/src/index';
import pg from 'pg';
import { freshDatabase } from '../helpers/postgres';
import { SCHEMA_VERSION } from '../../../runtime/src/store/postgres/schema';

interface StoreKind {
  name: string;
  /** A new store location (a file, a database), to open once or several times. */
  location(): Promise<string | undefined>;
  shared: boolean;
}

const kinds: StoreKind[] = [
  { name: 'sql.js in memory', location: async () => undefined, shared: false },
  { name: 'sql.js on disk', location: async () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'durable-contract-')), 'store.db'), shared: false },
  { name: 'PostgreSQL', location: freshDatabase, shared: true },
];

function row(instanceId: string, overrides: Partial<InstanceRow> = {}): InstanceRow {
  return {
    instanceId, name: 'Orders', status: 'Pending', input: '{"n":1}', output: undefined, customStatus: undefined,
    createdAt: 1000, updatedAt: 1000, generation: 0, parent: undefined, version: '', ...overrides,
  };
}

function message(store: DurableStore, instanceId: string, visibleAt = 0): Message {
  return { id: store.allocateId(), instanceId, generation: 0, visibleAt, event: { EventType: 'EventRaised', Name: 'Go', Input: '1', Timestamp: new Date(visibleAt).toISOString() } };
}

function turn(instanceId: string, firstEventId: number, types: string[]): StoreChange {
  return {
    op: 'appendHistory', instanceId, firstEventId,
    events: types.map((EventType, index) => ({ EventId: firstEventId + index, EventType, Timestamp: new Date(0).toISOString() }) as never),
  };
}

for (const kind of kinds) {
  describe(`store contract: ${kind.name}`, function () {
    this.timeout(60_000);
    const opened: DurableStore[] = [];
    let location: string | undefined;
    const open = async () => {
      const store = await openStoreAt(location, { leaseMs: 2000 });
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      location = await kind.location();
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('reads back what was committed: the row, its history in order, the listing with filters', async () => {
      const store = await open();
      await store.commit([{ op: 'createInstance', row: row('a') }, { op: 'createInstance', row: row('b', { name: 'Billing', createdAt: 2000 }) }]);
      await store.commit([turn('a', 0, ['OrchestratorStarted', 'ExecutionStarted'])]);
      await store.commit([turn('a', 2, ['OrchestratorCompleted']), { op: 'updateInstance', instanceId: 'a', update: { status: 'Running', customStatus: '"half"', updatedAt: 1500 } }]);
      assert.deepEqual(await store.getInstance('a'), row('a', { status: 'Running', customStatus: '"half"', updatedAt: 1500 }));
      assert.deepEqual((await store.getHistory('a')).map((event) => `${event.EventId} ${event.EventType}`), ['0 OrchestratorStarted', '1 ExecutionStarted', '2 OrchestratorCompleted']);
      assert.deepEqual((await store.listInstances()).map((r) => r.instanceId), ['a', 'b']);
      assert.deepEqual((await store.listInstances({ name: 'Billing' })).map((r) => r.instanceId), ['b']);
      assert.deepEqual((await store.listInstances({ runtimeStatus: ['Running'] })).map((r) => r.instanceId), ['a']);
      assert.deepEqual((await store.listInstances({ createdTimeFrom: new Date(1500) })).map((r) => r.instanceId), ['b']);
      assert.deepEqual((await store.listInstances({ instanceIdPrefix: 'b' })).map((r) => r.instanceId), ['b']);
      assert.deepEqual((await store.listInstances({ top: 1 })).map((r) => r.instanceId), ['a']);
      assert.equal(await store.getInstance('missing'), undefined);
      assert.deepEqual(await store.getHistory('missing'), []);
    });

    it('clears a field an update sets to nothing, and keeps the fields it does not name', async () => {
      const store = await open();
      await store.commit([{ op: 'createInstance', row: row('a', { customStatus: '"x"', output: '"o"' }) }]);
      await store.commit([{ op: 'updateInstance', instanceId: 'a', update: { customStatus: undefined, generation: 2, input: '{"n":2}' } }]);
      assert.deepEqual(await store.getInstance('a'), row('a', { output: '"o"', generation: 2, input: '{"n":2}' }));
    });

    it('clears the history of a continue-as-new and numbers the next one from 0', async () => {
      const store = await open();
      await store.commit([{ op: 'createInstance', row: row('a') }, turn('a', 0, ['OrchestratorStarted', 'ExecutionStarted'])]);
      await store.commit([{ op: 'clearHistory', instanceId: 'a' }]);
      await store.commit([turn('a', 0, ['OrchestratorStarted'])]);
      assert.deepEqual((await store.getHistory('a')).map((event) => event.EventType), ['OrchestratorStarted']);
    });

    it('purges an instance with its history and queued work', async () => {
      const store = await open();
      await store.commit([{ op: 'createInstance', row: row('a') }, turn('a', 0, ['OrchestratorStarted']), { op: 'enqueue', message: message(store, 'a') }]);
      await store.commit([{ op: 'purge', instanceId: 'a' }]);
      assert.equal(await store.getInstance('a'), undefined);
      assert.deepEqual(await store.getHistory('a'), []);
      assert.deepEqual((await store.fetchWork()).messages, []);
    });

    it('creates an instance only when no live one has its id, and replaces a finished one', async () => {
      const store = await open();
      const start = (id: string, input: string) => store.createIfAbsent(row(id, { input }), [{ op: 'enqueue', message: message(store, id) }]);
      assert.deepEqual(await start('a', '"first"'), { created: true });
      const second = await start('a', '"second"');
      assert.equal(second.created, false);
      assert.equal(!second.created && second.existing.input, '"first"');
      await store.commit([{ op: 'updateInstance', instanceId: 'a', update: { status: 'Completed' } }]);
      assert.deepEqual(await start('a', '"third"'), { created: true });
      assert.equal((await store.getInstance('a'))?.input, '"third"');
    });

    it('hands queued messages and activities to a worker once, visible or not as the store keeps timers', async () => {
      const store = await open();
      const now = Date.now();
      const due = message(store, 'a', now - 1);
      const later = message(store, 'a', now + 60_000);
      const activity = { id: store.allocateId(), instanceId: 'a', generation: 0, taskId: 0, name: 'Work', input: '1' };
      await store.commit([{ op: 'createInstance', row: row('a') }, { op: 'enqueue', message: due }, { op: 'enqueue', message: later }]);
      // Added by a process that runs no worker (a client's rewind): any process that works takes it.
      const other = kind.shared ? await open() : store;
      await other.commit([{ op: 'addActivity', item: activity }]);
      const work = await store.fetchWork();
      // The embedded store hands out timers too (its worker holds them); a shared one only once they are due.
      assert.deepEqual(work.messages.map((m) => m.id), kind.shared ? [due.id] : [due.id, later.id]);
      assert.deepEqual(work.activities.map((a) => a.id), [activity.id], 'the process that added it does not keep it');
      if (kind.shared) assert.deepEqual(await store.fetchWork(), { messages: [], activities: [] }, 'nothing is handed out twice');
    });

    if (!kind.shared) return;

    it('creates its schema once when several processes open a new database at once, and refuses a newer one', async () => {
      const stores = await Promise.all([open(), open(), open(), open()]);
      await stores[0].commit([{ op: 'createInstance', row: row('a') }]);
      assert.equal((await stores[3].getInstance('a'))?.name, 'Orders');
      const admin = new pg.Client({ connectionString: location });
      await admin.connect();
      try {
        await admin.query('UPDATE durable_schema SET version = version + 1');
      } finally {
        await admin.end();
      }
      await assert.rejects(openStoreAt(location), new RegExp(`schema version ${SCHEMA_VERSION + 1}; this durable-ts reads version ${SCHEMA_VERSION} and older`));
    });

    it('gives every process its own ids', async () => {
      const [one, two] = [await open(), await open()];
      const ids = new Set<number>();
      for (let i = 0; i < 1000; i++) ids.add(one.allocateId()).add(two.allocateId());
      assert.equal(ids.size, 2000);
    });

    it('lets exactly one of two processes create the same instance at once', async () => {
      const stores = [await open(), await open(), await open()];
      const results = await Promise.all(stores.map((store, index) => store.createIfAbsent(row('same', { input: String(index) }), [{ op: 'enqueue', message: message(store, 'same') }])));
      assert.equal(results.filter((result) => result.created).length, 1);
      const winner = results.findIndex((result) => result.created);
      assert.equal((await stores[0].getInstance('same'))?.input, String(winner));
    });

    it('refuses a turn that does not continue the stored history, applying nothing of it', async () => {
      const [one, two] = [await open(), await open()];
      const queued = message(one, 'a');
      await one.commit([{ op: 'createInstance', row: row('a') }, { op: 'enqueue', message: queued }, turn('a', 0, ['OrchestratorStarted'])]);
      await two.commit([turn('a', 1, ['ExecutionStarted'])]);
      // A process that replayed the one-event history commits what it made of it, and the message it consumed.
      await assert.rejects(one.commit([{ op: 'ack', messageId: queued.id }, turn('a', 1, ['TimerCreated'])]), StoreConflictError);
      assert.deepEqual((await one.getHistory('a')).map((event) => event.EventType), ['OrchestratorStarted', 'ExecutionStarted']);
      await assert.rejects(one.commit([{ op: 'ack', messageId: -5 }]), StoreConflictError);
    });

    it('hands an instance to one process at a time, and a dead one\'s work to another once its lease runs out', async () => {
      const [one, two] = [await open(), await open()];
      const client = await open();
      await client.createIfAbsent(row('a'), [{ op: 'enqueue', message: message(client, 'a') }]);
      const first = await one.fetchWork();
      assert.equal(first.messages.length, 1);
      await client.commit([{ op: 'enqueue', message: message(client, 'a') }]);
      assert.deepEqual((await two.fetchWork()).messages, [], 'the instance is leased to the first process');
      assert.equal((await one.fetchWork()).messages.length, 1, 'its holder is handed the new message');
      // The first process stops renewing (as if killed): after the lease, the second takes everything over.
      (one as unknown as { heartbeat: NodeJS.Timeout }).heartbeat.unref();
      clearInterval((one as unknown as { heartbeat: NodeJS.Timeout }).heartbeat);
      const deadline = Date.now() + 10_000;
      let taken: Message[] = [];
      while (taken.length === 0 && Date.now() < deadline) {
        taken = (await two.fetchWork()).messages;
        if (taken.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(taken.length, 2);
    });
  });
}

describe('the worker and the client over each store', function () {
  this.timeout(60_000);
  for (const kind of kinds) {
    it(`runs chains, fan-outs, timers, events and sub-orchestrations to the right output: ${kind.name}`, async () => {
      const app = new DurableApp();
      const double = app.activity('Double', (n: number) => n * 2);
      const child = app.orchestration('Child', async (ctx, n: number) => ctx.callActivity(double, n));
      app.orchestration('Everything', async (ctx, n: number) => {
        let value = n;
        for (let i = 0; i < 3; i++) value = await ctx.callActivity(double, value);
        const fanned = await ctx.all(Array.from({ length: 20 }, (_, i) => ctx.callActivity(double, i)));
        await ctx.createTimer(300);
        const event = await ctx.waitForEvent<number>('Go');
        const fromChild = await ctx.callSubOrchestration(child, event);
        return { value, fanned: fanned.reduce((a, b) => a + b, 0), fromChild };
      });
      const runtime = await createRuntime({ app, store: await kind.location(), leaseMs: 2000 });
      try {
        const id = await runtime.client.start('Everything', 1, { instanceId: 'e1' });
        await assert.rejects(runtime.client.start('Everything', 1, { instanceId: 'e1' }), /already exists/);
        // Wait until it waits for the event (the timer has fired), then raise it.
        const deadline = Date.now() + 20_000;
        while (!(await runtime.store.getHistory(id)).some((event) => event.EventType === 'TimerFired') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        await runtime.client.raiseEvent(id, 'Go', 5);
        const status = await runtime.client.waitForCompletion(id, { timeoutMs: 20_000 });
        assert.equal(status.runtimeStatus, 'Completed');
        assert.deepEqual(status.output, { value: 8, fanned: 380, fromChild: 10 });
        const history = await runtime.store.getHistory(id);
        assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), 'no event lost or repeated');
        assert.equal(history.filter((event) => event.EventType === 'TaskCompleted').length, 23);
      } finally {
        await runtime.close();
      }
    });

    it(`skips time to each durable timer in turn with timeSkip, the work queued at the skipped time due at once: ${kind.name}`, async () => {
      const app = new DurableApp();
      const double = app.activity('Double', (n: number) => n * 2);
      const child = app.orchestration('Child', async (ctx, n: number) => {
        await ctx.createTimer(60 * 60_000);
        return ctx.callActivity(double, n);
      });
      app.orchestration('Waits', async (ctx, n: number) => {
        const started = ctx.currentUtcDateTime.getTime();
        await ctx.createTimer(60 * 60_000);
        const doubled = await ctx.callActivity(double, n);
        await ctx.createTimer(24 * 60 * 60_000);
        const fromChild = await ctx.callSubOrchestration(child, doubled);
        return { fromChild, hoursWaited: Math.floor((ctx.currentUtcDateTime.getTime() - started) / (60 * 60_000)) };
      });
      const runtime = await createRuntime({ app, store: await kind.location(), timeSkip: true });
      try {
        const id = await runtime.client.start('Waits', 3);
        const status = await runtime.client.waitForCompletion(id, { timeoutMs: 20_000 });
        assert.equal(status.runtimeStatus, 'Completed');
        assert.deepEqual(status.output, { fromChild: 12, hoursWaited: 26 });
      } finally {
        await runtime.close();
      }
    });
  }
});

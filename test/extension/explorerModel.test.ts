import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HistoryEvent, OrchestrationStatus } from '../../runtime/src/index';
import { countByOrchestration, describeCounts, StoreCounts } from '../../client/src/explorer/instanceCounts';
import { historyModel } from '../../client/src/explorer/historyModel';
import { describeFilter, parseCreatedRange, toListFilter } from '../../client/src/explorer/instanceFilter';
import { StoreWatcher } from '../../client/src/explorer/storeWatcher';
import { awaitedEventNames } from '../../client/src/explorer/awaitedEvents';
import { callSites, firstEventOf, siteOfEvent } from '../../client/src/explorer/callSites';
import typescript from 'typescript';

const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, second)).toISOString();

describe('instance explorer: history model', () => {
  const events: HistoryEvent[] = [
    { EventId: 0, EventType: 'ExecutionStarted', Timestamp: at(0), Name: 'Trip', Input: '"Tokyo"' },
    { EventId: 1, EventType: 'TaskScheduled', Timestamp: at(1), Name: 'Book', TaskId: 0, Input: '"hotel"' },
    { EventId: 2, EventType: 'TimerCreated', Timestamp: at(1), TaskId: 1, FireAt: at(9) },
    { EventId: 3, EventType: 'SubOrchestrationInstanceCreated', Timestamp: at(2), Name: 'Pay', TaskId: 2, InstanceId: 'trip:0:2' },
    { EventId: 4, EventType: 'TaskFailed', Timestamp: at(4), Name: 'Book', TaskScheduledId: 0, Reason: 'full' },
    { EventId: 5, EventType: 'SubOrchestrationInstanceCompleted', Timestamp: at(7), Name: 'Pay', TaskScheduledId: 2, InstanceId: 'trip:0:2', Result: '12' },
    { EventId: 0, EventType: 'ContinueAsNew', Timestamp: at(8), Generation: 1 },
    { EventId: 1, EventType: 'TaskScheduled', Timestamp: at(8), Name: 'Book', TaskId: 0, Generation: 1 },
  ];

  it('gives completions the time their work took, and bars to activities, timers and sub-orchestrations, within one generation', () => {
    const model = historyModel(events, new Date(Date.parse(at(20))));
    assert.deepEqual(model.rows.map((row) => row.durationMs), [undefined, undefined, undefined, undefined, 3000, 5000, undefined, undefined]);
    assert.equal(model.rows[1].detail, '"hotel"');
    assert.equal(model.rows[4].detail, 'full');
    assert.deepEqual(
      model.spans.map((span) => [span.kind, span.label, span.outcome, span.endMs === undefined ? 'open' : (span.endMs - span.startMs) / 1000]),
      [['activity', 'Book', 'failed', 3], ['timer', 'timer', 'pending', 'open'], ['subOrchestration', 'Pay', 'completed', 5], ['activity', 'Book', 'pending', 'open']],
    );
    assert.equal(model.spans[2].instanceId, 'trip:0:2');
    assert.equal(model.endMs, Date.parse(at(20)), 'pending work runs on to now');
  });

  it('pairs every completion of a 10,000-event history with its scheduling', () => {
    const many: HistoryEvent[] = [];
    for (let i = 0; i < 5000; i++) {
      many.push({ EventId: 2 * i, EventType: 'TaskScheduled', Timestamp: at(0), Name: 'Step', TaskId: i });
      many.push({ EventId: 2 * i + 1, EventType: 'TaskCompleted', Timestamp: at(1), Name: 'Step', TaskScheduledId: i, Result: '1' });
    }
    const model = historyModel(many);
    assert.equal(model.spans.length, 5000);
    assert.ok(model.spans.every((span) => span.outcome === 'completed'));
  });
});

describe('instance explorer: filters', () => {
  it('turns a relative time range into a creation time at each listing', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    assert.deepEqual(toListFilter({ statuses: ['Running'], name: 'Hello', idPrefix: 'ab', createdWithinMs: 3_600_000 }, now), {
      runtimeStatus: ['Running'], name: 'Hello', instanceIdPrefix: 'ab', createdTimeFrom: new Date('2026-12-01T11:00:00Z'),
    });
    assert.equal(describeFilter({ statuses: ['Running', 'Failed'], idPrefix: 'ord-', createdWithinMs: 3_600_000 }), 'Running, Failed · id ord-… · last 1 h');
  });

  it('reads FROM..TO ranges and says what is wrong with others', () => {
    assert.deepEqual(parseCreatedRange('2026-11-30..'), { from: new Date('2026-11-30'), to: undefined });
    assert.match(parseCreatedRange('yesterday..') as string, /'yesterday' is not a date/);
    assert.match(parseCreatedRange('2026-12-02..2026-12-01') as string, /ends before it starts/);
    assert.match(parseCreatedRange('2026-12-01') as string, /FROM\.\.TO/);
  });
});

describe('instance explorer: store watcher', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-watch-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a burst of journal appends once, and a store whose folder appears only later', async () => {
    const storePath = path.join(dir, '.durable', 'store.db');
    let changes = 0;
    let changed!: () => void;
    let next = new Promise<void>((resolve) => (changed = resolve));
    const watcher = new StoreWatcher(storePath, () => (changes++, changed()), 50);
    try {
      fs.mkdirSync(path.dirname(storePath));
      fs.writeFileSync(`${storePath}-log`, 'a');
      await next;
      next = new Promise<void>((resolve) => (changed = resolve));
      const before = changes;
      for (let i = 0; i < 20; i++) fs.appendFileSync(`${storePath}-log`, 'b');
      await next;
      assert.equal(changes, before + 1, 'one refresh for the burst');
      next = new Promise<void>((resolve) => (changed = resolve));
      fs.writeFileSync(path.join(dir, '.durable', 'unrelated.txt'), 'x');
      fs.writeFileSync(`${storePath}.lock`, '{}');
      await next;
    } finally {
      watcher.dispose();
    }
  });
});

describe('instance explorer: the events code waits for', () => {
  it('finds each awaited event name once, typed or not, and nothing in other calls', () => {
    const source = "await ctx.waitForEvent<boolean>('Approval');\nctx.waitForEvent(\"Cancel\", { timeoutMs: 5 });\nawait ctx.waitForEvent('Approval');\nctx.callActivity('waitForEvent');";
    assert.deepEqual(awaitedEventNames(source), ['Approval', 'Cancel']);
  });
});

describe('instance explorer: the counts above an orchestration', () => {
  it('counts pending, running and suspended instances as running, and failed ones, per orchestration', () => {
    const instance = (name: string, runtimeStatus: OrchestrationStatus['runtimeStatus']) =>
      ({ name, runtimeStatus, instanceId: `${name}-${runtimeStatus}`, input: null, output: null, customStatus: null, createdTime: at(0), lastUpdatedTime: at(0) });
    const counts = countByOrchestration([instance('A', 'Running'), instance('A', 'Pending'), instance('A', 'Suspended'), instance('A', 'Failed'), instance('A', 'Completed'), instance('B', 'Failed')]);
    assert.equal(describeCounts(counts.get('A')), '3 running · 1 failed');
    assert.equal(describeCounts(counts.get('B')), '0 running · 1 failed');
    assert.equal(describeCounts(counts.get('C')), '0 running · 0 failed');
  });

  it('reads a store once per change for every lens, and reads again after a read that failed instead of showing zeros', async () => {
    const running = { name: 'A', runtimeStatus: 'Running', instanceId: 'a-1', input: null, output: null, customStatus: null, createdTime: at(0), lastUpdatedTime: at(0) } as OrchestrationStatus;
    const answers: (() => Promise<OrchestrationStatus[]>)[] = [
      () => Promise.reject(new Error('the store is being replaced')),
      () => Promise.resolve([running]),
      () => Promise.resolve([]),
    ];
    let reads = 0;
    const list = () => answers[reads++]();
    const counts = new StoreCounts<string>();
    await assert.rejects(counts.of('store', list), /being replaced/);
    // Nothing changed in the store meanwhile: the failed read is not what the lens keeps showing.
    assert.equal(describeCounts((await counts.of('store', list)).get('A')), '1 running · 0 failed');
    assert.equal(describeCounts((await counts.of('store', list)).get('A')), '1 running · 0 failed', 'the same read serves every lens until the store changes');
    assert.equal(reads, 2);
    counts.clear();
    assert.equal(describeCounts((await counts.of('store', list)).get('A')), '0 running · 0 failed');
    assert.equal(reads, 3);
  });
});

describe('instance explorer: history linked to code', () => {
  const source = [
    "import { app } from 'durable-ts';",
    "const book = app.activity('Book', async (trip: string) => `booked ${trip}`);",
    "app.orchestration('Other', async (ctx) => ctx.callActivity('Elsewhere'));",
    "app.orchestration('Trip', async (ctx, trip: string) => {",
    "  const approved = await ctx.waitForEvent<boolean>('Approval');",
    '  await ctx.createTimer(1000);',
    "  await ctx.callSubOrchestration('Pay', trip);",
    '  return ctx.callActivity(book, trip);',
    '});',
  ].join('\n');

  it('finds the orchestration\'s durable calls with the names they call, handles included, and only its own', () => {
    const sites = callSites(typescript, 'trip.ts', source, 'Trip');
    assert.deepEqual(sites.map((site) => [site.kind, site.name, site.line]), [['event', 'Approval', 4], ['timer', undefined, 5], ['subOrchestration', 'Pay', 6], ['activity', 'Book', 7]]);
  });

  it('goes from an event to its call and from a call to its first event', () => {
    const sites = callSites(typescript, 'trip.ts', source, 'Trip');
    assert.equal(siteOfEvent(sites, { type: 'TaskCompleted', name: 'Book' })?.line, 7);
    assert.equal(siteOfEvent(sites, { type: 'TimerFired' })?.line, 5);
    assert.equal(siteOfEvent(sites, { type: 'EventRaised', name: 'Approval' })?.line, 4);
    assert.equal(siteOfEvent(sites, { type: 'OrchestratorStarted' }), undefined);
    const events = [{ type: 'ExecutionStarted', name: 'Trip' }, { type: 'EventRaised', name: 'Approval' }, { type: 'TaskScheduled', name: 'Book' }];
    assert.equal(firstEventOf(sites[3], events), 2);
    assert.equal(firstEventOf(sites[1], events), -1);
  });
});

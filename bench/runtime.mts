/**
 * Runtime benchmarks on the on-disk sql.js store (journal + fdatasync), built runtime (runtime/dist).
 * Prints a table of medians. Run: `npm run build:runtime && node --import tsx bench/runtime.mts [--runs N] [--only 1,7]
 * [--host-heap] [--checkout DIR] [--before DIR]`. `--before DIR` adds a table of resident memory with 10,000 waiting
 * instances (and where it is) for that built checkout beside this one, measured in turn.
 */
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, printTable, type Row } from './table.ts';

// `--checkout DIR` measures another built checkout of this repository (to compare before and after a change): its
// runtime, and its own fixtures, which load that runtime.
const checkout = process.argv.includes('--checkout') ? path.resolve(process.argv[process.argv.indexOf('--checkout') + 1]) : path.join(import.meta.dirname, '..');
const { createRuntime, DurableApp, openStore } = (await import(path.join(checkout, 'runtime/dist/index.js'))) as typeof import('../runtime/dist/index.js');
const { OrchestrationExecutor } = (await import(path.join(checkout, 'runtime/dist/internal.js'))) as typeof import('../runtime/dist/internal.js');
const fixtures = path.join(checkout, 'bench/fixtures');

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
// `--only 1,7` measures those rows only.
const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1].split(',').map(Number)) : undefined;
// `--host-heap` applies the young-generation size the durable-ts CLI sets for `run` and `serve`.
const hostHeap = process.argv.includes('--host-heap');
if (hostHeap) setFlagsFromString('--max-semi-space-size=64');

const tempDirs: string[] = [];
function tempStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-'));
  tempDirs.push(dir);
  return path.join(dir, 'store.db');
}

function benchApp(): InstanceType<typeof DurableApp> {
  const app = new DurableApp();
  const increment = app.activity('Increment', (n: number) => n + 1);
  app.orchestration('Chain', async (ctx, length: number) => {
    let value = 0;
    for (let i = 0; i < length; i++) value = await ctx.callActivity(increment, value);
    return value;
  });
  app.orchestration('FanOut', async (ctx, width: number) => {
    const results = await Promise.all(Array.from({ length: width }, (_, i) => ctx.callActivity(increment, i)));
    return results.length;
  });
  app.orchestration('WaitForEvent', async (ctx) => ctx.waitForEvent('Go'));
  return app;
}

async function sequentialSteps(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  const id = await runtime.client.start('Chain', 1000);
  const status = await runtime.client.waitForCompletion(id);
  const seconds = (performance.now() - started) / 1000;
  if (status.output !== 1000) throw new Error(`chain returned ${JSON.stringify(status.output)}`);
  await runtime.close();
  return 1000 / seconds;
}

async function concurrentChains(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: 1000 }, () => runtime.client.start('Chain', 5)));
  await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id)));
  // Listing reads the database, which first takes in every change still waiting for it: the run's whole cost is
  // inside the measurement, none of it left for later.
  const listed = await runtime.client.list({ runtimeStatus: ['Completed'] });
  const seconds = (performance.now() - started) / 1000;
  if (listed.length !== 1000) throw new Error(`${listed.length} of 1,000 chains completed`);
  await runtime.close();
  return 5000 / seconds;
}

/** W3: many instances started at once, each a short chain: group commit amortises one sync over many turns. */
async function manyInstancesAtOnce(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: 500 }, () => runtime.client.start('Chain', 5)));
  const statuses = await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id)));
  const seconds = (performance.now() - started) / 1000;
  if (statuses.some((status) => status.output !== 5)) throw new Error('a chain returned the wrong output');
  await runtime.close();
  return 2500 / seconds;
}

/**
 * What one durable step costs at least: appending a journal-sized record to a file on the store's disk and
 * fdatasyncing it, both through libuv's thread pool as the journal does.
 */
async function syncLatency(): Promise<number> {
  const file = tempStore();
  const fd = fs.openSync(file, 'w');
  const record = Buffer.alloc(1000, 1);
  const samples: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => fs.write(fd, record, (error) => (error ? reject(error) : resolve())));
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      samples.push(performance.now() - started);
    }
  } finally {
    fs.closeSync(fd);
  }
  return median(samples);
}

async function fanOut(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  const id = await runtime.client.start('FanOut', 10_000);
  const status = await runtime.client.waitForCompletion(id);
  const seconds = (performance.now() - started) / 1000;
  if (status.output !== 10_000) throw new Error(`fan-out returned ${JSON.stringify(status.output)}`);
  await runtime.close();
  return seconds;
}

/** A 10,000-event history (a 2,500-step chain is 4 events a step), replayed from the store by a cold executor. */
let replayStore: string | undefined;
async function coldReplay(): Promise<number> {
  const app = benchApp();
  if (!replayStore) {
    replayStore = tempStore();
    const runtime = await createRuntime({ app, store: replayStore });
    await runtime.client.waitForCompletion(await runtime.client.start('Chain', 2500, { instanceId: 'long' }));
    await runtime.close();
  }
  const store = await openStore({ path: replayStore });
  const history = await store.getHistory('long');
  await store.close();
  if (history.length < 10_000) throw new Error(`history has ${history.length} events`);
  const replayable = history.slice(0, history.findIndex((event) => event.EventType === 'ExecutionCompleted'));
  const executor = new OrchestrationExecutor({ instanceId: 'long', name: 'Chain', generation: 0, orchestrator: app.getOrchestrator('Chain') });
  const started = performance.now();
  await executor.replay(replayable);
  return performance.now() - started;
}

/** A store whose 100,000 history events are all in the journal (no snapshot yet), then opened cold. */
let recoveryStore: string | undefined;
async function recovery(): Promise<number> {
  if (!recoveryStore) {
    recoveryStore = tempStore();
    execFileSync(process.execPath, ['--import', 'tsx', path.join(fixtures, 'fillJournal.mts'), recoveryStore, '100000'], { stdio: 'inherit' });
  }
  const started = performance.now();
  const store = await openStore({ path: recoveryStore });
  const elapsed = performance.now() - started;
  let events = 0;
  for (const row of await store.listInstances()) events += (await store.getHistory(row.instanceId)).length;
  if (events < 100_000) throw new Error(`recovered ${events} events`);
  // Leave the journal as it was for the next run: release the lock without the closing snapshot.
  fs.rmSync(`${recoveryStore}.lock`);
  return elapsed;
}

function residentMemory(): number {
  return memoryBreakdown(checkout).rss;
}

interface MemoryBreakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** This repository's waiting-instances fixture on a checkout's runtime, in a process of its own. */
function memoryBreakdown(dir: string): MemoryBreakdown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/waitingInstances.mts'), tempStore(), '10000', '--breakdown'], {
    encoding: 'utf8',
    env: { ...process.env, DURABLE_TS_RUNTIME: path.join(dir, 'runtime') },
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as MemoryBreakdown;
}

/** Resident memory with 10,000 waiting instances, this checkout and `before` in turn, and where it is. */
function memoryBesideBefore(before: string): void {
  const samples: Record<'current' | 'before', MemoryBreakdown[]> = { current: [], before: [] };
  for (let i = 0; i < runs; i++) {
    samples.current.push(memoryBreakdown(checkout));
    samples.before.push(memoryBreakdown(before));
  }
  const figure = (of: MemoryBreakdown[], key: keyof MemoryBreakdown) => `${median(of.map((sample) => sample[key])).toFixed(0)} MB (${of.map((sample) => sample[key]).join(' ')})`;
  const keys: [keyof MemoryBreakdown, string][] = [
    ['rss', 'resident memory'], ['heapTotal', 'V8 heap, reserved'], ['heapUsed', 'V8 heap, used (live and not yet collected)'],
    ['external', 'outside the heap (sql.js, buffers)'], ['arrayBuffers', 'of which array buffers'],
  ];
  printTable(
    `10,000 instances waiting on events: ${checkout} beside ${before} (median of ${runs} runs each, in turn; samples in brackets)`,
    keys.map(([key, what]) => ({ what, current: figure(samples.current, key), before: figure(samples.before, key) })),
  );
}

async function measure(label: string, unit: string, target: string, sample: () => Promise<number> | number, better: 'higher' | 'lower'): Promise<Row> {
  // One discarded warm-up run: the first pays for JIT compilation and sql.js's WebAssembly start-up.
  await sample();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await sample());
  const value = median(samples);
  const [op, limit] = target.split(' ');
  const met = op === '≥' ? value >= Number(limit) : value < Number(limit);
  // Small figures (a sync in ms) need decimals to say anything.
  const digits = unit === 's' ? 3 : value < 10 ? 2 : 0;
  return { scenario: label, median: `${value.toFixed(digits)} ${unit}`, target: `${target} ${unit}`, met: met ? 'yes' : 'NO', samples: samples.map((s) => s.toFixed(digits)).join(' '), better };
}

const scenarios: [label: string, unit: string, target: string, sample: () => Promise<number> | number, better: 'higher' | 'lower'][] = [
  // One fdatasync per step (an activity starts only once the turn that scheduled it is durable): ≤ 1 / sync latency.
  ['1. sequential chain, 1 instance × 1,000 activities', 'steps/s', '≥ 1000', sequentialSteps, 'higher'],
  ['2. 1,000 instances × 5-activity chains', 'activities/s', '≥ 20000', concurrentChains, 'higher'],
  ['3. fan-out/fan-in of 10,000 activities', 's', '< 0.5', fanOut, 'lower'],
  ['4. cold replay of a 10,000-event history', 'ms', '< 50', coldReplay, 'lower'],
  ['5. recovery of a store with 100,000 history events', 'ms', '< 1000', recovery, 'lower'],
  ['6. resident memory, 10,000 instances waiting on events', 'MB', '< 300', residentMemory, 'lower'],
  // The figure durabletask-js's in-memory test backend reached on this workload, on this machine: the peer to beat.
  ['7. 500 instances × 5-activity chains started at once', 'activities/s', '≥ 7700', manyInstancesAtOnce, 'higher'],
  ['8. write + fdatasync of a 1 kB append on the store\'s disk', 'ms', '< 10', syncLatency, 'lower'],
];
const rows: Row[] = [];
for (const [index, scenario] of scenarios.entries()) if (!only || only.has(index + 1)) rows.push(await measure(...scenario));
printTable(`Runtime of ${checkout} (median of ${runs} runs after a warm-up run, on-disk sql.js store, Node ${process.version}, ${os.cpus().length} CPUs, ${hostHeap ? 'CLI host heap' : 'default heap'})`, rows);
const beforeIndex = process.argv.indexOf('--before');
if (beforeIndex >= 0) memoryBesideBefore(path.resolve(process.argv[beforeIndex + 1]));
for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });

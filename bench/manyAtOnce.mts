/**
 * 500 instances × 5-activity chains, all started at once, on each durable-ts store beside durabletask-js's
 * in-memory test backend (the peer the embedded default is held against), in the same run. Prints activities/s,
 * medians. Run: `npm run build:runtime && node --import tsx bench/manyAtOnce.mts [--runs N] [--no-postgres]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InMemoryOrchestrationBackend, TestOrchestrationClient, TestOrchestrationWorker } from '@microsoft/durabletask-js/dist/testing/index.js';
import type { OrchestrationContext } from '@microsoft/durabletask-js';
import { createRuntime, DurableApp } from '../runtime/dist/index.js';
import { freshDatabase } from '../test/runtime/helpers/postgres.ts';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const withPostgres = !process.argv.includes('--no-postgres');
const INSTANCES = 500;
const STEPS = 5;

function chainApp(): DurableApp {
  const app = new DurableApp();
  const increment = app.activity('Increment', (n: number) => n + 1);
  app.orchestration('Chain', async (ctx, length: number) => {
    let value = 0;
    for (let i = 0; i < length; i++) value = await ctx.callActivity(increment, value);
    return value;
  });
  return app;
}

async function durableTs(store: () => Promise<string | undefined>): Promise<number> {
  const runtime = await createRuntime({ app: chainApp(), store: await store() });
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: INSTANCES }, () => runtime.client.start('Chain', STEPS)));
  const statuses = await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id)));
  const seconds = (performance.now() - started) / 1000;
  if (statuses.some((status) => status.output !== STEPS)) throw new Error('a chain returned the wrong output');
  await runtime.close();
  return (INSTANCES * STEPS) / seconds;
}

async function durableTask(): Promise<number> {
  // Its worker logs every event to the console, which would measure the terminal: silenced while it runs.
  const quiet = ['log', 'info', 'debug'] as const;
  const saved = quiet.map((name) => console[name]);
  quiet.forEach((name) => (console[name] = () => {}));
  try {
    return await durableTaskRun();
  } finally {
    quiet.forEach((name, index) => (console[name] = saved[index]));
  }
}

async function durableTaskRun(): Promise<number> {
  const backend = new InMemoryOrchestrationBackend();
  const worker = new TestOrchestrationWorker(backend);
  const client = new TestOrchestrationClient(backend);
  const increment = (_ctx: unknown, n: number) => n + 1;
  // durabletask-js runs an orchestrator that is an async generator.
  async function* chain(ctx: OrchestrationContext, length: number): AsyncGenerator<unknown, number, number> {
    let value = 0;
    for (let i = 0; i < length; i++) value = yield ctx.callActivity(increment, value);
    return value;
  }
  worker.addOrchestrator(chain as never);
  worker.addActivity(increment as never);
  await worker.start();
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: INSTANCES }, () => client.scheduleNewOrchestration(chain as never, STEPS)));
  const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, true, 120)));
  const seconds = (performance.now() - started) / 1000;
  if (states.some((state) => state?.serializedOutput !== String(STEPS))) throw new Error(`a durabletask-js chain returned ${states.find((state) => state?.serializedOutput !== String(STEPS))?.serializedOutput}`);
  await worker.stop();
  return (INSTANCES * STEPS) / seconds;
}

const tempDirs: string[] = [];
const onDisk = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-'));
  tempDirs.push(dir);
  return path.join(dir, 'store.db');
};

const contenders: [string, () => Promise<number>][] = [
  ['durable-ts, on-disk sql.js store (journal + fdatasync)', () => durableTs(onDisk)],
  ['durable-ts, in-memory sql.js store', () => durableTs(async () => undefined)],
  ...(withPostgres ? [['durable-ts, PostgreSQL store (one process)', () => durableTs(freshDatabase)] as [string, () => Promise<number>]] : []),
  ['durabletask-js 0.4, in-memory test backend', durableTask],
];

// Alternating, so that load from elsewhere on the machine falls on every contender alike.
const samples = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
for (const [, sample] of contenders) await sample(); // warm-up
for (let run = 0; run < runs; run++) for (const [name, sample] of contenders) samples.get(name)!.push(await sample());
const rows: Row[] = contenders.map(([name]) => ({
  [`${INSTANCES} × ${STEPS}-activity chains started at once`]: name,
  'activities/s (median)': median(samples.get(name)!).toFixed(0),
  samples: samples.get(name)!.map((value) => value.toFixed(0)).join(' '),
}));
printTable(`Many instances at once (median of ${runs} alternating runs after a warm-up, Node ${process.version}, ${os.cpus().length} CPUs)`, rows);
for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);

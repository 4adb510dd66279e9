/**
 * Entity benchmarks on the on-disk sql.js store (journal + fdatasync), built runtime (runtime/dist): entity
 * operations per second on one entity and spread over 1,000 entities, sent by a client (signals) and by
 * orchestrations (calls, each a round trip). Prints a table of medians.
 * Run: `npm run build:runtime && node --import tsx bench/entities.mts [--runs N]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRuntime, DurableApp, type EntityContext } from '../runtime/dist/index.js';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const OPERATIONS = 10_000;

const tempDirs: string[] = [];
function tempStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-entities-'));
  tempDirs.push(dir);
  return path.join(dir, 'store.db');
}

function benchApp(): DurableApp {
  const app = new DurableApp();
  const counter = app.entity('Counter', {
    add: (ctx: EntityContext<number>, amount: number) => ctx.setState((ctx.getState(0) ?? 0) + amount),
    get: (ctx: EntityContext<number>) => ctx.getState(0),
  });
  app.orchestration('CallChain', async (ctx, { key, length }: { key: string; length: number }) => {
    for (let i = 1; i < length; i++) await ctx.callEntity(counter.id(key), 'add', 1);
    return ctx.callEntity(counter.id(key), 'get');
  });
  return app;
}

/** Client signals, all sent at once, spread evenly over `entities` entities; operations per second until all have run. */
async function signals(entities: number): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  await Promise.all(Array.from({ length: OPERATIONS }, (_, i) => runtime.client.signalEntity({ name: 'Counter', key: `k${i % entities}` }, 'add', 1)));
  await runtime.worker.whenIdle();
  await runtime.store.flush();
  const seconds = (performance.now() - started) / 1000;
  const sample = await runtime.client.readEntityState<number>({ name: 'Counter', key: 'k0' });
  if (sample.entityState !== OPERATIONS / entities) throw new Error(`entity k0 counted ${sample.entityState}, not ${OPERATIONS / entities}`);
  await runtime.close();
  return OPERATIONS / seconds;
}

/** Orchestrations calling entities (each call a durable round trip): `chains` chains of `length` calls (adds, then a read), one entity each. */
async function calls(chains: number, length: number): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: tempStore() });
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: chains }, (_, i) => runtime.client.start('CallChain', { key: `c${i}`, length })));
  const statuses = await Promise.all(ids.map((id) => runtime.client.waitForCompletion(id)));
  const seconds = (performance.now() - started) / 1000;
  if (statuses.some((status) => status.output !== length - 1)) throw new Error('a chain counted wrong');
  await runtime.close();
  return (chains * length) / seconds;
}

async function measure(label: string, sample: () => Promise<number>): Promise<Row> {
  await sample(); // warm-up
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await sample());
  return { scenario: label, 'operations/s (median)': Math.round(median(values)).toLocaleString('en-US'), 'min–max': `${Math.round(Math.min(...values)).toLocaleString('en-US')}–${Math.round(Math.max(...values)).toLocaleString('en-US')}` };
}

const rows: Row[] = [
  await measure('10,000 client signals to one entity', () => signals(1)),
  await measure('10,000 client signals over 1,000 entities', () => signals(1000)),
  await measure('1 orchestration, 1,000 sequential calls to one entity', () => calls(1, 1000)),
  await measure('1,000 orchestrations, 5 calls each, 1,000 entities', () => calls(1000, 5)),
];
printTable(`Entities (median of ${runs} runs after a warm-up run, on-disk sql.js store, Node ${process.version}, ${os.cpus().length} CPUs)`, rows);
for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });

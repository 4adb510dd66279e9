/**
 * durable-ts on PostgreSQL beside DBOS (@dbos-inc/dbos-sdk) on the same server, in the same run, alternating: one
 * instance × 1,000 sequential activities; 1,000 instances × 5 activities with 1, 2 and 4 worker processes (and how
 * that scales); a fan-out of 10,000. Each sample gets a fresh database on a throwaway cluster (test helper).
 * Run: `npm run build:runtime && node --import tsx bench/postgres.mts [--runs N] [--sequential 1000] [--instances 1000] [--fan-out 10000]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { createClient, createRuntime, DurableApp } from '../runtime/dist/index.js';
import { openStoreAt } from '../runtime/dist/store/open.js';
import { freshDatabase } from '../test/runtime/helpers/postgres.ts';
import { median, printTable, type Row } from './table.ts';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const runs = option('runs', 3);
const SEQUENTIAL = option('sequential', 1000);
const INSTANCES = option('instances', 1000);
const FAN_OUT = option('fan-out', 10_000);
const STEPS = 5;
const cliMain = path.join(import.meta.dirname, '../runtime/dist/cli/main.js');
const workerApp = path.join(import.meta.dirname, 'fixtures/postgresApp.ts');
const dbosBench = path.join(import.meta.dirname, 'fixtures/dbosBench.mts');

function benchApp(): DurableApp {
  const app = new DurableApp();
  const increment = app.activity('Increment', (n: number) => n + 1);
  app.orchestration('Chain', async (ctx, length: number) => {
    let value = 0;
    for (let i = 0; i < length; i++) value = await ctx.callActivity(increment, value);
    return value;
  });
  app.orchestration('FanOut', async (ctx, width: number) => (await Promise.all(Array.from({ length: width }, (_, i) => ctx.callActivity(increment, i)))).length);
  return app;
}

/** A child process, resolved once it prints a line matching `ready`. */
function start(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (ready.test(output)) resolve(child);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready: ${output}`)));
  });
}

/** Run a child to its end; its last stdout line is the figure. */
function figure(args: string[]): Promise<number> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const value = Number(stdout.trim().split('\n').pop());
      if (code === 0 && Number.isFinite(value)) resolve(value);
      else reject(new Error(`${args.join(' ')} failed (${code}): ${stderr}`));
    }),
  );
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')))));
}

async function durableSequential(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: await freshDatabase() });
  const started = performance.now();
  const status = await runtime.client.waitForCompletion(await runtime.client.start('Chain', SEQUENTIAL));
  const seconds = (performance.now() - started) / 1000;
  if (status.output !== SEQUENTIAL) throw new Error(`chain returned ${JSON.stringify(status.output)}`);
  await runtime.close();
  return SEQUENTIAL / seconds;
}

async function durableFanOut(): Promise<number> {
  const runtime = await createRuntime({ app: benchApp(), store: await freshDatabase() });
  const started = performance.now();
  const status = await runtime.client.waitForCompletion(await runtime.client.start('FanOut', FAN_OUT));
  const seconds = (performance.now() - started) / 1000;
  if (status.output !== FAN_OUT) throw new Error(`fan-out returned ${JSON.stringify(status.output)}`);
  await runtime.close();
  return seconds;
}

/** `workers` × `durable-ts worker` processes; this process only starts the instances and waits for them. */
async function durableWorkers(workers: number): Promise<number> {
  const url = await freshDatabase();
  // The schema exists before the workers race to create it (they would wait on its lock anyway).
  const store = await openStoreAt(url);
  const children = await Promise.all(Array.from({ length: workers }, () => start([cliMain, 'worker', workerApp, '--store', url, '--quiet'], /^Working on/m)));
  try {
    const client = createClient({ store });
    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: INSTANCES }, () => client.start('Chain', STEPS)));
    const statuses = await Promise.all(ids.map((id) => client.waitForCompletion(id)));
    const seconds = (performance.now() - started) / 1000;
    if (statuses.some((status) => status.output !== STEPS)) throw new Error('a chain returned the wrong output');
    return (INSTANCES * STEPS) / seconds;
  } finally {
    await stopAll(children);
    await store.close();
  }
}

async function dbosWorkers(workers: number): Promise<number> {
  const url = await freshDatabase();
  // One after another: DBOS's schema migrations deadlock when several processes run them at once.
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++) children.push(await start(['--import', 'tsx', dbosBench, 'worker', url], /^ready/m));
  try {
    return await figure(['--import', 'tsx', dbosBench, 'enqueue', url, String(INSTANCES), String(STEPS)]);
  } finally {
    await stopAll(children);
  }
}

type Sample = () => Promise<number>;
const workloads: { name: string; unit: string; better: 'higher' | 'lower'; durable: Sample; dbos: Sample }[] = [
  {
    name: `1 instance × ${SEQUENTIAL.toLocaleString('en')} sequential activities`, unit: 'steps/s', better: 'higher',
    durable: durableSequential, dbos: async () => figure(['--import', 'tsx', dbosBench, 'sequential', await freshDatabase(), String(SEQUENTIAL)]),
  },
  ...[1, 2, 4].map((workers) => ({
    name: `${INSTANCES.toLocaleString('en')} instances × ${STEPS} activities, ${workers} worker process${workers > 1 ? 'es' : ''}`, unit: 'activities/s', better: 'higher' as const,
    durable: () => durableWorkers(workers), dbos: () => dbosWorkers(workers),
  })),
  {
    name: `fan-out of ${FAN_OUT.toLocaleString('en')} activities`, unit: 's', better: 'lower',
    durable: durableFanOut, dbos: async () => figure(['--import', 'tsx', dbosBench, 'fanout', await freshDatabase(), String(FAN_OUT)]),
  },
];

const samples = workloads.map(() => ({ durable: [] as number[], dbos: [] as number[] }));
for (let run = 0; run < runs; run++) {
  for (const [index, workload] of workloads.entries()) {
    samples[index].durable.push(await workload.durable());
    samples[index].dbos.push(await workload.dbos());
  }
}
const format = (value: number, unit: string) => (unit === 's' ? value.toFixed(2) : value.toFixed(0));
const rows: Row[] = workloads.map((workload, index) => {
  const [durable, dbos] = [median(samples[index].durable), median(samples[index].dbos)];
  const ahead = workload.better === 'higher' ? durable / dbos : dbos / durable;
  return {
    workload: workload.name,
    'durable-ts': `${format(durable, workload.unit)} ${workload.unit}`,
    DBOS: `${format(dbos, workload.unit)} ${workload.unit}`,
    'durable-ts ÷ DBOS': `${ahead.toFixed(2)}×`,
    'samples (durable-ts | DBOS)': `${samples[index].durable.map((v) => format(v, workload.unit)).join(' ')} | ${samples[index].dbos.map((v) => format(v, workload.unit)).join(' ')}`,
  };
});
const scaling = (which: 'durable' | 'dbos') => (median(samples[3][which]) / median(samples[1][which])).toFixed(2);
rows.push({ workload: 'scaling, 4 workers ÷ 1 worker', 'durable-ts': `${scaling('durable')}×`, DBOS: `${scaling('dbos')}×`, 'durable-ts ÷ DBOS': '', 'samples (durable-ts | DBOS)': '' });
printTable(`durable-ts and DBOS 5 on one PostgreSQL 15 (median of ${runs} alternating runs, Node ${process.version}, ${os.cpus().length} CPUs, fsync on)`, rows);
process.exit(0);

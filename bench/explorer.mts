/**
 * The instance explorer's reads, on the on-disk store (built runtime): listing 10,000 instances for the tree's
 * first page, from the closed store and through a serving process's HTTP API, and opening a 10,000-event history
 * (read, history model, the message the History view's page receives); then the History view's page drawing that
 * history in headless Chromium (it draws only the rows in sight). Run:
 * `npm run build && node --import tsx bench/explorer.mts [--runs N]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as durable from '../runtime/dist/index.js';
import * as internal from '../runtime/dist/internal.js';
import { FileStoreAccess } from '../client/src/explorer/fileStoreAccess.ts';
import type { RuntimeModules } from '../client/src/explorer/storeAccess.ts';
import { historyDrawingMs } from './historyDrawing.ts';
import { InstancePages } from '../client/src/explorer/instancePages.ts';
import { historyModel } from '../client/src/explorer/historyModel.ts';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const INSTANCES = 10_000;
const modules = { durable, internal } as unknown as RuntimeModules;

function benchApp(): durable.DurableApp {
  const app = new durable.DurableApp();
  const increment = app.activity('Increment', (n: number) => n + 1);
  app.orchestration('Chain', async (ctx, length: number) => {
    let value = 0;
    for (let i = 0; i < length; i++) value = await ctx.callActivity(increment, value);
    return value;
  });
  app.orchestration('WaitForEvent', async (ctx) => ctx.waitForEvent('Go'));
  return app;
}

/** Wall-clock ms, and this process's CPU ms (user + sys: the reader's, and the serving runtime's, which runs here too). */
async function timed(action: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await action();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-explorer-'));
const storePath = path.join(dir, 'store.db');
try {
  const runtime = await durable.createRuntime({ app: benchApp(), store: storePath });
  const chain = await runtime.client.start('Chain', 2_500, { instanceId: 'long-history' });
  await runtime.client.waitForCompletion(chain, { timeoutMs: 600_000 });
  await Promise.all(Array.from({ length: INSTANCES - 1 }, (_, i) => runtime.client.start('WaitForEvent', null, { instanceId: `waiting-${i}` })));
  await runtime.close();

  const access = new FileStoreAccess(modules, storePath);
  const events = (await access.history('long-history'))?.historyEvents?.length ?? 0;
  const listFirstPage = () => access.list({}).then((listed) => new InstancePages().page(listed));
  const openHistory = () => access.history('long-history').then((status) => JSON.stringify(historyModel(status?.historyEvents ?? [])));
  const closed = { list: [] as { wall: number; cpu: number }[], history: [] as { wall: number; cpu: number }[] };
  for (let run = 0; run < runs; run++) {
    closed.list.push(await timed(listFirstPage));
    closed.history.push(await timed(openHistory));
  }

  const serving = await durable.createRuntime({ app: benchApp(), store: storePath });
  const api = await internal.serveHttpApi({ client: serving.client, port: 0 });
  (serving.store as unknown as { storeLock: { advertise(url: string): void } }).storeLock.advertise(api.url);
  const served = { list: [] as { wall: number; cpu: number }[], history: [] as { wall: number; cpu: number }[] };
  for (let run = 0; run < runs; run++) {
    served.list.push(await timed(listFirstPage));
    served.history.push(await timed(openHistory));
  }
  await api.close();
  await serving.close();

  // The message the History view's page receives, as the extension posts it.
  const { historyEvents, ...status } = (await access.history('long-history'))!;
  const drawing = await historyDrawingMs({ kind: 'history', status, model: historyModel(historyEvents ?? []) }, runs);

  const ms = (values: number[]) => `${Math.round(median(values))} ms`;
  const row = (what: string, times: { wall: number; cpu: number }[], target: string): Row => ({ what, median: ms(times.map((time) => time.wall)), 'CPU (this process)': ms(times.map((time) => time.cpu)), target });
  const rows: Row[] = [
    row(`list ${INSTANCES.toLocaleString('en')} instances, first page (closed store, read-only)`, closed.list, '< 1 s'),
    row(`list ${INSTANCES.toLocaleString('en')} instances, first page (through serve's HTTP API)`, served.list, '< 1 s'),
    row(`open a ${events.toLocaleString('en')}-event history (closed store)`, closed.history, '< 1 s'),
    row(`open a ${events.toLocaleString('en')}-event history (through serve's HTTP API)`, served.history, '< 1 s'),
    { what: `draw a ${events.toLocaleString('en')}-event history in the History view's page (headless Chromium)`, median: ms(drawing), 'CPU (this process)': '(in Chromium)', target: '< 1 s with the read' },
  ];
  printTable(`Instance explorer, medians of ${runs}`, rows);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * `durable-ts check` throughput: a store with N instances in flight (51 history events each), checked against the
 * same code by the CLI (a process of its own, loading the app and the store), by the editor's resident check
 * (`durable-ts check-service`, warm, each check after an edit of the app: what a save asks), and in process (the
 * replays alone). Run: `npm run build:runtime && node --import tsx bench/check.mts [--runs N]`.
 */
import { execFileSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRuntime, loadApp, openStore, createClient } from '../runtime/dist/index.js';
import { divergenceOf } from '../runtime/dist/check/replayCheck.js';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const cli = path.join(import.meta.dirname, '../runtime/dist/cli/main.js');
// A copy of the app, in a folder that resolves durable-ts to this runtime, so the edits that stand for saves touch
// no file of the repository.
const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-check-bench-app-'));
fs.mkdirSync(path.join(appDir, 'node_modules'));
fs.symlinkSync(path.join(import.meta.dirname, '../runtime'), path.join(appDir, 'node_modules', 'durable-ts'), 'dir');
const appSource = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/checkApp.ts'), 'utf8');
const appFile = path.join(appDir, 'checkApp.ts');
fs.writeFileSync(appFile, appSource);
const app = await loadApp(appFile);
let edits = 0;
/** An edit that changes no durable call: the check must erase the file's types and load it again. */
const editApp = () => fs.writeFileSync(appFile, `${appSource}// edit ${++edits}\n`);

async function storeWith(count: number): Promise<string> {
  const store = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'durable-check-bench-')), 'store.db');
  const runtime = await createRuntime({ app, store });
  await Promise.all(Array.from({ length: count }, () => runtime.client.start('Steps')));
  await runtime.worker.whenIdle();
  await runtime.close();
  return store;
}

function cliSeconds(store: string, count: number, edit = false): number {
  if (edit) editApp();
  const started = performance.now();
  const report = JSON.parse(execFileSync(process.execPath, [cli, 'check', appFile, '--store', store, '--format', 'json'], { encoding: 'utf8' }));
  if (report.compatible !== count) throw new Error(`${report.compatible} of ${count} instances were compatible`);
  return (performance.now() - started) / 1000;
}

/** The resident check, as the editor runs it: started once, then asked after each edit. */
async function residentSeconds(store: string, count: number, runs: number): Promise<number[]> {
  const service = fork(cli, ['check-service'], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const answers = new Map<number, (apps: { report?: { compatible: number }; error?: string }[]) => void>();
  service.on('message', (message: { type: string; id: number; apps: never }) => message.type === 'result' && answers.get(message.id)?.(message.apps));
  await new Promise((resolve) => service.once('message', resolve));
  const seconds: number[] = [];
  for (let id = 0; id <= runs; id++) {
    editApp();
    const started = performance.now();
    const answer = new Promise<{ report?: { compatible: number }; error?: string }[]>((resolve) => answers.set(id, resolve));
    service.send({ type: 'check', id, store, saved: appFile, entries: [] });
    const [checked] = await answer;
    if (checked?.report?.compatible !== count) throw new Error(`the resident check found ${JSON.stringify(checked?.report?.compatible ?? checked?.error)} of ${count} compatible`);
    seconds.push((performance.now() - started) / 1000);
  }
  service.disconnect();
  return seconds.slice(1); // the first: a warm-up
}

async function replaySeconds(store: string, count: number): Promise<number> {
  const opened = await openStore({ path: store, readOnly: true });
  const client = createClient({ store: opened });
  const statuses = await Promise.all((await client.list({ runtimeStatus: ['Running'] })).map((listed) => client.getStatus(listed.instanceId, { showHistory: true })));
  const started = performance.now();
  for (const status of statuses) if (await divergenceOf(app, { ...status!, historyEvents: status!.historyEvents! })) throw new Error('diverged');
  const seconds = (performance.now() - started) / 1000;
  await opened.close();
  if (statuses.length !== count) throw new Error(`${statuses.length} of ${count} instances are waiting`);
  return seconds;
}

const rows: Row[] = [];
for (const count of [100, 1000]) {
  const store = await storeWith(count);
  const events = (await (async () => {
    const opened = await openStore({ path: store, readOnly: true });
    const first = (await createClient({ store: opened }).list())[0];
    const length = (await opened.getHistory(first.instanceId)).length;
    await opened.close();
    return length;
  })());
  cliSeconds(store, count); // warm-up
  const cliRuns = Array.from({ length: runs }, () => cliSeconds(store, count));
  const editedCliRuns = Array.from({ length: runs }, () => cliSeconds(store, count, true));
  const residentRuns = await residentSeconds(store, count, runs);
  const replayRuns: number[] = [];
  for (let i = 0; i <= runs; i++) replayRuns.push(await replaySeconds(store, count));
  replayRuns.shift(); // warm-up
  rows.push({
    workload: `${count} instances in flight × ${events} events`,
    'durable-ts check (process, wall)': `${(median(cliRuns) * 1000).toFixed(0)} ms = ${(count / median(cliRuns)).toFixed(0)} instances/s`,
    'durable-ts check after an edit': `${(median(editedCliRuns) * 1000).toFixed(0)} ms`,
    'resident check after an edit (save → report)': `${(median(residentRuns) * 1000).toFixed(0)} ms`,
    'replays alone (in process)': `${(median(replayRuns) * 1000).toFixed(0)} ms = ${(count / median(replayRuns)).toFixed(0)} instances/s`,
  });
  fs.rmSync(path.dirname(store), { recursive: true, force: true });
}
fs.rmSync(appDir, { recursive: true, force: true });
printTable(`durable-ts check (median of ${runs} runs after a warm-up run, Node ${process.version}, ${os.cpus().length} CPUs)`, rows);

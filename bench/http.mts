/**
 * Load on the HTTP management API of a real `durable-ts serve` (built runtime, on-disk store, loopback only):
 * many concurrent clients each start a three-activity chain and poll its status until it completes, as Durable
 * Functions clients do. Bounded by a count of orchestrations and a time limit. Prints a table of medians.
 * Run: `npm run build:runtime && node --import tsx bench/http.mts [--clients 200] [--orchestrations 4000] [--seconds 60] [--runs 3]
 * [--checkout DIR] [--before DIR] [--cpu-prof DIR]`. `--before DIR` measures that built checkout too, run for run in
 * turn with this one (same load), and prints the two side by side.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, printTable } from './table.ts';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const clients = option('clients', 200);
const orchestrations = option('orchestrations', 4000);
const seconds = option('seconds', 60);
const runs = option('runs', 3);
const pollIntervalMs = 10;

/** A built checkout of this repository, given with `--name DIR`. */
function checkoutOption(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? path.resolve(process.argv[index + 1]) : undefined;
}

interface Measured {
  /** The checkout's CLI, which serves. */
  cliMain: string;
  /** The bench app, staged beside that checkout's runtime. */
  app: string;
}

function measured(checkout: string): Measured {
  return { cliMain: path.join(checkout, 'runtime/dist/cli/main.js'), app: stageApp(checkout) };
}

// `--checkout DIR` measures another built checkout of this repository (to compare before and after a change).
const current = measured(checkoutOption('checkout') ?? path.join(import.meta.dirname, '..'));
const beforeDir = checkoutOption('before');
// `--cpu-prof DIR`: each serve writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
const cpuProfileDir = checkoutOption('cpu-prof');
const before = beforeDir ? measured(beforeDir) : undefined;

/**
 * This repository's bench app, copied beside a `durable-ts` that is the measured checkout's runtime: an older
 * checkout may lack the app, and the app must register with the runtime that serves it.
 */
function stageApp(checkout: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-http-app-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(checkout, 'runtime'), path.join(dir, 'node_modules', 'durable-ts'), 'dir');
  fs.copyFileSync(path.join(import.meta.dirname, 'fixtures/httpApp.ts'), path.join(dir, 'httpApp.ts'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'httpApp.ts');
}

interface Serve {
  url: string;
  child: ChildProcess;
}

function startServe(target: Measured, store: string): Promise<Serve> {
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const child = spawn(process.execPath, [...profile, target.cliMain, 'serve', target.app, '--port', '0', '--host', '127.0.0.1', '--store', store, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const match = /Serving .* on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before serving: ${stdout}`)));
  });
}

/** Resident memory of a process in MB, from /proc (Linux); the peak when `peak` is set. */
function rssMb(pid: number, peak = false): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${peak ? 'VmHWM' : 'VmRSS'}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Clock ticks per second of /proc's CPU times. */
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux): far less sensitive to load than wall time. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name (in parentheses, which may hold spaces): state, then utime and stime at offsets 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface RunResult {
  perSecond: number;
  completed: number;
  p50: number;
  p99: number;
  startP99: number;
  errors: number;
  peakRss: number;
  /** CPU time of serve per completed orchestration (ms), and per request it answered (µs): the polls grow with latency. */
  cpuPerOrchestration: number;
  cpuPerRequest: number;
}

async function oneRun(target: Measured): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-http-'));
  const serve = await startServe(target, path.join(dir, 'store.db'));
  // What serving costs, not starting up (compiling the app, opening the store).
  const cpuAtStart = cpuMs(serve.child.pid!);
  const latencies: number[] = [];
  const startLatencies: number[] = [];
  const errorKinds = new Map<string, number>();
  const error = (kind: string) => errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  let next = 0;
  let requests = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();

  async function client(): Promise<void> {
    while (next < orchestrations && performance.now() < deadline) {
      const n = next++;
      const t0 = performance.now();
      try {
        requests++;
        const reply = await fetch(`${serve.url}/api/orchestrators/Chain3`, { method: 'POST', body: String(n), headers: { 'Content-Type': 'application/json' } });
        const payload = (await reply.json()) as { statusQueryGetUri?: string };
        startLatencies.push(performance.now() - t0);
        if (reply.status !== 202 || !payload.statusQueryGetUri) {
          error(`start answered ${reply.status}: ${JSON.stringify(payload)}`);
          continue;
        }
        for (;;) {
          requests++;
          const status = await fetch(payload.statusQueryGetUri);
          const body = (await status.json()) as { runtimeStatus?: string; output?: number };
          if (status.status === 200 && body.runtimeStatus === 'Completed') {
            if (body.output !== n + 3) error(`wrong output ${JSON.stringify(body.output)}`);
            else latencies.push(performance.now() - t0);
            break;
          }
          if (status.status !== 202) {
            error(`status answered ${status.status}: ${JSON.stringify(body)}`);
            break;
          }
          if (performance.now() > deadline) {
            error('unfinished at the time limit');
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        }
      } catch (failure) {
        const cause = (failure as Error & { cause?: { code?: string; message?: string } }).cause;
        error(`request failed: ${(failure as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  const peakRss = rssMb(serve.child.pid!, true);
  const cpu = cpuMs(serve.child.pid!) - cpuAtStart;
  serve.child.kill('SIGTERM');
  await new Promise((resolve) => serve.child.once('exit', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [kind, count] of errorKinds) console.error(`error × ${count}: ${kind}`);
  const errors = [...errorKinds.values()].reduce((sum, count) => sum + count, 0);
  return { perSecond: latencies.length / elapsed, completed: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), startP99: percentile(startLatencies, 99), errors, peakRss, cpuPerOrchestration: cpu / latencies.length, cpuPerRequest: (cpu * 1000) / requests };
}

const results: RunResult[] = [];
const beforeResults: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await oneRun(current));
  if (before) beforeResults.push(await oneRun(before));
}
const med = (of: RunResult[], pick: (result: RunResult) => number, digits = 0) => (of.length ? median(of.map(pick)).toFixed(digits) : '');
const rows: [what: string, figure: (of: RunResult[]) => string][] = [
  ['orchestrations completed per second', (of) => med(of, (r) => r.perSecond)],
  ['orchestrations completed', (of) => med(of, (r) => r.completed)],
  ['start to observed completion, p50 / p99 (ms)', (of) => `${med(of, (r) => r.p50)} / ${med(of, (r) => r.p99)}`],
  ['start request (POST → 202), p99 (ms)', (of) => med(of, (r) => r.startP99)],
  ['errors (failed requests, wrong outputs, unfinished)', (of) => med(of, (r) => r.errors)],
  ['peak resident memory of serve (MB)', (of) => med(of, (r) => r.peakRss)],
  ['CPU time of serve (user + sys) per orchestration (ms) / per request (µs)', (of) => `${med(of, (r) => r.cpuPerOrchestration, 2)} / ${med(of, (r) => r.cpuPerRequest)}`],
];
printTable(
  `HTTP API of ${current.cliMain} under load: ${clients} concurrent clients, up to ${orchestrations} three-activity chains or ${seconds} s, median of ${runs} runs` +
    (before ? `, alternating with ${before.cliMain}` : ''),
  rows.map(([what, figure]) => ({ what, median: figure(results), ...(before ? { before: figure(beforeResults) } : {}) })),
);

/**
 * Debugger benchmarks against the bundled adapter: in this process as VS Code runs it (with and without the host it
 * keeps started for the next launch), and in a process of its own over DAP on stdio, next to plain
 * `node --inspect-brk` running the same app with the CLI (a JavaScript debugger's view, no replay). Prints medians.
 * Run: `npm run build:runtime && npm run build:extension && node --import tsx bench/debug.ts [--runs N]`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TIMELINE_ENV } from '../debugger/src/shared/timeline';
import { DurableDebugClient, fixture } from '../test/debugger/support/durableDebugClient';
import { InlineAdapter } from '../test/debugger/support/inlineAdapter';
import { processCpuMilliseconds, processTreeCpuMilliseconds } from './childrenCpu.ts';
import { InspectorSocket } from './inspectorSocket.ts';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const root = path.resolve(__dirname, '..');
const adapter = path.join(root, 'debugger', 'dist', 'main.js');
/** The adapter as VS Code runs it, in the editor's process. */
const inlineAdapter = path.join(root, 'debugger', 'dist', 'inline.js');
const cli = path.join(root, 'runtime', 'bin', 'durable-ts.js');
const greetings = fixture('greetings.ts');
const longHistory = fixture('longHistory.ts');
/** Lines of test/debugger/fixtures/greetings.ts: the orchestrator's first line, its `await`, the line after. */
const FIRST_LINE = 12;
const AWAIT_LINE = 14;
const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Lima', 'Oslo', 'Rome'];
const now = () => performance.timeOrigin + performance.now();

async function withClient<T>(work: (client: DurableDebugClient) => Promise<T>): Promise<T> {
  const client = new DurableDebugClient(adapter);
  try {
    return await work(client);
  } finally {
    await client.stop();
  }
}

/** Where the launches' time went: each step the adapter and the host note, in ms since the adapter process started. */
const launchSteps = new Map<string, number[]>();
const timeline = path.join(os.tmpdir(), `durable-bench-timeline-${process.pid}.txt`);

/** A measure's wall time and the CPU time (user + system) of the processes it ran, in ms. */
interface Sample {
  wall: number;
  cpu: number;
}

/**
 * From starting the adapter process to the first `stopped` event (stop on entry, the orchestrator's first line),
 * with the CPU time the adapter and the host used by then. `noteSteps`: add the launch's timeline to `launchSteps`.
 */
async function launchToFirstStop(noteSteps = false): Promise<Sample> {
  fs.rmSync(timeline, { force: true });
  if (noteSteps) process.env[TIMELINE_ENV] = timeline;
  try {
    return await withClient(async (client) => {
      const started = now();
      await client.start();
      await client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'], stopOnEntry: true });
      await client.nextStop();
      const took = now() - started;
      const cpu = processTreeCpuMilliseconds(client.adapterPid);
      if (noteSteps) noteTimeline(started);
      return { wall: took, cpu };
    });
  } finally {
    delete process.env[TIMELINE_ENV];
    fs.rmSync(timeline, { force: true });
  }
}

/**
 * As F5 in VS Code, whose adapter runs in the editor's process (no adapter process to start): from connecting a
 * new session to the first `stopped` event. `warm`: the host kept for the next launch has loaded (the launches
 * after a window's first, and a first one whose launch configuration was warmed when the window opened) — else
 * none is kept (the window's first F5 right as it opens). CPU: this process's during the launch and the host's
 * (a kept host's start included, which ran before the F5).
 */
async function inlineLaunchToFirstStop(editor: InlineAdapter, warm: boolean): Promise<Sample> {
  if (warm && !(await editor.warmHosts.whenLoaded())) throw new Error('no host was kept for the launch');
  const cpuBefore = process.cpuUsage();
  const started = now();
  const client = await editor.client();
  try {
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'], stopOnEntry: true });
    const stop = await client.nextStop();
    const took = now() - started;
    const own = process.cpuUsage(cpuBefore);
    const hostPid = Number((await client.evaluateRequest({ expression: 'process.pid', frameId: stop.frame.id, context: 'repl' })).body.result);
    return { wall: took, cpu: (own.user + own.system) / 1000 + processCpuMilliseconds(hostPid) };
  } finally {
    await client.stop();
  }
}

function noteTimeline(started: number): void {
  const seen = new Set<string>();
  for (const line of fs.readFileSync(timeline, 'utf8').split('\n').filter(Boolean)) {
    const [at, , ...words] = line.split(' ');
    const step = words.join(' ');
    if (seen.has(step)) continue;
    seen.add(step);
    launchSteps.set(step, [...(launchSteps.get(step) ?? []), Number(at) - started]);
  }
}

/** From a step over an `await` that ends the turn (the activity's result is not in history yet) to the stop on the next line. */
async function stepOverTurnEndingAwait(): Promise<Sample[]> {
  return withClient(async (client) => {
    await client.start();
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: cities }, { [greetings]: [{ line: AWAIT_LINE, condition: '!ctx.isReplaying' }] });
    const samples: Sample[] = [];
    for (let city = 0; city < cities.length; city++) {
      const atAwait = await client.nextStop();
      const started = now();
      const cpuBefore = processTreeCpuMilliseconds(client.adapterPid);
      await client.nextRequest({ threadId: atAwait.threadId });
      const next = await client.nextStop();
      samples.push({ wall: now() - started, cpu: processTreeCpuMilliseconds(client.adapterPid) - cpuBefore });
      if (next.frame.line !== AWAIT_LINE + 1) throw new Error(`the step landed on line ${next.frame.line}`);
      await client.continueRequest({ threadId: next.threadId });
    }
    return samples;
  });
}

/** From a step back request to the `stopped` event, at the end of a history of about 1,000 events. */
async function stepBackOnLongHistory(): Promise<{ samples: Sample[]; historyLength: number }> {
  return withClient(async (client) => {
    // 250 turns, each replaying the history so far, come before the first stop.
    client.defaultTimeout = 120_000;
    await client.start();
    const returnLine = fs.readFileSync(longHistory, 'utf8').split('\n').findIndex((line) => line.includes('return total')) + 1;
    await client.launchWith({ program: longHistory, orchestration: 'LongChain', input: 250 }, { [longHistory]: [returnLine] });
    let stop = await client.nextStop();
    const position = (await client.scope(stop, 'Orchestration'))['history position'].value;
    const samples: Sample[] = [];
    for (let step = 0; step < runs; step++) {
      const started = now();
      const cpuBefore = processTreeCpuMilliseconds(client.adapterPid);
      await client.stepBackRequest({ threadId: stop.threadId });
      stop = await client.nextStop();
      samples.push({ wall: now() - started, cpu: processTreeCpuMilliseconds(client.adapterPid) - cpuBefore });
    }
    return { samples, historyLength: Number(position.split(' of ')[1]) };
  });
}

/** The same app run by the CLI under `node --inspect-brk`, with a breakpoint set by URL, as a JavaScript debugger does. */
async function withPlainNode<T>(input: string[], line: number, work: (inspector: InspectorSocket, paused: () => Promise<any>, pid: number) => Promise<T>): Promise<{ result: T; startedAt: number }> {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-plain-'));
  const startedAt = now();
  const child = spawn(process.execPath, ['--inspect-brk=127.0.0.1:0', cli, 'run', greetings, 'Greetings', '--input', JSON.stringify(input), '--store', path.join(store, 'store.db'), '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (chunk) => {
        text += chunk;
        const match = /ws:\/\/\S+/.exec(text);
        if (match) resolve(match[0]);
      });
      child.once('exit', () => reject(new Error(`node exited: ${text}`)));
    });
    const inspector = await InspectorSocket.connect(url);
    const pauses: any[] = [];
    const waiters: ((event: any) => void)[] = [];
    inspector.on('Debugger.paused', (event) => (waiters.length ? waiters.shift()!(event) : pauses.push(event)));
    const paused = () => (pauses.length ? Promise.resolve(pauses.shift()) : new Promise<any>((resolve) => waiters.push(resolve)));
    await inspector.send('Runtime.enable');
    await inspector.send('Debugger.enable');
    await inspector.send('Debugger.setBreakpointByUrl', { url: pathToFileURL(greetings).href, lineNumber: line - 1 });
    await inspector.send('Runtime.runIfWaitingForDebugger');
    // --inspect-brk stops at the start of the main script first.
    await paused();
    await inspector.send('Debugger.resume');
    const result = await work(inspector, paused, child.pid!);
    inspector.close();
    return { result, startedAt };
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(store, { recursive: true, force: true });
  }
}

async function plainLaunchToFirstStop(): Promise<Sample> {
  const { result, startedAt } = await withPlainNode(['Tokyo'], FIRST_LINE, async (_inspector, paused, pid) => {
    await paused();
    return { at: now(), cpu: processCpuMilliseconds(pid) };
  });
  return { wall: result.at - startedAt, cpu: result.cpu };
}

/** A step over the same `await` in plain Node: the instance stays in memory and V8's own async step lands. */
async function plainStepOverAwait(): Promise<Sample[]> {
  const { result } = await withPlainNode(cities, AWAIT_LINE, async (inspector, paused, pid) => {
    const samples: Sample[] = [];
    for (let city = 0; city < cities.length; city++) {
      await paused();
      const started = now();
      const cpuBefore = processCpuMilliseconds(pid);
      await inspector.send('Debugger.stepOver');
      const next = await paused();
      samples.push({ wall: now() - started, cpu: processCpuMilliseconds(pid) - cpuBefore });
      if (next.callFrames[0].location.lineNumber + 1 !== AWAIT_LINE + 1) throw new Error(`plain node's step landed on line ${next.callFrames[0].location.lineNumber + 1}`);
      await inspector.send('Debugger.resume');
    }
    return samples;
  });
  return result;
}

async function main(): Promise<void> {
  if (!fs.existsSync(adapter)) throw new Error(`${adapter} is missing: run \`npm run build:extension\` first.`);
  const launches: Sample[] = [];
  const plainLaunches: Sample[] = [];
  const uncachedLaunches: Sample[] = [];
  const plainUncachedLaunches: Sample[] = [];
  const firstF5s: Sample[] = [];
  const laterF5s: Sample[] = [];
  const inline = require(inlineAdapter) as Parameters<typeof InlineAdapter.start>[0];
  const window = await InlineAdapter.start(inline);
  for (let run = 0; run < runs; run++) {
    // A new window each time: no host kept yet.
    const fresh = await InlineAdapter.start(inline);
    firstF5s.push(await inlineLaunchToFirstStop(fresh, false));
    await fresh.close();
    // Its session ended: the window keeps a host for the next F5 (the very first: as when the window opened).
    if (run === 0) window.warmHosts.prepareFor({ program: greetings }, undefined);
    laterF5s.push(await inlineLaunchToFirstStop(window, true));
    // The next host starts as the session ends: not while the other launches are measured.
    await window.warmHosts.whenLoaded();
    launches.push(await launchToFirstStop(true));
    plainLaunches.push(await plainLaunchToFirstStop());
    // As the first launch after an edit: the app's TypeScript is erased anew, which loads the compiler.
    process.env.DURABLE_TS_CACHE = 'off';
    uncachedLaunches.push(await launchToFirstStop());
    plainUncachedLaunches.push(await plainLaunchToFirstStop());
    delete process.env.DURABLE_TS_CACHE;
  }
  const steps: Sample[] = [];
  const plainSteps: Sample[] = [];
  for (let run = 0; run < Math.ceil(runs / 3); run++) {
    steps.push(...(await stepOverTurnEndingAwait()));
    plainSteps.push(...(await plainStepOverAwait()));
  }
  await window.close();
  const stepBack = await stepBackOnLongHistory();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const walls = (samples: Sample[]) => samples.map((sample) => sample.wall);
  // Linux counts CPU time in ticks of 10 ms: a mean of many samples says more than a median of ticks.
  const meanCpu = (samples: Sample[]) => samples.reduce((sum, sample) => sum + sample.cpu, 0) / samples.length;
  const row = (measure: string, samples: Sample[], target: number, plain?: Sample[]): Row => ({
    measure,
    median: ms(median(walls(samples))),
    'CPU (mean)': ms(meanCpu(samples)),
    samples: String(samples.length),
    target: `≤ ${target} ms`,
    met: median(walls(samples)) <= target ? 'yes' : 'NO',
    'node --inspect-brk': plain ? ms(median(walls(plain))) : 'n/a',
    'its CPU': plain ? ms(meanCpu(plain)) : 'n/a',
    ratio: plain ? `${(median(walls(samples)) / median(walls(plain))).toFixed(2)}×` : 'n/a',
  });
  printTable(`Durable debugger (bundled adapter: in this process as in VS Code, or a process of its own over DAP on stdio) vs plain node --inspect-brk; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; CPU: user + system of the adapter and the host (a kept host's start included; of node for --inspect-brk), at the first stop for launches`, [
    row('F5 in the editor process, the window kept a host (later F5s)', laterF5s, 800, plainLaunches),
    row("F5 in the editor process, no host kept (a window's first F5 as it opens)", firstF5s, 800, plainLaunches),
    row('launch to first stop, adapter process of its own', launches, 800, plainLaunches),
    row('launch to first stop, adapter process of its own, sources erased anew', uncachedLaunches, 800, plainUncachedLaunches),
    row('step over a turn-ending await', steps, 80, plainSteps),
    row(`step back on a ${stepBack.historyLength}-event history`, stepBack.samples, 80),
  ]);
  printTable('Where launch to first stop goes (adapter process of its own, the erased TypeScript cached): ms since the adapter process started, medians', [...launchSteps]
    .sort(([, a], [, b]) => median(a) - median(b))
    .map(([step, samples]) => ({ step, median: ms(median(samples)), samples: String(samples.length) })));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

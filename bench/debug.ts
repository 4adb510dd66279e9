/**
 * Debugger benchmarks against the bundled adapter (what VS Code runs), over DAP on stdio. Prints a table of medians.
 * Run: `npm run build:runtime && npm run build:extension && node --import tsx bench/debug.ts [--runs N]`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DurableDebugClient, fixture } from '../test/debugger/support/durableDebugClient';
import { median, printTable, type Row } from './table.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const adapter = path.resolve(__dirname, '..', 'debugger', 'dist', 'main.js');
const greetings = fixture('greetings.ts');
const longHistory = fixture('longHistory.ts');
const now = () => performance.timeOrigin + performance.now();

async function withClient<T>(work: (client: DurableDebugClient) => Promise<T>): Promise<T> {
  const client = new DurableDebugClient(adapter);
  try {
    return await work(client);
  } finally {
    await client.stop();
  }
}

/** From starting the adapter process to the first `stopped` event (stop on entry). */
async function launchToFirstStop(): Promise<number> {
  return withClient(async (client) => {
    const started = now();
    await client.start();
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'], stopOnEntry: true });
    await client.nextStop();
    return now() - started;
  });
}

/** From V8 reaching a breakpoint (stamped by its condition, in the debuggee) to the `stopped` event here. */
async function breakpointToStopped(): Promise<number[]> {
  return withClient(async (client) => {
    await client.start();
    const stamp = '(globalThis.benchHitAt = performance.timeOrigin + performance.now(), true)';
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle', 'London', 'Paris'] }, { [greetings]: [{ line: 15, condition: stamp }] });
    const samples: number[] = [];
    for (let hit = 0; hit < 6; hit++) {
      const stop = await client.nextStop();
      const stoppedAt = now();
      const hitAt = Number((await client.evaluateRequest({ expression: 'globalThis.benchHitAt', frameId: stop.frame.id })).body.result);
      samples.push(stoppedAt - hitAt);
      await client.continueRequest({ threadId: stop.threadId });
    }
    return samples;
  });
}

/** From a step back request to the `stopped` event, at the end of a history of about 1,000 events. */
async function stepBackOnLongHistory(): Promise<{ samples: number[]; historyLength: number }> {
  return withClient(async (client) => {
    // 250 turns, each replaying the history so far, come before the first stop.
    client.defaultTimeout = 60_000;
    await client.start();
    const returnLine = fs.readFileSync(longHistory, 'utf8').split('\n').findIndex((line) => line.includes('return total')) + 1;
    await client.launchWith({ program: longHistory, orchestration: 'LongChain', input: 250 }, { [longHistory]: [returnLine] });
    let stop = await client.nextStop();
    const position = (await client.scope(stop, 'Orchestration'))['history position'].value;
    const samples: number[] = [];
    for (let step = 0; step < runs; step++) {
      const started = now();
      await client.stepBackRequest({ threadId: stop.threadId });
      stop = await client.nextStop();
      samples.push(now() - started);
    }
    return { samples, historyLength: Number(position.split(' of ')[1]) };
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(adapter)) throw new Error(`${adapter} is missing: run \`npm run build:extension\` first.`);
  const launches: number[] = [];
  for (let run = 0; run < runs; run++) launches.push(await launchToFirstStop());
  const hits: number[] = [];
  for (let run = 0; run < Math.ceil(runs / 2); run++) hits.push(...(await breakpointToStopped()));
  const stepBack = await stepBackOnLongHistory();
  const row = (measure: string, samples: number[], target: number): Row => ({
    measure,
    median: `${median(samples).toFixed(1)} ms`,
    samples: String(samples.length),
    target: `≤ ${target} ms`,
    met: median(samples) <= target ? 'yes' : 'NO',
  });
  printTable('Durable debugger (bundled adapter, DAP over stdio)', [
    row('launch to first stop', launches, 1500),
    row('breakpoint hit to stopped event', hits, 100),
    row(`step back on a ${stepBack.historyLength}-event history`, stepBack.samples, 300),
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

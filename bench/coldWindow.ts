/**
 * A new VS Code window's first diagnostic, as the real-VS-Code suite's new-window test measures it (code-server and
 * headless Chromium: test/vscode/suite/coldWindow.test.ts), run several times in turn: window opened → the
 * Problems panel's DUR001 row, file shown → that row, and the median of each start-up step the test reports.
 * Expects a built extension (`npm run build`). Run: `node --import tsx bench/coldWindow.ts [--runs N]`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { median, printTable } from './table';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const runner = path.join(__dirname, '..', 'test', 'vscode', 'run.mjs');

interface ColdWindow {
  windowToDiagnostic: number;
  fileToDiagnostic: number;
  /** Each step's seconds since the window was opened. */
  steps: Map<string, number>;
}

/** The test's report line: `cold window: first diagnostic 4.10 s after the window was opened, 1.20 s after … opened: a 1.00, b 2.00`. */
function parseReport(output: string): ColdWindow {
  const line = output.split('\n').find((text) => text.includes('cold window: first diagnostic'));
  if (!line) throw new Error(`the new-window test printed no report:\n${output.slice(-3000)}`);
  const totals = /first diagnostic ([\d.]+) s after the window was opened, (-?[\d.]+) s after the file was shown/.exec(line)!;
  const steps = new Map<string, number>();
  for (const part of line.slice(line.indexOf('s since the window was opened: ') + 31).split(', ')) {
    const step = /^(.+) (-?[\d.]+)$/.exec(part);
    if (step) steps.set(step[1], Number(step[2]));
  }
  return { windowToDiagnostic: Number(totals[1]), fileToDiagnostic: Number(totals[2]), steps };
}

const samples: ColdWindow[] = [];
const loads: number[] = [];
for (let run = 0; run < runs; run++) {
  loads.push(os.loadavg()[0]);
  const result = spawnSync(process.execPath, [runner], { env: { ...process.env, DURABLE_TS_E2E_GREP: 'new window' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the new-window test failed:\n${result.stdout}\n${result.stderr}`);
  const sample = parseReport(result.stdout);
  console.log(`run ${run + 1}: ${sample.windowToDiagnostic.toFixed(2)} s after the window was opened, ${sample.fileToDiagnostic.toFixed(2)} s after the file was shown (load ${loads.at(-1)!.toFixed(1)})`);
  samples.push(sample);
}
const seconds = (values: number[]) => `${median(values).toFixed(2)} s`;
const stepNames = [...new Set(samples.flatMap((sample) => [...sample.steps.keys()]))];
const rows = [
  { measurement: 'window opened → first diagnostic shown', median: seconds(samples.map((sample) => sample.windowToDiagnostic)) },
  { measurement: 'file shown → first diagnostic shown', median: seconds(samples.map((sample) => sample.fileToDiagnostic)) },
  ...stepNames
    .map((step) => ({ step, values: samples.flatMap((sample) => (sample.steps.has(step) ? [sample.steps.get(step)!] : [])) }))
    .sort((a, b) => median(a.values) - median(b.values))
    .map(({ step, values }) => ({ measurement: `  ${step} (s after the window was opened)`, median: seconds(values) })),
];
printTable(`A new window's first diagnostic (medians of ${runs} runs in turn; load average ${loads.map((load) => load.toFixed(1)).join(', ')} at their starts on ${os.cpus().length} CPUs)`, rows);

// Runs the unit suites of each area (runtime, server, debugger and the extension's editor-free parts) as separate
// Mocha processes, several at a time: the areas share no files, ports or stores (each test makes its own temporary
// directory). Many tests time real child processes, so one core is left for those: on 2 cores the areas run one
// after another, on 4 three at once. TEST_JOBS=N overrides that. Each area's report is printed whole when it ends,
// so reports do not interleave. Exits non-zero when any area fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mocha = createRequire(path.join(root, 'package.json')).resolve('mocha/bin/mocha.js');
const areas = [
  { name: 'runtime', files: 'test/runtime/**/*.test.ts' },
  { name: 'server', files: 'test/server/**/*.test.ts' },
  { name: 'debugger and extension', files: '{test/debugger,test/extension}/**/*.test.ts' },
];

function runArea(area) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, area.files, ...process.argv.slice(2)], { cwd: root, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n===== ${area.name} (${seconds} s, exit ${code}) =====\n${output}`);
      resolve({ area, code, seconds });
    });
  });
}

const jobs = Number(process.env.TEST_JOBS) || Math.max(1, os.availableParallelism() - 1);
const queue = [...areas];
const results = [];
await Promise.all(Array.from({ length: Math.min(jobs, areas.length) }, async () => {
  for (let area = queue.shift(); area; area = queue.shift()) results.push(await runArea(area));
}));
for (const { area, code, seconds } of results) console.log(`${code === 0 ? 'passed' : 'FAILED'}  ${area.name} in ${seconds} s`);
process.exitCode = results.every((result) => result.code === 0) ? 0 : 1;

// Runs the unit suites of each area (runtime, server, debugger and the extension's editor-free parts) as separate
// Mocha processes, several at a time: the areas share no files, ports or stores (each test makes its own temporary
// directory). Each area is split in two: the files whose tests start child processes or threads (the CLI, the debug
// adapter, crash tests; many of them time those processes) and the files that run in-process. The first kind runs
// on all cores but one, one area per core (on 2 cores, one after another, so a process under test never competes
// with another one's); the in-process files run meanwhile on the core left, one area after another. TEST_JOBS=N
// sets how many areas of the first kind run at once. Each report is printed whole when its files are done, so
// reports do not interleave. Exits non-zero when any part fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mocha = createRequire(path.join(root, 'package.json')).resolve('mocha/bin/mocha.js');
const areas = [
  { name: 'runtime', dirs: ['test/runtime'] },
  { name: 'server', dirs: ['test/server'] },
  { name: 'debugger and extension', dirs: ['test/debugger', 'test/extension'] },
];

/** What makes a test file start other processes or threads: directly, or through a helper it imports. */
const startsProcesses = /\bnode:child_process\b|['"]child_process['"]|\bworker_threads\b|@vscode\/debugadapter-testsupport/;

function testFiles(dir) {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(dir, file))
    .sort();
}

/**
 * Whether the file, or a test helper it imports by a relative path (transitively), starts processes or threads.
 * The code under test is not followed: the runtime's own worker and the language server mention them too.
 */
function spawnsProcesses(file, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  if (startsProcesses.test(source)) return true;
  for (const [, specifier] of source.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)) {
    const base = path.join(path.dirname(file), specifier);
    const imported = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')].find((candidate) => fs.statSync(path.join(root, candidate), { throwIfNoEntry: false })?.isFile());
    if (imported?.startsWith(`test${path.sep}`) && spawnsProcesses(imported, seen)) return true;
  }
  return false;
}

function runPart(part) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...part.files, ...process.argv.slice(2)], { cwd: root, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n===== ${part.name} (${part.files.length} files, ${seconds} s, exit ${code}) =====\n${output}`);
      resolve({ part, code, seconds });
    });
  });
}

const withProcesses = [];
const inProcess = [];
for (const area of areas) {
  const files = area.dirs.flatMap(testFiles);
  const spawning = files.filter((file) => spawnsProcesses(file));
  if (spawning.length) withProcesses.push({ name: `${area.name}: tests that start processes`, files: spawning });
  const rest = files.filter((file) => !spawning.includes(file));
  if (rest.length) inProcess.push({ name: `${area.name}: in-process tests`, files: rest });
}

const started = performance.now();
const results = [];
const drain = async (queue) => {
  for (let part = queue.shift(); part; part = queue.shift()) results.push(await runPart(part));
};
const jobs = Number(process.env.TEST_JOBS) || Math.max(1, os.availableParallelism() - 1);
await Promise.all([...Array.from({ length: Math.min(jobs, withProcesses.length) }, () => drain(withProcesses)), drain(inProcess)]);
for (const { part, code, seconds } of results) console.log(`${code === 0 ? 'passed' : 'FAILED'}  ${part.name} in ${seconds} s`);
console.log(`unit suites: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = results.every((result) => result.code === 0) ? 0 : 1;

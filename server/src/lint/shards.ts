import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LintSettings } from '../analyzer/settings';
import { collectTargets, flattenLinted, lintTargets, type LintResult, type LintRun, type Target } from './lintRun';

/**
 * A large lint is shared out among processes, one per idle core (or as many as `--concurrency` says): each builds the same program (a target's findings need
 * all of its project's files) and analyses every Nth target, and the first merges what the others wrote. Only a
 * lint started from its startup snapshot does this: a helper is then a new process from the same snapshot, which
 * starts in a fraction of a second.
 */

/** Set in a helper's environment: `K/N:FILE`, it analyses the targets whose place modulo N is K into FILE. */
const SHARD_VARIABLE = 'DURABLE_TS_LINT_SHARD';
/** Below this many targets per process, a helper's start and its program would cost more than it saves. */
const TARGETS_PER_PROCESS = 50;
const MAX_PROCESSES = 4;

interface HelperOutput {
  files: string[];
  perTarget: (LintResult[] | undefined)[];
}

/** When this process is a helper: its shard, analysed and written where the first process reads it. */
export function runAsShardHelper(paths: readonly string[], settings: LintSettings, cwd: string): boolean {
  const shard = /^(\d+)\/(\d+):(.+)$/s.exec(process.env[SHARD_VARIABLE] ?? '');
  if (!shard) return false;
  const [index, count, output] = [Number(shard[1]), Number(shard[2]), shard[3]];
  const targets = collectTargets(paths, cwd);
  const { perTarget } = lintTargets(targets, settings, cwd, (ordinal) => ordinal % count === index);
  fs.writeFileSync(output, JSON.stringify({ files: targets.map((target) => target.fileName), perTarget } satisfies HelperOutput));
  return true;
}

/** `runLint`, shared out among helpers when the lint is large and was started from its snapshot (`argv`: its arguments). */
export async function runLintInParallel(
  paths: readonly string[], settings: LintSettings, cwd: string, { argv, concurrency }: { argv: readonly string[]; concurrency: number | 'auto' },
): Promise<LintRun> {
  const targets = collectTargets(paths, cwd);
  const processes = concurrency === 'auto' ? idleCores() : concurrency;
  const count = snapshotStarted() ? Math.min(processes, MAX_PROCESSES, Math.floor(targets.length / TARGETS_PER_PROCESS)) : 1;
  if (count < 2) return flattenLinted(lintTargets(targets, settings, cwd, () => true));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-lint-'));
  try {
    const helpers = Array.from({ length: count - 1 }, (_, i) => startHelper(i + 1, count, argv, cwd, path.join(folder, `${i + 1}.json`)));
    const own = lintTargets(targets, settings, cwd, (ordinal) => ordinal % count === 0);
    for (const [i, helper] of helpers.entries()) {
      const index = i + 1;
      const output = await helper;
      // A helper that failed, or saw other files (one appeared in between), is done over here.
      const theirs = output && sameFiles(output.files, targets) ? output.perTarget : lintTargets(targets, settings, cwd, (ordinal) => ordinal % count === index).perTarget;
      theirs.forEach((results, ordinal) => {
        if (ordinal % count === index) own.perTarget[ordinal] = results;
      });
    }
    return flattenLinted(own);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Cores the machine leaves idle, by its load average: on a busy machine helpers would only wait for the same cores,
 * their programs built twice. (Windows reports no load average: all its cores count.)
 */
function idleCores(): number {
  return Math.max(1, Math.round(os.availableParallelism() - os.loadavg()[0]));
}

/** A lint process started from its snapshot (see runtime/src/cli/lintSnapshot) knows the snapshot from its flags. */
function snapshotStarted(): boolean {
  return process.execArgv.includes('--snapshot-blob');
}

function startHelper(index: number, count: number, argv: readonly string[], cwd: string, output: string): Promise<HelperOutput | undefined> {
  return new Promise((resolve) => {
    const helper = spawn(process.execPath, [...process.execArgv, '--', ...argv], {
      cwd,
      env: { ...process.env, [SHARD_VARIABLE]: `${index}/${count}:${output}` },
      stdio: 'ignore',
    });
    helper.on('error', () => resolve(undefined));
    helper.on('exit', (code) => resolve(code === 0 ? readOutput(output) : undefined));
  });
}

function readOutput(file: string): HelperOutput | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HelperOutput;
  } catch {
    return undefined;
  }
}

function sameFiles(files: readonly string[], targets: readonly Target[]): boolean {
  return files.length === targets.length && files.every((file, i) => file === targets[i].fileName);
}

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../../../../runtime/src/store/open';
import { crash, repoRoot, sleep, watch, type WatchedChild } from '../../store/support/processes';
import { freshStoreFiles } from '../../store/support/storeFiles';

const cliMain = path.join(repoRoot, 'runtime/dist/cli/main.js');
const chainApp = path.join(repoRoot, 'test/runtime/fixtures/chainCrashApp.ts');
const INSTANCE = 'chain';

export interface ChainCrashOptions {
  /** Steps in the chain. */
  length: number;
  /** SIGKILLs to land before the chain is left to finish (fewer if it finishes first). */
  kills: number;
  /** The longest wait, after a run's first step, before it is killed. */
  maxKillDelayMs: number;
  /** Uniform in [0, 1): seeded by the caller, so a failure can be replayed. */
  random: () => number;
}

export interface ChainCrashResult {
  kills: number;
  /** Activity executions the side-effect log shows. */
  executions: number;
  /** Executions whose input appears nowhere in the final history: they acted on a result a crash lost. */
  phantoms: number;
  /** What went wrong besides phantoms (the last run failed, a wrong history), for the caller to report. */
  problems: string[];
}

/**
 * Run a chain of random-number steps with `durable-ts run`, SIGKILL it `kills` times at random moments while it
 * runs, resume it each time the way a user would (the same command again), let it finish, and compare every
 * input an execution acted on with the inputs the final history records.
 */
export async function crashChain(options: ChainCrashOptions): Promise<ChainCrashResult> {
  const files = freshStoreFiles('chain-crash');
  const sideEffects = path.join(files.dir, 'side-effects.log');
  let running: WatchedChild | undefined;
  const launch = () =>
    watch(
      spawn(process.execPath, [cliMain, 'run', chainApp, 'RandomChain', '--input', String(options.length), '--instance-id', INSTANCE, '--store', files.store, '--quiet'], {
        cwd: repoRoot,
        env: { ...process.env, CRASH_SIDE_EFFECTS: sideEffects },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  try {
    let kills = 0;
    let finished: WatchedChild | undefined;
    while (kills < options.kills && !finished) {
      const before = loggedInputs(sideEffects).length;
      running = launch();
      await until(running, () => loggedInputs(sideEffects).length > before);
      await sleep(options.random() * options.maxKillDelayMs);
      await crash(running);
      if ((await running.exited).signal === 'SIGKILL') kills++;
      else finished = running;
      running = undefined;
    }
    if (!finished) {
      finished = running = launch();
      await finished.exited;
      running = undefined;
    }
    const problems: string[] = [];
    const { code } = await finished.exited;
    if (code !== 0) problems.push(`the last run exited with ${code}: ${finished.stderr()}`);
    const history = await readHistory(files.store);
    const scheduled = history.filter((event) => event.EventType === 'TaskScheduled');
    if (scheduled.length !== options.length) problems.push(`the final history schedules ${scheduled.length} steps, not ${options.length}`);
    const recordedInputs = new Set(scheduled.map((event) => event.Input));
    const inputs = loggedInputs(sideEffects);
    return { kills, executions: inputs.length, phantoms: inputs.filter((input) => !recordedInputs.has(input)).length, problems };
  } finally {
    if (running) await crash(running);
    files.remove();
  }
}

/** The inputs in the side-effect log, as the JSON the history records; a line cut short by a kill is left out. */
function loggedInputs(sideEffects: string): string[] {
  if (!fs.existsSync(sideEffects)) return [];
  return fs.readFileSync(sideEffects, 'utf8').split('\n').slice(0, -1);
}

async function readHistory(store: string) {
  const opened = await openStore({ path: store });
  try {
    return await opened.getHistory(INSTANCE);
  } finally {
    await opened.close();
  }
}

/** Resolves once `happened()` is true, the child has exited, or 20 s have passed. */
async function until(child: WatchedChild, happened: () => boolean): Promise<void> {
  let exited = false;
  child.exited.then(() => (exited = true));
  for (let waited = 0; !exited && waited < 20_000 && !happened(); waited += 5) await sleep(5);
}

/** A small seeded generator (mulberry32): the same seed gives the same kill moments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

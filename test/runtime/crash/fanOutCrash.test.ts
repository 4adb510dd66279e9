import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { openStore } from '../../../runtime/src/store/open';
import { crash, repoRoot, sleep, watch, type WatchedChild } from '../store/support/processes';
import { readJournalSoFar } from '../store/support/journalFile';
import { freshStoreFiles, type StoreFiles } from '../store/support/storeFiles';
import { seededRandom } from './support/chainCrash';

const ITEMS = 1000;
const KILLS = 5;
const INSTANCE = 'crash1';
/**
 * How long the slowest activity takes: the kills land up to 600 ms after a run's first execution or recorded
 * completion, which must leave most of the fan-out unfinished even when a loaded machine makes this test see those
 * moments late (a kill after the end only shows the outcome: see the second case).
 */
const SPREAD_MS = 5000;
const cliMain = path.join(repoRoot, 'runtime/dist/cli/main.js');
const crashApp = path.join(repoRoot, 'test/runtime/fixtures/crashApp.ts');

/** `run` is how a user (re)starts it: the same command resumes the unfinished instance after a crash. */
function launch(files: StoreFiles, sideEffects: string, run: number, spreadMs: number): WatchedChild {
  const args = [cliMain, 'run', crashApp, 'FanOut', '--input', String(ITEMS), '--instance-id', INSTANCE, '--store', files.store, '--quiet'];
  const env = { ...process.env, CRASH_SIDE_EFFECTS: sideEffects, CRASH_RUN: String(run), CRASH_SPREAD_MS: String(spreadMs) };
  return watch(spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The journal's intact records so far: none while the host that creates it has yet to write its header. */
function journalSoFar(files: StoreFiles): ReturnType<typeof readJournalSoFar> {
  try {
    return readJournalSoFar(files.journal);
  } catch {
    return [];
  }
}

/** Whether this run has recorded the instance's completion (it may still be closing the store, or printing). */
function recordedCompletion(files: StoreFiles): boolean {
  return journalSoFar(files).some((record) =>
    record.changes.some((change) => change.op === 'appendHistory' && change.events.some((event) => event.EventType === 'ExecutionCompleted')),
  );
}

/** Every activity execution the side-effect file shows, as [run, item]. */
function executions(sideEffects: string): [number, number][] {
  if (!fs.existsSync(sideEffects)) return [];
  const lines = fs.readFileSync(sideEffects, 'utf8').split('\n').slice(0, -1); // a line cut by the kill has no newline
  return lines.map((line) => line.split(' ').map(Number) as [number, number]);
}

/** Resolves once `happened()` is true, the child has exited, or 10 s have passed. */
async function until(child: WatchedChild, happened: () => boolean): Promise<void> {
  let exited = false;
  child.exited.then(() => (exited = true));
  for (let waited = 0; !exited && waited < 10_000 && !happened(); waited += 10) await sleep(10);
}

/**
 * Whether this run has recorded an activity's completion in history. The journal only holds this run's commits:
 * the test's own open and close between runs snapshots the store and empties the journal.
 */
function recordingCompletions(files: StoreFiles): boolean {
  return journalSoFar(files).some((record) =>
    record.changes.some((change) => change.op === 'appendHistory' && change.events.some((event) => event.EventType === 'TaskCompleted')),
  );
}

async function readHistory(files: StoreFiles): Promise<HistoryEvent[]> {
  const store = await openStore({ path: files.store });
  try {
    return await store.getHistory(INSTANCE);
  } finally {
    await store.close();
  }
}

function countBy(events: HistoryEvent[], type: string, key: (event: HistoryEvent) => number | undefined): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of events.filter((candidate) => candidate.EventType === type)) counts.set(key(event)!, (counts.get(key(event)!) ?? 0) + 1);
  return counts;
}

describe('crash test: a host SIGKILLed over and over in the middle of a fan-out', function () {
  this.timeout(120_000);
  let files: StoreFiles;
  let running: WatchedChild | undefined;
  beforeEach(() => (files = freshStoreFiles('crash')));
  afterEach(async () => {
    if (running) await crash(running);
    files.remove();
  });

  it(`finishes a ${ITEMS}-activity fan-out with an exact history and never re-runs a recorded activity`, async () => {
    const seed = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.log(`      seed ${seed} (CRASH_SEED=${seed} repeats these kill moments)`);
    const random = seededRandom(seed);
    const sideEffects = path.join(files.dir, 'executions.txt');
    /** recordedAfterKill[k]: the task ids whose TaskCompleted was in history after kill k + 1. */
    const recordedAfterKill: Set<number>[] = [];
    let run = 0;
    let finalRun: WatchedChild | undefined;
    while (recordedAfterKill.length < KILLS) {
      running = launch(files, sideEffects, ++run, SPREAD_MS);
      const thisRun = run;
      // The random delay runs from two points in turn: from the first activity execution, which often lands the
      // kill while the restarted host is still replaying history, and from the first completion it records,
      // which lands it while results are being recorded.
      if (recordedAfterKill.length % 2 === 0) await until(running, () => executions(sideEffects).some(([executedIn]) => executedIn === thisRun));
      else await until(running, () => recordingCompletions(files));
      await sleep(150 + random() * 450);
      await crash(running);
      const { signal } = await running.exited;
      if (signal !== 'SIGKILL') {
        finalRun = running; // it finished before the kill: there is nothing left to interrupt
        break;
      }
      running = undefined;
      const history = await readHistory(files);
      recordedAfterKill.push(new Set(history.filter((event) => event.EventType === 'TaskCompleted').map((event) => event.TaskScheduledId!)));
    }
    if (!finalRun) {
      finalRun = running = launch(files, sideEffects, ++run, SPREAD_MS);
      await finalRun.exited;
    }
    running = undefined;
    const { code } = await finalRun.exited;

    assert.ok(recordedAfterKill.length >= 3, `only ${recordedAfterKill.length} kills landed before the fan-out finished (completions recorded after each: ${recordedAfterKill.map((recorded) => recorded.size)}; ${run} runs)`);
    assert.equal(code, 0, `the last run failed: ${finalRun.stderr()}`);
    assert.deepEqual(JSON.parse(finalRun.lines.join('\n')), Array.from({ length: ITEMS }, (_, item) => item * 2), 'wrong output');

    const history = await readHistory(files);
    assert.deepEqual(history.map((event) => event.EventId), history.map((_, index) => index), 'EventIds have gaps or repeats');
    const taskIds = Array.from({ length: ITEMS }, (_, id) => id);
    const scheduled = countBy(history, 'TaskScheduled', (event) => event.TaskId);
    const completed = countBy(history, 'TaskCompleted', (event) => event.TaskScheduledId);
    assert.deepEqual([...scheduled.keys()].sort((a, b) => a - b), taskIds, 'task ids scheduled');
    assert.deepEqual([...scheduled.entries()].filter(([, count]) => count !== 1), [], 'tasks scheduled more than once');
    assert.deepEqual([...completed.keys()].sort((a, b) => a - b), taskIds, 'task ids completed');
    assert.deepEqual([...completed.entries()].filter(([, count]) => count !== 1), [], 'tasks completed more than once');
    for (const type of ['ExecutionStarted', 'ExecutionCompleted']) {
      assert.equal(history.filter((event) => event.EventType === type).length, 1, `one ${type}`);
    }

    const progress = recordedAfterKill.map((recorded) => recorded.size);
    assert.ok(progress.some((size) => size > 0 && size < ITEMS), `no kill landed in the middle of the fan-out (completions recorded after each kill: ${progress})`);
    recordedAfterKill.forEach((recorded, kill) => {
      const lost = [...(recordedAfterKill[kill - 1] ?? [])].filter((id) => !recorded.has(id));
      assert.deepEqual(lost, [], `completions recorded before kill ${kill} were gone after kill ${kill + 1}`);
    });

    const ran = executions(sideEffects);
    const executedItems = new Set(ran.map(([, item]) => item));
    assert.deepEqual(taskIds.filter((item) => !executedItems.has(item)), [], 'items never executed');
    // Run r starts after kill r - 1: an item whose completion was recorded by then must not run again.
    const rerunAfterRecorded = ran.filter(([executedIn, item]) => executedIn >= 2 && recordedAfterKill[executedIn - 2].has(item));
    assert.deepEqual(rerunAfterRecorded, [], 'activities whose completion was recorded ran again ([run, item])');

    const reExecutions = ran.length - executedItems.size;
    console.log(
      `      ${recordedAfterKill.length} kills; completions recorded after each kill: ${progress.join(', ')}; ` +
        `${ran.length} executions for ${ITEMS} items (${reExecutions} re-executions of unrecorded activities)`,
    );
  });

  // Under load, a kill timed from the fan-out's progress often lands after its last turn, while the host closes the
  // store: the user's next identical command must show that outcome, not start the instance over (which erased the
  // completions recorded so far, the failure this test once saw at load 30-40).
  it('after a kill that lands once the fan-out has finished, the same command prints its output and runs nothing again', async () => {
    const sideEffects = path.join(files.dir, 'executions.txt');
    running = launch(files, sideEffects, 1, 5);
    await until(running, () => recordedCompletion(files));
    await crash(running);
    running = undefined;
    const before = await readHistory(files);
    assert.ok(before.some((event) => event.EventType === 'ExecutionCompleted'), 'the fan-out finished before the kill');

    const again = (running = launch(files, sideEffects, 2, 5));
    const { code } = await again.exited;
    running = undefined;
    assert.equal(code, 0, again.stderr());
    assert.deepEqual(JSON.parse(again.lines.join('\n')), Array.from({ length: ITEMS }, (_, item) => item * 2), 'the recorded output');
    assert.deepEqual(executions(sideEffects).filter(([run]) => run === 2), [], 'no activity ran again');
    assert.deepEqual(await readHistory(files), before, 'the history is as it was');
  });
});

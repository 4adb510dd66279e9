import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createClient } from '../../../runtime/src/index';
import { openStore } from '../../../runtime/src/store/open';
import { crash, repoRoot, sleep, watch, type WatchedChild } from '../store/support/processes';
import { freshStoreFiles } from '../store/support/storeFiles';
import { seededRandom } from './support/chainCrash';

const fixture = path.join(repoRoot, 'test/runtime/fixtures/entityCrashApp.ts');
const TOTAL = 300;
const CALLS = 150;

describe('crash test: entity operations, SIGKILLed mid-run and resumed', function () {
  this.timeout(120_000);

  it('never loses an acknowledged operation nor applies one twice; state and the messages it sent commit together', async () => {
    const seed = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.log(`      seed ${seed} (CRASH_SEED=${seed} repeats these kill moments)`);
    const random = seededRandom(seed);
    const files = freshStoreFiles('entity-crash');
    const acked = new Set<number>();
    /** Numbers in flight at a kill: the signal may have been recorded or not, but at most once. */
    const uncertain = new Set<number>();
    let next = 1;
    let kills = 0;
    let finished = false;
    let running: WatchedChild | undefined;
    const launch = () =>
      watch(spawn(process.execPath, ['--import', 'tsx', fixture, files.store, String(next), String(TOTAL), String(CALLS)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
    const collect = (child: WatchedChild) => {
      for (const line of child.lines) if (line.startsWith('acked ')) acked.add(Number(line.slice(6)));
    };
    try {
      while (kills < 4) {
        const before = acked.size;
        running = launch();
        await running.waitForLine(/^acked /, 30_000).catch(() => undefined);
        await sleep(random() * 400);
        await crash(running);
        collect(running);
        if ((await running.exited).signal === 'SIGKILL') kills++;
        assert.ok(acked.size > before || running.lines.includes('done'), `a run made no progress: ${running.stderr()}`);
        // It finished before the kill: launching again would send its last signals a second time.
        if (running.lines.includes('done')) {
          finished = true;
          break;
        }
        const last = Math.max(0, ...acked);
        if (last < TOTAL) uncertain.add(last + 1);
        next = last + 2;
        running = undefined;
      }
      if (!finished) {
        running = launch();
        await running.waitForLine(/^done$/, 60_000);
        collect(running);
      }
      running = undefined;

      const store = await openStore({ path: files.store });
      try {
        const client = createClient({ store });
        const state = async (key: string) => ((await client.readEntityState<number[]>({ name: 'Ledger', key })).entityState ?? []);
        const main = await state('main');
        console.log(`      ${kills} kills; ${acked.size} signals acknowledged, ${main.length} recorded`);
        assert.equal(new Set(main).size, main.length, 'an operation was applied twice');
        assert.deepEqual(main, [...main].sort((a, b) => a - b), 'operations ran out of arrival order');
        for (const n of acked) assert.ok(main.includes(n), `acknowledged signal ${n} was lost`);
        for (const n of main) assert.ok(acked.has(n) || uncertain.has(n), `${n} was recorded but never sent`);
        assert.deepEqual(await state('mirror'), main, "the signals operations sent were not recorded exactly with the operations' state");
        assert.deepEqual(await state('calls'), Array.from({ length: CALLS }, (_, i) => i + 1), "the orchestration's calls");
        assert.equal((await client.getStatus('caller'))?.output, CALLS);
      } finally {
        await store.close();
      }
    } finally {
      if (running) await crash(running);
      files.remove();
    }
  });
});

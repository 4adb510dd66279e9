import * as assert from 'node:assert/strict';
import { crashChain, seededRandom } from './support/chainCrash';

/**
 * An activity may run again after a crash (at least once), but only with an input the history keeps: it must never
 * act on a predecessor's result that the crash then lost. `test/runtime/crash/manyCrashes.mts` runs the same
 * check over 100 crashes.
 */
describe('crash test: a chain passing random results on, SIGKILLed mid-run and resumed', function () {
  this.timeout(120_000);

  it('never runs an activity on a result the crash lost', async () => {
    const seed = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.log(`      seed ${seed} (CRASH_SEED=${seed} repeats these kill moments)`);
    const result = await crashChain({ length: 1000, kills: 4, maxKillDelayMs: 300, random: seededRandom(seed) });
    console.log(`      ${result.kills} kills, ${result.executions} executions for 1,000 steps, ${result.phantoms} on a lost result`);
    assert.deepEqual(result.problems, []);
    assert.ok(result.kills >= 3, `only ${result.kills} kills landed before the chain finished`);
    assert.equal(result.phantoms, 0, 'activity executions whose input appears nowhere in the final history');
  });
});

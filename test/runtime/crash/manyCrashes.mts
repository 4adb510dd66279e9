/**
 * The phantom-run crash test at scale: 3,000-step chains SIGKILLed at random moments and resumed until `--crashes`
 * kills (default 100) have landed; prints how many activity executions acted on a result a crash lost (must be 0).
 * Needs the built runtime. Run: `node --import tsx test/runtime/crash/manyCrashes.mts [--crashes N] [--seed N]`.
 */
import { crashChain, seededRandom } from './support/chainCrash.ts';

const option = (name: string) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : undefined);
const crashes = option('--crashes') ?? 100;
const seed = option('--seed') ?? Math.floor(Math.random() * 2 ** 31);
const random = seededRandom(seed);
console.log(`seed ${seed}: ${crashes} crashes of 3,000-step chains`);

/**
 * Kills per chain: as many as the default crash limit. On a loaded machine a restart may be killed again before its
 * first step's result is durable, each time; that step is not failed as poison, since it was not running at those
 * deaths (it had settled, or had not been run again yet).
 */
const KILLS_PER_CHAIN = 10;

let kills = 0;
let executions = 0;
let phantoms = 0;
let crashesWithPhantoms = 0;
for (let chain = 1; kills < crashes; chain++) {
  const result = await crashChain({ length: 3000, kills: Math.min(KILLS_PER_CHAIN, crashes - kills), maxKillDelayMs: 600, random });
  if (result.problems.length) throw new Error(`chain ${chain}: ${result.problems.join('; ')}`);
  kills += result.kills;
  executions += result.executions;
  phantoms += result.phantoms;
  if (result.phantoms > 0) crashesWithPhantoms++;
  console.log(`chain ${chain}: ${result.kills} kills, ${result.executions} executions, ${result.phantoms} on a lost result (total: ${kills} kills, ${phantoms} phantom runs)`);
}
console.log(`${kills} crashes, ${executions} activity executions, ${phantoms} acted on a result a crash lost (${crashesWithPhantoms} chains had any)`);
process.exitCode = phantoms === 0 ? 0 : 1;

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crash, repoRoot, watch, type WatchedChild } from './support/processes';
import { freshStoreFiles, type StoreFiles } from './support/storeFiles';

const CONTENDERS = 6;
const STORES = 24;

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/**
 * Several processes open the same store at the same instant, many times over. Exactly one may own each store:
 * two owners would append to one journal and snapshot over each other.
 */
describe('store lock under contention', function () {
  this.timeout(30_000);
  let files: StoreFiles;
  const contenders: WatchedChild[] = [];
  beforeEach(() => (files = freshStoreFiles('lock-race')));
  afterEach(async () => {
    await Promise.all(contenders.splice(0).map((child) => crash(child)));
    files.remove();
  });

  it('gives each store exactly one owner, whether it was free or held by a dead process', async () => {
    const stores = Array.from({ length: STORES }, (_, i) => path.join(files.dir, `store${i}.db`));
    // Every other store starts with the lock of a crashed owner, to be taken over.
    for (const store of stores.filter((_, i) => i % 2 === 1)) {
      fs.writeFileSync(`${store}.lock`, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: new Date().toISOString(), command: 'crashed' }));
    }
    const startAt = Date.now() + 2500; // after every contender has loaded the runtime
    const fixture = path.join(repoRoot, 'test/runtime/fixtures/crashLockContender.ts');
    for (let i = 0; i < CONTENDERS; i++) {
      contenders.push(watch(spawn(process.execPath, ['--import', 'tsx', fixture, String(startAt), ...stores], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })));
    }
    await Promise.all(contenders.map((contender) => contender.waitForLine(/^done$/, 20_000)));

    const owners = stores.map((_, index) => contenders.filter((contender) => contender.lines.includes(`${index} owner`)).length);
    const refusals = contenders.flatMap((contender) => contender.lines.filter((line) => / refused /.test(line)));
    assert.deepEqual(refusals.filter((line) => !line.endsWith(' StoreLockedError')), [], 'every loser is told the store is locked');
    const contested = owners.map((count, index) => ({ store: index, owners: count })).filter(({ owners: count }) => count !== 1);
    assert.deepEqual(contested, [], 'stores without exactly one owner');
    const leftovers = fs.readdirSync(files.dir).filter((name) => !/^store\d+\.db(-log|\.lock)?$/.test(name));
    assert.deepEqual(leftovers, [], 'temporary lock files left behind');
  });
});

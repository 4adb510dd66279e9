import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, watch } from './support/processes';
import { freshStoreFiles, type StoreFiles } from './support/storeFiles';

/**
 * A commit fsynced into a new file is lost on power failure if the file's directory entry never reached the disk:
 * the file itself vanishes. Power cannot be cut in a test, so this watches the real system calls (strace) of a
 * process that opens a brand-new store and commits, and checks the directories holding the store's new journal
 * were synced before the commit was acknowledged.
 */
describe('store durability of new files', function () {
  this.timeout(30_000);
  let files: StoreFiles;
  beforeEach(() => (files = freshStoreFiles('dir-sync')));
  afterEach(() => files.remove());

  it('syncs the directories of a new store before acknowledging its first commit', async () => {
    assert.equal(spawnSync('strace', ['-V']).status, 0, 'this test needs strace');
    // A store in a directory that does not exist yet, as the default .durable/store.db is on a first run.
    const storeDir = path.join(files.dir, 'new', '.durable');
    const store = path.join(storeDir, 'store.db');
    const trace = path.join(files.dir, 'trace');
    const writer = path.join(repoRoot, 'test/runtime/fixtures/crashStoreWriter.ts');
    const traced = watch(
      spawn('strace', ['-f', '-qq', '-e', 'trace=openat,fsync,fdatasync,write', '-o', trace, process.execPath, '--import', 'tsx', writer, 'commit', store], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const writerPid = Number((await traced.waitForLine(/^ready /, 20_000)).split(' ')[1]);
    await traced.waitForLine(/^durable 1$/);
    process.kill(writerPid, 'SIGKILL');
    await traced.exited;

    const calls = fs.readFileSync(trace, 'utf8').split('\n');
    const journalCreated = calls.findIndex((call) => call.includes(`"${store}-log", O_RDWR|O_CREAT`));
    const acknowledged = calls.findIndex((call) => call.includes('write(1, "durable 1\\n"'));
    assert.ok(journalCreated >= 0 && acknowledged > journalCreated, 'precondition: the trace shows the journal created, then the commit acknowledged');

    /** Whether `dir` was opened and fsynced between trace lines `from` and the acknowledgement. */
    const syncedBetween = (dir: string, from: number) => {
      const window = calls.slice(from, acknowledged);
      const fds = window.map((call) => new RegExp(`openat\\(AT_FDCWD, "${dir}", [^)]*\\) = (\\d+)`).exec(call)?.[1]).filter(Boolean);
      return fds.some((fd) => window.some((call) => new RegExp(`fsync\\(${fd}\\)\\s+= 0`).test(call)));
    };
    // The journal's entry lives in the store's directory; that directory's and its new parent's entries live one
    // and two levels up.
    assert.ok(syncedBetween(storeDir, journalCreated), `${storeDir} was not synced after the journal was created in it`);
    for (const dir of [path.dirname(storeDir), files.dir]) assert.ok(syncedBetween(dir, 0), `${dir} was not synced after a directory was created in it`);
  });
});

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreLockedError } from '../../../runtime/src/api/errors';
import { StoreLock } from '../../../runtime/src/store/lockFile';
import { openStore } from '../../../runtime/src/store/open';
import { crash, repoRoot, sleep, startStoreWriter, watch, type WatchedChild } from './support/processes';
import { freshStoreFiles, type StoreFiles } from './support/storeFiles';

function lockOwnerPid(files: StoreFiles): number {
  return JSON.parse(fs.readFileSync(files.lock, 'utf8')).pid;
}

function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

describe('store lock: one process owns a store', function () {
  this.timeout(20_000);
  let files: StoreFiles;
  const children: WatchedChild[] = [];
  beforeEach(() => (files = freshStoreFiles('lock')));
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => crash(child)));
    files.remove();
  });

  async function holder(): Promise<WatchedChild> {
    const child = await startStoreWriter('hold', files.store);
    children.push(child);
    return child;
  }

  it('refuses a second process with an error naming the owner', async () => {
    const owner = await holder();
    await assert.rejects(openStore({ path: files.store }), (error: unknown) => {
      assert.ok(error instanceof StoreLockedError, `expected StoreLockedError, got ${error}`);
      assert.match(error.message, new RegExp(`in use by process ${owner.child.pid} `));
      assert.match(error.message, /Stop that process or use another --store/);
      return true;
    });
    assert.equal(lockOwnerPid(files), owner.child.pid, 'the refused process must not touch the owner\'s lock');
  });

  it('takes over the lock of an owner that was SIGKILLed', async () => {
    const owner = await holder();
    await crash(owner);
    assert.equal(lockOwnerPid(files), owner.child.pid, 'precondition: the dead owner left its lock behind');

    const store = await openStore({ path: files.store });
    try {
      assert.equal(lockOwnerPid(files), process.pid);
    } finally {
      await store.close();
    }
    assert.ok(!fs.existsSync(files.lock), 'close() releases the lock');
  });

  it('takes over the lock of a SIGKILLed owner that is still a zombie', async () => {
    // The owner's parent is a shell that execs `sleep` and so never reaps it: once killed it stays a zombie,
    // which still answers kill(pid, 0).
    const writer = path.join(repoRoot, 'test/runtime/fixtures/crashStoreWriter.ts');
    const shell = watch(
      spawn('sh', ['-c', `"${process.execPath}" --import tsx "${writer}" hold "${files.store}" & exec sleep 60`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    children.push(shell);
    const ownerPid = Number((await shell.waitForLine(/^ready /)).split(' ')[1]);
    process.kill(ownerPid, 'SIGKILL');
    for (let waited = 0; processState(ownerPid) !== 'Z' && waited < 5000; waited += 10) await sleep(10);
    assert.equal(processState(ownerPid), 'Z', 'precondition: the killed owner is a zombie');
    assert.doesNotThrow(() => process.kill(ownerPid, 0), 'precondition: a zombie still answers kill(pid, 0)');

    const store = await openStore({ path: files.store });
    try {
      assert.equal(lockOwnerPid(files), process.pid);
    } finally {
      await store.close();
    }
  });

  /** A lock as the owner `pid` of an earlier boot (or an earlier container run) left it. */
  function writeEarlierLock(pid: number, bootId: string) {
    const earlier = { pid, hostname: os.hostname(), startedAt: new Date(Date.now() - 3_600_000).toISOString(), command: 'durable-ts serve app.ts', process: `${bootId}/1` };
    fs.writeFileSync(files.lock, JSON.stringify(earlier));
  }

  it('takes over a lock from before a reboot whose pid now belongs to an unrelated live process', async () => {
    const unrelated = watch(spawn('sleep', ['30'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    children.push(unrelated);
    writeEarlierLock(unrelated.child.pid!, '00000000-0000-0000-0000-000000000000');

    const store = await openStore({ path: files.store });
    try {
      assert.equal(lockOwnerPid(files), process.pid);
    } finally {
      await store.close();
    }
  });

  it('takes over a lock whose pid is this very process, left by an earlier run of a restarted container', async () => {
    // In a container the host often gets the same pid on every start; the lock names it, from the last run.
    writeEarlierLock(process.pid, fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());

    const store = await openStore({ path: files.store });
    try {
      assert.equal(lockOwnerPid(files), process.pid);
      // Yet this process's own lock still keeps a second opening out.
      await assert.rejects(openStore({ path: files.store }), StoreLockedError);
    } finally {
      await store.close();
    }
  });

  it('stays with its owner while the owner rewrites it to advertise its HTTP address', async () => {
    const owner = await startStoreWriter('advertise', files.store);
    children.push(owner);
    // Each attempt reads the lock at some point of a rewrite; a half-written lock must never pass for a dead
    // owner's. Taking the lock directly, in a tight loop for two seconds, makes many attempts meet a rewrite.
    const outcomes = new Map<string, number>();
    for (const until = Date.now() + 2000; Date.now() < until; ) {
      let outcome: string;
      try {
        StoreLock.acquire(files.store);
        outcome = 'acquired';
      } catch (error) {
        outcome = (error as Error).name;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome === 'acquired') break;
    }
    assert.deepEqual([...outcomes.keys()], ['StoreLockedError'], `outcomes of the attempts: ${JSON.stringify([...outcomes])}`);
    assert.equal(lockOwnerPid(files), owner.child.pid);
  });

  it('makes the CLI say who holds the store and exit with 1', async () => {
    const owner = await holder();
    const cli = watch(spawn(process.execPath, [path.join(repoRoot, 'runtime/dist/cli/main.js'), 'status', 'x', '--store', files.store], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
    const { code } = await cli.exited;
    assert.equal(code, 1, cli.stderr());
    const message = cli.stderr().trim();
    assert.ok(message.startsWith(`error: Store ${files.store} is in use by process ${owner.child.pid} `), message);
    assert.match(message, /Stop that process or use another --store\.$/);
    assert.equal(message.split('\n').length, 1, `one clear line, no stack trace:\n${message}`);
  });
});

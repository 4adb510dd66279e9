import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { request, waitForStatus } from '../http/httpHarness';
import { fixtureApp, startServe, tempDir, type ServeProcess } from './cliProcess';

/** Fill the file system holding `dir` to the last byte with a filler file, which `free()` removes again. */
function fill(dir: string): { free(): void } {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  try {
    for (const chunk of [Buffer.alloc(1 << 16, 1), Buffer.alloc(1, 1)]) {
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { free: () => fs.rmSync(filler) };
}

/**
 * A real full disk: a 4 MB tmpfs mounted for the test (root only; elsewhere the test is skipped, since no other way
 * gives a file system that really fills up and empties again).
 */
describe('CLI: serve on a disk that fills up', function () {
  this.timeout(60_000);
  const temp = tempDir('full-disk');
  const mountPoint = path.join(temp.dir, 'disk');
  const store = path.join(mountPoint, 'store.db');
  let serve: ServeProcess | undefined;

  before(function () {
    fs.mkdirSync(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (error) {
      console.log(`      skipped: cannot mount a small tmpfs to fill (${(error as Error).message.split('\n')[0]}); run as root`);
      this.skip();
    }
  });
  afterEach(async () => {
    if (serve?.child.exitCode === null) serve.child.kill('SIGKILL');
    serve = undefined;
    for (const name of fs.readdirSync(mountPoint)) fs.rmSync(path.join(mountPoint, name), { force: true });
  });
  after(() => {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } catch {
      // never mounted
    }
    temp.remove();
  });

  /** Start instances until the disk refuses one with a 503; returns the ids acknowledged with a 202 and the 503's message. */
  async function startUntilRefused(running: ServeProcess): Promise<{ acknowledged: string[]; refusal: string }> {
    const acknowledged: string[] = [];
    // Inputs larger than a page: the turns held for a full disk cannot slip into the free end of the journal's last page.
    const input = JSON.stringify(`trip ${'x'.repeat(8 * 1024)}`);
    for (let n = 0; n < 200; n++) {
      const reply = await request('POST', `${running.url}/api/orchestrators/Approval/full-${n}`, input);
      if (reply.status === 202) acknowledged.push(`full-${n}`);
      else {
        assert.equal(reply.status, 503, reply.text);
        return { acknowledged, refusal: reply.body.error };
      }
    }
    return assert.fail('200 starts on a full disk were all accepted');
  }

  it('answers writes with 503 while the disk is full, stays up, and carries on once space is freed, losing nothing acknowledged', async () => {
    serve = await startServe(fixtureApp('managed.ts'), ['--store', store]);
    const running = serve;
    assert.equal((await request('POST', `${running.url}/api/orchestrators/Approval/before-full`, '"desk"')).status, 202);
    await waitForStatus(running, 'before-full', 'Running');

    const disk = fill(mountPoint);
    const { acknowledged, refusal } = await startUntilRefused(running);
    assert.match(refusal, /The disk holding .*store\.db is full \(ENOSPC: no space left on device/);
    const raised = await request('POST', `${running.url}/runtime/webhooks/durabletask/instances/before-full/raiseEvent/Approval`, 'true');
    assert.equal(raised.status, 503, raised.text);
    assert.match(raised.body.error, /ENOSPC.*Nothing was changed; try again once space is freed\./);
    assert.equal(running.child.exitCode, null, 'serve is still running');

    disk.free();
    // The store tries the journal again every second: a write goes through once it has.
    let again;
    for (let attempt = 0; attempt < 100 && again?.status !== 202; attempt++) {
      again = await request('POST', `${running.url}/runtime/webhooks/durabletask/instances/before-full/raiseEvent/Approval`, 'true');
      if (again.status !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(again?.status, 202, again?.text);
    assert.equal((await waitForStatus(running, 'before-full', 'Completed')).body.output, 'desk: approved');
    assert.equal(await running.stop(), 0, running.stderr());
    assert.match(running.stderr(), /Space was freed: .*store\.db writes again\./);

    const reopened = await openStore({ path: store, readOnly: true });
    try {
      const client = createClient({ store: reopened });
      for (const id of acknowledged) assert.equal((await client.getStatus(id))?.runtimeStatus, 'Running', `acknowledged ${id}`);
      assert.equal((await client.getStatus('before-full'))?.runtimeStatus, 'Completed');
    } finally {
      await reopened.close();
    }
  });

  it('says what was not saved when stopped while the disk is full, without a stack, and recovers what was acknowledged', async () => {
    serve = await startServe(fixtureApp('managed.ts'), ['--store', store]);
    const running = serve;
    const disk = fill(mountPoint);
    const { acknowledged } = await startUntilRefused(running);
    assert.equal(await running.stop(), 1);
    assert.match(running.stderr(), /error: Could not save the changes made since the disk holding .*store\.db filled up \(ENOSPC: no space left on device.*\)\. None of them was acknowledged; they are lost\. Everything acknowledged before is in the journal: free some space and start again\./);
    assert.doesNotMatch(running.stderr(), /^\s+at /m, `a stack trace was printed:\n${running.stderr()}`);

    disk.free();
    const reopened = await openStore({ path: store });
    try {
      const client = createClient({ store: reopened });
      for (const id of acknowledged) assert.match((await client.getStatus(id))?.runtimeStatus ?? 'missing', /^(Pending|Running)$/, `acknowledged ${id}`);
    } finally {
      await reopened.close();
    }
  });
});
